//! Request bodies (`generator/src/resolve/bodies.rs`): which declared media type is sent, how,
//! and what type the body has.

use generator::ir::{Body, BodyEncoding, MultipartField, RustType};

use crate::{operation, resolve, spec, warning};

/// One `POST /things` operation `op` with this request body (YAML, indented by eight spaces)
/// and these components (indented by two).
fn with_body(body: &str, components: &str) -> String {
    spec(
        &format!(
            "  /things:
    post:
      operationId: op
      requestBody:
{body}
      responses: {{\"204\": {{description: done}}}}"
        ),
        components,
    )
}

/// The request body of operation `op`.
fn body(text: &str) -> Body {
    let (api, _) = resolve(text);
    operation(&api, "op")
        .body
        .clone()
        .unwrap_or_else(|| panic!("no body"))
}

fn named(name: &str) -> RustType {
    RustType::Named(name.to_owned())
}

/// `text` with these component schemas (YAML, indented by four spaces).
fn with_schemas(text: String, schemas: &str) -> String {
    text.replace("  schemas: {}\n", &format!("  schemas:\n{schemas}\n"))
}

#[test]
fn raw_media_types_are_preferred_to_any_other() {
    // `application/aaa` sorts before each of them: only the preference picks the raw type.
    for raw in [
        "application/octet-stream",
        "image/png",
        "audio/mpeg",
        "video/mp4",
        "application/pdf",
        "application/zip",
        "text/plain",
    ] {
        let text = with_body(
            &format!(
                "        content:
          application/aaa: {{schema: {{type: string, format: binary}}}}
          {raw}: {{schema: {{type: string, format: binary}}}}"
            ),
            "",
        );
        let body = body(&text);
        assert_eq!(body.encoding, BodyEncoding::Binary(raw.to_owned()), "{raw}");
        assert_eq!(body.ty, RustType::Bytes, "{raw}");
    }
}

#[test]
fn a_referenced_request_body_is_followed() {
    let text = with_body(
        "        $ref: '#/components/requestBodies/Upload'",
        "  requestBodies:
    Upload:
      description: The thing.
      required: true
      content:
        application/json: {schema: {type: object, properties: {name: {type: string}}}}",
    );
    let body = body(&text);
    assert_eq!(body.encoding, BodyEncoding::Json);
    assert_eq!(body.ty, named("OpBody"));
    assert!(body.required);
    assert_eq!(body.docs.as_deref(), Some("The thing."));
}

#[test]
fn a_multipart_body_through_an_alias_has_the_aliased_structs_parts() {
    let text = with_schemas(
        with_body(
            "        content:
          multipart/form-data: {schema: {$ref: '#/components/schemas/Upload'}}",
            "",
        ),
        "    Upload: {$ref: '#/components/schemas/Form'}
    Form:
      type: object
      required: [file]
      properties:
        file: {type: string, format: binary}
        note: {type: string}",
    );
    let body = body(&text);
    assert_eq!(
        body.encoding,
        BodyEncoding::Multipart(vec![
            MultipartField {
                json_name: "file".to_owned(),
                rust_name: "file".to_owned(),
                optional: false,
                binary: true,
            },
            MultipartField {
                json_name: "note".to_owned(),
                rust_name: "note".to_owned(),
                optional: true,
                binary: false,
            },
        ])
    );
}

/// Aliases of each other are typed as any JSON once the operations are resolved; until then,
/// looking through them for the body's struct must not go round the cycle forever (it
/// overflowed the stack).
#[test]
fn a_body_typed_by_aliases_of_each_other_is_no_struct() {
    let schemas = "    Loop: {$ref: '#/components/schemas/Back'}
    Back: {$ref: '#/components/schemas/Loop'}";
    let json = with_schemas(
        with_body(
            "        content:
          application/json: {schema: {$ref: '#/components/schemas/Loop'}}",
            "",
        ),
        schemas,
    );
    let body = body(&json);
    assert_eq!(body.encoding, BodyEncoding::Json);
    assert_eq!(body.bounded_fields, []);
    let multipart = with_schemas(
        with_body(
            "        content:
          multipart/form-data: {schema: {$ref: '#/components/schemas/Loop'}}",
            "",
        ),
        schemas,
    );
    let (api, diagnostics) = resolve(&multipart);
    assert_eq!(api.skipped.len(), 1, "{:?}", api.skipped);
    let pointers: Vec<&str> = diagnostics
        .0
        .iter()
        .filter(|found| {
            found
                .message
                .starts_with("a multipart body must be an object")
        })
        .map(|found| found.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        ["#/paths/~1things/post/requestBody/content/multipart~1form-data/schema"]
    );
}

#[test]
fn json_is_preferred_then_forms_then_multipart_then_raw_bytes() {
    let declared = [
        ("text/plain", "{type: string}"),
        (
            "multipart/form-data",
            "{type: object, properties: {part: {type: string}}}",
        ),
        (
            "application/x-www-form-urlencoded",
            "{type: object, properties: {field: {type: string}}}",
        ),
        ("application/aaa+json", "{type: string}"),
        ("Application/JSON; charset=utf-8", "{type: integer}"),
    ];
    let expected = [
        (BodyEncoding::Json, RustType::I64),
        (BodyEncoding::Json, RustType::String),
        (BodyEncoding::Form, named("OpBody")),
        (
            BodyEncoding::Multipart(vec![MultipartField {
                json_name: "part".to_owned(),
                rust_name: "part".to_owned(),
                optional: true,
                binary: false,
            }]),
            named("OpBody"),
        ),
        (
            BodyEncoding::Binary("text/plain".to_owned()),
            RustType::Bytes,
        ),
    ];
    // Each round declares one media type fewer: the preferred one of the round before.
    for (round, (encoding, ty)) in expected.into_iter().enumerate() {
        let content: Vec<String> = declared[..declared.len() - round]
            .iter()
            .map(|(media_type, schema)| format!("          {media_type}: {{schema: {schema}}}"))
            .collect();
        let text = with_body(&format!("        content:\n{}", content.join("\n")), "");
        let (api, diagnostics) = resolve(&text);
        let body = operation(&api, "op").body.clone().expect("a body");
        assert_eq!(
            (&body.encoding, &body.ty),
            (&encoding, &ty),
            "round {round}"
        );
        if round == 0 {
            let (message, pointer) = warning(&diagnostics, "other media types");
            assert_eq!(
                message,
                "the request body is sent as `Application/JSON; charset=utf-8`; the other media types declared for it (application/aaa+json, application/x-www-form-urlencoded, multipart/form-data, text/plain) are not generated"
            );
            assert_eq!(pointer, "#/paths/~1things/post/requestBody/content");
        }
    }
}
