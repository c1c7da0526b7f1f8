//! Operations (`generator/src/resolve/operations.rs`): ids, names, areas, servers, security.

use generator::ir::{Method, Outcome};

use crate::{operation, resolve, spec, warning};

/// A `204` response block, for operations whose responses do not matter here.
const DONE: &str = "responses: {\"204\": {description: done}}";

/// An area's tag, module, struct name, docs and operation ids.
type AreaSummary<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Vec<&'a str>);

#[test]
fn areas_come_from_the_first_tag_and_are_sorted_by_module() {
    let text = spec(
        &format!(
            "  /b:
    get: {{operationId: getB, tags: [Zebra, Apple], {DONE}}}
  /a:
    get: {{operationId: getA, tags: [Apple], {DONE}}}
    post: {{operationId: untagged, {DONE}}}"
        ),
        "",
    )
    .replace(
        "paths:\n",
        "tags:\n  - {name: Apple, description: Fruit.}\n  - {name: Zebra, x-rust-name: stripes}\npaths:\n",
    );
    let (api, _) = resolve(&text);
    let areas: Vec<AreaSummary> = api
        .areas
        .iter()
        .map(|area| {
            (
                area.tag.as_str(),
                area.module.as_str(),
                area.struct_name.as_str(),
                area.docs.as_deref(),
                area.operations.iter().map(|op| op.id.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        areas,
        [
            ("Apple", "apple", "Apple", Some("Fruit."), vec!["getA"]),
            ("General", "general", "General", None, vec!["untagged"]),
            ("Zebra", "stripes", "Stripes", None, vec!["getB"]),
        ]
    );
}

#[test]
fn area_modules_do_not_take_the_crates_own_names() {
    let text = spec(
        &format!(
            "  /a:
    get: {{operationId: a, tags: [Models], {DONE}}}
  /b:
    get: {{operationId: b, tags: [client], {DONE}}}
  /c:
    get: {{operationId: c, tags: [Thing], {DONE}}}"
        ),
        "",
    )
    .replace("  schemas: {}\n", "  schemas:\n    Thing: {type: string}\n");
    let (api, _) = resolve(&text);
    let modules: Vec<(&str, &str)> = api
        .areas
        .iter()
        .map(|area| (area.module.as_str(), area.struct_name.as_str()))
        .collect();
    // The struct of area `thing` cannot be `Thing`, the model's name.
    assert_eq!(
        modules,
        [
            ("client2", "Client2"),
            ("models2", "Models2"),
            ("thing", "Thing2")
        ]
    );
}

#[test]
fn operations_are_sorted_by_method_name_and_named_uniquely_within_their_area() {
    let text = spec(
        &format!(
            "  /z:
    get: {{operationId: zeta, {DONE}}}
    put: {{operationId: other, x-rust-name: alpha, {DONE}}}
  /a:
    get: {{operationId: alpha, {DONE}}}
    delete: {{operationId: listThings, {DONE}}}"
        ),
        "",
    )
    .replace(
        "  schemas: {}\n",
        "  schemas:\n    ListThings: {type: string}\n",
    );
    let (api, _) = resolve(&text);
    let names: Vec<(&str, &str, &str, &str)> = api.areas[0]
        .operations
        .iter()
        .map(|op| {
            (
                op.id.as_str(),
                op.method_name.as_str(),
                op.builder.as_str(),
                op.error_enum.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("alpha", "alpha", "Alpha", "AlphaError"),
            ("other", "alpha2", "Alpha2", "Alpha2Error"),
            // `ListThings` is a model: the builder takes another name.
            (
                "listThings",
                "list_things",
                "ListThings2",
                "ListThings2Error"
            ),
            ("zeta", "zeta", "Zeta", "ZetaError"),
        ]
    );
}

#[test]
fn builder_names_are_unique_per_area_only() {
    let text = spec(
        &format!(
            "  /a:
    get: {{operationId: a, tags: [One], x-rust-name: fetch, {DONE}}}
  /b:
    get: {{operationId: b, tags: [Two], x-rust-name: fetch, {DONE}}}"
        ),
        "",
    );
    let (api, _) = resolve(&text);
    let builders: Vec<(&str, &str)> = api
        .areas
        .iter()
        .flat_map(|area| &area.operations)
        .map(|op| (op.method_name.as_str(), op.builder.as_str()))
        .collect();
    assert_eq!(builders, [("fetch", "Fetch"), ("fetch", "Fetch")]);
}

#[test]
fn operations_without_an_id_are_named_after_their_method_and_path() {
    let text = spec(
        &format!(
            "  /things/{{id}}:
    delete:
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      {DONE}"
        ),
        "",
    );
    let (api, diagnostics) = resolve(&text);
    let ids: Vec<&str> = api.areas[0]
        .operations
        .iter()
        .map(|op| op.id.as_str())
        .collect();
    assert_eq!(ids, ["DeleteThingsId"]);
    let op = operation(&api, "DeleteThingsId");
    assert_eq!(op.method_name, "delete_things_id");
    assert_eq!(op.method, Method::Delete);
    let (message, pointer) = warning(&diagnostics, "no operationId");
    assert_eq!(
        message,
        "operation has no operationId; calling it `DeleteThingsId`"
    );
    assert_eq!(pointer, "#/paths/~1things~1{id}/delete");
}

#[test]
fn repeated_operation_ids_are_numbered_in_path_order() {
    let text = spec(
        &format!(
            "  /b:
    get: {{operationId: fetch, {DONE}}}
  /a:
    get: {{operationId: fetch, {DONE}}}
    post: {{operationId: fetch2, {DONE}}}
  /c:
    get: {{operationId: fetch, {DONE}}}"
        ),
        "",
    );
    let (api, diagnostics) = resolve(&text);
    let ids: Vec<(&str, &str)> = api.areas[0]
        .operations
        .iter()
        .map(|op| (op.id.as_str(), op.path.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("fetch", "/a"),
            ("fetch2", "/a"),
            ("fetch3", "/b"),
            ("fetch4", "/c")
        ]
    );
    let (message, pointer) = warning(&diagnostics, "generated as `fetch3`");
    assert_eq!(
        message,
        "operationId `fetch` is also used at #/paths/~1a/get; this operation is generated as `fetch3`"
    );
    assert_eq!(pointer, "#/paths/~1b/get/operationId");
    warning(&diagnostics, "generated as `fetch4`");
}

#[test]
fn every_method_is_read() {
    let methods = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let operations: String = methods
        .iter()
        .map(|method| format!("    {method}: {{operationId: {method}It, {DONE}}}\n"))
        .collect();
    let text = spec(&format!("  /it:\n{operations}"), "");
    let (api, _) = resolve(&text);
    let found: Vec<(&str, Method)> = api.areas[0]
        .operations
        .iter()
        .map(|op| (op.id.as_str(), op.method))
        .collect();
    assert_eq!(
        found,
        [
            ("deleteIt", Method::Delete),
            ("getIt", Method::Get),
            ("headIt", Method::Head),
            ("optionsIt", Method::Options),
            ("patchIt", Method::Patch),
            ("postIt", Method::Post),
            ("putIt", Method::Put),
            ("traceIt", Method::Trace),
        ]
    );
}

#[test]
fn path_item_references_are_skipped() {
    let text = spec(
        &format!(
            "  /elsewhere:
    $ref: '#/components/pathItems/Elsewhere'
  /here:
    get: {{operationId: here, {DONE}}}"
        ),
        "",
    );
    let (api, diagnostics) = resolve(&text);
    operation(&api, "here");
    assert_eq!(api.skipped.len(), 1, "{:?}", api.skipped);
    assert_eq!(api.skipped[0].pointer, "#/paths/~1elsewhere");
    assert_eq!(api.skipped[0].what, "every operation of /elsewhere");
    assert_eq!(
        api.skipped[0].reason,
        "path item references are not supported"
    );
    let (message, pointer) = warning(&diagnostics, "path item references");
    assert_eq!(
        message,
        "path item references are not supported: the operations of `/elsewhere` are skipped (not generated)"
    );
    assert_eq!(pointer, "#/paths/~1elsewhere");
}

#[test]
fn documentation_fields_are_carried() {
    let text = spec(
        "  /a:
    get:
      operationId: a
      summary: Gets a.
      description: All of a.
      deprecated: true
      externalDocs: {url: 'https://docs.example.com/a'}
      responses: {\"204\": {description: done}}
    put:
      operationId: b
      responses: {\"204\": {description: done}}",
        "",
    );
    let (api, _) = resolve(&text);
    let a = operation(&api, "a");
    assert_eq!(a.summary.as_deref(), Some("Gets a."));
    assert_eq!(a.description.as_deref(), Some("All of a."));
    assert!(a.deprecated);
    assert_eq!(
        a.external_docs.as_deref(),
        Some("https://docs.example.com/a")
    );
    assert_eq!(a.path, "/a");
    let b = operation(&api, "b");
    assert!(!b.deprecated);
    assert_eq!((b.summary.as_ref(), b.external_docs.as_ref()), (None, None));
    assert_eq!(a.pagination, None);
}

#[test]
fn browser_redirects_are_urls_not_calls() {
    let text = spec(
        "  /authorize:
    get:
      operationId: authorize
      x-browser-redirect: true
      responses:
        \"302\": {description: redirect}
        \"400\": {description: bad}
  /notes:
    get:
      operationId: notRedirected
      x-browser-redirect: false
      responses: {\"204\": {description: done}}
    post:
      operationId: posted
      x-browser-redirect: true
      responses: {\"204\": {description: done}}",
        "",
    );
    let (api, diagnostics) = resolve(&text);
    let authorize = operation(&api, "authorize");
    assert_eq!(authorize.outcome, Outcome::BrowserRedirect);
    assert!(authorize.errors.is_empty());
    assert!(matches!(
        operation(&api, "notRedirected").outcome,
        Outcome::Call { .. }
    ));
    // A redirect that is not a GET is an error: the operation is skipped.
    assert_eq!(api.skipped.len(), 1);
    assert_eq!(
        api.skipped[0].reason,
        "x-browser-redirect operations must be GET"
    );
    let (message, pointer) = warning(&diagnostics, "is skipped (not generated)");
    assert_eq!(
        message,
        "operation POST /notes (posted) is skipped (not generated): x-browser-redirect operations must be GET"
    );
    assert_eq!(pointer, "#/paths/~1notes/post");
    let found: Vec<&str> = diagnostics
        .0
        .iter()
        .filter(|found| found.message == "x-browser-redirect operations must be GET")
        .map(|found| found.pointer.as_str())
        .collect();
    assert_eq!(found, ["#/paths/~1notes/post/x-browser-redirect"]);
}

#[test]
fn the_nearest_servers_apply() {
    let text = spec(
        &format!(
            "  /item:
    servers: [{{url: 'https://item.example.com', x-server-name: item}}]
    get: {{operationId: fromItem, {DONE}}}
    put:
      operationId: fromOperation
      servers:
        - {{url: 'https://op.example.com', x-server-name: op}}
        - {{url: 'https://op2.example.com', x-server-name: op_two}}
      {DONE}
  /doc:
    get: {{operationId: fromDocument, {DONE}}}"
        ),
        "",
    )
    .replace(
        "servers: [{url: \"https://api.example.com\"}]",
        "servers: [{url: \"https://api.example.com\", x-server-name: doc}]",
    );
    let (api, _) = resolve(&text);
    assert_eq!(operation(&api, "fromItem").server, "item");
    assert_eq!(operation(&api, "fromOperation").server, "op");
    assert_eq!(operation(&api, "fromDocument").server, "doc");
    let op = api
        .servers
        .iter()
        .find(|server| server.name == "op")
        .expect("server op");
    let alternatives: Vec<&str> = op
        .alternatives
        .iter()
        .map(|alternative| alternative.url.as_str())
        .collect();
    assert_eq!(alternatives, ["https://op2.example.com"]);
}

#[test]
fn without_any_server_the_base_url_is_the_callers() {
    let text = spec(&format!("  /a:\n    get: {{operationId: a, {DONE}}}"), "")
        .replace("servers: [{url: \"https://api.example.com\"}]\n", "");
    let (api, _) = resolve(&text);
    let server = &operation(&api, "a").server;
    assert!(!server.is_empty());
    let declared = api
        .servers
        .iter()
        .find(|known| &known.name == server)
        .expect("the operation's server");
    assert_eq!(declared.url, "");
    assert!(declared
        .description
        .as_deref()
        .is_some_and(|docs| docs.starts_with("The spec declares no server")));
}

#[test]
fn security_requirements() {
    let schemes = "  securitySchemes:
    token: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
    basic: {type: http, scheme: basic}";
    let text = spec(
        &format!(
            "  /a:
    get: {{operationId: inherited, {DONE}}}
    put: {{operationId: both, security: [{{token: [], key: []}}, {{basic: []}}], {DONE}}}
    post: {{operationId: optional, security: [{{token: []}}, {{}}], {DONE}}}
    delete: {{operationId: none, security: [], {DONE}}}"
        ),
        schemes,
    )
    .replace("paths:\n", "security: [{token: []}]\npaths:\n");
    let (api, _) = resolve(&text);
    let security = |id: &str| operation(&api, id).security.clone();
    assert_eq!(security("inherited"), [vec!["token".to_owned()]]);
    assert_eq!(
        security("both"),
        [
            vec!["key".to_owned(), "token".to_owned()],
            vec!["basic".to_owned()]
        ]
    );
    assert!(security("optional").is_empty());
    assert!(security("none").is_empty());
}

#[test]
fn undeclared_and_unusable_security_schemes_skip_the_operation() {
    let schemes = "  securitySchemes:
    token: {type: http, scheme: bearer}
    odd: {type: http, scheme: digest}";
    let text = spec(
        &format!(
            "  /a:
    get: {{operationId: undeclared, security: [{{ghost: []}}], {DONE}}}
    put: {{operationId: unusable, security: [{{odd: []}}], {DONE}}}
    post: {{operationId: fine, security: [{{token: []}}], {DONE}}}"
        ),
        schemes,
    );
    let (api, diagnostics) = resolve(&text);
    operation(&api, "fine");
    let reasons: Vec<(&str, &str)> = api
        .skipped
        .iter()
        .map(|skipped| (skipped.pointer.as_str(), skipped.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(reasons[0].0, "#/paths/~1a/get");
    assert_eq!(
        reasons[0].1,
        "security scheme `ghost` is not declared in components.securitySchemes"
    );
    assert_eq!(reasons[1].0, "#/paths/~1a/put");
    assert!(
        reasons[1]
            .1
            .starts_with("security scheme `odd` cannot be used: "),
        "{}",
        reasons[1].1
    );
    assert!(reasons[1]
        .1
        .ends_with(" (at #/components/securitySchemes/odd)"));
    let pointers: Vec<&str> = diagnostics
        .0
        .iter()
        .filter(|found| found.message.starts_with("security scheme `"))
        .map(|found| found.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1a/get/security/0/ghost",
            "#/paths/~1a/put/security/0/odd"
        ]
    );
}
