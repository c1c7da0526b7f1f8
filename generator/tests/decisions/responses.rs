//! Responses (`generator/src/resolve/responses.rs`): which statuses succeed, the success body,
//! and the error variants.

use generator::ir::{Api, Outcome, Payload, RustType, StatusMatch};

use crate::{operation, resolve, spec, warning};

/// One `GET /things` operation `op` with these responses (YAML, indented by eight spaces).
fn with_responses(responses: &str, components: &str) -> String {
    spec(
        &format!(
            "  /things:
    get:
      operationId: op
      responses:
{responses}"
        ),
        components,
    )
}

/// The success statuses and body of operation `op`.
fn success(api: &Api) -> (Vec<u16>, Option<Payload>) {
    match &operation(api, "op").outcome {
        Outcome::Call { statuses, body } => (statuses.clone(), body.clone()),
        other => panic!("not a call: {other:?}"),
    }
}

/// The error responses of operation `op`: status and variant.
fn errors(api: &Api) -> Vec<(StatusMatch, String)> {
    operation(api, "op")
        .errors
        .iter()
        .map(|error| (error.status, error.variant.clone()))
        .collect()
}

fn json(name: &str) -> Option<Payload> {
    Some(Payload::Json(RustType::Named(name.to_owned())))
}

const THING: &str = "content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}";

/// `text` with the component schemas `Thing` and `Other`.
fn with_things(text: String) -> String {
    text.replace(
        "  schemas: {}\n",
        "  schemas:\n    Thing: {type: object, properties: {id: {type: string}}}\n    Other: {type: object, properties: {name: {type: string}}}\n",
    )
}

#[test]
fn error_variants_are_named_after_their_status() {
    let codes = [
        (300, "MultipleChoices"),
        (301, "MovedPermanently"),
        (302, "Found"),
        (303, "SeeOther"),
        (304, "NotModified"),
        (307, "TemporaryRedirect"),
        (308, "PermanentRedirect"),
        (400, "BadRequest"),
        (401, "Unauthorized"),
        (402, "PaymentRequired"),
        (403, "Forbidden"),
        (404, "NotFound"),
        (405, "MethodNotAllowed"),
        (406, "NotAcceptable"),
        (408, "RequestTimeout"),
        (409, "Conflict"),
        (410, "Gone"),
        (412, "PreconditionFailed"),
        (413, "PayloadTooLarge"),
        (415, "UnsupportedMediaType"),
        (418, "Status418"),
        (422, "UnprocessableEntity"),
        (423, "Locked"),
        (429, "TooManyRequests"),
        (500, "InternalServerError"),
        (501, "NotImplemented"),
        (502, "BadGateway"),
        (503, "ServiceUnavailable"),
        (504, "GatewayTimeout"),
        (599, "Status599"),
    ];
    let mut responses = String::from("        \"200\": {description: ok}\n");
    for (code, _) in codes {
        responses.push_str(&format!(
            "        \"{code}\": {{description: status {code}}}\n"
        ));
    }
    responses.push_str(
        "        1XX: {description: informational}
        4XX: {description: client}
        5XX: {description: server}
        default: {description: anything else}",
    );
    let (api, _) = resolve(&with_responses(&responses, ""));
    let mut expected: Vec<(StatusMatch, String)> = codes
        .iter()
        .map(|(code, name)| (StatusMatch::Code(*code), (*name).to_owned()))
        .collect();
    expected.extend([
        (StatusMatch::Range(1), "Status1xx".to_owned()),
        (StatusMatch::Range(4), "ClientError".to_owned()),
        (StatusMatch::Range(5), "ServerError".to_owned()),
        (StatusMatch::Default, "Other".to_owned()),
    ]);
    assert_eq!(errors(&api), expected);
    assert_eq!(success(&api), (vec![200], None));
    let docs = operation(&api, "op").errors[0].docs.as_deref();
    assert_eq!(docs, Some("status 300"));
}

#[test]
fn error_bodies_and_empty_descriptions() {
    let text = with_things(with_responses(
        &format!(
            "        \"200\": {{description: ok, {THING}}}
        \"404\": {{description: '', {THING}}}
        \"409\":
          description: conflict
          content: {{application/json: {{schema: {{type: object, properties: {{why: {{type: string}}}}}}}}}}
        \"500\": {{description: broken, content: {{text/plain: {{schema: {{type: string}}}}}}}}"
        ),
        "",
    ));
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    let found: Vec<(&str, Option<&Payload>, Option<&str>)> = op
        .errors
        .iter()
        .map(|error| {
            (
                error.variant.as_str(),
                error.body.as_ref(),
                error.docs.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("NotFound", json("Thing").as_ref(), None),
            ("Conflict", json("OpConflict").as_ref(), Some("conflict")),
            ("InternalServerError", Some(&Payload::Text), Some("broken")),
        ]
    );
}

#[test]
fn every_success_status_shares_the_first_ones_body() {
    let text = with_things(with_responses(
        &format!(
            "        \"201\": {{description: created, {THING}}}
        \"200\": {{description: ok, {THING}}}"
        ),
        "",
    ));
    let (api, diagnostics) = resolve(&text);
    assert_eq!(success(&api), (vec![200, 201], json("Thing")));
    assert!(diagnostics.0.is_empty(), "{diagnostics:#?}");
}

#[test]
fn an_inline_success_body_is_named_after_the_operation() {
    let text = with_responses(
        "        \"200\":
          description: ok
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}",
        "",
    );
    let (api, _) = resolve(&text);
    assert_eq!(success(&api), (vec![200], json("OpResponse")));
}

#[test]
fn a_success_status_with_another_body_is_decoded_as_the_first() {
    let text = with_things(with_responses(
        &format!(
            "        \"200\": {{description: ok, {THING}}}
        \"201\": {{description: created, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Other'}}}}}}}}"
        ),
        "",
    ));
    let (api, diagnostics) = resolve(&text);
    assert_eq!(success(&api), (vec![200, 201], json("Thing")));
    let (message, pointer) = warning(&diagnostics, "different body");
    assert_eq!(
        message,
        "success status 201 has a different body than the first success status; it is decoded as that one"
    );
    assert_eq!(pointer, "#/paths/~1things/get/responses/201");
}

#[test]
fn a_success_status_without_a_body_makes_the_body_optional() {
    for (first, second) in [(THING, ""), ("", THING)] {
        let text = with_things(with_responses(
            &format!(
                "        \"200\": {{description: ok, {first}}}
        \"204\": {{description: none, {second}}}"
            ),
            "",
        ));
        let (api, diagnostics) = resolve(&text);
        let optional = Some(Payload::Json(RustType::Option(Box::new(RustType::Named(
            "Thing".to_owned(),
        )))));
        assert_eq!(success(&api), (vec![200, 204], optional));
        let (message, pointer) = warning(&diagnostics, "differ in having a body");
        assert_eq!(
            message,
            "success status 204 and an earlier success status differ in having a body; the body is optional (`None` when there is none)"
        );
        assert_eq!(pointer, "#/paths/~1things/get/responses/204");
    }
}

#[test]
fn an_optional_body_that_is_already_nullable_is_not_wrapped_twice() {
    let text = with_responses(
        "        \"200\":
          description: ok
          content: {application/json: {schema: {type: string, nullable: true}}}
        \"204\": {description: none}",
        "",
    );
    let (api, _) = resolve(&text);
    let optional = Some(Payload::Json(RustType::Option(Box::new(RustType::String))));
    assert_eq!(success(&api), (vec![200, 204], optional));
}

#[test]
fn an_optional_text_body_stays_text() {
    let text = with_responses(
        "        \"200\": {description: ok, content: {text/plain: {schema: {type: string}}}}
        \"204\": {description: none}",
        "",
    );
    let (api, _) = resolve(&text);
    assert_eq!(success(&api), (vec![200, 204], Some(Payload::Text)));
}

#[test]
fn a_range_covers_its_statuses_not_declared_on_their_own() {
    let text = with_responses(
        "        \"200\": {description: ok}
        \"204\": {description: none}
        2XX: {description: other successes}
        \"404\": {description: missing}",
        "",
    );
    let (api, _) = resolve(&text);
    let expected: Vec<u16> = [200, 204]
        .into_iter()
        .chain((201..300).filter(|code| *code != 204))
        .collect();
    assert_eq!(success(&api), (expected, None));
    assert_eq!(
        errors(&api),
        [(StatusMatch::Code(404), "NotFound".to_owned())]
    );
}

#[test]
fn redirects_succeed_only_when_no_2xx_is_declared() {
    let (api, _) = resolve(&with_responses(
        "        \"302\": {description: redirect}
        3XX: {description: other redirects}
        \"400\": {description: bad}",
        "",
    ));
    let mut expected = vec![302];
    expected.extend((300..400).filter(|code| *code != 302));
    assert_eq!(success(&api), (expected, None));
    assert_eq!(
        errors(&api),
        [(StatusMatch::Code(400), "BadRequest".to_owned())]
    );

    let (api, _) = resolve(&with_responses(
        "        \"200\": {description: ok}
        \"302\": {description: redirect}
        3XX: {description: other redirects}",
        "",
    ));
    assert_eq!(success(&api), (vec![200], None));
    assert_eq!(
        errors(&api),
        [
            (StatusMatch::Code(302), "Found".to_owned()),
            (StatusMatch::Range(3), "Status3xx".to_owned())
        ]
    );

    let (api, _) = resolve(&with_responses(
        "        2XX: {description: ok}
        \"302\": {description: redirect}",
        "",
    ));
    assert_eq!(success(&api), ((200..300).collect(), None));
    assert_eq!(errors(&api), [(StatusMatch::Code(302), "Found".to_owned())]);
}

#[test]
fn switching_protocols_alone_is_an_upgrade() {
    let (api, _) = resolve(&with_responses(
        "        \"101\": {description: switching}
        \"400\": {description: bad}
        default: {description: other}",
        "",
    ));
    let op = operation(&api, "op");
    assert_eq!(op.outcome, Outcome::Upgrade);
    assert_eq!(
        errors(&api),
        [
            (StatusMatch::Code(400), "BadRequest".to_owned()),
            (StatusMatch::Default, "Other".to_owned())
        ]
    );

    // With a redirect or a 2xx, `101` is just another status.
    for (other, statuses) in [
        ("\"302\"", vec![302]),
        ("3XX", (300..400).collect()),
        ("\"200\"", vec![200]),
    ] {
        let (api, _) = resolve(&with_responses(
            &format!(
                "        \"101\": {{description: switching}}
        {other}: {{description: other}}"
            ),
            "",
        ));
        assert_eq!(success(&api), (statuses, None), "{other}");
        assert_eq!(
            errors(&api),
            [(StatusMatch::Code(101), "Status101".to_owned())]
        );
    }
}

#[test]
fn default_alone_is_the_success_of_any_2xx() {
    let text = with_things(with_responses(
        &format!(
            "        default: {{description: ok, {THING}}}
        \"404\": {{description: missing}}"
        ),
        "",
    ));
    let (api, diagnostics) = resolve(&text);
    assert_eq!(success(&api), ((200..300).collect(), json("Thing")));
    assert_eq!(
        errors(&api),
        [(StatusMatch::Code(404), "NotFound".to_owned())]
    );
    let (message, pointer) = warning(&diagnostics, "`default` is taken as the success");
    assert_eq!(
        message,
        "no 2xx (or 3xx) response is declared; `default` is taken as the success response of any 2xx status"
    );
    assert_eq!(pointer, "#/paths/~1things/get/responses/default");

    // Beside a redirect, `default` stays an error.
    let (api, diagnostics) = resolve(&with_responses(
        "        default: {description: other}
        \"302\": {description: redirect}",
        "",
    ));
    assert_eq!(success(&api), (vec![302], None));
    assert_eq!(errors(&api), [(StatusMatch::Default, "Other".to_owned())]);
    assert!(diagnostics.0.is_empty(), "{diagnostics:#?}");
}

#[test]
fn an_operation_with_no_success_response_is_skipped() {
    let (api, diagnostics) = resolve(&with_responses(
        "        \"404\": {description: missing}",
        "",
    ));
    assert!(api.areas.is_empty());
    let message =
        "operation declares no 2xx (or, for a redirect, 3xx; for a protocol switch, 101) response";
    assert_eq!(api.skipped.len(), 1);
    assert_eq!(api.skipped[0].reason, message);
    let pointers: Vec<&str> = diagnostics
        .0
        .iter()
        .filter(|found| found.message == message)
        .map(|found| found.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["#/paths/~1things/get/responses"]);
}

#[test]
fn response_references_are_followed_and_dangling_ones_skip_the_operation() {
    let text = with_things(with_responses(
        "        \"200\": {$ref: '#/components/responses/Ok'}
        \"204\": {description: none}
        \"404\": {$ref: '#/components/responses/Missing'}",
        "  responses:
    Ok:
      description: ok
      content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
    Missing: {description: Not there.}",
    ));
    let (api, diagnostics) = resolve(&text);
    let optional = Some(Payload::Json(RustType::Option(Box::new(RustType::Named(
        "Thing".to_owned(),
    )))));
    assert_eq!(success(&api), (vec![200, 204], optional));
    let op = operation(&api, "op");
    assert_eq!(op.errors[0].docs.as_deref(), Some("Not there."));
    // A warning about a referenced response points at the response's definition.
    let text = with_responses(
        "        \"200\": {description: ok}
        \"201\": {$ref: '#/components/responses/Created'}",
        "  responses:
    Created: {description: created, content: {application/json: {schema: {type: string}}}}",
    );
    let (_, diagnostics_of_ref) = resolve(&text);
    let (_, pointer) = warning(&diagnostics_of_ref, "differ in having a body");
    assert_eq!(pointer, "#/components/responses/Created");
    drop(diagnostics);

    for reference in [
        "#/components/responses/Nowhere",
        "#/components/schemas/Thing",
    ] {
        let text = with_things(with_responses(
            &format!(
                "        \"200\": {{description: ok}}
        \"404\": {{$ref: '{reference}'}}"
            ),
            "",
        ));
        let (api, diagnostics) = resolve(&text);
        let message =
            format!("`$ref: {reference}` does not point at a response in #/components/responses");
        assert_eq!(api.skipped.len(), 1);
        assert_eq!(api.skipped[0].reason, message);
        let pointers: Vec<&str> = diagnostics
            .0
            .iter()
            .filter(|found| found.message == message)
            .map(|found| found.pointer.as_str())
            .collect();
        assert_eq!(pointers, ["#/paths/~1things/get/responses/404"]);
    }
}

#[test]
fn how_bodies_are_decoded() {
    let text = with_responses(
        "        \"200\": {description: ok, content: {application/json: {}}}
        \"400\": {description: bad, content: {application/problem+json: {schema: {type: integer}}}}
        \"401\": {description: text, content: {image/png: {}, text/html: {}}}
        \"403\": {description: bytes, content: {application/pdf: {}}}
        \"404\": {description: none}
        \"409\": {description: nullable, content: {application/json: {schema: {type: integer, nullable: true}}}}",
        "",
    );
    let (api, _) = resolve(&text);
    assert_eq!(
        success(&api),
        (vec![200], Some(Payload::Json(RustType::Json)))
    );
    let bodies: Vec<Option<Payload>> = operation(&api, "op")
        .errors
        .iter()
        .map(|error| error.body.clone())
        .collect();
    assert_eq!(
        bodies,
        [
            Some(Payload::Json(RustType::I64)),
            Some(Payload::Text),
            Some(Payload::Bytes),
            None,
            Some(Payload::Json(RustType::Option(Box::new(RustType::I64)))),
        ]
    );
}

#[test]
fn the_success_example_comes_from_the_media_type_the_body_is_read_as() {
    let text_only = with_responses(
        "        '200':
          description: the name
          content: {text/plain: {schema: {type: string}, example: plain answer}}",
        "",
    );
    let (api, _) = resolve(&text_only);
    assert_eq!(
        operation(&api, "op").example,
        Some(serde_json::json!("plain answer"))
    );

    let json_first = with_responses(
        "        '200':
          description: the name
          content:
            text/plain: {schema: {type: string}, example: plain answer}
            application/json: {schema: {type: string}, example: json answer}",
        "",
    );
    let (api, _) = resolve(&json_first);
    assert_eq!(
        operation(&api, "op").example,
        Some(serde_json::json!("json answer"))
    );
}
