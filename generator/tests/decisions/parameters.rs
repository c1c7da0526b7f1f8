//! Parameters: merging path-level and operation-level lists, styles, types, constants, bounds
//! and names (`generator/src/resolve/parameters.rs`).

use generator::ir::{ParamLocation, ParamStyle, RustType};
use generator::Severity;

use crate::{messages, no_warning, operation, param, resolve, spec, warning};

/// One `GET /things/{id}` operation `op` with these parameters (YAML flow mappings, one per
/// line) and `components` below the schemas.
fn with_params(path: &str, params: &[&str], components: &str) -> String {
    let list: String = params
        .iter()
        .map(|param| format!("        - {param}\n"))
        .collect();
    spec(
        &format!(
            "  {path}:
    get:
      operationId: op
      parameters:
{list}      responses:
        \"204\": {{description: done}}"
        ),
        components,
    )
}

#[test]
fn operation_parameters_override_path_parameters_of_the_same_name_and_location() {
    let text = spec(
        "  /things:
    parameters:
      - {name: q, in: query, description: from the path item, schema: {type: string}}
      - {name: q, in: header, description: a header, schema: {type: string}}
      - {name: only_path, in: query, schema: {type: string}}
    get:
      operationId: op
      parameters:
        - {name: q, in: query, description: from the operation, schema: {type: integer}}
      responses:
        \"204\": {description: done}",
        "",
    );
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    let names: Vec<(&str, ParamLocation)> = op
        .params
        .iter()
        .map(|param| (param.name.as_str(), param.location))
        .collect();
    // Spec order, the path item's first; the overriding one keeps the first's place.
    assert_eq!(
        names,
        [
            ("q", ParamLocation::Query),
            ("q", ParamLocation::Header),
            ("only_path", ParamLocation::Query)
        ]
    );
    assert_eq!(op.params[0].docs.as_deref(), Some("from the operation"));
    assert_eq!(op.params[0].ty, RustType::I64);
    assert_eq!(op.params[1].docs.as_deref(), Some("a header"));
    // Two parameters called `q`: the second Rust name is made unique.
    assert_eq!(op.params[0].rust_name, "q");
    assert_eq!(op.params[1].rust_name, "q2");
}

#[test]
fn required_parameters_come_first_then_spec_order() {
    let text = with_params(
        "/things",
        &[
            "{name: a, in: query, schema: {type: string}}",
            "{name: b, in: query, required: true, schema: {type: string}}",
            "{name: c, in: header, schema: {type: string}}",
            "{name: d, in: header, required: true, schema: {type: string}}",
        ],
        "",
    );
    let (api, _) = resolve(&text);
    let order: Vec<(&str, bool)> = operation(&api, "op")
        .params
        .iter()
        .map(|param| (param.name.as_str(), param.required))
        .collect();
    assert_eq!(
        order,
        [("b", true), ("d", true), ("a", false), ("c", false)]
    );
}

#[test]
fn parameter_names_do_not_shadow_builder_methods() {
    let text = with_params(
        "/things",
        &[
            "{name: send, in: query, schema: {type: string}}",
            "{name: timeout, in: query, schema: {type: string}}",
            "{name: pageSize, in: query, schema: {type: string}}",
        ],
        "",
    );
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    assert_eq!(param(op, "send").rust_name, "send2");
    assert_eq!(param(op, "timeout").rust_name, "timeout2");
    assert_eq!(param(op, "pageSize").rust_name, "page_size");
}

#[test]
fn path_parameters_spelled_differently_take_the_template_spelling() {
    let text = with_params(
        "/things/{thingId}",
        &["{name: thingid, in: path, required: true, schema: {type: string}}"],
        "",
    );
    let (api, diagnostics) = resolve(&text);
    let op = operation(&api, "op");
    assert_eq!(op.params.len(), 1);
    assert_eq!(op.params[0].name, "thingId");
    assert_eq!(op.params[0].rust_name, "thing_id");
    let (message, pointer) = warning(&diagnostics, "is spelled `{thingId}`");
    assert_eq!(
        message,
        "path parameter `thingid` is spelled `{thingId}` in the path `/things/{thingId}`; taken as that variable"
    );
    assert_eq!(pointer, "#/paths/~1things~1{thingId}/get/parameters/0");
}

#[test]
fn path_parameters_missing_from_the_template_are_ignored() {
    let text = with_params(
        "/things",
        &[
            "{name: ghost, in: path, required: true, schema: {type: string}}",
            "{name: q, in: query, schema: {type: string}}",
        ],
        "",
    );
    let (api, diagnostics) = resolve(&text);
    let op = operation(&api, "op");
    let names: Vec<&str> = op.params.iter().map(|param| param.name.as_str()).collect();
    assert_eq!(names, ["q"]);
    let (message, pointer) = warning(&diagnostics, "`ghost` is declared but");
    assert_eq!(
        message,
        "path parameter `ghost` is declared but the path `/things` has no `{ghost}`; it is ignored"
    );
    assert_eq!(pointer, "#/paths/~1things/get/parameters/0");
}

#[test]
fn path_parameters_listed_on_the_path_item_are_pointed_at_there() {
    let text = spec(
        "  /things:
    parameters:
      - {name: ghost, in: path, required: true, schema: {type: string}}
    get:
      operationId: op
      responses:
        \"204\": {description: done}",
        "",
    );
    let (_, diagnostics) = resolve(&text);
    let (_, pointer) = warning(&diagnostics, "`ghost` is declared but");
    assert_eq!(pointer, "#/paths/~1things/parameters/0");
}

#[test]
fn path_parameters_are_always_required() {
    // Built as a value, not loaded: loading already repairs a path parameter without
    // `required`, and the resolver must hold on its own.
    let text = with_params(
        "/things/{id}",
        &["{name: id, in: path, required: true, schema: {type: string}}"],
        "",
    );
    let mut spec = generator::load(&text).expect("loads");
    let item = spec.paths.paths.get_mut("/things/{id}").expect("path");
    let openapiv3::ReferenceOr::Item(item) = item else {
        panic!("inline item")
    };
    let get = item.get.as_mut().expect("get");
    let openapiv3::ReferenceOr::Item(parameter) = &mut get.parameters[0] else {
        panic!("inline parameter")
    };
    let openapiv3::Parameter::Path { parameter_data, .. } = parameter else {
        panic!("path parameter")
    };
    parameter_data.required = false;
    let (api, diagnostics) = generator::resolve::resolve(&spec).expect("resolves");
    assert!(param(operation(&api, "op"), "id").required);
    let (message, pointer) = warning(&diagnostics, "is not marked required");
    assert_eq!(
        message,
        "path parameter `id` is not marked required; path parameters always are, so it is treated as required"
    );
    assert_eq!(pointer, "#/paths/~1things~1{id}/get/parameters/0");
}

#[test]
fn path_styles() {
    let text = with_params(
        "/things/{a}/{b}/{c}/{d}/{e}/{f}/{g}",
        &[
            "{name: a, in: path, required: true, schema: {type: string}}",
            "{name: b, in: path, required: true, schema: {type: array, items: {type: string}}}",
            "{name: c, in: path, required: true, explode: true, schema: {type: array, items: {type: string}}}",
            "{name: d, in: path, required: true, style: label, schema: {type: string}}",
            "{name: e, in: path, required: true, style: label, explode: true, schema: {type: string}}",
            "{name: f, in: path, required: true, style: matrix, schema: {type: string}}",
            "{name: g, in: path, required: true, style: matrix, explode: true, schema: {type: string}}",
        ],
        "",
    );
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    let styles: Vec<ParamStyle> = op.params.iter().map(|param| param.style).collect();
    assert_eq!(
        styles,
        [
            // A plain value in `simple` style is written with `Display`.
            ParamStyle::Plain,
            ParamStyle::Simple,
            ParamStyle::SimpleExploded,
            // `label` and `matrix` are kept even for plain values: they add a prefix.
            ParamStyle::Label,
            ParamStyle::LabelExploded,
            ParamStyle::Matrix,
            ParamStyle::MatrixExploded,
        ]
    );
    assert!(op
        .params
        .iter()
        .all(|param| param.location == ParamLocation::Path));
}

#[test]
fn an_exploded_simple_path_parameter_of_a_plain_type_is_plain() {
    let text = with_params(
        "/things/{a}",
        &["{name: a, in: path, required: true, explode: true, schema: {type: integer}}"],
        "",
    );
    let (api, _) = resolve(&text);
    assert_eq!(param(operation(&api, "op"), "a").style, ParamStyle::Plain);
}

#[test]
fn query_styles() {
    let text = with_params(
        "/things",
        &[
            "{name: plain, in: query, schema: {type: string}}",
            "{name: plain_list, in: query, schema: {type: array, items: {type: integer}}}",
            "{name: object, in: query, schema: {type: object, properties: {x: {type: string}}}}",
            "{name: object_list, in: query, schema: {type: array, items: {type: object, properties: {x: {type: string}}}}}",
            "{name: unexploded, in: query, explode: false, schema: {type: array, items: {type: string}}}",
            "{name: unexploded_plain, in: query, explode: false, schema: {type: string}}",
            "{name: deep, in: query, style: deepObject, schema: {type: object, properties: {x: {type: string}}}}",
            "{name: spaces, in: query, style: spaceDelimited, schema: {type: array, items: {type: string}}}",
            "{name: pipes, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}",
        ],
        "",
    );
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    let style = |name: &str| param(op, name).style;
    assert_eq!(style("plain"), ParamStyle::Plain);
    assert_eq!(style("plain_list"), ParamStyle::Plain);
    assert_eq!(style("object"), ParamStyle::Form);
    assert_eq!(style("object_list"), ParamStyle::Form);
    assert_eq!(style("unexploded"), ParamStyle::FormUnexploded);
    assert_eq!(style("unexploded_plain"), ParamStyle::FormUnexploded);
    assert_eq!(style("deep"), ParamStyle::DeepObject);
    assert_eq!(style("spaces"), ParamStyle::SpaceDelimited);
    assert_eq!(style("pipes"), ParamStyle::PipeDelimited);
    assert!(op
        .params
        .iter()
        .all(|param| param.location == ParamLocation::Query));
}

#[test]
fn header_styles() {
    let text = with_params(
        "/things",
        &[
            "{name: X-Plain, in: header, schema: {type: string}}",
            "{name: X-Plain-Exploded, in: header, explode: true, schema: {type: integer}}",
            "{name: X-Object, in: header, schema: {type: object, properties: {x: {type: string}}}}",
            "{name: X-Object-Exploded, in: header, explode: true, schema: {type: object, properties: {x: {type: string}}}}",
            "{name: X-Object-Unexploded, in: header, explode: false, schema: {type: object, properties: {x: {type: string}}}}",
        ],
        "",
    );
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    let style = |name: &str| param(op, name).style;
    assert_eq!(style("X-Plain"), ParamStyle::Simple);
    assert_eq!(style("X-Plain-Exploded"), ParamStyle::Simple);
    assert_eq!(style("X-Object"), ParamStyle::Simple);
    assert_eq!(style("X-Object-Exploded"), ParamStyle::SimpleExploded);
    assert_eq!(style("X-Object-Unexploded"), ParamStyle::Simple);
    assert!(op
        .params
        .iter()
        .all(|param| param.location == ParamLocation::Header));
    assert_eq!(param(op, "X-Plain").rust_name, "x_plain");
}

#[test]
fn exploded_cookies_that_are_not_plain_are_warned_about() {
    let text = with_params(
        "/things",
        &[
            "{name: plain, in: cookie, schema: {type: string}}",
            "{name: list, in: cookie, schema: {type: array, items: {type: string}}}",
            "{name: exploded, in: cookie, explode: true, schema: {type: array, items: {type: string}}}",
            "{name: unexploded, in: cookie, explode: false, schema: {type: array, items: {type: string}}}",
        ],
        "",
    );
    let (api, diagnostics) = resolve(&text);
    let op = operation(&api, "op");
    assert!(op
        .params
        .iter()
        .all(|param| param.location == ParamLocation::Cookie && param.style == ParamStyle::Simple));
    let warned = messages(&diagnostics, Severity::Warning, "cookie `");
    assert_eq!(
        warned,
        [
            "cookie `list` is an array or object with `explode: true` (the default for cookies); it is sent as `form` without `explode` (`list=a,b`)",
            "cookie `exploded` is an array or object with `explode: true` (the default for cookies); it is sent as `form` without `explode` (`exploded=a,b`)",
        ]
    );
    let (_, pointer) = warning(&diagnostics, "cookie `list`");
    assert_eq!(pointer, "#/paths/~1things/get/parameters/1");
}

#[test]
fn empty_descriptions_leave_the_default_docs() {
    let text = with_params(
        "/things",
        &[
            "{name: empty, in: query, description: '  ', schema: {type: string}}",
            "{name: described, in: query, description: 'How many.', schema: {type: string}}",
            "{name: content_empty, in: query, description: '', content: {application/json: {schema: {type: object}}}}",
        ],
        "",
    );
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    assert_eq!(param(op, "empty").docs, None);
    assert_eq!(param(op, "described").docs.as_deref(), Some("How many."));
    assert_eq!(param(op, "content_empty").docs, None);
}

#[test]
fn parameters_described_by_content_are_strings() {
    let text = with_params(
        "/things/{filter}",
        &[
            "{name: filter, in: path, required: true, content: {application/json: {schema: {type: object}}}}",
            "{name: send, in: query, content: {text/plain: {schema: {type: string}}, application/json: {schema: {type: object}}}}",
            "{name: needed, in: header, required: true, content: {application/json: {schema: {type: object}}}}",
        ],
        "",
    );
    let (api, diagnostics) = resolve(&text);
    let op = operation(&api, "op");
    let filter = param(op, "filter");
    assert_eq!(filter.ty, RustType::String);
    assert_eq!(filter.style, ParamStyle::Plain);
    assert_eq!(filter.location, ParamLocation::Path);
    assert!(filter.required);
    let send = param(op, "send");
    assert_eq!(
        (send.location, send.required),
        (ParamLocation::Query, false)
    );
    assert_eq!(send.rust_name, "send2");
    assert_eq!(send.ty, RustType::String);
    assert_eq!(send.style, ParamStyle::Plain);
    assert!(param(op, "needed").required);
    let (message, pointer) = warning(&diagnostics, "parameter `send` is described by `content`");
    assert_eq!(
        message,
        "parameter `send` is described by `content` (application/json, text/plain): it is a string the caller encodes that way"
    );
    assert_eq!(
        pointer,
        "#/paths/~1things~1{filter}/get/parameters/1/content"
    );
}

#[test]
fn a_required_parameter_with_one_allowed_value_is_a_constant() {
    let text = with_params(
        "/things/{kind}",
        &[
            "{name: kind, in: path, required: true, schema: {type: string, enum: [widget]}}",
            "{name: version, in: query, required: true, schema: {$ref: '#/components/schemas/Version'}}",
            "{name: optional, in: query, schema: {type: string, enum: [only]}}",
            "{name: two, in: query, required: true, schema: {type: string, enum: [a, b]}}",
            "{name: number, in: query, required: true, schema: {type: integer, enum: [1]}}",
            "{name: dangling, in: query, required: true, schema: {$ref: '#/components/schemas/Two'}}",
        ],
        "    Version: {type: string, enum: ['2024-01-01']}
    Two: {type: string, enum: [x, y]}",
    );
    let text = text.replace("  schemas: {}\n", "  schemas:\n");
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    let kind = param(op, "kind");
    assert_eq!(kind.constant.as_deref(), Some("widget"));
    assert_eq!(kind.ty, RustType::String);
    let version = param(op, "version");
    assert_eq!(version.constant.as_deref(), Some("2024-01-01"));
    assert_eq!(version.ty, RustType::String);
    let optional = param(op, "optional");
    assert_eq!(optional.constant, None);
    assert_ne!(optional.ty, RustType::String);
    assert_eq!(param(op, "two").constant, None);
    assert_eq!(param(op, "number").constant, None);
    assert_eq!(param(op, "dangling").constant, None);
    assert_eq!(param(op, "dangling").ty, RustType::Named("Two".to_owned()));
}

#[test]
fn integer_bounds_are_kept_inline_and_through_references() {
    let text = with_params(
        "/things",
        &[
            "{name: inline, in: query, schema: {type: integer, minimum: 1, maximum: 100}}",
            "{name: referenced, in: query, schema: {$ref: '#/components/schemas/Size'}}",
            "{name: unbounded, in: query, schema: {type: integer}}",
        ],
        "    Size: {type: integer, minimum: 0, maximum: 50}",
    );
    let text = text.replace("  schemas: {}\n", "  schemas:\n");
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    let bounds = |name: &str| (param(op, name).minimum, param(op, name).maximum);
    assert_eq!(bounds("inline"), (Some(1), Some(100)));
    assert_eq!(bounds("referenced"), (Some(0), Some(50)));
    assert_eq!(bounds("unbounded"), (None, None));
}

#[test]
fn parameter_references_are_followed() {
    let text = with_params(
        "/things",
        &["{$ref: '#/components/parameters/Page'}"],
        "  parameters:
    Page: {name: page, in: query, description: Which page., schema: {type: integer, minimum: 1}}",
    );
    let (api, _) = resolve(&text);
    let page = param(operation(&api, "op"), "page");
    assert_eq!(page.docs.as_deref(), Some("Which page."));
    assert_eq!(page.minimum, Some(1));
    assert_eq!(page.location, ParamLocation::Query);
}

#[test]
fn warnings_about_a_referenced_parameter_point_at_its_definition() {
    let text = with_params(
        "/things",
        &["{$ref: '#/components/parameters/Filter'}"],
        "  parameters:
    Filter: {name: filter, in: query, content: {application/json: {schema: {type: object}}}}",
    );
    let (_, diagnostics) = resolve(&text);
    let (_, pointer) = warning(&diagnostics, "is described by `content`");
    assert_eq!(pointer, "#/components/parameters/Filter/content");
}

#[test]
fn operations_with_dangling_parameter_references_are_skipped() {
    for reference in [
        "#/components/parameters/Nowhere",
        "#/components/schemas/Page",
    ] {
        let text = with_params("/things", &[&format!("{{$ref: '{reference}'}}")], "");
        let (api, diagnostics) = resolve(&text);
        let message =
            format!("`$ref: {reference}` does not point at a parameter in #/components/parameters");
        assert_eq!(api.skipped.len(), 1);
        assert_eq!(api.skipped[0].reason, message);
        assert_eq!(api.skipped[0].pointer, "#/paths/~1things/get");
        // The error, demoted to a warning where it was found, then the skip.
        let found: Vec<(&str, &str)> = diagnostics
            .0
            .iter()
            .filter(|found| found.severity == Severity::Warning)
            .map(|found| (found.message.as_str(), found.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (message.as_str(), "#/paths/~1things/get/parameters/0"),
                (
                    format!("operation GET /things (op) is skipped (not generated): {message}")
                        .as_str(),
                    "#/paths/~1things/get"
                ),
            ]
        );
    }
}

#[test]
fn aliases_of_plain_types_and_string_enums_are_plain() {
    let text = with_params(
        "/things/{id}",
        &[
            "{name: id, in: path, required: true, schema: {$ref: '#/components/schemas/Id'}}",
            "{name: color, in: query, schema: {$ref: '#/components/schemas/Color'}}",
            "{name: colors, in: query, schema: {type: array, items: {$ref: '#/components/schemas/Color'}}}",
            "{name: outer, in: query, schema: {$ref: '#/components/schemas/Outer'}}",
            "{name: when, in: query, schema: {type: string, format: date-time}}",
            "{name: day, in: query, schema: {type: string, format: date}}",
            "{name: ratio, in: query, schema: {type: number}}",
            "{name: flag, in: query, schema: {type: boolean}}",
            "{name: small, in: query, schema: {type: integer, format: int32}}",
            "{name: any, in: query, schema: {}}",
            "{name: list_alias, in: query, schema: {$ref: '#/components/schemas/Ids'}}",
        ],
        "    Id: {type: string}
    Color: {type: string, enum: [red, green]}
    Outer: {$ref: '#/components/schemas/Id'}
    Ids: {type: array, items: {type: string}}",
    );
    let text = text.replace("  schemas: {}\n", "  schemas:\n");
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    for name in [
        "id", "color", "colors", "outer", "when", "day", "ratio", "flag", "small",
    ] {
        assert_eq!(param(op, name).style, ParamStyle::Plain, "{name}");
    }
    assert_eq!(param(op, "any").style, ParamStyle::Form);
    assert_eq!(param(op, "list_alias").style, ParamStyle::Form);
}

#[test]
fn no_warning_for_ordinary_parameters() {
    let text = with_params(
        "/things/{id}",
        &[
            "{name: id, in: path, required: true, schema: {type: string}}",
            "{name: q, in: query, schema: {type: string}}",
            "{name: c, in: cookie, schema: {type: string}}",
        ],
        "",
    );
    let (_, diagnostics) = resolve(&text);
    assert!(no_warning(&diagnostics, "parameter"), "{diagnostics:#?}");
    assert!(no_warning(&diagnostics, "cookie"), "{diagnostics:#?}");
}

#[test]
fn a_parameter_typed_by_a_reference_cycle_resolves() {
    // Before cycles are broken, `A` and `B` are aliases of each other: deciding whether the
    // parameter is plain must stop.
    let text = with_params(
        "/things",
        &["{name: loop, in: query, schema: {$ref: '#/components/schemas/A'}}"],
        "    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}",
    )
    .replace("  schemas: {}\n", "  schemas:\n");
    let (api, _) = resolve(&text);
    let looped = param(operation(&api, "op"), "loop");
    assert_eq!(looped.style, ParamStyle::Form);
}
