//! Schemas that mix keywords (`generator/src/resolve/schemas.rs`, `schemas_all_of.rs`):
//! `type` or `properties` beside `allOf`, `oneOf` or `anyOf`, which the parser reads as a
//! schema of no one kind.

use generator::ir::{RustType, TypeKind};

use crate::{kind, messages, resolve, spec, warning};
use generator::Severity;

/// A spec with no paths and these component schemas (YAML, indented by four spaces), plus
/// `Base` (`id`) and `Extra` (`note`), two objects.
fn schemas(schemas: &str) -> String {
    spec("  {}", "").replace(
        "  schemas: {}\n",
        &format!(
            "  schemas:
    Base: {{type: object, required: [id], properties: {{id: {{type: string}}}}}}
    Extra: {{type: object, properties: {{note: {{type: string}}}}}}
{schemas}
"
        ),
    )
}

/// The fields of struct `name`: JSON name and whether it is required.
fn fields(api: &generator::ir::Api, name: &str) -> Vec<(String, bool)> {
    match kind(api, name) {
        TypeKind::Struct(fields) => fields
            .iter()
            .map(|field| (field.json_name.clone(), field.required))
            .collect(),
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

fn owned(fields: &[(&str, bool)]) -> Vec<(String, bool)> {
    fields
        .iter()
        .map(|(name, required)| ((*name).to_owned(), *required))
        .collect()
}

#[test]
fn all_of_beside_a_type_merges_its_parts() {
    let (api, _) = resolve(&schemas(
        "    Both:
      type: object
      allOf: [{$ref: '#/components/schemas/Base'}, {$ref: '#/components/schemas/Extra'}]
    Own:
      type: object
      properties: {own: {type: integer}}
      allOf: [{$ref: '#/components/schemas/Base'}]",
    ));
    assert_eq!(
        fields(&api, "Both"),
        owned(&[("id", true), ("note", false)])
    );
    assert_eq!(fields(&api, "Own"), owned(&[("id", true), ("own", false)]));
}

#[test]
fn properties_beside_alternatives_take_every_alternatives_properties_as_optional() {
    let (api, _) = resolve(&schemas(
        "    WithOneOf:
      properties: {kind: {type: string}}
      required: [kind]
      oneOf: [{$ref: '#/components/schemas/Base'}, {$ref: '#/components/schemas/Extra'}]
    WithAnyOf:
      type: object
      properties: {kind: {type: string}}
      anyOf: [{$ref: '#/components/schemas/Base'}, {$ref: '#/components/schemas/Extra'}]",
    ));
    let expected = owned(&[("id", false), ("kind", true), ("note", false)]);
    assert_eq!(fields(&api, "WithOneOf"), expected);
    let expected = owned(&[("id", false), ("kind", false), ("note", false)]);
    assert_eq!(fields(&api, "WithAnyOf"), expected);
}

#[test]
fn alternatives_beside_a_type_alone_are_a_union() {
    let (api, _) = resolve(&schemas(
        "    One:
      type: object
      oneOf: [{$ref: '#/components/schemas/Base'}, {type: string}]
    Any:
      type: object
      anyOf: [{type: boolean}, {$ref: '#/components/schemas/Extra'}]",
    ));
    let variants = |name: &str| match kind(&api, name) {
        TypeKind::Untagged(alternatives) => alternatives
            .iter()
            .map(|alternative| (alternative.rust_name.clone(), alternative.ty.clone()))
            .collect::<Vec<_>>(),
        other => panic!("`{name}` is not a union: {other:?}"),
    };
    let named = |name: &str| RustType::Named(name.to_owned());
    assert_eq!(
        variants("One"),
        [
            ("Base".to_owned(), named("Base")),
            ("String".to_owned(), RustType::String)
        ]
    );
    assert_eq!(
        variants("Any"),
        [
            ("Boolean".to_owned(), RustType::Bool),
            ("Extra".to_owned(), named("Extra"))
        ]
    );
}

#[test]
fn properties_without_a_type_are_a_struct_whose_required_names_are_checked() {
    let (api, diagnostics) = resolve(&schemas(
        "    Untyped:
      properties: {name: {type: string}}
      required: [name, missing]",
    ));
    assert_eq!(fields(&api, "Untyped"), owned(&[("name", true)]));
    let (message, pointer) = warning(&diagnostics, "`missing` is required");
    assert_eq!(
        message,
        "`missing` is required but not listed in `properties`"
    );
    assert_eq!(pointer, "#/components/schemas/Untyped/required");
}

#[test]
fn a_scalar_type_beside_a_lone_reference_is_the_referenced_type() {
    let (api, diagnostics) = resolve(&schemas(
        "    Color: {type: string, enum: [red, green]}
    Holder:
      type: object
      properties:
        color: {type: string, allOf: [{$ref: '#/components/schemas/Color'}]}",
    ));
    let TypeKind::Struct(fields) = kind(&api, "Holder") else {
        panic!("{:?}", kind(&api, "Holder"))
    };
    assert_eq!(fields[0].ty, RustType::Named("Color".to_owned()));
    assert!(
        messages(&diagnostics, Severity::Warning, "").is_empty(),
        "{diagnostics:?}"
    );
}

#[test]
fn a_lone_reference_beside_annotations_is_the_referenced_type() {
    let (api, _) = resolve(&schemas(
        "    Holder:
      type: object
      properties:
        base:
          allOf: [{$ref: '#/components/schemas/Base'}, {description: The base., nullable: true}]",
    ));
    let TypeKind::Struct(fields) = kind(&api, "Holder") else {
        panic!("{:?}", kind(&api, "Holder"))
    };
    assert_eq!(fields[0].ty, RustType::Named("Base".to_owned()));
    assert_eq!(api.types.len(), 3, "{:?}", api.types);
}

#[test]
fn alternatives_inside_all_of_add_their_properties_as_optional() {
    let (api, _) = resolve(&schemas(
        "    Target:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - oneOf: [{$ref: '#/components/schemas/Extra'}, {type: string}]",
    ));
    assert_eq!(
        fields(&api, "Target"),
        owned(&[("id", true), ("note", false)])
    );
}

#[test]
fn a_part_of_a_scalar_type_cannot_be_merged_even_beside_keywords() {
    let (api, diagnostics) = resolve(&schemas(
        "    Mixed:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - {type: string, allOf: [{$ref: '#/components/schemas/Extra'}]}",
    ));
    assert_eq!(kind(&api, "Mixed"), &TypeKind::Alias(RustType::Json));
    let pointers: Vec<&str> = diagnostics
        .0
        .iter()
        .filter(|found| found.message.starts_with("allOf combines objects"))
        .map(|found| found.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["#/components/schemas/Mixed/allOf"]);
}

#[test]
fn all_of_cycles_through_several_parts_end() {
    // Each schema extends the two others: the parts are merged once each, not followed
    // round the cycles until the depth limit (which would take 2^32 steps).
    let (api, _) = resolve(&schemas(
        "    A:
      properties: {a: {type: string}}
      allOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/C'}]
    B:
      properties: {b: {type: string}}
      allOf: [{$ref: '#/components/schemas/C'}, {$ref: '#/components/schemas/A'}]
    C:
      properties: {c: {type: string}}
      allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]",
    ));
    let all = owned(&[("a", false), ("b", false), ("c", false)]);
    for name in ["A", "B", "C"] {
        assert_eq!(fields(&api, name), all, "{name}");
    }
}

#[test]
fn a_part_with_a_type_is_no_annotation() {
    // `minLength` beside `type: object` makes the parser read the part as no one kind, with
    // only a type: not an annotation, so `Base` is extended (into a struct of its own), not
    // merely described.
    let (api, diagnostics) = resolve(&schemas(
        "    Holder:
      type: object
      properties:
        own:
          allOf: [{$ref: '#/components/schemas/Base'}, {type: object, minLength: 1}]",
    ));
    let TypeKind::Struct(holder) = kind(&api, "Holder") else {
        panic!("{:?}", kind(&api, "Holder"))
    };
    assert_eq!(holder[0].ty, RustType::Named("HolderOwn".to_owned()));
    assert_eq!(fields(&api, "HolderOwn"), owned(&[("id", true)]));
    assert!(
        messages(&diagnostics, Severity::Warning, "").is_empty(),
        "{diagnostics:?}"
    );
}

#[test]
fn parts_that_disagree_on_a_property_make_it_any_json_without_bounds() {
    let (api, _) = resolve(&schemas(
        "    Merged:
      allOf:
        - {type: object, properties: {count: {type: integer, minimum: 1, maximum: 9}, same: {type: integer, minimum: 0}}}
        - {type: object, properties: {count: {type: integer, minimum: 5}, same: {type: integer, minimum: 0}}}",
    ));
    let TypeKind::Struct(fields) = kind(&api, "Merged") else {
        panic!("{:?}", kind(&api, "Merged"))
    };
    let summary: Vec<(&str, &RustType, Option<i128>, Option<i128>)> = fields
        .iter()
        .map(|field| {
            (
                field.json_name.as_str(),
                &field.ty,
                field.minimum,
                field.maximum,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("count", &RustType::Json, None, None),
            ("same", &RustType::I64, Some(0), None)
        ]
    );
}
