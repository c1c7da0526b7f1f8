//! `oneOf` / `anyOf` → Rust enums.

use openapiv3::{ReferenceOr, Schema};

use crate::diagnostics::Pointer;
use crate::ir::{Alternative, RustType, TypeKind};
use crate::naming::Namespace;
use crate::resolve::schemas::nullable_wrap;
use crate::resolve::Resolver;

impl Resolver<'_> {
    pub(super) fn union(
        &mut self,
        alternatives: &[ReferenceOr<Schema>],
        pointer: &Pointer,
        owner: &str,
    ) -> TypeKind {
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let resolved = self.schema_type(
                alternative.into(),
                &pointer.join(index),
                &format!("{owner}Variant{index}"),
            );
            let wanted = match &resolved.ty {
                RustType::Named(name) => name.clone(),
                other => variant_name_for(other).to_owned(),
            };
            variants.push(Alternative {
                rust_name: names.claim(wanted),
                ty: nullable_wrap(resolved),
            });
        }
        TypeKind::Untagged(variants)
    }
}

fn variant_name_for(ty: &RustType) -> &'static str {
    match ty {
        RustType::Bool => "Boolean",
        RustType::I32 | RustType::I64 | RustType::U64 | RustType::I128 => "Integer",
        RustType::F32 | RustType::F64 => "Number",
        RustType::String | RustType::Secret => "String",
        RustType::DateTime => "DateTime",
        RustType::Date => "Date",
        RustType::Json => "Json",
        RustType::JsonObject | RustType::Map(_) => "Object",
        RustType::Vec(_) => "Array",
        RustType::Option(_) => "Nullable",
        RustType::Named(_) => "Named",
        RustType::Bytes => "Bytes",
        RustType::Boxed(inner) => variant_name_for(inner),
    }
}
