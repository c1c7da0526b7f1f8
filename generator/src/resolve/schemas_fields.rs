//! Object schemas → struct fields: properties, required, integer bounds, kept extra members.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use crate::diagnostics::Pointer;
use crate::ir::{Field, RustType, TypeKind};
use crate::naming::{nested, snake, Namespace};
use crate::resolve::schemas::{docs_of, integer_bounds, Resolved};
use crate::resolve::Resolver;

impl Resolver<'_> {
    /// A struct of these properties; `additionalProperties: true` adds a field that keeps the
    /// unknown members, whether or not the schema says `type: object`.
    pub(super) fn struct_kind(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &Pointer,
        name: &str,
    ) -> TypeKind {
        let mut fields = self.fields(properties, required, pointer, name);
        if matches!(additional, Some(AdditionalProperties::Any(true))) {
            fields.push(additional_properties_field(&fields));
        }
        TypeKind::Struct(fields)
    }

    pub(super) fn fields(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &Pointer,
        owner: &str,
    ) -> Vec<Field> {
        let entries = properties
            .iter()
            .map(|(name, schema)| (name, schema, pointer.join("properties").join(name)))
            .collect();
        let fields = self.fields_of(entries, required, owner);
        for name in required {
            if !properties.contains_key(name) {
                self.diags.warning(
                    &pointer.join("required"),
                    format!("`{name}` is required but not listed in `properties`"),
                    Some(format!(
                        "add `{name}` to properties or remove it from required"
                    )),
                );
            }
        }
        fields
    }

    /// Fields for properties gathered from one object or from the parts of an `allOf`:
    /// (JSON name, schema, pointer), the first of each name winning.
    pub(super) fn fields_of(
        &mut self,
        mut entries: Vec<(&String, &ReferenceOr<Box<Schema>>, Pointer)>,
        required: &[String],
        owner: &str,
    ) -> Vec<Field> {
        let mut names = Namespace::default();
        // Stable sort: of several parts declaring one property, the first stays first.
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut fields = Vec::new();
        let mut index = 0;
        while index < entries.len() {
            let same = entries[index..]
                .iter()
                .take_while(|entry| entry.0 == entries[index].0)
                .count();
            let group = &entries[index..index + same];
            index += same;
            let (json_name, schema, property_pointer) = &group[0];
            // Parts that disagree on a property's schema: any JSON fits them all.
            let conflicting = group.iter().any(|entry| entry.1 != *schema);
            let hint = nested(owner, json_name);
            let resolved = if conflicting {
                Resolved {
                    ty: RustType::Json,
                    nullable: false,
                }
            } else {
                self.schema_type((*schema).into(), property_pointer, &hint)
            };
            let docs = match schema {
                ReferenceOr::Item(schema) => docs_of(schema),
                ReferenceOr::Reference { .. } => None,
            };
            let (minimum, maximum) = match schema {
                ReferenceOr::Item(schema) if !conflicting => integer_bounds(schema),
                _ => (None, None),
            };
            fields.push(Field {
                rust_name: names.claim(snake(json_name)),
                json_name: (*json_name).clone(),
                docs,
                ty: resolved.ty,
                required: required.contains(json_name),
                nullable: resolved.nullable,
                flatten: false,
                minimum,
                maximum,
            });
        }
        fields
    }
}

/// The field that keeps the members an object has beyond its `properties` (the schema says
/// `additionalProperties: true`), so that a response read and written back loses nothing.
pub(super) fn additional_properties_field(fields: &[Field]) -> Field {
    let mut rust_name = "additional_properties".to_owned();
    while fields.iter().any(|field| field.rust_name == rust_name) {
        rust_name.push('_');
    }
    Field {
        rust_name,
        json_name: String::new(),
        docs: Some("Members not described by the spec, kept as they were received.".to_owned()),
        ty: RustType::JsonObject,
        required: true,
        nullable: false,
        flatten: true,
        minimum: None,
        maximum: None,
    }
}
