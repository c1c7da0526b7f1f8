//! Repairs violations of OpenAPI 3.0 whose intent is evident, on the JSON value before it is
//! converted into openapiv3's types. Each repair is a warning at the pointer of what was
//! repaired, saying what the spec should say instead. What cannot be repaired with
//! certainty is left alone (the conversion then reports it as an error).
//!
//! Repairs:
//! - `required: true` inside a property's schema (a JSON Schema draft 3 habit) → the
//!   property is added to the enclosing object's `required` list; `required: false` there is
//!   dropped.
//! - OpenAPI 3.1 habits: `type: [string, "null"]` → `type: string, nullable: true`; a numeric
//!   `exclusiveMinimum: 5` → `minimum: 5, exclusiveMinimum: true` (same for the maximum).
//!
//! Schemas that cannot be converted at all (a keyword of the wrong JSON type, a schema that
//! is not a mapping, nesting deeper than any real spec) are errors; the broken part is
//! dropped so that the rest of the document is still checked in the same run.

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, Pointer};
use crate::openapi31;
use crate::shapes::{describe, help_for, keyword_shapes};

mod schema_roots;

use schema_roots::for_each_schema_root;

/// Applies every repair to `document`, recording a warning (or, where the intent is not
/// evident, an error) for each.
pub fn repair(document: &mut Value, diagnostics: &mut Diagnostics) {
    let v31 = openapi31::is_openapi_31(document);
    if v31 {
        openapi31::normalize_document(document, diagnostics);
    }
    for_each_schema_root(document, &mut |schema, pointer| {
        repair_schema(schema, pointer, diagnostics, 0, v31);
    });
}

/// Deeper than any real schema (they nest a dozen levels at most). Deeper nesting is an
/// error: it also keeps the conversion of a broken schema from taking exponential time.
const MAX_DEPTH: usize = 32;

fn repair_schema(
    schema: &mut Value,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
    depth: usize,
    v31: bool,
) {
    if depth > MAX_DEPTH {
        diagnostics.error(
            pointer,
            format!("schemas are nested more than {MAX_DEPTH} levels deep here"),
            Some("flatten the schema with named components and `$ref`s".to_owned()),
        );
        *schema = Value::Object(Map::new());
        return;
    }
    let Value::Object(object) = schema else {
        diagnostics.error(
            pointer,
            format!(
                "not valid OpenAPI 3.0: a schema must be a mapping, found {}",
                describe(schema)
            ),
            Some("make this value a schema object, e.g. `{type: string}`".to_owned()),
        );
        // Dropped so that the rest of the document is still checked in this run (and
        // checked quickly: broken nested schemas make the conversion slow).
        *schema = Value::Object(Map::new());
        return;
    };
    if v31 {
        openapi31::normalize_schema(object);
    }
    if object.contains_key("$ref") {
        if !object.get("$ref").is_some_and(Value::is_string) {
            let found = object.get("$ref").map(describe).unwrap_or("nothing");
            diagnostics.error(
                &pointer.join("$ref"),
                format!("not valid OpenAPI 3.0: `$ref` must be a string, found {found}"),
                Some("make this value a string such as `#/components/schemas/Name`".to_owned()),
            );
            object.insert("$ref".to_owned(), Value::from("#/components/schemas/"));
        }
        return;
    }
    repair_type_list(object, pointer, diagnostics, v31);
    repair_numeric_exclusive_bounds(object, pointer, diagnostics, v31);
    repair_empty_enum(object);
    repair_wide_integers(object, pointer, diagnostics);
    let shapes = keyword_shapes(object, pointer);
    for (key, message) in shapes {
        // A boolean `required` is repaired (or reported) below.
        if key.segments().last().is_some_and(|name| name == "required")
            && object.get("required").is_some_and(Value::is_boolean)
        {
            continue;
        }
        diagnostics.error(
            &key,
            format!("not valid OpenAPI 3.0: {message}"),
            Some(help_for(&message)),
        );
        if let Some(name) = key.segments().last() {
            object.remove(name);
        }
    }
    for (key, expected) in [
        ("properties", "a mapping"),
        ("allOf", "a sequence"),
        ("oneOf", "a sequence"),
        ("anyOf", "a sequence"),
    ] {
        let Some(value) = object.get(key) else {
            continue;
        };
        let fits = if expected == "a mapping" {
            value.is_object()
        } else {
            value.is_array()
        };
        if !fits {
            let message = format!("`{key}` must be {expected}, found {}", describe(value));
            diagnostics.error(
                &pointer.join(key),
                format!("not valid OpenAPI 3.0: {message}"),
                Some(help_for(&message)),
            );
            object.remove(key);
        }
    }
    if object
        .get("additionalProperties")
        .is_some_and(Value::is_boolean)
    {
        // `additionalProperties: true|false` is valid and not a schema.
        let value = object.remove("additionalProperties");
        repair_children(object, pointer, diagnostics, depth, v31);
        if let Some(value) = value {
            object.insert("additionalProperties".to_owned(), value);
        }
    } else {
        repair_children(object, pointer, diagnostics, depth, v31);
    }
}

fn repair_children(
    object: &mut Map<String, Value>,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
    depth: usize,
    v31: bool,
) {
    if let Some(Value::Bool(value)) = object.get("required") {
        // Not inside a property (those are handled by the parent, below).
        let pointer = pointer.join("required");
        if *value {
            diagnostics.error(
                &pointer,
                "`required: true` is not valid in a schema: it takes the list of required property names",
                Some("list the required property names, e.g. `required: [id]`, or mark the parameter or body itself `required`".to_owned()),
            );
            // Dropped so that the rest of the document is still checked in this run.
            object.remove("required");
        } else {
            diagnostics.warning(
                &pointer,
                "`required: false` is not valid in a schema (it takes a list of property names); ignored",
                Some("remove it: properties are optional unless listed in `required`".to_owned()),
            );
            object.remove("required");
        }
    }
    hoist_property_requirements(object, pointer, diagnostics);
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        let base = pointer.join("properties");
        for (name, property) in properties.iter_mut() {
            repair_schema(property, &base.join(name), diagnostics, depth + 1, v31);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = object.get_mut(key) {
            repair_schema(child, &pointer.join(key), diagnostics, depth + 1, v31);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(children)) = object.get_mut(key) {
            let base = pointer.join(key);
            for (index, child) in children.iter_mut().enumerate() {
                repair_schema(child, &base.join(index), diagnostics, depth + 1, v31);
            }
        }
    }
}

/// OpenAPI 3.1's `type: [string, "null"]` → `type: string, nullable: true`.
fn repair_type_list(
    object: &mut Map<String, Value>,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
    v31: bool,
) {
    let Some(Value::Array(types)) = object.get("type") else {
        return;
    };
    let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
    if names.len() != types.len() {
        return; // Reported as a type error.
    }
    let nullable = names.contains(&"null");
    let others: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| *name != "null")
        .collect();
    let at = pointer.join("type");
    let [single] = others[..] else {
        // Several types (or only `null`): any JSON value is the honest Rust type.
        diagnostics.warning(
            &at,
            format!(
                "a value of several types ({}) is typed as any JSON value (`serde_json::Value`)",
                names.join(", ")
            ),
            Some("give the value one type, or describe the alternatives with oneOf".to_owned()),
        );
        object.remove("type");
        return;
    };
    let single = single.to_owned();
    object.insert("type".to_owned(), Value::String(single.clone()));
    if nullable {
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
    if v31 {
        return; // The 3.1 spelling of the same thing.
    }
    diagnostics.warning(
        &at,
        format!(
            "a list of types is OpenAPI 3.1, not 3.0; treated as `type: {single}`{}",
            if nullable { ", `nullable: true`" } else { "" }
        ),
        Some(format!(
            "write `type: {single}`{}",
            if nullable {
                " and `nullable: true`"
            } else {
                ""
            }
        )),
    );
}

/// OpenAPI 3.1's `exclusiveMinimum: 5` → `minimum: 5, exclusiveMinimum: true` (and the same
/// for the maximum).
fn repair_numeric_exclusive_bounds(
    object: &mut Map<String, Value>,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
    v31: bool,
) {
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        let Some(Value::Number(value)) = object.get(exclusive) else {
            continue;
        };
        if object.contains_key(bound) {
            continue; // Both given: not evident which wins; reported as a type error.
        }
        let value = value.clone();
        object.insert(bound.to_owned(), Value::Number(value.clone()));
        object.insert(exclusive.to_owned(), Value::Bool(true));
        if v31 {
            continue; // The 3.1 spelling of the same thing.
        }
        diagnostics.warning(
            &pointer.join(exclusive),
            format!("a numeric `{exclusive}` is OpenAPI 3.1, not 3.0; treated as `{bound}: {value}, {exclusive}: true`"),
            Some(format!("write `{bound}: {value}` and `{exclusive}: true`")),
        );
    }
}

/// The `i64` a JSON number stands for, if it is a whole number in range (`3`, `3.0`).
fn whole_i64(value: &Value) -> Option<i64> {
    if let Some(integer) = value.as_i64() {
        return Some(integer);
    }
    let float = value.as_f64()?;
    // `i64::MAX as f64` rounds up to 2^63, which is out of range: compare strictly.
    let in_range = float >= i64::MIN as f64 && float < i64::MAX as f64;
    (float.fract() == 0.0 && in_range).then_some(float as i64)
}

/// `enum: []` allows no value at all, which no spec means: it is dropped. Beside an `allOf`
/// (Discord's `{allOf: [{$ref: SomeEnum}], type: integer, enum: []}`), the `type` goes too, so
/// that the referenced schema's type is used.
fn repair_empty_enum(object: &mut Map<String, Value>) {
    if object
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
    {
        object.remove("enum");
        if object.contains_key("allOf") {
            object.remove("type");
        }
    }
}

/// `properties: {x: {required: true}}` → `required: [x]`.
fn hoist_property_requirements(
    object: &mut Map<String, Value>,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) {
    let Some(Value::Object(properties)) = object.get_mut("properties") else {
        return;
    };
    let mut hoisted = Vec::new();
    for (name, property) in properties.iter_mut() {
        let Some(property) = property.as_object_mut() else {
            continue;
        };
        let Some(Value::Bool(required)) = property.get("required") else {
            continue;
        };
        let required = *required;
        property.remove("required");
        let at = pointer.join("properties").join(name).join("required");
        if required {
            diagnostics.warning(
                &at,
                format!("`required: true` inside the schema of property `{name}` is not OpenAPI 3.0 (required properties are listed by the enclosing object); treated as `required: [{name}]` on {pointer}"),
                Some(format!("remove it and add `{name}` to the `required` list of the object that has this property")),
            );
            hoisted.push(name.clone());
        } else {
            diagnostics.warning(
                &at,
                format!("`required: false` inside the schema of property `{name}` is not OpenAPI 3.0; ignored (the property is optional)"),
                Some("remove it: properties not listed in the enclosing object's `required` are optional".to_owned()),
            );
        }
    }
    if hoisted.is_empty() {
        return;
    }
    match object
        .entry("required")
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        Value::Array(list) => {
            for name in hoisted {
                if !list.iter().any(|existing| existing.as_str() == Some(&name)) {
                    list.push(Value::String(name));
                }
            }
        }
        other => diagnostics.error(
            &pointer.join("required"),
            format!(
                "`required` must be a list of property names, found {}",
                describe(other)
            ),
            Some("write `required: [name, ...]`".to_owned()),
        ),
    }
}

/// Where the integer keywords that do not fit an `i64` go (`maximum: 18446744073709551615`
/// for a `uint64`): openapiv3 holds integer bounds and enum values as `i64`, so they are moved
/// under this extension, where the resolver reads them to choose a wider type (`u64`, `i128`,
/// `f64`) and to check the bounds. `default` is kept by openapiv3 as JSON.
pub(crate) const WIDE_INTEGERS: &str = "x-zendesk-oauth-generator-wide-integers";

/// Moves `minimum`, `maximum` and `enum` values beyond `i64` under [`WIDE_INTEGERS`]; a wide
/// `multipleOf` is dropped with a warning.
fn repair_wide_integers(
    object: &mut Map<String, Value>,
    pointer: &Pointer,
    diagnostics: &mut Diagnostics,
) {
    if object.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    let mut wide = Map::new();
    for key in ["minimum", "maximum", "multipleOf"] {
        let Some(value) = object.get_mut(key) else {
            continue;
        };
        if value.is_i64() || !value.is_number() {
            continue;
        }
        if let Some(whole) = whole_i64(value) {
            *value = Value::from(whole); // `0.0`: the integer it spells.
            continue;
        }
        if key == "multipleOf" {
            diagnostics.warning(
                &pointer.join(key),
                format!("`{key}: {value}` does not fit a 64-bit signed integer; it is not checked"),
                Some("nothing to do, or use a smaller `multipleOf`".to_owned()),
            );
            object.remove(key);
        } else if let Some(value) = object.remove(key) {
            wide.insert(key.to_owned(), value);
        }
    }
    if let Some(Value::Array(values)) = object.get_mut("enum") {
        let (narrow, wide_values): (Vec<Value>, Vec<Value>) = std::mem::take(values)
            .into_iter()
            .partition(|value| !value.is_number() || whole_i64(value).is_some());
        *values = narrow;
        if values.is_empty() {
            object.remove("enum");
        }
        if !wide_values.is_empty() {
            wide.insert("enum".to_owned(), Value::Array(wide_values));
        }
    }
    if !wide.is_empty() {
        object.insert(WIDE_INTEGERS.to_owned(), Value::Object(wide));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The errors of repairing a document whose one component schema is `schema`.
    fn errors(schema: Value) -> Vec<(String, String)> {
        let mut document = json!({"components": {"schemas": {"A": schema}}});
        let mut diagnostics = Diagnostics::default();
        repair(&mut document, &mut diagnostics);
        diagnostics
            .0
            .into_iter()
            .filter(|d| d.severity == crate::Severity::Error)
            .map(|d| (d.pointer, d.message))
            .collect()
    }

    #[test]
    fn schemas_nest_at_most_32_levels_deep_whichever_keyword_nests_them() {
        let wrappers: [fn(Value) -> Value; 3] = [
            |inner| json!({"type": "object", "properties": {"p": inner}}),
            |inner| json!({"type": "array", "items": inner}),
            |inner| json!({"allOf": [inner]}),
        ];
        for wrap in wrappers {
            let nested =
                |levels: usize| (0..levels).fold(json!({"type": "string"}), |inner, _| wrap(inner));
            assert_eq!(errors(nested(32)), []);
            let found = errors(nested(33));
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(
                found[0].1,
                "schemas are nested more than 32 levels deep here"
            );
        }
    }

    /// `schema` repaired alone, with the findings.
    fn repaired(schema: Value) -> (Value, Diagnostics) {
        let mut document = json!({"components": {"schemas": {"A": schema}}});
        let mut diagnostics = Diagnostics::default();
        repair(&mut document, &mut diagnostics);
        (document["components"]["schemas"]["A"].take(), diagnostics)
    }

    #[test]
    fn integer_bounds_are_whole_numbers_within_i64_or_set_aside() {
        let (schema, diagnostics) = repaired(json!({
            "type": "integer", "minimum": -3.0, "maximum": 9223372036854775808_u64,
            "multipleOf": 2.5
        }));
        // `-3.0` is the integer it spells; 2^63 does not fit (`i64::MAX as f64` is 2^63).
        assert_eq!(
            schema,
            json!({"type": "integer", "minimum": -3,
                WIDE_INTEGERS: {"maximum": 9223372036854775808_u64}})
        );
        assert_eq!(diagnostics.0.len(), 1, "{diagnostics}");
        assert!(diagnostics.0[0]
            .message
            .starts_with("`multipleOf: 2.5` does not fit"));
        // A fraction is no integer: set aside for the resolver to report.
        let (schema, _) = repaired(json!({"type": "integer", "minimum": 0.5}));
        assert_eq!(
            schema,
            json!({"type": "integer", WIDE_INTEGERS: {"minimum": 0.5}})
        );
        // A bound that is no number at all is left for the shape check to report.
        assert_eq!(
            errors(json!({"type": "integer", "minimum": "3"})),
            [(
                "#/components/schemas/A/minimum".to_owned(),
                "not valid OpenAPI 3.0: `minimum` must be a number, found a string".to_owned()
            )]
        );
    }

    #[test]
    fn an_empty_enum_is_dropped_and_beside_an_all_of_its_type_too() {
        assert_eq!(
            repaired(json!({"type": "string", "enum": []})).0,
            json!({"type": "string"})
        );
        let reference = json!([{"$ref": "#/components/schemas/B"}]);
        assert_eq!(
            repaired(json!({"allOf": reference.clone(), "type": "integer", "enum": []})).0,
            json!({"allOf": reference})
        );
    }

    #[test]
    fn property_level_required_moves_to_the_parent() {
        let mut document = serde_json::json!({
            "components": {"schemas": {"A": {"type": "object", "required": ["b"], "properties": {
                "a": {"type": "string", "required": true},
                "b": {"type": "string"},
                "c": {"type": "string", "required": false}
            }}}}
        });
        let mut diagnostics = Diagnostics::default();
        repair(&mut document, &mut diagnostics);
        let schema = &document["components"]["schemas"]["A"];
        assert_eq!(schema["required"], serde_json::json!(["b", "a"]));
        assert!(schema["properties"]["a"].get("required").is_none());
        assert!(schema["properties"]["c"].get("required").is_none());
        assert_eq!(diagnostics.0.len(), 2);
        assert!(!diagnostics.has_errors());
        assert_eq!(
            diagnostics.0[0].pointer,
            "#/components/schemas/A/properties/a/required"
        );
    }
}
