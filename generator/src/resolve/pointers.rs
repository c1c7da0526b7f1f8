//! `$ref`s that land inside a schema rather than on a component (`#/components/schemas/X/allOf/0`,
//! `.../properties/y`, `.../items`): any JSON pointer that reaches a schema resolves, and the
//! schema it reaches gets a type of its own, shared by every reference to it.

use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use crate::diagnostics::Pointer;
use crate::naming::camel;
use crate::resolve::schemas::Resolved;
use crate::resolve::Resolver;

/// How many `$ref`s a pointer may pass through before it is taken for a cycle.
const MAX_HOPS: usize = 16;

/// A type already made for an inner reference, and how many types existed before it was made
/// (so that undoing a skipped operation forgets it too).
pub(super) struct InnerType {
    pub(super) resolved: Option<(crate::ir::RustType, bool)>,
    pub(super) types_before: usize,
}

/// Whether `reference` points inside a component schema rather than at one.
pub(super) fn is_inner_reference(reference: &str) -> bool {
    Pointer::parse_ref(reference).is_some_and(|pointer| {
        let segments = pointer.segments();
        segments.len() > 3 && segments[0] == "components" && segments[1] == "schemas"
    })
}

impl Resolver<'_> {
    /// The schema a local `$ref` lands on, with its pointer: a component schema or any
    /// schema inside one, following `$ref`s met on the way.
    pub(super) fn schema_at<'s>(&self, reference: &str) -> Option<(Pointer, &'s Schema)>
    where
        Self: 's,
    {
        let spec: &'s OpenAPI = self.spec;
        schema_at(spec, reference, 0)
    }

    /// The type of the schema an inner reference lands on, made once. `None` when the
    /// pointer reaches no schema (the caller reports it).
    pub(super) fn inner_reference_type(&mut self, reference: &str) -> Option<Resolved> {
        if let Some(known) = self.inner_types.get(reference) {
            // `None` while it is being resolved: a reference to itself is any JSON.
            let (ty, nullable) = known
                .resolved
                .clone()
                .unwrap_or((crate::ir::RustType::Json, false));
            return Some(Resolved { ty, nullable });
        }
        let (pointer, schema) = self.schema_at(reference)?;
        let hint = camel(&pointer.segments()[2..].join(" "));
        let types_before = self.types.len();
        self.inner_types.insert(
            reference.to_owned(),
            InnerType {
                resolved: None,
                types_before,
            },
        );
        let ty = self.inline_type(schema, &pointer, &hint);
        let nullable = schema.schema_data.nullable;
        if let Some(entry) = self.inner_types.get_mut(reference) {
            entry.resolved = Some((ty.clone(), nullable));
        }
        Some(Resolved { ty, nullable })
    }
}

fn schema_at<'s>(spec: &'s OpenAPI, reference: &str, hops: usize) -> Option<(Pointer, &'s Schema)> {
    if hops > MAX_HOPS {
        return None;
    }
    let pointer = Pointer::parse_ref(reference)?;
    let segments = pointer.segments();
    let [components, schemas, name, rest @ ..] = segments else {
        return None;
    };
    if components != "components" || schemas != "schemas" {
        return None;
    }
    let mut at = Pointer::root()
        .join("components")
        .join("schemas")
        .join(name);
    let mut schema = follow(
        spec,
        spec.components.as_ref()?.schemas.get(name)?,
        &mut at,
        hops,
    )?;
    let mut rest = rest.iter();
    while let Some(segment) = rest.next() {
        at = at.join(segment);
        let kind = &schema.schema_kind;
        schema = match segment.as_str() {
            "allOf" | "oneOf" | "anyOf" => {
                let index: usize = rest.next()?.parse().ok()?;
                at = at.join(index);
                let parts = match (segment.as_str(), kind) {
                    ("allOf", SchemaKind::AllOf { all_of }) => all_of,
                    ("oneOf", SchemaKind::OneOf { one_of }) => one_of,
                    ("anyOf", SchemaKind::AnyOf { any_of }) => any_of,
                    ("allOf", SchemaKind::Any(any)) => &any.all_of,
                    ("oneOf", SchemaKind::Any(any)) => &any.one_of,
                    ("anyOf", SchemaKind::Any(any)) => &any.any_of,
                    _ => return None,
                };
                follow(spec, parts.get(index)?, &mut at, hops)?
            }
            "properties" => {
                let property = rest.next()?;
                at = at.join(property);
                let properties = match kind {
                    SchemaKind::Type(Type::Object(object)) => &object.properties,
                    SchemaKind::Any(any) => &any.properties,
                    _ => return None,
                };
                follow_boxed(spec, properties.get(property)?, &mut at, hops)?
            }
            "items" => {
                let items = match kind {
                    SchemaKind::Type(Type::Array(array)) => array.items.as_ref()?,
                    SchemaKind::Any(any) => any.items.as_ref()?,
                    _ => return None,
                };
                follow_boxed(spec, items, &mut at, hops)?
            }
            "additionalProperties" => {
                let additional = match kind {
                    SchemaKind::Type(Type::Object(object)) => {
                        object.additional_properties.as_ref()?
                    }
                    SchemaKind::Any(any) => any.additional_properties.as_ref()?,
                    _ => return None,
                };
                let AdditionalProperties::Schema(schema) = additional else {
                    return None;
                };
                follow(spec, schema, &mut at, hops)?
            }
            "not" => match kind {
                SchemaKind::Not { not } => follow(spec, not, &mut at, hops)?,
                SchemaKind::Any(any) => follow(spec, any.not.as_ref()?, &mut at, hops)?,
                _ => return None,
            },
            _ => return None,
        };
    }
    Some((at, schema))
}

/// The schema `item` is, following a `$ref` (`at` becomes the target's pointer).
fn follow<'s>(
    spec: &'s OpenAPI,
    item: &'s ReferenceOr<Schema>,
    at: &mut Pointer,
    hops: usize,
) -> Option<&'s Schema> {
    match item {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let (target, schema) = schema_at(spec, reference, hops + 1)?;
            *at = target;
            Some(schema)
        }
    }
}

fn follow_boxed<'s>(
    spec: &'s OpenAPI,
    item: &'s ReferenceOr<Box<Schema>>,
    at: &mut Pointer,
    hops: usize,
) -> Option<&'s Schema> {
    match item {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let (target, schema) = schema_at(spec, reference, hops + 1)?;
            *at = target;
            Some(schema)
        }
    }
}
