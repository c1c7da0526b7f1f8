//! `x-pagination` (`generator/src/resolve/pagination.rs`): the listing's items, checked
//! against the response type.

use generator::ir::{FieldStep, RustType};

use crate::{operation, resolve, spec};

/// A listing `op` whose response has `data` (an array of strings) at its top and `meta.list`
/// (another) inside, with this `items`.
fn listing(items: &str) -> String {
    spec(
        &format!(
            "  /things:
    get:
      operationId: op
      x-pagination:
        items: {items}
        offset: {{page: page, page_size: per_page, next_url: next}}
      parameters:
        - {{name: page, in: query, schema: {{type: integer}}}}
        - {{name: per_page, in: query, schema: {{type: integer}}}}
      responses:
        \"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Page'}}}}}}}}"
        ),
        "",
    )
    .replace(
        "  schemas: {}\n",
        "  schemas:
    Page:
      type: object
      properties:
        data: {type: array, items: {type: string}}
        next: {type: string}
        meta: {type: object, properties: {list: {type: array, items: {type: string}}}}
",
    )
}

#[test]
fn the_items_are_a_top_level_array_of_the_response() {
    let (api, _) = resolve(&listing("data"));
    let pagination = operation(&api, "op").pagination.clone().expect("paginated");
    assert_eq!(
        pagination.items.0,
        [FieldStep {
            rust_name: "data".to_owned(),
            optional: true,
        }]
    );
    assert_eq!(pagination.item_type, RustType::String);

    // A nested array is not the page's items.
    let (api, diagnostics) = resolve(&listing("meta.list"));
    assert_eq!(api.skipped.len(), 1, "{:?}", api.skipped);
    let found: Vec<(&str, &str)> = diagnostics
        .0
        .iter()
        .map(|found| (found.message.as_str(), found.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "`meta.list` must be a top-level array field of the response",
                "#/paths/~1things/get/x-pagination/items"
            ),
            (
                "operation GET /things (op) is skipped (not generated): `meta.list` must be a top-level array field of the response",
                "#/paths/~1things/get"
            )
        ]
    );
}
