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

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with these component schemas (YAML, indented by four spaces).
    fn document(schemas: &str) -> OpenAPI {
        crate::load(&format!(
            "openapi: 3.0.3
info: {{title: Pointers, version: \"1\"}}
paths: {{}}
components:
  schemas:
{schemas}
"
        ))
        .unwrap_or_else(|errors| panic!("{errors:?}"))
    }

    /// Where `reference` lands, and the description of the schema there.
    fn landing(spec: &OpenAPI, reference: &str) -> Option<(String, String)> {
        schema_at(spec, reference, 0).map(|(pointer, schema)| {
            let description = schema.schema_data.description.clone().unwrap_or_default();
            (pointer.to_string(), description)
        })
    }

    fn landed(spec: &OpenAPI, reference: &str) -> (String, String) {
        landing(spec, reference).unwrap_or_else(|| panic!("`{reference}` lands nowhere"))
    }

    #[test]
    fn every_keyword_holding_a_schema_is_followed() {
        let spec = document(
            "    One: {oneOf: [{type: string}, {type: integer, description: one}]}
    Any: {anyOf: [{type: string}, {type: integer, description: any}]}
    All: {allOf: [{type: object, description: all}]}
    Mixed:
      type: object
      properties: {p: {type: string, description: mixed property}}
      allOf: [{type: object, description: mixed all}]
      oneOf: [{type: object, description: mixed one}]
      anyOf: [{type: object, description: mixed any}]
    Untyped:
      properties: {p: {type: string, description: untyped property}}
      items: {type: string, description: untyped item}
      additionalProperties: {type: string, description: untyped value}
      not: {type: string, description: untyped not}
    Object:
      type: object
      properties: {p: {type: string, description: property}}
      additionalProperties: {type: string, description: value}
    List: {type: array, items: {type: string, description: item}}
    Never: {not: {type: string, description: never}}",
        );
        let cases = [
            ("One/oneOf/1", "one"),
            ("Any/anyOf/1", "any"),
            ("All/allOf/0", "all"),
            ("Mixed/properties/p", "mixed property"),
            ("Mixed/allOf/0", "mixed all"),
            ("Mixed/oneOf/0", "mixed one"),
            ("Mixed/anyOf/0", "mixed any"),
            ("Untyped/properties/p", "untyped property"),
            ("Untyped/items", "untyped item"),
            ("Untyped/additionalProperties", "untyped value"),
            ("Untyped/not", "untyped not"),
            ("Object/properties/p", "property"),
            ("Object/additionalProperties", "value"),
            ("List/items", "item"),
            ("Never/not", "never"),
        ];
        for (path, description) in cases {
            let reference = format!("#/components/schemas/{path}");
            assert_eq!(
                landed(&spec, &reference),
                (reference.clone(), description.to_owned())
            );
        }
        // A keyword the schema does not have, or an index beyond its parts, lands nowhere.
        for path in [
            "One/anyOf/1",
            "One/oneOf/2",
            "List/properties/p",
            "Object/items",
            "One/x",
        ] {
            assert_eq!(
                landing(&spec, &format!("#/components/schemas/{path}")),
                None,
                "{path}"
            );
        }
    }

    #[test]
    fn references_on_the_way_are_followed_to_where_they_land() {
        let spec = document(
            "    Target: {type: object, description: target, properties: {p: {type: string, description: p}}}
    Alias: {$ref: '#/components/schemas/Target'}
    Holder:
      type: object
      properties: {held: {$ref: '#/components/schemas/Target'}}
      allOf: [{$ref: '#/components/schemas/Target'}]",
        );
        let target = "#/components/schemas/Target".to_owned();
        for path in ["Alias", "Holder/properties/held", "Holder/allOf/0"] {
            assert_eq!(
                landed(&spec, &format!("#/components/schemas/{path}")),
                (target.clone(), "target".to_owned()),
                "{path}"
            );
        }
        assert_eq!(
            landed(&spec, "#/components/schemas/Alias/properties/p"),
            (format!("{target}/properties/p"), "p".to_owned())
        );
        // Only pointers into components.schemas.
        for reference in [
            "#/components/responses/Target",
            "#/definitions/schemas/Target",
            "#/components/schemas/Nowhere",
            "https://example.com/schemas/Target",
        ] {
            assert_eq!(landing(&spec, reference), None, "{reference}");
        }
    }

    #[test]
    fn a_reference_cycle_lands_nowhere() {
        let spec = document(
            "    Ping: {$ref: '#/components/schemas/Pong'}
    Pong: {$ref: '#/components/schemas/Ping'}
    Itself:
      type: object
      properties:
        x: {$ref: '#/components/schemas/Itself/properties/x'}
        y: {$ref: '#/components/schemas/Itself/additionalProperties'}
      additionalProperties: {$ref: '#/components/schemas/Itself/properties/y'}",
        );
        for path in [
            "Ping/properties/p",
            "Itself/properties/x",
            "Itself/properties/y",
        ] {
            assert_eq!(
                landing(&spec, &format!("#/components/schemas/{path}")),
                None,
                "{path}"
            );
        }
    }

    #[test]
    fn a_pointer_passes_through_at_most_max_hops_references() {
        // `Hop0` → `Hop1` → ... → `Hop{hops}`, an object.
        let chain = |hops: usize| {
            let mut schemas: Vec<String> = (0..hops)
                .map(|index| {
                    format!(
                        "    Hop{index}: {{$ref: '#/components/schemas/Hop{}'}}",
                        index + 1
                    )
                })
                .collect();
            schemas.push(format!("    Hop{hops}: {{type: object, description: end}}"));
            document(&schemas.join("\n"))
        };
        assert_eq!(
            landed(&chain(MAX_HOPS), "#/components/schemas/Hop0"),
            (
                format!("#/components/schemas/Hop{MAX_HOPS}"),
                "end".to_owned()
            )
        );
        assert_eq!(
            landing(&chain(MAX_HOPS + 1), "#/components/schemas/Hop0"),
            None
        );
    }
}
