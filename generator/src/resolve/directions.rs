//! Which ways each model crosses the wire. A model only sent needs `Serialize`, one only
//! received needs `Deserialize`; deriving both everywhere doubled the serde code of a large
//! client, the biggest share of what it costs to compile. Requests reach a model through a
//! body or a parameter written with serde; responses through a success or error body (pages
//! included). Whatever a reached model holds is reached the same way.

use std::collections::BTreeMap;

use crate::ir::{Area, Directions, Operation, Param, ParamLocation, ParamStyle, TypeDef};

/// Sets every type's `directions` from the operations of `areas`.
pub(crate) fn mark(types: &mut [TypeDef], areas: &[Area]) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for operation in areas.iter().flat_map(|area| &area.operations) {
        sent_types(operation, &mut sent);
        operation.received_types(&mut received);
    }
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(position, def)| (def.name.clone(), position))
        .collect();
    let mut reached = vec![Directions::default(); types.len()];
    spread(types, &index, sent, &mut reached, |d| &mut d.request);
    spread(types, &index, received, &mut reached, |d| &mut d.response);
    for (def, directions) in types.iter_mut().zip(reached) {
        def.directions = directions;
    }
}

/// Marks the types named in `pending`, and all they hold, with the flag `flag` picks.
fn spread(
    types: &[TypeDef],
    index: &BTreeMap<String, usize>,
    mut pending: Vec<String>,
    reached: &mut [Directions],
    flag: fn(&mut Directions) -> &mut bool,
) {
    while let Some(name) = pending.pop() {
        let Some(&position) = index.get(&name) else {
            continue;
        };
        let marked = flag(&mut reached[position]);
        if *marked {
            continue;
        }
        *marked = true;
        types[position].kind.held_types(&mut pending);
    }
}

fn sent_types(operation: &Operation, out: &mut Vec<String>) {
    for param in operation.params.iter().filter(|param| serialized(param)) {
        param.ty.named_types(out);
    }
    if let Some(body) = &operation.body {
        body.ty.named_types(out);
    }
}

/// Whether the runtime writes `param` through serde, rather than with `Display`.
fn serialized(param: &Param) -> bool {
    !(param.style == ParamStyle::Plain
        && matches!(param.location, ParamLocation::Query | ParamLocation::Path))
}
