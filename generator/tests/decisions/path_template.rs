//! Path templates (`generator/src/resolve/path_template.rs`): the parts the request path is
//! joined from.

use generator::ir::PathPart;

use crate::{operation, resolve, spec};

#[test]
fn the_path_is_literals_and_parameters_in_order() {
    let text = spec(
        "  /things/{a}{b}/x:
    get:
      operationId: op
      parameters:
        - {name: b, in: path, required: true, schema: {type: string}}
        - {name: a, in: path, required: true, schema: {type: string}}
      responses: {\"204\": {description: done}}",
        "",
    );
    let (api, _) = resolve(&text);
    let op = operation(&api, "op");
    let names: Vec<&str> = op.params.iter().map(|param| param.name.as_str()).collect();
    assert_eq!(names, ["b", "a"]);
    // Two variables side by side: no empty literal between them.
    assert_eq!(
        op.path_parts,
        [
            PathPart::Literal("/things/".to_owned()),
            PathPart::Param(1),
            PathPart::Param(0),
            PathPart::Literal("/x".to_owned()),
        ]
    );
}
