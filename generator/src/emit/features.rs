//! Area features: each area (tag) of a generated crate is a cargo feature named after its
//! module, all on by default, so that a crate using a few operations of a large API compiles
//! only their areas. A model is compiled when an area that uses it (directly or through
//! another model) is; models no operation uses are always compiled.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Operation, Outcome, Payload, RustType, TypeKind};

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
                    kind_types(kind, &mut pending);
                }
                users.entry(name).or_default().insert(area.module.clone());
            }
        }
        let every_area = api.areas.len();
        users.retain(|_, areas| areas.len() < every_area);
        Self(users)
    }

    /// `#[cfg(...)]` for model `name`, or nothing when it is always compiled.
    pub(crate) fn cfg(&self, name: &str) -> TokenStream {
        match self.0.get(name) {
            Some(areas) => area_cfg(areas.iter().map(String::as_str)),
            None => TokenStream::new(),
        }
    }

    /// Whether some model is left out when an area is.
    pub(crate) fn any_gated(&self) -> bool {
        !self.0.is_empty()
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`.
pub(crate) fn area_cfg<'a>(areas: impl Iterator<Item = &'a str>) -> TokenStream {
    let features: Vec<_> = areas.map(|area| quote!(feature = #area)).collect();
    match features.as_slice() {
        [one] => quote!(#[cfg(#one)]),
        _ => quote!(#[cfg(any(#(#features),*))]),
    }
}

fn operation_types(operation: &Operation, out: &mut Vec<String>) {
    for param in &operation.params {
        rust_type_names(&param.ty, out);
    }
    if let Some(body) = &operation.body {
        rust_type_names(&body.ty, out);
    }
    if let Outcome::Call {
        body: Some(Payload::Json(ty)),
        ..
    } = &operation.outcome
    {
        rust_type_names(ty, out);
    }
    for error in &operation.errors {
        if let Some(Payload::Json(ty)) = &error.body {
            rust_type_names(ty, out);
        }
    }
    if let Some(pagination) = &operation.pagination {
        rust_type_names(&pagination.item_type, out);
    }
}

fn kind_types(kind: &TypeKind, out: &mut Vec<String>) {
    match kind {
        TypeKind::Struct(fields) => fields.iter().for_each(|f| rust_type_names(&f.ty, out)),
        TypeKind::Untagged(alternatives) => alternatives
            .iter()
            .for_each(|alternative| rust_type_names(&alternative.ty, out)),
        TypeKind::Tagged(union) => union
            .variants
            .iter()
            .for_each(|variant| rust_type_names(&variant.ty, out)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => rust_type_names(ty, out),
        TypeKind::StringEnum(_) => {}
    }
}

fn rust_type_names(ty: &RustType, out: &mut Vec<String>) {
    match ty {
        RustType::Named(name) => out.push(name.clone()),
        RustType::Vec(inner)
        | RustType::Map(inner)
        | RustType::Option(inner)
        | RustType::Boxed(inner) => rust_type_names(inner, out),
        _ => {}
    }
}
