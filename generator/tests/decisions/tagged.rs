//! Discriminators (`generator/src/resolve/schemas_tagged.rs`): which schemas become tagged
//! unions, and their tags.

use generator::ir::{RustType, TypeKind};

use crate::{kind, resolve, spec, warning};

/// A spec with no paths and these component schemas (YAML, indented by four spaces), plus
/// `Cat` and `Dog`, objects with a `kind`.
fn schemas(schemas: &str) -> String {
    spec("  {}", "").replace(
        "  schemas: {}\n",
        &format!(
            "  schemas:
    Cat: {{type: object, properties: {{kind: {{type: string}}, meow: {{type: boolean}}}}}}
    Dog: {{type: object, properties: {{kind: {{type: string}}, bark: {{type: boolean}}}}}}
{schemas}
"
        ),
    )
}

/// The tags of the tagged union `name` and the types they select.
fn tags(api: &generator::ir::Api, name: &str) -> Vec<(String, RustType)> {
    match kind(api, name) {
        TypeKind::Tagged(union) => union
            .variants
            .iter()
            .map(|variant| (variant.tag.clone(), variant.ty.clone()))
            .collect(),
        other => panic!("`{name}` is not a tagged union: {other:?}"),
    }
}

fn tag(tag: &str, name: &str) -> (String, RustType) {
    (tag.to_owned(), RustType::Named(name.to_owned()))
}

#[test]
fn alternatives_beside_a_type_are_tagged_too() {
    let (api, _) = resolve(&schemas(
        "    One:
      type: object
      discriminator: {propertyName: kind}
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
    Any:
      type: object
      discriminator: {propertyName: kind}
      anyOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}]",
    ));
    assert_eq!(tags(&api, "One"), [tag("Cat", "Cat"), tag("Dog", "Dog")]);
    assert_eq!(tags(&api, "Any"), [tag("Dog", "Dog"), tag("Cat", "Cat")]);
}

#[test]
fn a_tag_naming_the_union_itself_is_dropped_with_a_warning() {
    let (api, diagnostics) = resolve(&schemas(
        "    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}]
      discriminator:
        propertyName: kind
        mapping: {pet: '#/components/schemas/Pet', cat: Cat}",
    ));
    assert_eq!(tags(&api, "Pet"), [tag("cat", "Cat")]);
    let (message, pointer) = warning(&diagnostics, "names the schema that declares");
    assert_eq!(
        message,
        "tag `pet` names the schema that declares the discriminator; objects with it decode into `Unknown`"
    );
    assert_eq!(
        pointer,
        "#/components/schemas/Pet/discriminator/mapping/pet"
    );
}

#[test]
fn a_mapping_value_with_a_slash_is_a_reference_not_a_name() {
    // `a/b` names a schema, but a mapping value with `/` or `#` is a reference (here to
    // another document), never a bare name.
    let (api, diagnostics) = resolve(&schemas(
        "    a/b: {type: object, properties: {kind: {type: string}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}]
      discriminator:
        propertyName: kind
        mapping: {odd: a/b, cat: Cat}",
    ));
    assert_eq!(tags(&api, "Pet"), [tag("cat", "Cat")]);
    let (message, pointer) = warning(&diagnostics, "is not a schema of components.schemas");
    assert_eq!(
        message,
        "`a/b` is not a schema of components.schemas; objects tagged `odd` decode into `Unknown`"
    );
    assert_eq!(
        pointer,
        "#/components/schemas/Pet/discriminator/mapping/odd"
    );
}

#[test]
fn only_a_base_without_alternatives_or_mapping_takes_the_schemas_extending_it() {
    let (api, _) = resolve(&schemas(
        "    Base:
      type: object
      discriminator: {propertyName: kind}
      properties: {kind: {type: string}}
    Plain:
      allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {a: {type: string}}}]
    Mixed:
      allOf: [{$ref: '#/components/schemas/Base'}]
      properties: {b: {type: string}}
    Listed:
      oneOf: [{$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: kind}
    Extension:
      allOf: [{$ref: '#/components/schemas/Listed'}, {type: object, properties: {c: {type: string}}}]",
    ));
    assert_eq!(
        tags(&api, "Base"),
        [tag("Mixed", "Mixed"), tag("Plain", "Plain")]
    );
    // `Listed` has alternatives: a schema extending it is not one of them.
    assert_eq!(tags(&api, "Listed"), [tag("Cat", "Cat")]);
}

#[test]
fn a_mapping_value_must_point_into_the_component_schemas() {
    let (api, diagnostics) = resolve(&schemas(
        "    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}]
      discriminator:
        propertyName: kind
        mapping: {odd: '#/components/responses/Dog', other: '#/definitions/schemas/Dog', cat: Cat}",
    ));
    assert_eq!(tags(&api, "Pet"), [tag("cat", "Cat")]);
    for (tag, target) in [
        ("odd", "#/components/responses/Dog"),
        ("other", "#/definitions/schemas/Dog"),
    ] {
        let (message, pointer) = warning(&diagnostics, &format!("tagged `{tag}`"));
        assert_eq!(
            message,
            format!("`{target}` is not a schema of components.schemas; objects tagged `{tag}` decode into `Unknown`")
        );
        assert_eq!(
            pointer,
            format!("#/components/schemas/Pet/discriminator/mapping/{tag}")
        );
    }
}

#[test]
fn a_tag_must_select_an_object() {
    // `Typed` is an object the parser reads as no one kind; `Odd` a string it reads so.
    let (api, diagnostics) = resolve(&schemas(
        "    Typed:
      type: object
      properties: {kind: {type: string}}
      allOf: [{$ref: '#/components/schemas/Cat'}]
    Odd: {type: string, minimum: 1}
    Objects:
      oneOf: [{$ref: '#/components/schemas/Typed'}, {$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: kind}
    WithAString:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Odd'}]
      discriminator: {propertyName: kind}",
    ));
    assert_eq!(
        tags(&api, "Objects"),
        [tag("Typed", "Typed"), tag("Cat", "Cat")]
    );
    assert!(
        matches!(kind(&api, "WithAString"), TypeKind::Untagged(_)),
        "{:?}",
        kind(&api, "WithAString")
    );
    let (message, pointer) = warning(&diagnostics, "which is not an object");
    assert_eq!(
        message,
        "tag `Odd` names `Odd`, which is not an object and cannot carry the tag; the alternatives are tried in order instead"
    );
    assert_eq!(pointer, "#/components/schemas/WithAString/discriminator");
}

#[test]
fn inline_alternatives_are_tagged_by_the_one_value_their_tag_allows() {
    // The first alternative has no `type`, nor has its tag: both read as no one kind.
    let (api, _) = resolve(&schemas(
        "    Pet:
      discriminator: {propertyName: kind}
      oneOf:
        - properties: {kind: {enum: [cat]}, meow: {type: boolean}}
        - {type: object, properties: {kind: {type: string, enum: [dog]}}}",
    ));
    assert_eq!(
        tags(&api, "Pet"),
        [tag("cat", "PetCat"), tag("dog", "PetDog")]
    );
}
