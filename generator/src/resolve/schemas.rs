//! Schemas → Rust types: named types for components and for inline objects, enums and unions.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::diagnostics::Pointer;
use crate::ir::{Alternative, EnumValue, Field, RustType, TypeDef, TypeKind};
use crate::naming::{camel, snake, Namespace};
use crate::resolve::pointers::is_inner_reference;
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
        self.types.push(TypeDef { name, docs, kind });
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
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<&String> = string.enumeration.iter().flatten().collect();
                (!values.is_empty()).then(|| TypeKind::StringEnum(enum_values(&values)))
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let mut fields = self.fields(&object.properties, &object.required, pointer, name);
                if matches!(
                    object.additional_properties,
                    Some(AdditionalProperties::Any(true))
                ) {
                    fields.push(additional_properties_field(&fields));
                }
                Some(TypeKind::Struct(fields))
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
            SchemaKind::Any(any) if !any.properties.is_empty() => Some(TypeKind::Struct(
                self.fields(&any.properties, &any.required, pointer, name),
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
            SchemaKind::Type(Type::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => RustType::I32,
                _ => RustType::I64,
            },
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

    fn fields(
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
    fn fields_of(
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
            let hint = format!("{owner}{}", camel(json_name));
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

    /// `allOf`: one struct with the properties of every part (references followed, nested
    /// `allOf`s flattened). A lone `$ref` (the usual way to give a reference a description)
    /// is not a new type: `None`, and the reference's type is used.
    fn all_of_kind(
        &mut self,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        pointer: &Pointer,
        name: &str,
    ) -> Option<TypeKind> {
        let has_own_properties =
            matches!(&schema.schema_kind, SchemaKind::Any(any) if !any.properties.is_empty());
        if !has_own_properties && lone_reference(parts).is_some() {
            return None;
        }
        let mut collected = Collected::default();
        self.collect_part(SchemaRef::Inline(schema), pointer, &mut collected, 0, false);
        let all_of_pointer = pointer.join("allOf");
        if !collected.others.is_empty() && collected.properties.is_empty() {
            // Scalars combined (a `$ref` to an enum plus `type: string`, or a scalar with
            // added constraints): the scalar type, chosen by `all_of_single`.
            return None;
        }
        if !collected.others.is_empty() {
            let listed: Vec<String> = collected.others.iter().map(ToString::to_string).collect();
            self.diags.error(
                &all_of_pointer,
                format!(
                    "allOf combines objects with schemas that are not objects ({}); only objects can be merged into one type",
                    listed.join(", ")
                ),
                Some("compose only object schemas with allOf, or use a single `$ref`".to_owned()),
            );
            return Some(TypeKind::Alias(RustType::Json));
        }
        if collected.properties.is_empty() {
            return None;
        }
        let Collected {
            properties,
            required,
            ..
        } = collected;
        Some(TypeKind::Struct(
            self.fields_of(properties, &required, name),
        ))
    }

    /// Adds the properties of one `allOf` part to `collected`.
    fn collect_part<'s>(
        &mut self,
        part: SchemaRef<'s>,
        pointer: &Pointer,
        collected: &mut Collected<'s>,
        depth: usize,
        optional: bool,
    ) where
        Self: 's,
    {
        let (schema, pointer) = match part {
            SchemaRef::Ref(reference) => {
                let Some((target, schema)) = self.schema_at(reference) else {
                    self.reference_type(reference, pointer);
                    return;
                };
                let key = target.to_string();
                if depth > MAX_ALL_OF_DEPTH || collected.visited.contains(&key) {
                    // A cycle through allOf: the properties are already collected.
                    return;
                }
                collected.visited.push(key);
                (schema, target)
            }
            SchemaRef::Inline(schema) => (schema, pointer.clone()),
        };
        let empty: &[ReferenceOr<Schema>] = &[];
        let (properties, required, all_of, alternatives) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (
                Some(&object.properties),
                &object.required[..],
                empty,
                Vec::new(),
            ),
            SchemaKind::Any(any) if any.typ.as_deref().is_none_or(|typ| typ == "object") => {
                let mut alternatives = Vec::new();
                if !any.one_of.is_empty() {
                    alternatives.push(("oneOf", &any.one_of[..]));
                }
                if !any.any_of.is_empty() {
                    alternatives.push(("anyOf", &any.any_of[..]));
                }
                (
                    Some(&any.properties),
                    &any.required[..],
                    &any.all_of[..],
                    alternatives,
                )
            }
            SchemaKind::AllOf { all_of } => (None, &[][..], &all_of[..], Vec::new()),
            SchemaKind::OneOf { one_of } => (None, &[][..], empty, vec![("oneOf", &one_of[..])]),
            SchemaKind::AnyOf { any_of } => (None, &[][..], empty, vec![("anyOf", &any_of[..])]),
            // An alternative that is not an object can never hold for a value that is one
            // (allOf makes it an object): nothing to merge.
            _ if optional => return,
            _ => {
                collected.others.push(pointer);
                return;
            }
        };
        for (property, schema) in properties.into_iter().flatten() {
            collected.properties.push((
                property,
                schema,
                pointer.join("properties").join(property),
            ));
        }
        if !optional {
            collected.required.extend(required.iter().cloned());
        }
        let nested_pointer = pointer.join("allOf");
        for (index, part) in all_of.iter().enumerate() {
            self.collect_part(
                part.into(),
                &nested_pointer.join(index),
                collected,
                depth + 1,
                optional,
            );
        }
        // Alternatives: every alternative's properties, all optional (whichever alternative
        // a value takes, its fields decode).
        for (key, parts) in alternatives {
            let nested = pointer.join(key);
            for (index, part) in parts.iter().enumerate() {
                self.collect_part(part.into(), &nested.join(index), collected, depth + 1, true);
            }
        }
    }

    /// The type of an `allOf` that is not a struct: its lone `$ref`; for scalars combined,
    /// the first `$ref`'s type, else the first part's that says more than annotations; any
    /// JSON when there is nothing to go by (or the mix was reported).
    fn all_of_single(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        pointer: &Pointer,
        hint: &str,
    ) -> RustType {
        if let Some((index, reference)) = lone_reference(parts) {
            return self.reference_type(reference, &pointer.join(index)).ty;
        }
        let first_reference = parts
            .iter()
            .enumerate()
            .find(|(_, part)| matches!(part, ReferenceOr::Reference { .. }));
        let chosen = first_reference.or_else(|| {
            parts
                .iter()
                .enumerate()
                .find(|(_, part)| !matches!(part, ReferenceOr::Item(schema) if is_annotation_only(schema)))
        });
        match chosen {
            Some((index, ReferenceOr::Reference { reference })) => {
                self.reference_type(reference, &pointer.join(index)).ty
            }
            Some((index, ReferenceOr::Item(schema))) => {
                self.inline_type(schema, &pointer.join(index), hint)
            }
            None => RustType::Json,
        }
    }

    fn union(
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

/// How deep `allOf` parts may nest before the rest is ignored (real specs nest two or three).
const MAX_ALL_OF_DEPTH: usize = 32;

/// Properties gathered from the parts of an `allOf`.
#[derive(Default)]
struct Collected<'s> {
    properties: Vec<(&'s String, &'s ReferenceOr<Box<Schema>>, Pointer)>,
    required: Vec<String>,
    /// Parts that are not objects.
    others: Vec<Pointer>,
    /// Component schemas already merged (cycle guard).
    visited: Vec<String>,
}

/// The only `$ref` of an `allOf` whose other parts carry no structure (descriptions,
/// `nullable`, ...): (its index, the reference).
fn lone_reference(parts: &[ReferenceOr<Schema>]) -> Option<(usize, &str)> {
    let mut found = None;
    for (index, part) in parts.iter().enumerate() {
        match part {
            ReferenceOr::Reference { reference } if found.is_none() => {
                found = Some((index, reference.as_str()))
            }
            ReferenceOr::Item(schema) if is_annotation_only(schema) => {}
            _ => return None,
        }
    }
    found
}

/// A schema that says nothing about the shape of a value (only docs, examples, nullable).
fn is_annotation_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.one_of.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

fn nullable_wrap(resolved: Resolved) -> RustType {
    if resolved.nullable {
        RustType::Option(Box::new(resolved.ty))
    } else {
        resolved.ty
    }
}

fn variant_name_for(ty: &RustType) -> &'static str {
    match ty {
        RustType::Bool => "Boolean",
        RustType::I32 | RustType::I64 => "Integer",
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

/// The field that keeps the members an object has beyond its `properties` (the schema says
/// `additionalProperties: true`), so that a response read and written back loses nothing.
fn additional_properties_field(fields: &[Field]) -> Field {
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

/// Inclusive bounds of an integer schema (exclusive bounds are moved in by one).
pub(crate) fn integer_bounds(schema: &Schema) -> (Option<i64>, Option<i64>) {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) => (
            integer.minimum.map(|minimum| {
                if integer.exclusive_minimum {
                    minimum.saturating_add(1)
                } else {
                    minimum
                }
            }),
            integer.maximum.map(|maximum| {
                if integer.exclusive_maximum {
                    maximum.saturating_sub(1)
                } else {
                    maximum
                }
            }),
        ),
        _ => (None, None),
    }
}
