//! Emission (`generator/src/emit/`): what the generated source says, where no focused spec's
//! snapshot pins it.

use crate::spec;

/// The generated file `name` of `text`'s client.
fn generated_file(text: &str, name: &str) -> String {
    let options = generator::Options {
        spec_name: "spec.yaml".to_owned(),
    };
    let files = generator::generate_from_text(text, &options)
        .unwrap_or_else(|errors| panic!("generation failed: {errors}"));
    files
        .files
        .into_iter()
        .find(|(file, _)| file == name)
        .unwrap_or_else(|| panic!("no file `{name}`"))
        .1
}

#[test]
fn only_accessors_with_more_than_six_arguments_allow_many() {
    let segments = "{p1}/{p2}/{p3}/{p4}/{p5}/{p6}";
    let params: Vec<String> = (1..=6)
        .map(|n| format!("{{name: p{n}, in: path, required: true, schema: {{type: string}}}}"))
        .collect();
    let params = params.join(", ");
    let text = spec(
        &format!(
            "  /six/{segments}:
    get: {{operationId: six, parameters: [{params}], responses: {{\"204\": {{description: done}}}}}}
  /seven/{segments}:
    post:
      operationId: seven
      parameters: [{params}]
      requestBody: {{required: true, content: {{application/json: {{schema: {{type: string}}}}}}}}
      responses: {{\"204\": {{description: done}}}}"
        ),
        "",
    );
    let area = generated_file(&text, "general.rs");
    let allow = "#[allow(clippy::too_many_arguments)]";
    assert_eq!(area.matches(allow).count(), 1, "{area}");
    let after = &area[area.find(allow).unwrap()..];
    assert!(
        after
            .split("pub fn ")
            .nth(1)
            .is_some_and(|rest| rest.starts_with("seven(")),
        "{area}"
    );
}

#[test]
fn models_left_out_with_an_area_allow_the_imports_only_they_use() {
    // `Pet` goes both ways (no serde direction is gated), but only the `pets` area uses it.
    let text = spec(
        "  /pets:
    post:
      operationId: addPet
      tags: [pets]
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
      responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}
  /ping:
    get: {operationId: ping, tags: [health], responses: {\"204\": {description: done}}}",
        "    Pet: {type: object, properties: {born: {type: string, format: date-time}}}",
    )
    .replace("  schemas: {}\n", "  schemas:\n");
    let models = generated_file(&text, "models.rs");
    assert!(models.contains("#![allow(unused_imports)]"), "{models}");
    assert!(models.contains("#[cfg(feature = \"pets\")]"), "{models}");
}

#[test]
fn a_generated_type_named_like_an_import_keeps_the_import_in_full() {
    let text = spec("  {}", "    Value: {type: object, properties: {data: {}}}")
        .replace("  schemas: {}\n", "  schemas:\n");
    let models = generated_file(&text, "models.rs");
    assert!(models.contains("pub struct Value {"), "{models}");
    assert!(models.contains("serde_json::Value"), "{models}");
    assert!(!models.contains("use serde_json::Value;"), "{models}");
}

#[test]
fn constant_headers_and_cookies_secrets_space_delimited_lists_and_i32_bounds_are_sent_as_such() {
    let text = spec(
        "  /a:
    get:
      operationId: getA
      parameters:
        - {name: X-Version, in: header, required: true, schema: {type: string, enum: [\"2\"]}}
        - {name: flavour, in: cookie, required: true, schema: {type: string, enum: [plain]}}
        - {name: n, in: query, required: true, schema: {type: integer, format: int32, minimum: 1}}
        - {name: token, in: query, schema: {type: string, format: password}}
        - {name: ids, in: query, style: spaceDelimited, explode: false, schema: {type: array, items: {type: string}}}
      responses: {\"204\": {description: done}}",
        "",
    );
    let area = generated_file(&text, "general.rs");
    for expected in [
        "request.header(\"X-Version\", &\"2\");",
        "request.cookie(\"flavour\", &\"plain\");",
        "request.check_range(\"n\", i64::from(self.n), Some(1i64), None);",
        "request.query(\"token\", value.expose());",
        "request.query_serialized(\"ids\", value, Style::SpaceDelimited);",
    ] {
        assert!(area.contains(expected), "{expected} in {area}");
    }
}

#[test]
fn mock_expectations_match_secrets_exposed_and_space_delimited_lists_as_sent() {
    let text = spec(
        "  /a:
    get:
      operationId: getA
      parameters:
        - {name: token, in: query, schema: {type: string, format: password}}
        - {name: ids, in: query, style: spaceDelimited, explode: false, schema: {type: array, items: {type: string}}}
      responses: {\"204\": {description: done}}",
        "",
    );
    let mock = generated_file(&text, "mock_general.rs");
    for expected in [
        "self.expectation.query(\"token\", value.expose());",
        "self.expectation.query_serialized(\"ids\", &value, Style::SpaceDelimited);",
    ] {
        assert!(mock.contains(expected), "{expected} in {mock}");
    }
}

#[test]
fn a_range_error_is_answered_with_a_status_of_the_range_nothing_else_claims() {
    let responses = |codes: std::ops::RangeInclusive<u16>| {
        let codes: Vec<String> = codes
            .map(|code| format!("\"{code}\": {{description: e{code}}}"))
            .collect();
        codes.join(", ")
    };
    let text = |codes| {
        spec(
            &format!(
                "  /a:
    get:
      operationId: getA
      responses: {{\"204\": {{description: done}}, \"4XX\": {{description: client}}, {}}}",
                responses(codes)
            ),
            "",
        )
    };
    let mock = generated_file(&text(400..=400), "mock_general.rs");
    assert!(
        mock.contains("GetAError::ClientError => self.expectation.respond_status(401u16)"),
        "{mock}"
    );
    // Every code of the range declared on its own: the fallback, 500, even when declared too.
    let mock = generated_file(&text(400..=500), "mock_general.rs");
    let range_arm = mock
        .lines()
        .find(|line| line.contains("GetAError::ClientError =>"))
        .unwrap_or_default();
    assert!(
        range_arm.contains("respond_status(500u16)"),
        "{range_arm} in {mock}"
    );
}
