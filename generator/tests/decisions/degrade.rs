//! Degrading (`generator/src/resolve/degrade.rs`): an operation that cannot be generated is
//! skipped, and what it added to the IR is undone, without undoing what came before it.

use generator::ir::{Outcome, Payload, RustType};

use crate::{operation, resolve, spec};

/// The success body type of operation `id`.
fn success_type(api: &generator::ir::Api, id: &str) -> RustType {
    match &operation(api, id).outcome {
        Outcome::Call {
            body: Some(Payload::Json(ty)),
            ..
        } => ty.clone(),
        other => panic!("`{id}`: {other:?}"),
    }
}

/// A `200` answering the schema that `$ref` lands on.
fn answering(reference: &str) -> String {
    format!(
        "responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: '{reference}'}}}}}}}}}}"
    )
}

#[test]
fn a_skipped_operation_forgets_the_inner_types_it_made_and_only_those() {
    let first = "#/components/schemas/Holder/properties/first";
    let second = "#/components/schemas/Holder/properties/second";
    // Paths are resolved in order: `/a` makes the type of `first`; `/b` makes the type of
    // `second` before failing on its parameter; `/c` uses both.
    let text = spec(
        &format!(
            "  /a:
    get: {{operationId: a, {a}}}
  /b:
    get:
      operationId: b
      parameters: [{{name: q, in: query, schema: {{$ref: '#/components/schemas/Nowhere'}}}}]
      {b}
  /c:
    get: {{operationId: c, {c}}}
    put: {{operationId: c2, {c2}}}",
            a = answering(first),
            b = answering(second),
            c = answering(first),
            c2 = answering(second),
        ),
        "",
    )
    .replace(
        "  schemas: {}\n",
        "  schemas:
    Holder:
      type: object
      properties:
        first: {type: object, properties: {x: {type: string}}}
        second: {type: object, properties: {y: {type: string}}}
",
    );
    let (api, _) = resolve(&text);
    assert_eq!(api.skipped.len(), 1, "{:?}", api.skipped);
    assert_eq!(api.skipped[0].pointer, "#/paths/~1b/get");
    let first_type = RustType::Named("HolderPropertiesFirst".to_owned());
    assert_eq!(success_type(&api, "a"), first_type);
    assert_eq!(success_type(&api, "c"), first_type);
    // The type `/b` made was dropped with it, and `/c` makes it again (the name `/b` took
    // stays taken: the skipped operation's names are not given back).
    let second_type = success_type(&api, "c2");
    assert_eq!(
        second_type,
        RustType::Named("HolderPropertiesSecond2".to_owned())
    );
    let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Holder",
            "HolderFirst",
            "HolderPropertiesFirst",
            "HolderPropertiesSecond2",
            "HolderSecond"
        ]
    );
}
