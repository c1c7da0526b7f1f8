//! Schemas with a `discriminator` → tagged unions: one variant per tag value, told apart by
//! the tag property, with an `Unknown` fallback (emitted by `emit::tagged`).
//!
//! Tags come from the discriminator's `mapping` (values are `$ref`s or bare schema names;
//! several tags may name one schema), then from each `oneOf`/`anyOf` `$ref` that no mapping
//! names (its tag is the schema's name, as OpenAPI says), then from inline alternatives whose
//! tag property allows one value. A base schema with a discriminator and no alternatives
//! (`allOf` polymorphism) has as variants its mapping, or else the schemas whose `allOf`
//! names it.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use crate::diagnostics::Pointer;
use crate::ir::{RustType, TaggedUnion, TaggedVariant, TypeKind};
use crate::naming::{camel, Namespace};
use crate::resolve::Resolver;

/// What a tag selects, before types are made.
enum Target<'s> {
    /// A component schema, by its name in the spec.
    Component(String),
    /// An inline alternative: its index and schema.
    Inline(usize, &'s Schema),
}

impl Resolver<'_> {
    /// The tagged union a schema with a `discriminator` stands for, if any: over its
    /// `oneOf`/`anyOf`, or over the schemas extending it when it is an object.
    pub(super) fn discriminated_kind(
        &mut self,
        schema: &Schema,
        pointer: &Pointer,
        name: &str,
    ) -> Option<TypeKind> {
        schema.schema_data.discriminator.as_ref()?;
        let (alternatives, key): (&[ReferenceOr<Schema>], &str) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            SchemaKind::Any(any) if !any.one_of.is_empty() => (&any.one_of, "oneOf"),
            SchemaKind::Any(any) if !any.any_of.is_empty() => (&any.any_of, "anyOf"),
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) | SchemaKind::AllOf { .. } => {
                (&[], "allOf")
            }
            SchemaKind::Type(_) | SchemaKind::Not { .. } => return None,
        };
        self.tagged_union(schema, alternatives, pointer, &pointer.join(key), name)
    }

    /// A tagged union for `schema` if it has a discriminator whose variants can be told apart
    /// by it. `None` when it has none, when no variant is found (a base schema nothing
    /// extends), or when an alternative has no tag (reported; the caller falls back to an
    /// untagged union or a struct). `alternatives` are the `oneOf`/`anyOf` members (none for a
    /// base schema), under `alternatives_pointer`.
    fn tagged_union(
        &mut self,
        schema: &Schema,
        alternatives: &[ReferenceOr<Schema>],
        pointer: &Pointer,
        alternatives_pointer: &Pointer,
        owner: &str,
    ) -> Option<TypeKind> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        let property = &discriminator.property_name;
        let mut entries: Vec<(String, Target<'_>)> = Vec::new();
        let base = component_name_at(pointer);
        let mapping_pointer = pointer.join("discriminator").join("mapping");
        for (tag, target) in &discriminator.mapping {
            match self.mapping_target(target) {
                Some(name) if Some(&name) == base.as_ref() => self.diags.warning(
                    &mapping_pointer.join(tag),
                    format!("tag `{tag}` names the schema that declares the discriminator; objects with it decode into `Unknown`"),
                    Some("map the tag to a schema that extends this one".to_owned()),
                ),
                Some(name) => entries.push((tag.clone(), Target::Component(name))),
                None => self.diags.warning(
                    &mapping_pointer.join(tag),
                    format!("`{target}` is not a schema of components.schemas; objects tagged `{tag}` decode into `Unknown`"),
                    Some("map the tag to `#/components/schemas/<name>` or to a bare schema name".to_owned()),
                ),
            }
        }
        for (index, alternative) in alternatives.iter().enumerate() {
            let implicit = match alternative {
                ReferenceOr::Reference { reference } => {
                    let Some(name) = self.mapping_target(reference) else {
                        return self.untellable(alternatives_pointer, index, property);
                    };
                    let mapped = entries
                        .iter()
                        .any(|(_, target)| matches!(target, Target::Component(n) if *n == name));
                    (!mapped).then(|| (name.clone(), Target::Component(name)))
                }
                ReferenceOr::Item(inline) => match single_tag(inline, property) {
                    Some(tag) => Some((tag, Target::Inline(index, inline))),
                    None => return self.untellable(alternatives_pointer, index, property),
                },
            };
            entries.extend(implicit);
        }
        if alternatives.is_empty() && discriminator.mapping.is_empty() {
            if let Some(base) = &base {
                entries.extend(
                    self.extending(base)
                        .into_iter()
                        .map(|name| (name.clone(), Target::Component(name))),
                );
            }
        }
        for (tag, target) in &entries {
            if let Target::Component(name) = target {
                if !self.is_object_schema(name) {
                    self.diags.warning(
                        &pointer.join("discriminator"),
                        format!("tag `{tag}` names `{name}`, which is not an object and cannot carry the tag; the alternatives are tried in order instead"),
                        Some("map every tag to an object schema, or remove the discriminator".to_owned()),
                    );
                    return None;
                }
            }
        }
        if entries.is_empty() {
            return None;
        }
        let mut names = Namespace::with_reserved(&["Unknown"]);
        let mut seen_tags = Vec::new();
        let mut variants = Vec::new();
        for (tag, target) in entries {
            if seen_tags.contains(&tag) {
                continue;
            }
            let ty = match target {
                Target::Component(name) => {
                    RustType::Named(self.schema_names.get(&name).cloned().unwrap_or_default())
                }
                Target::Inline(index, inline) => self.inline_type(
                    inline,
                    &alternatives_pointer.join(index),
                    &format!("{owner}{}", camel(&tag)),
                ),
            };
            variants.push(TaggedVariant {
                rust_name: names.claim(camel(&tag)),
                tag: tag.clone(),
                ty,
            });
            seen_tags.push(tag);
        }
        Some(TypeKind::Tagged(TaggedUnion {
            property: property.clone(),
            variants,
        }))
    }

    /// Reports an alternative the tag cannot select; `None`, so the union stays untagged.
    fn untellable(
        &mut self,
        alternatives_pointer: &Pointer,
        index: usize,
        property: &str,
    ) -> Option<TypeKind> {
        self.diags.warning(
            &alternatives_pointer.join(index),
            format!("this alternative has no tag: it is not a component schema and its `{property}` does not allow exactly one value; the discriminator is ignored and the alternatives are tried in order"),
            Some(format!("make the alternative a `$ref`, or give its `{property}` a single `enum` value")),
        );
        None
    }

    /// The component schema a mapping value or `$ref` names: `#/components/schemas/Name` or a
    /// bare `Name`, when it exists.
    fn mapping_target(&self, target: &str) -> Option<String> {
        let name = match Pointer::parse_ref(target) {
            Some(pointer) => component_name_at(&pointer)?,
            None if target.contains('/') || target.contains('#') => return None,
            None => target.to_owned(),
        };
        self.schema_names.contains_key(&name).then_some(name)
    }

    /// Component schemas whose `allOf` names `base` directly, sorted by name.
    fn extending(&self, base: &str) -> Vec<String> {
        let Some(components) = &self.spec.components else {
            return Vec::new();
        };
        let mut found: Vec<String> = components
            .schemas
            .iter()
            .filter(|(_, schema)| {
                let ReferenceOr::Item(schema) = schema else {
                    return false;
                };
                let parts = match &schema.schema_kind {
                    SchemaKind::AllOf { all_of } => all_of,
                    SchemaKind::Any(any) => &any.all_of,
                    _ => return false,
                };
                parts.iter().any(|part| {
                    matches!(part, ReferenceOr::Reference { reference }
                        if self.mapping_target(reference).as_deref() == Some(base))
                })
            })
            .map(|(name, _)| name.clone())
            .collect();
        found.sort();
        found
    }

    /// Whether a component schema describes an object (only those can carry a tag).
    fn is_object_schema(&self, name: &str) -> bool {
        let schema = self
            .spec
            .components
            .as_ref()
            .and_then(|components| components.schemas.get(name));
        match schema {
            Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
                SchemaKind::Type(Type::Object(_))
                | SchemaKind::AllOf { .. }
                | SchemaKind::OneOf { .. }
                | SchemaKind::AnyOf { .. } => true,
                SchemaKind::Any(any) => any.typ.as_deref().is_none_or(|typ| typ == "object"),
                SchemaKind::Type(_) | SchemaKind::Not { .. } => false,
            },
            // An alias of another schema: its target decides when it is decoded.
            Some(ReferenceOr::Reference { .. }) => true,
            None => false,
        }
    }
}

/// The component name a pointer designates (`#/components/schemas/Name`), if it does.
fn component_name_at(pointer: &Pointer) -> Option<String> {
    match pointer.segments() {
        [components, schemas, name] if components == "components" && schemas == "schemas" => {
            Some(name.clone())
        }
        _ => None,
    }
}

/// The one value an inline alternative's tag property allows (`enum: [x]`).
fn single_tag(schema: &Schema, property: &str) -> Option<String> {
    let properties = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &object.properties,
        SchemaKind::Any(any) => &any.properties,
        _ => return None,
    };
    let ReferenceOr::Item(tag_schema) = properties.get(property)? else {
        return None;
    };
    match &tag_schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        SchemaKind::Any(any) => match any.enumeration.as_slice() {
            [serde_json::Value::String(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}
