//! Loading (`generator/src/load.rs`, `salvage.rs`, `yaml_value.rs`, `positions.rs`): what
//! stops a document, what only leaves a piece of it out, and where each finding points.

use generator::{Location, Severity};

#[test]
fn an_error_outside_any_piece_that_can_be_left_out_stops_the_load() {
    // The value is dropped and the rest converts, but nothing can be left out for it.
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1', x-ratio: .inf}\npaths: {}\n";
    let errors = generator::load_document(text).unwrap_err();
    let found: Vec<(Severity, &str, Option<Location>)> = errors
        .0
        .iter()
        .map(|d| (d.severity, d.pointer.as_str(), d.location))
        .collect();
    assert_eq!(
        found,
        [(
            Severity::Error,
            "#/info/x-ratio",
            Some(Location {
                line: 2,
                column: 32
            })
        )],
        "{errors}"
    );
    assert!(generator::generate_from_text(text, &options()).is_err());
}

fn options() -> generator::Options {
    generator::Options {
        spec_name: "spec.yaml".to_owned(),
    }
}

/// The findings of loading `text`, which loads (leaving out what is broken): (pointer,
/// message), errors having become warnings.
fn findings(text: &str) -> Vec<(String, String)> {
    let document = generator::load_document(text).unwrap_or_else(|errors| panic!("{errors}"));
    document
        .warnings
        .0
        .into_iter()
        .map(|d| (d.pointer, d.message))
        .collect()
}

/// The findings of loading `text`, which must fail: (pointer, message).
fn errors(text: &str) -> Vec<(String, String)> {
    let Err(errors) = generator::load_document(text) else {
        panic!("loaded");
    };
    errors
        .0
        .into_iter()
        .map(|d| (d.pointer, d.message))
        .collect()
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn yaml_keys_that_are_booleans_or_null_are_names() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n        true: {{type: string}}\n        null: {{type: string}}\n        404: {{type: string}}\n"
    );
    let document = generator::load_document(&text).unwrap_or_else(|errors| panic!("{errors}"));
    assert!(document.warnings.is_empty(), "{}", document.warnings);
    let components = document.spec.components.unwrap();
    let schema = components.schemas["S"].as_item().unwrap();
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
        panic!("{schema:?}");
    };
    let names: Vec<&str> = object.properties.keys().map(String::as_str).collect();
    assert_eq!(names, ["404", "null", "true"]);
}

#[test]
fn slots_of_the_wrong_shape_are_named_and_extensions_and_boolean_additional_properties_are_not_slots(
) {
    let text = format!(
        "{HEAD}paths:
  x-note: 3
  /c:
    get:
      parameters: {{q: 1}}
      responses: {{\"204\": {{description: done}}}}
  /a:
    post:
      requestBody: true
      responses: {{\"204\": {{description: done}}}}
  /b:
    get:
      responses:
        \"200\":
          description: ok
          content:
            application/json:
              schema: {{type: object, additionalProperties: true, discriminator: 3}}
"
    );
    let found = findings(&text);
    for expected in [
        (
            "#/paths/~1a/post/requestBody",
            "not valid OpenAPI 3.0: `requestBody` must be a mapping, found a boolean",
        ),
        (
            "#/paths/~1c/get/parameters",
            "not valid OpenAPI 3.0: `parameters` must be a sequence, found a mapping",
        ),
    ] {
        assert!(
            found
                .iter()
                .any(|(pointer, message)| (pointer.as_str(), message.as_str()) == expected),
            "{expected:?} in {found:#?}"
        );
    }
    // The extensions of the paths object are not path items.
    assert!(
        found.iter().all(|(pointer, _)| !pointer.contains("x-note")),
        "{found:#?}"
    );
    assert!(
        found.iter().all(
            |(pointer, message)| !pointer.contains("additionalProperties")
                && !message.contains("additionalProperties")
        ),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|(pointer, _)| pointer
            .starts_with("#/paths/~1b/get/responses/200/content/application~1json/schema")),
        "{found:#?}"
    );
}

#[test]
fn only_schemas_are_held_to_the_schema_keywords_and_references_stand_for_their_target() {
    // `required: true` is right for a parameter (wrong in a schema); a `$ref` parameter is
    // not a parameter object. Neither is reported when the operation is broken elsewhere.
    let text = format!(
        "{HEAD}paths:
  /a:
    get:
      parameters:
        - {{$ref: '#/components/parameters/Q'}}
        - {{name: r, in: query, required: true, style: sideways, schema: {{type: string}}}}
      responses: 7
components:
  parameters:
    Q: {{name: q, in: query, schema: {{type: string}}}}
"
    );
    let found = findings(&text);
    let pointers: Vec<&str> = found.iter().map(|(pointer, _)| pointer.as_str()).collect();
    assert!(
        !pointers.iter().any(|pointer| pointer.ends_with("/required")
            || pointer.starts_with("#/paths/~1a/get/parameters/0")),
        "{found:#?}"
    );
    assert!(
        pointers.contains(&"#/paths/~1a/get/responses"),
        "{found:#?}"
    );
    assert!(
        pointers
            .iter()
            .any(|pointer| pointer.starts_with("#/paths/~1a/get/parameters/1")),
        "{found:#?}"
    );
}

#[test]
fn a_reference_does_not_hide_the_slots_of_what_cannot_be_one() {
    // Components are never a `$ref`: their broken slot is still named.
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  $ref: '#/x'\n  schemas: 3\n");
    assert_eq!(
        errors(&text),
        [(
            "#/components/schemas".to_owned(),
            "not valid OpenAPI 3.0: `schemas` must be a mapping, found a number".to_owned()
        )]
    );
}
