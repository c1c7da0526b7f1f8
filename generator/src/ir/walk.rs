//! The named types a type, a type definition or an operation mentions: what the analyses of
//! which models an area needs and which ways a model crosses the wire both follow.

use super::{Operation, Outcome, Payload, RustType, TypeKind};

impl RustType {
    /// Pushes the names of the named types in this type, through lists, maps, options and boxes.
    pub(crate) fn named_types(&self, out: &mut Vec<String>) {
        match self {
            RustType::Named(name) => out.push(name.clone()),
            RustType::Vec(inner)
            | RustType::Map(inner)
            | RustType::Option(inner)
            | RustType::Boxed(inner) => inner.named_types(out),
            _ => {}
        }
    }
}

impl TypeKind {
    /// Pushes the names of the named types a definition of this kind holds.
    pub(crate) fn held_types(&self, out: &mut Vec<String>) {
        match self {
            TypeKind::Struct(fields) => fields.iter().for_each(|f| f.ty.named_types(out)),
            TypeKind::Untagged(alternatives) => alternatives
                .iter()
                .for_each(|alternative| alternative.ty.named_types(out)),
            TypeKind::Tagged(union) => union
                .variants
                .iter()
                .for_each(|variant| variant.ty.named_types(out)),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => ty.named_types(out),
            TypeKind::StringEnum(_) => {}
        }
    }
}

impl Operation {
    /// Pushes the names of the named types of the JSON bodies it receives: success, errors and
    /// page items.
    pub(crate) fn received_types(&self, out: &mut Vec<String>) {
        if let Outcome::Call {
            body: Some(Payload::Json(ty)),
            ..
        } = &self.outcome
        {
            ty.named_types(out);
        }
        for error in &self.errors {
            if let Some(Payload::Json(ty)) = &error.body {
                ty.named_types(out);
            }
        }
        if let Some(pagination) = &self.pagination {
            pagination.item_type.named_types(out);
        }
    }
}
