//! Default answers for the mock: the spec's example of the success body, or, when the spec
//! has none, a value built from the response type that the client decodes.

use serde_json::{Map, Value};

use crate::ir::{Api, FieldPath, Operation, Outcome, Payload, RustType, TypeDef, TypeKind};

/// Beyond this nesting only required fields are filled in, and arrays stay empty.
const SHALLOW: usize = 3;
/// Beyond this nesting nothing more is built (a required field on a `$ref` cycle).
const DEEPEST: usize = 12;

/// The body of an operation's default answer.
pub(super) enum ExampleBody {
    /// No body.
    Empty,
    /// JSON text.
    Json(String),
    /// Plain text.
    Text(String),
    /// Empty bytes of an octet stream.
    Bytes,
}

/// Status and body of the operation's default answer.
pub(super) fn example_body(api: &Api, operation: &Operation) -> (u16, ExampleBody) {
    let Outcome::Call { statuses, body } = &operation.outcome else {
        return (200, ExampleBody::Empty);
    };
    let status = statuses.first().copied().unwrap_or(200);
    let body = match body {
        None => ExampleBody::Empty,
        Some(Payload::Text) => ExampleBody::Text(match &operation.example {
            Some(Value::String(text)) => text.clone(),
            _ => "example".to_owned(),
        }),
        Some(Payload::Bytes) => ExampleBody::Bytes,
        Some(Payload::Json(ty)) => {
            let value = operation
                .example
                .clone()
                .unwrap_or_else(|| build(&api.types, ty, 0));
            ExampleBody::Json(value.to_string())
        }
    };
    (status, body)
}

/// The JSON property names of `path` (Rust field names) in a body of type `ty`.
pub(super) fn json_path(api: &Api, ty: &RustType, path: &FieldPath) -> Vec<String> {
    let mut current = Some(ty.clone());
    path.0
        .iter()
        .map(|step| {
            let field = current
                .as_ref()
                .and_then(|ty| struct_fields(&api.types, ty))
                .and_then(|fields| {
                    fields
                        .iter()
                        .find(|field| field.rust_name == step.rust_name)
                });
            current = field.map(|field| field.ty.clone());
            field.map_or_else(|| step.rust_name.clone(), |field| field.json_name.clone())
        })
        .collect()
}

fn struct_fields<'t>(types: &'t [TypeDef], ty: &RustType) -> Option<&'t [crate::ir::Field]> {
    match ty {
        RustType::Option(inner) | RustType::Boxed(inner) => struct_fields(types, inner),
        RustType::Named(name) => match &types.iter().find(|def| &def.name == name)?.kind {
            TypeKind::Struct(fields) => Some(fields),
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) if inner != ty => {
                struct_fields(types, inner)
            }
            _ => None,
        },
        _ => None,
    }
}

/// A value of type `ty` that decodes.
fn build(types: &[TypeDef], ty: &RustType, depth: usize) -> Value {
    if depth > DEEPEST {
        return Value::Null;
    }
    match ty {
        RustType::Bool => Value::Bool(false),
        RustType::I32 | RustType::I64 | RustType::U64 | RustType::I128 => Value::from(1),
        RustType::F32 | RustType::F64 => Value::from(1.5),
        RustType::String => Value::from("string"),
        RustType::Secret => Value::from("secret"),
        RustType::DateTime => Value::from("2024-01-01T00:00:00Z"),
        RustType::Date => Value::from("2024-01-01"),
        RustType::Json | RustType::JsonObject | RustType::Map(_) => Value::Object(Map::new()),
        RustType::Bytes => Value::Array(Vec::new()),
        RustType::Vec(inner) if depth < SHALLOW => {
            Value::Array(vec![build(types, inner, depth + 1)])
        }
        RustType::Vec(_) => Value::Array(Vec::new()),
        RustType::Option(inner) | RustType::Boxed(inner) => build(types, inner, depth),
        RustType::Named(name) => match types.iter().find(|def| &def.name == name) {
            None => Value::Null,
            Some(def) => match &def.kind {
                TypeKind::Struct(fields) => Value::Object(
                    fields
                        .iter()
                        // A flattened map holds unknown members: none in an example.
                        .filter(|field| !field.flatten && (field.required || depth < SHALLOW))
                        .map(|field| {
                            let value = match field.minimum {
                                Some(minimum) => within_bounds(minimum, field.maximum)
                                    .unwrap_or_else(|| build(types, &field.ty, depth + 1)),
                                None => build(types, &field.ty, depth + 1),
                            };
                            (field.json_name.clone(), value)
                        })
                        .collect(),
                ),
                TypeKind::StringEnum(values) => values.first().map_or_else(
                    || Value::from("value"),
                    |value| Value::from(value.value.clone()),
                ),
                TypeKind::Untagged(alternatives) => {
                    alternatives.first().map_or(Value::Null, |alternative| {
                        build(types, &alternative.ty, depth + 1)
                    })
                }
                TypeKind::Tagged(union) => union.variants.first().map_or(Value::Null, |variant| {
                    let mut value = build(types, &variant.ty, depth + 1);
                    if let Value::Object(object) = &mut value {
                        object.insert(union.property.clone(), Value::from(variant.tag.clone()));
                    }
                    value
                }),
                TypeKind::Alias(inner) | TypeKind::Newtype(inner) => build(types, inner, depth + 1),
            },
        },
    }
}

/// 1, or the nearest value the bounds allow, as a JSON number (when it is one JSON holds).
fn within_bounds(minimum: i128, maximum: Option<i128>) -> Option<Value> {
    let value = minimum.max(1).min(maximum.unwrap_or(i128::MAX));
    i64::try_from(value)
        .map(Value::from)
        .or_else(|_| u64::try_from(value).map(Value::from))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Alternative, Directions, Field, FieldStep, TaggedUnion, TaggedVariant};
    use serde_json::json;

    fn field(name: &str, ty: RustType, required: bool) -> Field {
        Field {
            rust_name: name.to_owned(),
            json_name: format!("{name}Json"),
            docs: None,
            ty,
            required,
            nullable: false,
            flatten: false,
            minimum: None,
            maximum: None,
        }
    }

    #[test]
    fn built_values_follow_the_types_and_stop_on_cycles() {
        let types = vec![TypeDef {
            name: "Node".to_owned(),
            docs: None,
            kind: TypeKind::Struct(vec![
                field("id", RustType::I64, true),
                field(
                    "next",
                    RustType::Boxed(Box::new(RustType::Named("Node".to_owned()))),
                    true,
                ),
                field("note", RustType::String, false),
            ]),
            directions: Directions::default(),
        }];
        let value = build(&types, &RustType::Named("Node".to_owned()), 0);
        assert_eq!(value["idJson"], Value::from(1));
        assert_eq!(value["noteJson"], Value::from("string"));
        let mut depth = 0;
        let mut node = &value;
        while let Some(next) = node.get("nextJson") {
            node = next;
            depth += 1;
        }
        // Objects at depths 0 to DEEPEST, then the null built past it.
        assert_eq!(depth, DEEPEST + 1);
        assert!(node.is_null(), "{node}");
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            docs: None,
            kind,
            directions: Directions::default(),
        }
    }

    fn named(name: &str) -> RustType {
        RustType::Named(name.to_owned())
    }

    fn list_of_one() -> RustType {
        RustType::Vec(Box::new(RustType::I64))
    }

    #[test]
    fn every_kind_of_named_type_one_level_down_counts_as_one_level_deeper() {
        // Built at depth SHALLOW - 1, a list one level down is past SHALLOW (empty) and a
        // struct one level down has only its required fields.
        let mut bounded = field("huge", list_of_one(), true);
        bounded.minimum = Some(i128::MAX);
        let types = vec![
            def("Bounded", TypeKind::Struct(vec![bounded])),
            def(
                "Either",
                TypeKind::Untagged(vec![Alternative {
                    rust_name: "List".to_owned(),
                    ty: list_of_one(),
                }]),
            ),
            def(
                "Pet",
                TypeKind::Tagged(TaggedUnion {
                    property: "kind".to_owned(),
                    variants: vec![TaggedVariant {
                        tag: "cat".to_owned(),
                        rust_name: "Cat".to_owned(),
                        ty: named("Cat"),
                    }],
                }),
            ),
            def(
                "Cat",
                TypeKind::Struct(vec![
                    field("name", RustType::String, true),
                    field("nickname", RustType::String, false),
                ]),
            ),
            def("Ids", TypeKind::Alias(list_of_one())),
        ];
        let at = SHALLOW - 1;
        let built = |name: &str| build(&types, &named(name), at);
        assert_eq!(built("Bounded"), json!({"hugeJson": []}));
        assert_eq!(built("Either"), json!([]));
        assert_eq!(built("Pet"), json!({"kind": "cat", "nameJson": "string"}));
        assert_eq!(built("Ids"), json!([]));
        assert_eq!(build(&types, &list_of_one(), at), json!([1]));
    }

    #[test]
    fn bounded_integers_are_the_nearest_value_to_one_that_json_holds() {
        let bounded = |minimum: i128, maximum: Option<i128>| {
            let mut count = field("count", RustType::I128, true);
            count.minimum = Some(minimum);
            count.maximum = maximum;
            let types = vec![def("Counted", TypeKind::Struct(vec![count]))];
            build(&types, &named("Counted"), 0)["countJson"].clone()
        };
        assert_eq!(bounded(5, None), Value::from(5));
        assert_eq!(bounded(-3, Some(0)), Value::from(0));
        assert_eq!(bounded(-3, None), Value::from(1));
        let past_i64 = i128::from(u64::MAX);
        assert_eq!(bounded(past_i64, None), Value::from(u64::MAX));
        // Past what JSON numbers hold here: the type's own value.
        assert_eq!(bounded(past_i64 + 1, None), Value::from(1));
    }

    #[test]
    fn json_paths_follow_options_boxes_aliases_and_newtypes_to_the_json_names() {
        let types = vec![
            def(
                "Other",
                TypeKind::Struct(vec![field("next", RustType::I64, true)]),
            ),
            def(
                "Page",
                TypeKind::Struct(vec![field(
                    "next",
                    RustType::Option(Box::new(RustType::Boxed(Box::new(named("Link"))))),
                    false,
                )]),
            ),
            def("Link", TypeKind::Alias(named("LinkBody"))),
            def("LinkBody", TypeKind::Newtype(named("Href"))),
            def(
                "Href",
                TypeKind::Struct(vec![field("href", RustType::String, true)]),
            ),
            def("Itself", TypeKind::Alias(named("Itself"))),
        ];
        let api = Api {
            title: "Paths".to_owned(),
            types,
            servers: Vec::new(),
            security_schemes: Vec::new(),
            areas: Vec::new(),
            skipped: Vec::new(),
        };
        let path = |steps: &[&str]| {
            FieldPath(
                steps
                    .iter()
                    .map(|step| FieldStep {
                        rust_name: (*step).to_owned(),
                        optional: false,
                    })
                    .collect(),
            )
        };
        assert_eq!(
            json_path(&api, &named("Page"), &path(&["next", "href"])),
            ["nextJson", "hrefJson"]
        );
        // A step the type does not have, or an alias of itself, keeps the Rust name.
        assert_eq!(
            json_path(&api, &named("Itself"), &path(&["next"])),
            ["next"]
        );
        assert_eq!(
            json_path(&api, &RustType::String, &path(&["next"])),
            ["next"]
        );
    }

    #[test]
    fn a_text_answer_is_a_string_example_or_a_placeholder() {
        let text = "openapi: 3.0.3
info: {title: Text, version: \"1\"}
paths:
  /motd:
    get:
      operationId: getMotd
      responses: {\"200\": {description: ok, content: {text/plain: {schema: {type: string}}}}}
";
        let spec = crate::load(text).unwrap_or_else(|errors| panic!("{errors:?}"));
        let (api, _) = crate::resolve::resolve(&spec).unwrap_or_else(|errors| panic!("{errors:?}"));
        let mut operation = api.areas[0].operations[0].clone();
        let answer = |operation: &Operation| match example_body(&api, operation) {
            (200, ExampleBody::Text(text)) => text,
            _ => panic!("not a text answer: {operation:?}"),
        };
        assert_eq!(answer(&operation), "example");
        operation.example = Some(Value::from("hello"));
        assert_eq!(answer(&operation), "hello");
        operation.example = Some(Value::from(7));
        assert_eq!(answer(&operation), "example");
    }
}
