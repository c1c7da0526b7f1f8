//! Recursive schemas: a struct that holds itself (directly or through other types) without a
//! `Vec` or map in between would have an infinite size. Such fields and union alternatives
//! are boxed. Type aliases cannot be recursive at all in Rust: an alias that holds a cycle
//! through a `Vec` or map becomes a newtype; a `$ref` cycle with no structure is an error.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{RustType, TypeDef, TypeKind};

/// Boxes every field and alternative that closes a cycle of by-value containment, and reports
/// cycles that no box can break. `pointers` gives the spec location of component types.
pub(crate) fn box_cycles(
    types: &mut [TypeDef],
    pointers: &BTreeMap<String, Pointer>,
    diagnostics: &mut Diagnostics,
) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(position, def)| (def.name.clone(), position))
        .collect();
    // By-value edges: what each type holds inline.
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| {
            held_inline(&def.kind)
                .filter_map(|name| index.get(name).copied())
                .collect()
        })
        .collect();
    let components = strongly_connected(&edges);
    let mut component_of = vec![0; types.len()];
    for (id, members) in components.iter().enumerate() {
        for &member in members {
            component_of[member] = id;
        }
    }
    for (id, members) in components.iter().enumerate() {
        let cyclic = members.len() > 1 || edges[members[0]].contains(&members[0]);
        if !cyclic {
            continue;
        }
        let only_aliases = members
            .iter()
            .all(|&member| matches!(types[member].kind, TypeKind::Alias(_)));
        // An alias that holds the cycle through a `Vec` or map becomes a newtype, which may
        // be recursive; with none such, the cycle has no structure at all.
        let mut converted = false;
        if only_aliases {
            for &member in members {
                if let TypeKind::Alias(ty) = &types[member].kind {
                    if has_container(ty) {
                        types[member].kind = TypeKind::Newtype(ty.clone());
                        converted = true;
                    }
                }
            }
        }
        if only_aliases && !converted {
            let mut names: Vec<&str> = members.iter().map(|&m| types[m].name.as_str()).collect();
            names.sort();
            let pointer = names
                .iter()
                .find_map(|name| pointers.get(*name))
                .cloned()
                .unwrap_or_default();
            diagnostics.warning(
                &pointer,
                format!(
                    "schemas {} are defined only in terms of each other (a `$ref` cycle with no object in it); they are typed as any JSON value (`serde_json::Value`)",
                    names.join(", ")
                ),
                Some("break the cycle: one of them must be an object (or array) with its own structure".to_owned()),
            );
            for &member in members {
                types[member].kind = TypeKind::Alias(RustType::Json);
            }
            continue;
        }
        let in_cycle = |name: &str| {
            index
                .get(name)
                .is_some_and(|&other| component_of[other] == id)
        };
        for &member in members {
            match &mut types[member].kind {
                TypeKind::Struct(fields) => {
                    for field in fields {
                        box_inline(&mut field.ty, &in_cycle);
                    }
                }
                TypeKind::Untagged(alternatives) => {
                    for alternative in alternatives {
                        box_inline(&mut alternative.ty, &in_cycle);
                    }
                }
                TypeKind::Tagged(union) => {
                    for variant in &mut union.variants {
                        box_inline(&mut variant.ty, &in_cycle);
                    }
                }
                // Aliases stay: the structs and unions of the cycle are boxed.
                TypeKind::Alias(_) | TypeKind::Newtype(_) | TypeKind::StringEnum(_) => {}
            }
        }
    }
}

/// Names of the types a value of `kind` holds by value.
fn held_inline(kind: &TypeKind) -> Box<dyn Iterator<Item = &str> + '_> {
    match kind {
        TypeKind::Struct(fields) => Box::new(fields.iter().filter_map(|f| inline_name(&f.ty))),
        TypeKind::Untagged(alternatives) => {
            Box::new(alternatives.iter().filter_map(|a| inline_name(&a.ty)))
        }
        TypeKind::Tagged(union) => {
            Box::new(union.variants.iter().filter_map(|v| inline_name(&v.ty)))
        }
        TypeKind::Alias(ty) => Box::new(alias_names(ty).into_iter()),
        TypeKind::Newtype(ty) => Box::new(inline_name(ty).into_iter()),
        TypeKind::StringEnum(_) => Box::new(std::iter::empty()),
    }
}

/// The named type held by value (through `Option`), if any.
fn inline_name(ty: &RustType) -> Option<&str> {
    match ty {
        RustType::Named(name) => Some(name),
        RustType::Option(inner) => inline_name(inner),
        _ => None,
    }
}

/// Every named type an alias mentions: an alias is expanded in place, so even `Vec<Self>` is
/// a cycle for it.
fn alias_names(ty: &RustType) -> Vec<&str> {
    match ty {
        RustType::Named(name) => vec![name],
        RustType::Option(inner)
        | RustType::Vec(inner)
        | RustType::Map(inner)
        | RustType::Boxed(inner) => alias_names(inner),
        _ => Vec::new(),
    }
}

/// Whether `ty` holds its named types behind a `Vec` or map (heap indirection).
fn has_container(ty: &RustType) -> bool {
    match ty {
        RustType::Vec(_) | RustType::Map(_) => true,
        RustType::Option(inner) | RustType::Boxed(inner) => has_container(inner),
        _ => false,
    }
}

fn box_inline(ty: &mut RustType, in_cycle: &dyn Fn(&str) -> bool) {
    match ty {
        RustType::Named(name) if in_cycle(name) => {
            *ty = RustType::Boxed(Box::new(ty.clone()));
        }
        RustType::Option(inner) => box_inline(inner, in_cycle),
        _ => {}
    }
}

/// Tarjan's strongly connected components, iteratively (no recursion depth limit), in a
/// deterministic order.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let count = edges.len();
    let mut index = vec![usize::MAX; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next = 0;
    for root in 0..count {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if let Some(&target) = edges[node].get(*edge) {
                *edge += 1;
                if index[target] == usize::MAX {
                    index[target] = next;
                    low[target] = next;
                    next += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0
        let components = strongly_connected(&[vec![1], vec![2], vec![0], vec![3], vec![0]]);
        assert!(components.contains(&vec![0, 1, 2]));
        assert!(components.contains(&vec![3]));
        assert!(components.contains(&vec![4]));
    }

    /// Whether `to` can be reached from `from` (in zero or more steps).
    fn reaches(edges: &[Vec<usize>], from: usize, to: usize) -> bool {
        let mut seen = vec![false; edges.len()];
        let mut todo = vec![from];
        while let Some(node) = todo.pop() {
            if node == to {
                return true;
            }
            if !std::mem::replace(&mut seen[node], true) {
                todo.extend(&edges[node]);
            }
        }
        false
    }

    /// Every directed graph on four nodes (self-loops included): the components are exactly
    /// the classes of mutual reachability, each sorted, each node in one of them, and every
    /// component comes after the components it reaches (the order Tarjan's algorithm finds
    /// them in, which `box_cycles` does not rely on but which keeps the output stable).
    #[test]
    fn components_are_the_classes_of_mutual_reachability() {
        const NODES: usize = 4;
        for mask in 0u32..1 << (NODES * NODES) {
            let edges: Vec<Vec<usize>> = (0..NODES)
                .map(|from| {
                    (0..NODES)
                        .filter(|to| mask & (1 << (from * NODES + to)) != 0)
                        .collect()
                })
                .collect();
            let components = strongly_connected(&edges);
            let mut seen: Vec<usize> = components.iter().flatten().copied().collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..NODES).collect::<Vec<_>>(), "{edges:?}");
            for component in &components {
                assert!(
                    component.windows(2).all(|pair| pair[0] < pair[1]),
                    "{edges:?}"
                );
            }
            for a in 0..NODES {
                for b in 0..NODES {
                    let together = components
                        .iter()
                        .any(|component| component.contains(&a) && component.contains(&b));
                    let mutual = reaches(&edges, a, b) && reaches(&edges, b, a);
                    assert_eq!(together, mutual, "{a} and {b} in {edges:?}: {components:?}");
                }
            }
            for (later, component) in components.iter().enumerate() {
                for earlier in &components[..later] {
                    assert!(
                        !reaches(&edges, earlier[0], component[0]),
                        "{earlier:?} is listed before {component:?}, which it reaches, in {edges:?}"
                    );
                }
            }
        }
    }
}
