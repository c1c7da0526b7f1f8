//! Area features: each area (tag) of a generated crate is a cargo feature named after its
//! module, all on by default, so that a crate using a few operations of a large API compiles
//! only their areas. A model is compiled when an area that uses it (directly or through
//! another model) is; models no operation uses are always compiled.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Operation, TypeKind};

/// For each model, the area features that need it; absent when every area (or none) does.
pub(crate) struct ModelFeatures(BTreeMap<String, BTreeSet<String>>);

impl ModelFeatures {
    pub(crate) fn new(api: &Api) -> Self {
        let definitions: BTreeMap<&str, &TypeKind> = api
            .types
            .iter()
            .map(|def| (def.name.as_str(), &def.kind))
            .collect();
        let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for area in &api.areas {
            let mut pending: Vec<String> = Vec::new();
            for operation in &area.operations {
                operation_types(operation, &mut pending);
            }
            let mut seen = BTreeSet::new();
            while let Some(name) = pending.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                if let Some(kind) = definitions.get(name.as_str()) {
                    kind.held_types(&mut pending);
                }
                users.entry(name).or_default().insert(area.module.clone());
            }
        }
        let every_area = api.areas.len();
        users.retain(|_, areas| areas.len() < every_area);
        Self(users)
    }

    /// The `cfg` predicate that compiles model `name` (`feature = "a"`, or `any(...)` of
    /// several), or none when it is always compiled.
    pub(crate) fn predicate(&self, name: &str) -> Option<TokenStream> {
        self.0
            .get(name)
            .map(|areas| areas_predicate(areas.iter().map(String::as_str)))
    }

    /// Whether some model is left out when an area is.
    pub(crate) fn any_gated(&self) -> bool {
        !self.0.is_empty()
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`.
pub(crate) fn area_cfg<'a>(areas: impl Iterator<Item = &'a str>) -> TokenStream {
    let predicate = areas_predicate(areas);
    quote!(#[cfg(#predicate)])
}

/// `feature = "a"`, or `any(feature = "a", feature = "b")`.
fn areas_predicate<'a>(areas: impl Iterator<Item = &'a str>) -> TokenStream {
    let features: Vec<_> = areas.map(|area| quote!(feature = #area)).collect();
    match features.as_slice() {
        [one] => one.clone(),
        _ => quote!(any(#(#features),*)),
    }
}

/// The named types an operation mentions: its parameters, its body and what it receives.
fn operation_types(operation: &Operation, out: &mut Vec<String>) {
    for param in &operation.params {
        param.ty.named_types(out);
    }
    if let Some(body) = &operation.body {
        body.ty.named_types(out);
    }
    operation.received_types(out);
}
