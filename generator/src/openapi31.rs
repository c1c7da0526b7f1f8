//! OpenAPI 3.1 read as 3.0: openapiv3 reads 3.0 only, so the tolerant pre-pass rewrites what
//! 3.1 spells differently into the 3.0 spelling of the same meaning, on the JSON value (never
//! on the text). In a 3.1 document these are not mistakes, so they raise no warning; only
//! what has no 3.0 equivalent does (a webhook, a value of several types).
//!
//! - `type: [x, "null"]` → `type: x, nullable: true` (in [`crate::tolerate`]);
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → the bound plus the boolean (same);
//! - `$ref` with sibling keywords (`nullable`, `description`, `default`) → `allOf: [{$ref}]`
//!   beside them, which 3.0 honours;
//! - `oneOf`/`anyOf` with a `{type: "null"}` member → that member dropped, `nullable: true`
//!   (and a lone remaining alternative is `allOf: [it]`);
//! - `const` without `type` → the type of the constant;
//! - `prefixItems` (a tuple) → an array of any JSON, `examples` → dropped;
//! - `webhooks`, `jsonSchemaDialect`, `components.pathItems` → not generated (webhooks with a
//!   warning).

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, Pointer};

/// Whether the document declares OpenAPI 3.1.
pub(crate) fn is_openapi_31(document: &Value) -> bool {
    document
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|version| version.starts_with("3.1"))
}

/// Document-level 3.1 additions: set aside, webhooks with a warning.
pub(crate) fn normalize_document(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Value::Object(root) = document else {
        return;
    };
    if let Some(webhooks) = root.remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        diagnostics.warning(
            &Pointer::root().join("webhooks"),
            format!("{count} webhook(s) are not generated: a client calls the API's `paths`; webhooks are requests the API sends"),
            Some("nothing to do; receive webhooks with your HTTP server".to_owned()),
        );
    }
    root.remove("jsonSchemaDialect");
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("pathItems");
    }
    // `paths` is optional in 3.1 (a webhooks-only document).
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
}

/// Rewrites one schema object's 3.1 spellings (not its children: the caller walks those).
pub(crate) fn normalize_schema(object: &mut Map<String, Value>) {
    if object.contains_key("$ref") && object.len() > 1 {
        if let Some(reference) = object.remove("$ref") {
            let mut part = Map::new();
            part.insert("$ref".to_owned(), reference);
            object.insert("allOf".to_owned(), Value::Array(vec![Value::Object(part)]));
        }
    }
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = object.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|member| member.get("type").and_then(Value::as_str) != Some("null"));
        if members.len() < before {
            // One alternative left (`oneOf: [{$ref: X}, {type: "null"}]`): that alternative,
            // nullable.
            if members.len() == 1 && !object.contains_key("allOf") {
                if let Some(members) = object.remove(key) {
                    object.insert("allOf".to_owned(), members);
                }
            }
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
    if !object.contains_key("type") {
        let inferred = match object.get("const") {
            Some(Value::String(_)) => Some("string"),
            Some(Value::Bool(_)) => Some("boolean"),
            Some(Value::Number(number)) if number.is_f64() => Some("number"),
            Some(Value::Number(_)) => Some("integer"),
            _ => None,
        };
        if let Some(inferred) = inferred {
            object.insert("type".to_owned(), Value::from(inferred));
        }
    }
    if object.remove("prefixItems").is_some() && !object.contains_key("items") {
        object.insert("items".to_owned(), Value::Object(Map::new()));
    }
    object.remove("examples");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalized(mut schema: Value) -> Value {
        if let Value::Object(object) = &mut schema {
            normalize_schema(object);
        }
        schema
    }

    #[test]
    fn three_one_spellings_become_three_zero() {
        assert_eq!(
            normalized(json!({"$ref": "#/components/schemas/A", "nullable": true})),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
        assert_eq!(
            normalized(json!({"oneOf": [{"$ref": "#/x"}, {"type": "null"}]})),
            json!({"allOf": [{"$ref": "#/x"}], "nullable": true})
        );
        assert_eq!(
            normalized(json!({"const": 3})),
            json!({"const": 3, "type": "integer"})
        );
        assert_eq!(
            normalized(
                json!({"type": "array", "prefixItems": [{"type": "string"}], "examples": [[]]})
            ),
            json!({"type": "array", "items": {}})
        );
        assert_eq!(normalized(json!({"$ref": "#/x"})), json!({"$ref": "#/x"}));
    }

    #[test]
    fn only_a_null_alternative_makes_a_union_nullable() {
        // Nothing to drop: left alone, even with a single alternative.
        assert_eq!(
            normalized(json!({"oneOf": [{"$ref": "#/x"}]})),
            json!({"oneOf": [{"$ref": "#/x"}]})
        );
        // Two alternatives left: still a union.
        assert_eq!(
            normalized(json!({"anyOf": [{"$ref": "#/a"}, {"type": "null"}, {"$ref": "#/b"}]})),
            json!({"anyOf": [{"$ref": "#/a"}, {"$ref": "#/b"}], "nullable": true})
        );
        // One left beside an `allOf`: kept where it is, not merged into it.
        assert_eq!(
            normalized(
                json!({"allOf": [{"$ref": "#/a"}], "oneOf": [{"$ref": "#/b"}, {"type": "null"}]})
            ),
            json!({"allOf": [{"$ref": "#/a"}], "oneOf": [{"$ref": "#/b"}], "nullable": true})
        );
    }

    #[test]
    fn a_constant_gives_its_type_unless_one_is_written() {
        for (constant, expected) in [
            (json!("x"), "string"),
            (json!(true), "boolean"),
            (json!(1.5), "number"),
            (json!(-2), "integer"),
        ] {
            assert_eq!(
                normalized(json!({"const": constant.clone()})),
                json!({"const": constant, "type": expected})
            );
        }
        assert_eq!(
            normalized(json!({"const": 1, "type": "number"})),
            json!({"const": 1, "type": "number"})
        );
        assert_eq!(normalized(json!({"const": null})), json!({"const": null}));
    }

    #[test]
    fn webhooks_are_set_aside_with_a_warning() {
        let mut document =
            json!({"openapi": "3.1.0", "webhooks": {"a": {}, "b": {}}, "jsonSchemaDialect": "x"});
        let mut diagnostics = Diagnostics::default();
        normalize_document(&mut document, &mut diagnostics);
        assert_eq!(document, json!({"openapi": "3.1.0", "paths": {}}));
        assert_eq!(diagnostics.0.len(), 1);
        assert!(
            diagnostics.0[0].message.starts_with("2 webhook(s)"),
            "{}",
            diagnostics
        );
    }
}
