//! Load: YAML or JSON text → `openapiv3::OpenAPI`, tolerating what real-world specs get
//! wrong when their intent is evident (each such fix is a warning), and pointing at every
//! problem that stops the load with its JSON pointer and its line and column.
//!
//! The text is parsed into a JSON value first (serde_yaml, YAML 1.2), then `tolerate`
//! repairs evident violations, then the value is converted into openapiv3's types. When that
//! conversion fails, the document is checked piece by piece (path items, operations,
//! parameters, responses, schemas and their properties, ...) so that every broken piece is
//! reported at its own pointer, not only the first one at the enclosing map.

use openapiv3::OpenAPI;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, Location, Pointer, Severity};
use crate::positions::Positions;
use crate::salvage;
use crate::shapes::{describe, help_for, keyword_shapes, ShapeError};
use crate::tolerate;

/// A loaded spec, the warnings loading it raised, and where each of its nodes is in the text.
#[derive(Debug, Clone)]
pub struct Document {
    /// The spec, with evident violations repaired.
    pub spec: OpenAPI,
    /// One warning per repaired violation.
    pub warnings: Diagnostics,
    /// Line and column of each node, to locate later diagnostics.
    pub positions: Positions,
}

/// Parses an OpenAPI 3.0 document (YAML or JSON, since JSON is YAML). The warnings of
/// [`load_document`] are dropped: use that to show them.
pub fn load(text: &str) -> Result<OpenAPI, Diagnostics> {
    load_document(text).map(|document| document.spec)
}

/// Parses an OpenAPI 3.0 document, repairing evident violations with a warning each.
pub fn load_document(text: &str) -> Result<Document, Diagnostics> {
    let Loaded {
        spec,
        diagnostics,
        positions,
        ..
    } = load_parts(text);
    match spec {
        Some(spec) if !diagnostics.has_errors() => Ok(Document {
            spec,
            warnings: diagnostics,
            positions,
        }),
        _ => Err(diagnostics),
    }
}

/// What [`load_parts`] found.
pub(crate) struct Loaded {
    /// The spec, when one could be built.
    pub(crate) spec: Option<OpenAPI>,
    /// Every finding of loading.
    pub(crate) diagnostics: Diagnostics,
    /// Where each node is in the text.
    pub(crate) positions: Positions,
    /// Operations left out because they do not convert.
    pub(crate) skipped: Vec<crate::ir::Skipped>,
}

/// Everything loading finds, and the spec whenever one could be built, even if some parts
/// had to be dropped (an error was then recorded): generation can still report its own
/// problems in the same run.
pub(crate) fn load_parts(text: &str) -> Loaded {
    let positions = Positions::index(text);
    let mut diagnostics = Diagnostics::default();
    let parsed = if text.trim_start().starts_with('{') {
        parse_json(text)
    } else {
        parse_yaml(text, &mut diagnostics)
    };
    let mut json = match parsed {
        Ok(json) => json,
        Err((message, location)) => {
            diagnostics.push_located(
                Severity::Error,
                &Pointer::root(),
                message,
                Some("fix the syntax at that line and column".to_owned()),
                location,
            );
            return Loaded {
                spec: None,
                diagnostics,
                positions,
                skipped: Vec::new(),
            };
        }
    };
    tolerate::repair(&mut json, &mut diagnostics);
    // Read through a reference: converting a copy of a big spec's value costs as much again.
    let mut spec = match OpenAPI::deserialize(&json) {
        Ok(spec) => Some(spec),
        Err(_) => {
            if !narrow(Kind::Document, &json, &Pointer::root(), &mut diagnostics) {
                let message = match check(Kind::Document, &json, &Pointer::root()) {
                    Err((pointer, message)) => Some((pointer, message)),
                    // Cannot happen (the whole failed, so a check fails); say so anyway.
                    Ok(()) => Some((Pointer::root(), "the document does not convert".to_owned())),
                };
                if let Some((pointer, message)) = message {
                    report(&mut diagnostics, &pointer, &message);
                }
            }
            None
        }
    };
    // One broken operation or component never costs the rest: they are left out, and what
    // remains is converted again.
    let mut skipped = Vec::new();
    if diagnostics.has_errors() {
        if let Some(left_out) = salvage::leave_out_broken(&mut json, &mut diagnostics, 0) {
            skipped = left_out;
            spec = serde_json::from_value::<OpenAPI>(json).ok();
        }
    }
    positions.locate(&mut diagnostics);
    Loaded {
        spec,
        diagnostics,
        positions,
        skipped,
    }
}

/// A JSON document, read as JSON (YAML parsers reject some valid JSON, such as the
/// surrogate-pair escapes of characters outside the Basic Multilingual Plane).
fn parse_json(text: &str) -> Result<Value, (String, Option<Location>)> {
    serde_json::from_str(text).map_err(|error| {
        let location = Location {
            line: error.line(),
            column: error.column(),
        };
        (format!("not a JSON document: {error}"), Some(location))
    })
}

/// A YAML document (1.2), with its keys made strings and its tags dropped.
fn parse_yaml(
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Result<Value, (String, Option<Location>)> {
    let crate::yaml_value::Lenient(yaml) = serde_yaml::from_str(text).map_err(|error| {
        let location = error.location().map(|location| Location {
            line: location.line(),
            column: location.column(),
        });
        (format!("not a YAML or JSON document: {error}"), location)
    })?;
    Ok(to_json(yaml, &Pointer::root(), diagnostics))
}

/// YAML → JSON: keys become strings (`200:` is `"200"`), tags are dropped with a warning,
/// non-finite numbers and non-scalar keys are errors.
fn to_json(value: serde_yaml::Value, pointer: &Pointer, diagnostics: &mut Diagnostics) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(value) => Value::Bool(value),
        serde_yaml::Value::Number(number) => {
            if let Some(value) = number.as_i64() {
                Value::from(value)
            } else if let Some(value) = number.as_u64() {
                Value::from(value)
            } else {
                let value = number.as_f64().unwrap_or(f64::NAN);
                match serde_json::Number::from_f64(value) {
                    Some(number) => Value::Number(number),
                    None => {
                        diagnostics.error(
                            pointer,
                            format!("`{number}` is not a finite number"),
                            Some("JSON has no infinities or NaN: use a finite number".to_owned()),
                        );
                        Value::Null
                    }
                }
            }
        }
        serde_yaml::Value::String(value) => Value::String(value),
        serde_yaml::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| to_json(item, &pointer.join(index), diagnostics))
                .collect(),
        ),
        serde_yaml::Value::Mapping(mapping) => {
            let mut object = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    serde_yaml::Value::String(key) => key,
                    serde_yaml::Value::Number(number) => number.to_string(),
                    serde_yaml::Value::Bool(value) => value.to_string(),
                    serde_yaml::Value::Null => "null".to_owned(),
                    _ => {
                        diagnostics.error(
                            pointer,
                            "a mapping key is a sequence, mapping or tagged value",
                            Some("OpenAPI keys are strings: quote the key".to_owned()),
                        );
                        continue;
                    }
                };
                let child = pointer.join(&key);
                if let serde_yaml::Value::Number(number) = &value {
                    if number.as_f64().is_some_and(|n| !n.is_finite()) {
                        diagnostics.error(
                            &child,
                            format!("`{number}` is not a finite number"),
                            Some("JSON has no infinities or NaN: use a finite number".to_owned()),
                        );
                        continue;
                    }
                }
                let value = to_json(value, &child, diagnostics);
                if object.insert(key.clone(), value).is_some() {
                    diagnostics.error(
                        &child,
                        format!("key `{key}` appears twice (once unquoted, once quoted)"),
                        Some("keep one of them".to_owned()),
                    );
                }
            }
            Value::Object(object)
        }
        serde_yaml::Value::Tagged(tagged) => {
            diagnostics.warning(
                pointer,
                format!("YAML tag `{}` is ignored", tagged.tag),
                Some("remove the tag: OpenAPI documents are plain JSON data".to_owned()),
            );
            to_json(tagged.value, pointer, diagnostics)
        }
    }
}

/// The parts of a document checked one by one when the whole does not convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Info,
    Server,
    Tag,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Header,
    Schema,
    SecurityScheme,
}

/// How a child slot holds its values.
enum Slot {
    One,
    List,
    Map,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Kind {
    /// The child slots of this kind: key, shape, kind.
    fn slots(self) -> Vec<(&'static str, Slot, Kind)> {
        use Kind as K;
        use Slot::{List, Map, One};
        match self {
            K::Document => vec![
                ("info", One, K::Info),
                ("servers", List, K::Server),
                ("tags", List, K::Tag),
                ("components", One, K::Components),
                ("paths", Map, K::PathItem),
            ],
            K::Components => vec![
                ("schemas", Map, K::Schema),
                ("responses", Map, K::Response),
                ("parameters", Map, K::Parameter),
                ("requestBodies", Map, K::RequestBody),
                ("headers", Map, K::Header),
                ("securitySchemes", Map, K::SecurityScheme),
            ],
            K::PathItem => {
                let mut slots = vec![
                    ("servers", List, K::Server),
                    ("parameters", List, K::Parameter),
                ];
                slots.extend(METHODS.iter().map(|method| (*method, One, K::Operation)));
                slots
            }
            K::Operation => vec![
                ("servers", List, K::Server),
                ("parameters", List, K::Parameter),
                ("requestBody", One, K::RequestBody),
                ("responses", Map, K::Response),
            ],
            K::Parameter => vec![("schema", One, K::Schema), ("content", Map, K::MediaType)],
            K::RequestBody => vec![("content", Map, K::MediaType)],
            K::Response => vec![("headers", Map, K::Header), ("content", Map, K::MediaType)],
            K::MediaType => vec![("schema", One, K::Schema)],
            K::Header => vec![("schema", One, K::Schema), ("content", Map, K::MediaType)],
            K::Schema => vec![
                ("properties", Map, K::Schema),
                ("items", One, K::Schema),
                ("additionalProperties", One, K::Schema),
                ("allOf", List, K::Schema),
                ("oneOf", List, K::Schema),
                ("anyOf", List, K::Schema),
                ("not", One, K::Schema),
            ],
            K::Info | K::Server | K::Tag | K::SecurityScheme => Vec::new(),
        }
    }

    /// Whether a `$ref` may stand in for this kind.
    fn referable(self) -> bool {
        matches!(
            self,
            Kind::PathItem
                | Kind::Parameter
                | Kind::RequestBody
                | Kind::Response
                | Kind::Header
                | Kind::Schema
                | Kind::SecurityScheme
        )
    }
}

/// The children of `value` that are themselves checked: (pointer, kind, value), plus the
/// slots whose value has the wrong shape altogether.
#[allow(clippy::type_complexity)]
fn children<'v>(
    kind: Kind,
    value: &'v Value,
    pointer: &Pointer,
) -> (Vec<(Pointer, Kind, &'v Value)>, Vec<ShapeError>) {
    let mut shapes = Vec::new();
    let Some(object) = value.as_object() else {
        return (Vec::new(), shapes);
    };
    if kind.referable() && object.contains_key("$ref") {
        return (Vec::new(), shapes);
    }
    if kind == Kind::Schema {
        shapes.extend(keyword_shapes(object, pointer));
    }
    let mut found = Vec::new();
    for (key, slot, child_kind) in kind.slots() {
        let Some(child) = object.get(key) else {
            continue;
        };
        // `additionalProperties: true` is a boolean, not a schema.
        if key == "additionalProperties" && child.is_boolean() {
            continue;
        }
        let base = pointer.join(key);
        let expected = match slot {
            Slot::One | Slot::Map if !child.is_object() => Some("a mapping"),
            Slot::List if !child.is_array() => Some("a sequence"),
            _ => None,
        };
        if let Some(expected) = expected {
            shapes.push((
                base,
                format!("`{key}` must be {expected}, found {}", describe(child)),
            ));
            continue;
        }
        match slot {
            Slot::One => found.push((base, child_kind, child)),
            Slot::List => {
                for (index, item) in child.as_array().into_iter().flatten().enumerate() {
                    found.push((base.join(index), child_kind, item));
                }
            }
            Slot::Map => {
                for (name, item) in child.as_object().into_iter().flatten() {
                    // Extensions of the paths object are not path items.
                    if kind == Kind::Document && name.starts_with("x-") {
                        continue;
                    }
                    found.push((base.join(name), child_kind, item));
                }
            }
        }
    }
    (found, shapes)
}

/// Reports the deepest failing pieces under `value` (which fails as a whole). Returns
/// whether anything was reported.
fn narrow(kind: Kind, value: &Value, pointer: &Pointer, diagnostics: &mut Diagnostics) -> bool {
    let (children, shapes) = children(kind, value, pointer);
    let mut found = !shapes.is_empty();
    for (pointer, message) in shapes {
        report(diagnostics, &pointer, &message);
    }
    for (child_pointer, child_kind, child) in children {
        let Err((error_pointer, message)) = check(child_kind, child, &child_pointer) else {
            continue;
        };
        found = true;
        if !narrow(child_kind, child, &child_pointer, diagnostics) {
            report(diagnostics, &error_pointer, &message);
        }
    }
    found
}

/// Converts `value` as `kind`; on failure, the pointer as deep as serde can tell and the
/// message.
fn check(kind: Kind, value: &Value, pointer: &Pointer) -> Result<(), (Pointer, String)> {
    if kind.referable() {
        if let Some(reference) = value.as_object().and_then(|object| object.get("$ref")) {
            return match reference {
                Value::String(_) => Ok(()),
                _ => Err((
                    pointer.join("$ref"),
                    format!("`$ref` must be a string, found {}", describe(reference)),
                )),
            };
        }
    }
    match kind {
        Kind::Document => convert::<OpenAPI>(value, pointer),
        Kind::Info => convert::<openapiv3::Info>(value, pointer),
        Kind::Server => convert::<openapiv3::Server>(value, pointer),
        Kind::Tag => convert::<openapiv3::Tag>(value, pointer),
        Kind::Components => convert::<openapiv3::Components>(value, pointer),
        Kind::PathItem => convert::<openapiv3::PathItem>(value, pointer),
        Kind::Operation => convert::<openapiv3::Operation>(value, pointer),
        Kind::Parameter => convert::<openapiv3::Parameter>(value, pointer),
        Kind::RequestBody => convert::<openapiv3::RequestBody>(value, pointer),
        Kind::Response => convert::<openapiv3::Response>(value, pointer),
        Kind::MediaType => convert::<openapiv3::MediaType>(value, pointer),
        Kind::Header => convert::<openapiv3::Header>(value, pointer),
        Kind::Schema => convert::<openapiv3::Schema>(value, pointer),
        Kind::SecurityScheme => convert::<openapiv3::SecurityScheme>(value, pointer),
    }
}

fn convert<T: DeserializeOwned>(value: &Value, pointer: &Pointer) -> Result<(), (Pointer, String)> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => Ok(()),
        Err(error) => {
            let mut pointer = pointer.clone();
            for segment in error.path().iter() {
                pointer = match segment {
                    serde_path_to_error::Segment::Seq { index } => pointer.join(index),
                    serde_path_to_error::Segment::Map { key } => pointer.join(key),
                    serde_path_to_error::Segment::Enum { variant } => pointer.join(variant),
                    serde_path_to_error::Segment::Unknown => pointer,
                };
            }
            Err((pointer, error.into_inner().to_string()))
        }
    }
}

fn report(diagnostics: &mut Diagnostics, pointer: &Pointer, message: &str) {
    diagnostics.error(
        pointer,
        format!("not valid OpenAPI 3.0: {message}"),
        Some(help_for(message)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_where_the_document_breaks() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        // Reported, and the operation is left out: the (empty) rest still loads.
        let document = load_document(text).unwrap_or_else(|d| panic!("{d}"));
        let first = &document.warnings.0[0];
        assert_eq!(first.pointer, "#/paths/~1a/get/responses", "{first}");
        assert_eq!(first.location, Some(Location { line: 6, column: 7 }));
        assert!(first.message.contains("not valid OpenAPI 3.0"), "{first}");
    }

    #[test]
    fn reports_every_broken_piece() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: a, in: nowhere}\n      responses: {}\n  /b:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  x: {type: object, properties: 3}\n";
        let diagnostics = load_document(text)
            .unwrap_or_else(|d| panic!("{d}"))
            .warnings;
        let mut pointers: Vec<&str> = diagnostics.0.iter().map(|d| d.pointer.as_str()).collect();
        pointers.sort();
        // Each broken piece at its own pointer, then each operation left out for it.
        assert_eq!(
            pointers,
            [
                "#/paths/~1a/get",
                "#/paths/~1a/get/parameters/0/in",
                "#/paths/~1b/get",
                "#/paths/~1b/get/responses/200/content/application~1json/schema/properties/x/properties"
            ],
            "{diagnostics}"
        );
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let diagnostics = load("openapi: 3.0.3\ninfo: [\n").unwrap_err();
        assert!(diagnostics.0[0].location.is_some(), "{diagnostics}");
    }

    #[test]
    fn json_is_read_as_json_with_wide_integers_tolerated() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "Smile \ud83d\ude00", "version": "1"},
            "paths": {}, "components": {"schemas": {"Id": {"type": "integer", "format": "uint64",
            "minimum": 0, "maximum": 18446744073709551615, "enum": [1, 18446744073709551615],
            "multipleOf": 18446744073709551615}}}}"#;
        let document = load_document(text).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(document.spec.info.title, "Smile \u{1F600}");
        // Bounds and enum values are kept for the resolver, which types them `u64`; only the
        // wide `multipleOf` is dropped, with a warning at its line and column.
        let pointers: Vec<&str> = document
            .warnings
            .0
            .iter()
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(pointers, ["#/components/schemas/Id/multipleOf"]);
        assert_eq!(
            document.warnings.0[0].location,
            Some(Location {
                line: 4,
                column: 13
            })
        );
        let schemas = &document.spec.components.as_ref().map(|c| &c.schemas);
        let id = schemas
            .and_then(|schemas| schemas.get("Id"))
            .and_then(|schema| schema.as_item())
            .unwrap_or_else(|| panic!("no Id schema"));
        assert_eq!(
            id.schema_data
                .extensions
                .get(crate::tolerate::WIDE_INTEGERS),
            Some(
                &serde_json::json!({"maximum": 18446744073709551615_u64, "enum": [18446744073709551615_u64]})
            )
        );
    }

    #[test]
    fn yaml_integers_beyond_64_bits_do_not_abort_the_document() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Wide: {type: integer, minimum: -1, maximum: 18446744073709551616}\n";
        let document = load_document(text).unwrap_or_else(|d| panic!("{d}"));
        assert!(document.warnings.0.is_empty(), "{}", document.warnings);
    }

    #[test]
    fn json_syntax_errors_have_a_position() {
        let diagnostics = load("{\"openapi\": \"3.0.3\",\n  \"info\": }").unwrap_err();
        assert_eq!(
            diagnostics.0[0].location,
            Some(Location {
                line: 2,
                column: 11
            })
        );
        assert!(
            diagnostics.0[0].message.starts_with("not a JSON document"),
            "{diagnostics}"
        );
    }
}
