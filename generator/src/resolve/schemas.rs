//! Schemas → Rust types: named types for components and for inline objects, enums and unions.
//! Object fields, `allOf` and unions have files of their own (`schemas_*.rs`).

use openapiv3::{
    AdditionalProperties, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use crate::diagnostics::Pointer;
use crate::ir::{Directions, EnumValue, RustType, TypeDef, TypeKind};
use crate::naming::{camel, Namespace};
use crate::resolve::pointers::is_inner_reference;
use crate::resolve::schemas_integers::integer_range;
use crate::resolve::Resolver;

/// A type plus whether the schema allows `null`.
pub(crate) struct Resolved {
    pub ty: RustType,
    pub nullable: bool,
}

/// A schema as found in the spec: a `$ref` or inline.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl Resolver<'_> {
    /// Reserves the Rust names of all component schemas, so references resolve before the
    /// schemas themselves are visited.
    pub(crate) fn name_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        let mut names: Vec<&String> = components.schemas.keys().collect();
        names.sort();
        for name in names {
            let rust = self.type_names.claim(camel(name));
            self.schema_names.insert(name.clone(), rust);
        }
    }

    /// Defines a named type for every component schema.
    pub(crate) fn resolve_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        let mut entries: Vec<(&String, &ReferenceOr<Schema>)> = components.schemas.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (name, schema) in entries {
            let pointer = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            let rust_name = self
                .schema_names
                .get(name)
                .cloned()
                .unwrap_or_else(|| camel(name));
            match schema {
                ReferenceOr::Reference { reference } => {
                    let resolved =
                        self.schema_type(SchemaRef::Ref(reference), &pointer, &rust_name);
                    self.push_type(rust_name, None, TypeKind::Alias(resolved.ty));
                }
                ReferenceOr::Item(schema) => {
                    let mark = self.mark();
                    self.define_named(schema, &pointer, rust_name.clone());
                    if let Some(reason) = self.degrade_since(&mark) {
                        self.diags.warning(
                            &pointer,
                            format!("schema `{name}` cannot be typed ({reason}); `{rust_name}` is any JSON value (`serde_json::Value`)"),
                            Some("fix the problem reported above, or run with --strict to make it an error".to_owned()),
                        );
                        self.push_type(rust_name, docs_of(schema), TypeKind::Alias(RustType::Json));
                    }
                }
            }
        }
    }

    fn push_type(&mut self, name: String, docs: Option<String>, kind: TypeKind) {
        self.types.push(TypeDef {
            name,
            docs,
            kind,
            // Decided once every operation is resolved (`directions::mark`).
            directions: Directions::default(),
        });
    }

    /// Defines `schema` under `name`: a struct, enum or union when it is one, an alias otherwise.
    fn define_named(&mut self, schema: &Schema, pointer: &Pointer, name: String) {
        let docs = docs_of(schema);
        match self.named_kind(schema, pointer, &name) {
            Some(kind) => self.push_type(name, docs, kind),
            None => {
                let ty = self.inline_type(schema, pointer, &name);
                self.push_type(name, docs, TypeKind::Alias(ty));
            }
        }
    }

    /// The type of a schema used as a field, parameter or body. `hint` names any type that
    /// has to be created for an inline object, enum or union.
    pub(crate) fn schema_type(
        &mut self,
        schema: SchemaRef<'_>,
        pointer: &Pointer,
        hint: &str,
    ) -> Resolved {
        match schema {
            SchemaRef::Ref(reference) => self.reference_type(reference, pointer),
            SchemaRef::Inline(schema) => Resolved {
                ty: self.inline_type(schema, pointer, hint),
                nullable: schema.schema_data.nullable,
            },
        }
    }

    pub(super) fn reference_type(&mut self, reference: &str, pointer: &Pointer) -> Resolved {
        if is_inner_reference(reference) {
            if let Some(resolved) = self.inner_reference_type(reference) {
                return resolved;
            }
        }
        let target = reference
            .strip_prefix(SCHEMA_PREFIX)
            .map(|name| name.replace("~1", "/").replace("~0", "~"));
        let found = target.as_ref().and_then(|name| {
            let schema = self.spec.components.as_ref()?.schemas.get(name)?;
            Some((self.schema_names.get(name)?.clone(), schema))
        });
        match found {
            Some((rust_name, schema)) => {
                let nullable = matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable);
                Resolved {
                    ty: RustType::Named(rust_name),
                    nullable,
                }
            }
            None => {
                self.diags.error(
                    pointer,
                    format!(
                        "`$ref: {reference}` does not point at a schema in #/components/schemas"
                    ),
                    Some(
                        "point the reference at an existing entry of components.schemas".to_owned(),
                    ),
                );
                Resolved {
                    ty: RustType::Json,
                    nullable: false,
                }
            }
        }
    }

    /// A struct, string enum or union for schemas that need a named type of their own.
    fn named_kind(&mut self, schema: &Schema, pointer: &Pointer, name: &str) -> Option<TypeKind> {
        if let Some(tagged) = self.discriminated_kind(schema, pointer, name) {
            return Some(tagged);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<&String> = string.enumeration.iter().flatten().collect();
                (!values.is_empty()).then(|| TypeKind::StringEnum(enum_values(&values)))
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                Some(self.struct_kind(
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                    pointer,
                    name,
                ))
            }
            SchemaKind::AllOf { all_of } => self.all_of_kind(schema, all_of, pointer, name),
            SchemaKind::Any(any)
                if !any.all_of.is_empty()
                    || (!any.properties.is_empty()
                        && (!any.one_of.is_empty() || !any.any_of.is_empty())) =>
            {
                self.all_of_kind(schema, &any.all_of, pointer, name)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                Some(self.union(&any.one_of, &pointer.join("oneOf"), name))
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                Some(self.union(&any.any_of, &pointer.join("anyOf"), name))
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => Some(self.struct_kind(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                pointer,
                name,
            )),
            SchemaKind::OneOf {
                one_of: alternatives,
            } => Some(self.union(alternatives, &pointer.join("oneOf"), name)),
            SchemaKind::AnyOf {
                any_of: alternatives,
            } => Some(self.union(alternatives, &pointer.join("anyOf"), name)),
            _ => None,
        }
    }

    pub(super) fn inline_type(
        &mut self,
        schema: &Schema,
        pointer: &Pointer,
        hint: &str,
    ) -> RustType {
        if matches!(
            schema.schema_kind,
            SchemaKind::Type(Type::String(_))
                | SchemaKind::Type(Type::Object(_))
                | SchemaKind::Any(_)
                | SchemaKind::OneOf { .. }
                | SchemaKind::AnyOf { .. }
                | SchemaKind::AllOf { .. }
        ) {
            let probe_name = self.type_names.claim(hint.to_owned());
            if let Some(kind) = self.named_kind(schema, pointer, &probe_name) {
                self.push_type(probe_name.clone(), docs_of(schema), kind);
                return RustType::Named(probe_name);
            }
            self.type_names.release(&probe_name);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => RustType::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => RustType::Date,
                VariantOrUnknownOrEmpty::Item(StringFormat::Password) => RustType::Secret,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => RustType::Bytes,
                _ => RustType::String,
            },
            SchemaKind::Type(Type::Integer(_)) => self.integer_type(schema, pointer),
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => RustType::F32,
                _ => RustType::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => RustType::Bool,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let item = self.schema_type(
                        items.into(),
                        &pointer.join("items"),
                        &format!("{hint}Item"),
                    );
                    RustType::Vec(Box::new(nullable_wrap(item)))
                }
                None => RustType::Vec(Box::new(RustType::Json)),
            },
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), pointer, hint)
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() => {
                self.all_of_single(&any.all_of, &pointer.join("allOf"), hint)
            }
            SchemaKind::Any(any) => match &any.additional_properties {
                Some(additional) => self.map_type(Some(additional), pointer, hint),
                None => RustType::Json,
            },
            SchemaKind::AllOf { all_of } => {
                self.all_of_single(all_of, &pointer.join("allOf"), hint)
            }
            SchemaKind::Not { .. } => {
                self.diags.error(
                    &pointer.join("not"),
                    "`not` schemas cannot be represented as a Rust type",
                    Some("describe the allowed values positively".to_owned()),
                );
                RustType::Json
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => RustType::Json,
        }
    }

    /// An integer schema's type; a warning for bounds it cannot check.
    fn integer_type(&mut self, schema: &Schema, pointer: &Pointer) -> RustType {
        let Some(range) = integer_range(schema) else {
            return RustType::I64;
        };
        for keyword in &range.unchecked {
            self.diags.warning(
                &pointer.join(keyword),
                format!("values here are beyond a 128-bit integer: the value is an `f64`, and its `{keyword}` is not checked"),
                Some("nothing to do, or use a string format for such wide values".to_owned()),
            );
        }
        range.ty
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        pointer: &Pointer,
        hint: &str,
    ) -> RustType {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.schema_type(
                    SchemaRef::from(schema.as_ref()),
                    &pointer.join("additionalProperties"),
                    &format!("{hint}Value"),
                );
                RustType::Map(Box::new(nullable_wrap(value)))
            }
            _ => RustType::JsonObject,
        }
    }
}

pub(super) fn nullable_wrap(resolved: Resolved) -> RustType {
    if resolved.nullable {
        RustType::Option(Box::new(resolved.ty))
    } else {
        resolved.ty
    }
}

fn enum_values(values: &[&String]) -> Vec<EnumValue> {
    let mut names = Namespace::with_reserved(&["Unknown"]);
    values
        .iter()
        .map(|value| EnumValue {
            rust_name: names.claim(camel(value)),
            value: (*value).clone(),
        })
        .collect()
}

/// The rustdoc for a schema: its title and description.
pub(crate) fn docs_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    match (&data.title, &data.description) {
        (_, Some(description)) => Some(description.trim().to_owned()),
        (Some(title), None) => Some(title.trim().to_owned()),
        (None, None) => None,
    }
    .filter(|docs| !docs.is_empty())
}

/// Inclusive bounds of an integer schema (exclusive bounds are moved in by one), in the
/// type [`integer_range`] chooses.
pub(crate) fn integer_bounds(schema: &Schema) -> (Option<i128>, Option<i128>) {
    integer_range(schema).map_or((None, None), |range| (range.minimum, range.maximum))
}
