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
    use crate::ir::{Directions, Field};

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
        assert!(depth > SHALLOW && depth <= DEEPEST + 1, "{depth}");
        assert!(node.is_null(), "{node}");
    }
}
