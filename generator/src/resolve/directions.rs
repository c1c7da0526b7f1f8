//! Which ways each model crosses the wire. A model only sent needs `Serialize`, one only
//! received needs `Deserialize`; deriving both everywhere doubled the serde code of a large
//! client, the biggest share of what it costs to compile. Requests reach a model through a
//! body or a parameter written with serde; responses through a success or error body (pages
//! included). Whatever a reached model holds is reached the same way.

use std::collections::BTreeMap;

use crate::ir::{Area, Directions, Operation, Outcome, Param, ParamLocation, ParamStyle};
use crate::ir::{Payload, RustType, TypeDef, TypeKind};

/// Sets every type's `directions` from the operations of `areas`.
pub(crate) fn mark(types: &mut [TypeDef], areas: &[Area]) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for operation in areas.iter().flat_map(|area| &area.operations) {
        sent_types(operation, &mut sent);
        received_types(operation, &mut received);
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
        held_types(&types[position].kind, &mut pending);
    }
}

fn sent_types(operation: &Operation, out: &mut Vec<String>) {
    for param in operation.params.iter().filter(|param| serialized(param)) {
        named_types(&param.ty, out);
    }
    if let Some(body) = &operation.body {
        named_types(&body.ty, out);
    }
}

/// Whether the runtime writes `param` through serde, rather than with `Display`.
fn serialized(param: &Param) -> bool {
    !(param.style == ParamStyle::Plain
        && matches!(param.location, ParamLocation::Query | ParamLocation::Path))
}

fn received_types(operation: &Operation, out: &mut Vec<String>) {
    if let Outcome::Call {
        body: Some(Payload::Json(ty)),
        ..
    } = &operation.outcome
    {
        named_types(ty, out);
    }
    for error in &operation.errors {
        if let Some(Payload::Json(ty)) = &error.body {
            named_types(ty, out);
        }
    }
    if let Some(pagination) = &operation.pagination {
        named_types(&pagination.item_type, out);
    }
}

fn held_types(kind: &TypeKind, out: &mut Vec<String>) {
    match kind {
        TypeKind::Struct(fields) => fields.iter().for_each(|f| named_types(&f.ty, out)),
        TypeKind::Untagged(alternatives) => alternatives
            .iter()
            .for_each(|alternative| named_types(&alternative.ty, out)),
        TypeKind::Tagged(union) => union
            .variants
            .iter()
            .for_each(|variant| named_types(&variant.ty, out)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => named_types(ty, out),
        TypeKind::StringEnum(_) => {}
    }
}

fn named_types(ty: &RustType, out: &mut Vec<String>) {
    match ty {
        RustType::Named(name) => out.push(name.clone()),
        RustType::Vec(inner)
        | RustType::Map(inner)
        | RustType::Option(inner)
        | RustType::Boxed(inner) => named_types(inner, out),
        _ => {}
    }
}
