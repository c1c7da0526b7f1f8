//! Checks of a JSON value's shape against what OpenAPI 3.0 expects, and the wording of the
//! resulting findings. Shared by [`crate::load`] (which reports what does not convert) and
//! [`crate::tolerate`] (which drops what it cannot repair).

use serde_json::{Map, Value};

use crate::diagnostics::Pointer;

/// A value of the wrong shape: (pointer, message).
pub(crate) type ShapeError = (Pointer, String);

/// Schema keywords whose value has the wrong JSON type (openapiv3 reports those at the
/// schema, not at the keyword).
pub(crate) fn keyword_shapes(object: &Map<String, Value>, pointer: &Pointer) -> Vec<ShapeError> {
    const STRINGS: &[&str] = &["type", "format", "title", "description", "pattern"];
    const BOOLEANS: &[&str] = &[
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "uniqueItems",
        "exclusiveMinimum",
        "exclusiveMaximum",
    ];
    const NUMBERS: &[&str] = &["minimum", "maximum", "multipleOf"];
    const COUNTS: &[&str] = &[
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ];
    let mut shapes = Vec::new();
    for (key, value) in object {
        let expected = if STRINGS.contains(&key.as_str()) {
            (!value.is_string()).then_some("a string")
        } else if BOOLEANS.contains(&key.as_str()) {
            (!value.is_boolean()).then_some("a boolean")
        } else if NUMBERS.contains(&key.as_str()) {
            (!value.is_number()).then_some("a number")
        } else if COUNTS.contains(&key.as_str()) {
            (!value.is_u64()).then_some("a non-negative integer")
        } else if key == "required" {
            let names = value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string));
            (!names).then_some("a sequence of property names")
        } else if key == "enum" {
            (!value.is_array()).then_some("a sequence")
        } else {
            None
        };
        if let Some(expected) = expected {
            shapes.push((
                pointer.join(key),
                format!("`{key}` must be {expected}, found {}", describe(value)),
            ));
        }
    }
    shapes
}

/// What would fix a serde error, read from its message.
pub(crate) fn help_for(message: &str) -> String {
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        return format!("add the required field `{field}` here");
    }
    if let Some(expected) = message
        .split_once("expected one of ")
        .map(|(_, expected)| expected)
    {
        return format!("use one of {expected}");
    }
    if let Some((_, expected)) = message.split_once("` must be ") {
        let expected = expected.split(", found").next().unwrap_or(expected);
        return format!("make this value {expected}, as OpenAPI 3.0.3 defines it");
    }
    if let Some(expected) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
        .map(|(_, expected)| expected)
    {
        let expected = match expected.strip_prefix("struct ") {
            Some(name) => format!("a {name} object"),
            None => expected.to_owned(),
        };
        return format!("make this value {expected}, as OpenAPI 3.0.3 defines it");
    }
    "check this value against the OpenAPI 3.0.3 specification".to_owned()
}

/// `a string`, `a boolean`, ... for messages.
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}
