//! What loading does when parts of a document do not convert into openapiv3's types: the
//! operations (or whole path items) and components that hold the broken parts are left out,
//! each with a warning, so that the rest of the document still generates. A component schema
//! left out becomes any JSON; other components are removed, and the operations that use them
//! are then skipped when they are resolved.

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, Pointer, Severity};
use crate::ir::Skipped;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The piece of the document a broken part belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    Operation { path: String, method: String },
    PathItem { path: String },
    Component { kind: String, name: String },
}

/// Leaves out the pieces holding the errors found since `mark` (demoted to warnings), and
/// returns the operations left out. `None`, changing nothing, when an error lies outside any
/// piece that can be left out (`info`, the document root): the document cannot be generated.
pub(crate) fn leave_out_broken(
    document: &mut Value,
    diagnostics: &mut Diagnostics,
    mark: usize,
) -> Option<Vec<Skipped>> {
    let mut pieces = Vec::new();
    for finding in &diagnostics.0[mark..] {
        if finding.severity != Severity::Error {
            continue;
        }
        let pointer = Pointer::parse_ref(&finding.pointer)?;
        pieces.push((piece_of(pointer.segments())?, finding.message.clone()));
    }
    for finding in &mut diagnostics.0[mark..] {
        finding.severity = Severity::Warning;
    }
    pieces.sort();
    pieces.dedup_by(|a, b| a.0 == b.0);
    let mut skipped = Vec::new();
    for (piece, reason) in pieces {
        leave_out(document, &piece, &reason, diagnostics, &mut skipped);
    }
    Some(skipped)
}

fn piece_of(segments: &[String]) -> Option<Piece> {
    match segments {
        [paths, path, method, ..] if paths == "paths" && METHODS.contains(&method.as_str()) => {
            Some(Piece::Operation {
                path: path.clone(),
                method: method.clone(),
            })
        }
        [paths, path, ..] if paths == "paths" => Some(Piece::PathItem { path: path.clone() }),
        [components, kind, name, ..] if components == "components" => Some(Piece::Component {
            kind: kind.clone(),
            name: name.clone(),
        }),
        _ => None,
    }
}

fn leave_out(
    document: &mut Value,
    piece: &Piece,
    reason: &str,
    diagnostics: &mut Diagnostics,
    skipped: &mut Vec<Skipped>,
) {
    let help =
        Some("fix the problem reported above, or run with --strict to make it an error".to_owned());
    let paths = document.get_mut("paths").and_then(Value::as_object_mut);
    match piece {
        Piece::Operation { path, method } => {
            let item = paths
                .and_then(|paths| paths.get_mut(path))
                .and_then(Value::as_object_mut);
            if item.and_then(|item| item.remove(method)).is_none() {
                return; // Already left out with its path item.
            }
            let pointer = Pointer::root().join("paths").join(path).join(method);
            let what = format!("{} {path}", method.to_uppercase());
            diagnostics.warning(
                &pointer,
                format!("operation {what} is skipped (not generated): {reason}"),
                help,
            );
            skipped.push(Skipped {
                pointer: pointer.to_string(),
                what,
                reason: reason.to_owned(),
            });
        }
        Piece::PathItem { path } => {
            let Some(Value::Object(item)) = paths.and_then(|paths| paths.remove(path)) else {
                return;
            };
            let pointer = Pointer::root().join("paths").join(path);
            diagnostics.warning(
                &pointer,
                format!("the operations of `{path}` are skipped (not generated): {reason}"),
                help,
            );
            for method in METHODS.iter().filter(|method| item.contains_key(**method)) {
                skipped.push(Skipped {
                    pointer: pointer.join(method).to_string(),
                    what: format!("{} {path}", method.to_uppercase()),
                    reason: reason.to_owned(),
                });
            }
        }
        Piece::Component { kind, name } => {
            let Some(entries) = document
                .get_mut("components")
                .and_then(|components| components.get_mut(kind))
                .and_then(Value::as_object_mut)
            else {
                return;
            };
            let pointer = Pointer::root().join("components").join(kind).join(name);
            if kind == "schemas" {
                entries.insert(name.clone(), Value::Object(Map::new()));
                diagnostics.warning(&pointer, format!("schema `{name}` cannot be read ({reason}); it is any JSON value (`serde_json::Value`)"), help);
            } else if entries.remove(name).is_some() {
                diagnostics.warning(&pointer, format!("`{name}` cannot be read ({reason}); it is left out, and the operations that use it are skipped"), help);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn broken_operations_and_components_are_left_out() {
        let mut document = json!({
            "paths": {"/a": {"get": {}, "post": {}}, "/b": {"parameters": 3, "get": {}}},
            "components": {"schemas": {"S": {"type": 7}}, "parameters": {"P": {}}}
        });
        let mut diagnostics = Diagnostics::default();
        for pointer in [
            "#/paths/~1a/get/parameters/0",
            "#/paths/~1b/parameters",
            "#/components/schemas/S/type",
            "#/components/parameters/P",
        ] {
            diagnostics.error(&Pointer::parse_ref(pointer).unwrap(), "broken", None);
        }
        let skipped = leave_out_broken(&mut document, &mut diagnostics, 0).unwrap();
        assert_eq!(
            document,
            json!({
                "paths": {"/a": {"post": {}}},
                "components": {"schemas": {"S": {}}, "parameters": {}}
            })
        );
        let what: Vec<&str> = skipped.iter().map(|s| s.what.as_str()).collect();
        assert_eq!(what, ["GET /a", "GET /b"]);
        assert!(!diagnostics.has_errors());
    }

    #[test]
    fn an_error_outside_any_piece_leaves_the_document_alone() {
        let mut document = json!({"info": 3, "paths": {"/a": {"get": {}}}});
        let before = document.clone();
        let mut diagnostics = Diagnostics::default();
        // As deep as a component's pointer, but not under `components`.
        diagnostics.error(
            &Pointer::parse_ref("#/info/contact/name").unwrap(),
            "broken",
            None,
        );
        diagnostics.error(
            &Pointer::parse_ref("#/paths/~1a/get").unwrap(),
            "broken",
            None,
        );
        assert!(leave_out_broken(&mut document, &mut diagnostics, 0).is_none());
        assert_eq!(document, before);
        assert!(diagnostics.has_errors());
    }
}
