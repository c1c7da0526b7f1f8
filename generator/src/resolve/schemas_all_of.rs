//! `allOf` → one struct with the properties of every part, or the scalar type a
//! combination of scalars stands for.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use crate::diagnostics::Pointer;
use crate::ir::{RustType, TypeKind};
use crate::resolve::schemas::SchemaRef;
use crate::resolve::Resolver;

impl Resolver<'_> {
    /// `allOf`: one struct with the properties of every part (references followed, nested
    /// `allOf`s flattened). A lone `$ref` (the usual way to give a reference a description)
    /// is not a new type: `None`, and the reference's type is used.
    pub(super) fn all_of_kind(
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
    pub(super) fn all_of_single(
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

#[cfg(test)]
mod tests {
    use super::MAX_ALL_OF_DEPTH;
    use crate::ir::TypeKind;

    /// `Top` (property `top`) extends `L1` through `keyword` (`allOf` or `oneOf`), `L1` extends
    /// `L2`, and so on: `Lk` (property `pk`) is `k` levels deep. The level just past the
    /// limit reaches the next `$ref` through an inline part, so that the reference after the
    /// limit is one level further still.
    fn chain(keyword: &str) -> String {
        let last = MAX_ALL_OF_DEPTH + 2;
        let mut schemas = vec![format!(
            "    Top: {{properties: {{top: {{type: string}}}}, {keyword}: [{{$ref: '#/components/schemas/L1'}}]}}"
        )];
        for level in 1..last {
            let next = format!("{{$ref: '#/components/schemas/L{}'}}", level + 1);
            let next = if level == MAX_ALL_OF_DEPTH {
                format!("{{{keyword}: [{next}]}}")
            } else {
                next
            };
            schemas.push(format!(
                "    L{level}: {{properties: {{p{level}: {{type: string}}}}, {keyword}: [{next}]}}"
            ));
        }
        schemas.push(format!(
            "    L{last}: {{properties: {{p{last}: {{type: string}}}}}}"
        ));
        format!(
            "openapi: 3.0.3
info: {{title: Depth, version: \"1\"}}
paths: {{}}
components:
  schemas:
{}
",
            schemas.join("\n")
        )
    }

    /// The JSON names of `Top`'s fields.
    fn top_fields(text: &str) -> Vec<String> {
        let spec = crate::load(text).unwrap_or_else(|errors| panic!("{errors:?}"));
        let (api, _) = crate::resolve::resolve(&spec).unwrap_or_else(|errors| panic!("{errors:?}"));
        let top = api.types.iter().find(|def| def.name == "Top");
        match top.map(|def| &def.kind) {
            Some(TypeKind::Struct(fields)) => {
                fields.iter().map(|field| field.json_name.clone()).collect()
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parts_nested_beyond_the_limit_are_ignored() {
        for keyword in ["allOf", "oneOf"] {
            let mut expected: Vec<String> = (1..=MAX_ALL_OF_DEPTH)
                .map(|level| format!("p{level}"))
                .collect();
            expected.push("top".to_owned());
            expected.sort();
            assert_eq!(top_fields(&chain(keyword)), expected, "{keyword}");
        }
    }
}
