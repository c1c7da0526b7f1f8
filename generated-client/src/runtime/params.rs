//! How parameter values become text on the wire: path segments, and OpenAPI's `style` and
//! `explode` layouts for query parameters and headers that are not plain values.

use std::fmt::Display;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

/// Characters left as they are in a path segment: RFC 3986 unreserved.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a path parameter so that it stays one path segment (`/`, `?`, `#` and `..`
/// tricks cannot change which resource is addressed).
pub fn path_segment(value: &impl Display) -> String {
    let raw = value.to_string();
    match raw.as_str() {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(&raw, PATH_SEGMENT).to_string(),
    }
}

/// How a parameter that is not a plain value is laid out: OpenAPI's `style` (and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`, exploded (the default for query parameters): `a=1&a=2`, objects as `k=v`.
    Form,
    /// `form` with `explode: false`: `a=1,2`, objects as `a=k,v,k,v`.
    FormUnexploded,
    /// `deepObject`: `a[k]=v`, nested as `a[k][j]=v`.
    DeepObject,
    /// `spaceDelimited`: `a=1 2`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
}

/// `name`/`value` as query pairs, laid out by `style`. `null` sends nothing.
pub fn layout(name: &str, value: &Value, style: Style) -> Vec<(String, String)> {
    let joined =
        |separator: &str, items: Vec<String>| vec![(name.to_owned(), items.join(separator))];
    match (value, style) {
        (Value::Null, _) => Vec::new(),
        (Value::Array(items), Style::Form | Style::DeepObject) => items
            .iter()
            .filter(|item| !item.is_null())
            .map(|item| (name.to_owned(), simple(item)))
            .collect(),
        (Value::Array(items), Style::FormUnexploded) => {
            joined(",", items.iter().map(simple).collect())
        }
        (Value::Array(items), Style::SpaceDelimited) => {
            joined(" ", items.iter().map(simple).collect())
        }
        (Value::Array(items), Style::PipeDelimited) => {
            joined("|", items.iter().map(simple).collect())
        }
        (Value::Object(fields), Style::Form) => fields
            .iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(key, value)| (key.clone(), simple(value)))
            .collect(),
        (Value::Object(fields), Style::DeepObject) => fields
            .iter()
            .flat_map(|(key, value)| {
                let nested = format!("{name}[{key}]");
                match value {
                    Value::Object(_) => layout(&nested, value, Style::DeepObject),
                    _ => layout(&nested, value, Style::Form),
                }
            })
            .collect(),
        (Value::Object(fields), _) => {
            let separator = match style {
                Style::SpaceDelimited => " ",
                Style::PipeDelimited => "|",
                _ => ",",
            };
            let items = fields
                .iter()
                .filter(|(_, value)| !value.is_null())
                .flat_map(|(key, value)| [key.clone(), simple(value)])
                .collect();
            joined(separator, items)
        }
        (scalar, _) => vec![(name.to_owned(), simple(scalar))],
    }
}

/// OpenAPI's `simple` style: a scalar as text, an array as `a,b`, an object as `k,v,k,v`.
/// Used for path segments and headers of non-plain values too.
pub fn simple(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::Array(items) => items.iter().map(simple).collect::<Vec<_>>().join(","),
        Value::Object(fields) => fields
            .iter()
            .flat_map(|(key, value)| [key.clone(), simple(value)])
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// A path parameter that is not a plain value (a union, an array), in `simple` style, encoded
/// so it stays one path segment.
#[allow(dead_code)] // Only specs with such path parameters call it (not the project's own).
pub fn path_serialized(value: &impl Serialize) -> String {
    let text = serde_json::to_value(value)
        .map(|value| simple(&value))
        .unwrap_or_default();
    path_segment(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_objects_and_styles_lay_out_as_openapi_says() {
        let value = serde_json::json!({"after": "c", "size": 10, "skip": null, "in": {"x": 1}});
        let pairs = |style| {
            layout("page", &value, style)
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            pairs(Style::DeepObject),
            ["page[after]=c", "page[in][x]=1", "page[size]=10"]
        );
        assert_eq!(pairs(Style::Form), ["after=c", "in=x,1", "size=10"]);
        let list = serde_json::json!([1, 2]);
        assert_eq!(
            layout("ids", &list, Style::FormUnexploded),
            [("ids".to_owned(), "1,2".to_owned())]
        );
        assert_eq!(layout("ids", &list, Style::Form).len(), 2);
        assert_eq!(layout("ids", &list, Style::PipeDelimited)[0].1, "1|2");
        assert!(layout("x", &Value::Null, Style::Form).is_empty());
        assert_eq!(path_serialized(&serde_json::json!("a/b")), "a%2Fb");
        assert_eq!(path_serialized(&7), "7");
    }

    #[test]
    fn nulls_inside_arrays_and_objects_send_nothing() {
        let list = serde_json::json!([1, null, 2]);
        assert_eq!(
            layout("ids", &list, Style::Form),
            [
                ("ids".to_owned(), "1".to_owned()),
                ("ids".to_owned(), "2".to_owned())
            ]
        );
        let object = serde_json::json!({"a": 1, "b": null, "c": "x"});
        let joined = |style| layout("p", &object, style);
        assert_eq!(
            joined(Style::FormUnexploded),
            [("p".to_owned(), "a,1,c,x".to_owned())]
        );
        assert_eq!(
            joined(Style::SpaceDelimited),
            [("p".to_owned(), "a 1 c x".to_owned())]
        );
        assert_eq!(
            joined(Style::PipeDelimited),
            [("p".to_owned(), "a|1|c|x".to_owned())]
        );
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(path_segment(&"."), "%2E");
        assert_eq!(path_segment(&42), "42");
        assert_eq!(path_segment(&"a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(path_segment(&".."), "%2E%2E");
        assert_eq!(path_segment(&"current.json"), "current.json");
        assert_eq!(path_segment(&"é x"), "%C3%A9%20x");
    }
}
