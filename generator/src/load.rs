//! Load: YAML or JSON text → `openapiv3::OpenAPI`, with a JSON pointer for anything that does
//! not parse.

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostics, Pointer};

/// Parses an OpenAPI 3.0 document (YAML or JSON, since JSON is YAML).
pub fn load(text: &str) -> Result<OpenAPI, Diagnostics> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let mut pointer = Pointer::root();
        for segment in error.path().iter() {
            pointer = match segment {
                serde_path_to_error::Segment::Seq { index } => pointer.join(index),
                serde_path_to_error::Segment::Map { key } => pointer.join(key),
                serde_path_to_error::Segment::Enum { variant } => pointer.join(variant),
                serde_path_to_error::Segment::Unknown => pointer,
            };
        }
        let inner = error.into_inner();
        let mut diagnostics = Diagnostics::default();
        let location = inner
            .location()
            .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
            .unwrap_or_default();
        diagnostics.error(
            &pointer,
            format!("not a valid OpenAPI 3.0 document{location}: {inner}"),
            Some("check this value against the OpenAPI 3.0.3 specification".to_owned()),
        );
        diagnostics
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_where_the_document_breaks() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let diagnostics = load(text).unwrap_err();
        let first = &diagnostics.0[0];
        // openapiv3's untagged `ReferenceOr` hides how deep the problem is: the pointer stops
        // at the enclosing map.
        assert_eq!(first.pointer, "#/paths", "{first}");
        assert!(
            first.message.contains("not a valid OpenAPI 3.0 document"),
            "{first}"
        );
    }
}
