//! Serde directions (`generator/src/resolve/directions.rs`): which models are sent, which are
//! received, and so which serde traits each derives.

use generator::ir::{Api, Directions};

use crate::{resolve, spec, type_def};

/// A spec with `paths` and these component schemas (YAML, indented by four spaces).
fn with_schemas(paths: &str, schemas: &str) -> String {
    spec(paths, "").replace("  schemas: {}\n", &format!("  schemas:\n{schemas}"))
}

/// `(request, response)` of the model named `name`.
fn directions(api: &Api, name: &str) -> (bool, bool) {
    let Directions { request, response } = type_def(api, name).directions;
    (request, response)
}

const SENT: (bool, bool) = (true, false);
const RECEIVED: (bool, bool) = (false, true);
const BOTH: (bool, bool) = (true, true);
const NEITHER: (bool, bool) = (false, false);

#[test]
fn a_request_body_and_what_it_holds_are_sent_only() {
    let (api, _) = resolve(&with_schemas(
        "  /things:
    post:
      operationId: op
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/NewThing'}}}}
      responses: {'204': {description: done}}",
        "    NewThing: {type: object, properties: {kind: {$ref: '#/components/schemas/Kind'}, tags: {type: array, items: {$ref: '#/components/schemas/Tag'}}}}
    Kind: {type: string, enum: [a, b]}
    Tag: {type: object, properties: {name: {type: string}}}
",
    ));
    assert_eq!(directions(&api, "NewThing"), SENT);
    assert_eq!(directions(&api, "Kind"), SENT);
    assert_eq!(directions(&api, "Tag"), SENT);
}

#[test]
fn success_and_error_bodies_and_what_they_hold_are_received_only() {
    let (api, _) = resolve(&with_schemas(
        "  /things:
    get:
      operationId: op
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}}}}
        '4XX': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}",
        "    Thing: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}}}
    Owner: {type: object, properties: {names: {type: object, additionalProperties: {$ref: '#/components/schemas/Name'}}}}
    Name: {type: string}
    Problem: {type: object, properties: {detail: {type: string}}}
",
    ));
    assert_eq!(directions(&api, "Thing"), RECEIVED);
    assert_eq!(directions(&api, "Owner"), RECEIVED);
    assert_eq!(directions(&api, "Problem"), RECEIVED);
}

#[test]
fn a_model_sent_by_one_operation_and_received_from_another_is_both() {
    let (api, _) = resolve(&with_schemas(
        "  /things:
    put:
      operationId: put
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Update'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}",
        "    Update: {type: object, properties: {status: {$ref: '#/components/schemas/Status'}}}
    Thing: {type: object, properties: {status: {$ref: '#/components/schemas/Status'}}}
    Status: {type: string, enum: [open, closed]}
",
    ));
    assert_eq!(directions(&api, "Update"), SENT);
    assert_eq!(directions(&api, "Thing"), RECEIVED);
    assert_eq!(directions(&api, "Status"), BOTH);
}

#[test]
fn parameters_written_with_serde_are_sent_and_plain_ones_reach_nothing() {
    let (api, _) = resolve(&with_schemas(
        "  /things:
    get:
      operationId: op
      parameters:
        - {name: filter, in: query, style: deepObject, explode: true, schema: {$ref: '#/components/schemas/Filter'}}
        - {name: order, in: query, schema: {$ref: '#/components/schemas/Order'}}
        - {name: X-Mode, in: header, schema: {$ref: '#/components/schemas/Mode'}}
      responses: {'204': {description: done}}",
        "    Filter: {type: object, properties: {owner: {type: string}}}
    Order: {type: string, enum: [asc, desc]}
    Mode: {type: string, enum: [fast, safe]}
",
    ));
    assert_eq!(directions(&api, "Filter"), SENT);
    assert_eq!(directions(&api, "Mode"), SENT);
    // A plain query value is written with `Display`.
    assert_eq!(directions(&api, "Order"), NEITHER);
}

#[test]
fn union_alternatives_and_recursive_fields_follow_the_union_and_the_cycle() {
    let (api, _) = resolve(&with_schemas(
        "  /pets:
    get:
      operationId: op
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}",
        "    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: type}
    Cat: {type: object, properties: {type: {type: string}, litter: {$ref: '#/components/schemas/Node'}}}
    Dog: {type: object, properties: {type: {type: string}}}
    Node: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Node'}}}}
",
    ));
    for name in ["Pet", "Cat", "Dog", "Node"] {
        assert_eq!(directions(&api, name), RECEIVED, "{name}");
    }
}

#[test]
fn a_schema_extended_through_all_of_is_reached_only_if_referenced() {
    let (api, _) = resolve(&with_schemas(
        "  /things:
    post:
      operationId: op
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Child'}}}}
      responses: {'204': {description: done}}",
        "    Base: {type: object, properties: {id: {type: string}, kind: {$ref: '#/components/schemas/Kind'}}}
    Kind: {type: string, enum: [a, b]}
    Child:
      allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {extra: {type: integer}}}]
",
    ));
    assert_eq!(directions(&api, "Child"), SENT);
    // Base's fields are copied into Child, so its types are sent with it; Base itself is
    // a model no operation uses.
    assert_eq!(directions(&api, "Kind"), SENT);
    assert_eq!(directions(&api, "Base"), NEITHER);
}
