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

/// OpenAPI's `simple` style with `explode: true`: as [`simple`], but an object's members are
/// written `k=v,k=v` (headers; path parameters go through [`path_styled`]).
pub fn simple_exploded(value: &Value) -> String {
    match value {
        Value::Object(fields) => fields
            .iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(key, value)| format!("{key}={}", simple(value)))
            .collect::<Vec<_>>()
            .join(","),
        other => simple(other),
    }
}

/// A path parameter that is not a plain value (a union, an array), in `simple` style, encoded
/// so it stays one path segment.
#[allow(dead_code)] // Only specs with such path parameters call it (not the project's own).
pub fn path_serialized(value: &impl Serialize) -> String {
    path_styled("", value, PathStyle::Simple)
}

/// How a path parameter is laid out: OpenAPI's `style` for `in: path`, with `explode`.
///
/// The layouts are those of the OpenAPI 3.0.3 "Style Examples" table
/// (<https://spec.openapis.org/oas/v3.0.3#style-examples>). Where that table and RFC 6570
/// differ (`label` without `explode`: the table writes arrays `.blue.black.brown`, the RFC
/// `.blue,black,brown`), the table is followed.
#[allow(dead_code)] // Specs without `label`, `matrix` or exploded paths use only `Simple`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `simple` (the default): `blue`, `blue,black,brown`, `R,100,G,200,B,150`.
    Simple,
    /// `simple` with `explode: true`: objects as `R=100,G=200,B=150`.
    SimpleExploded,
    /// `label`: `.blue`, `.blue.black.brown`, `.R.100.G.200.B.150`.
    Label,
    /// `label` with `explode: true`: objects as `.R=100.G=200.B=150`.
    LabelExploded,
    /// `matrix`: `;color=blue`, `;color=blue,black,brown`, `;color=R,100,G,200,B,150`.
    Matrix,
    /// `matrix` with `explode: true`: `;color=blue;color=black;color=brown`,
    /// `;R=100;G=200;B=150`.
    MatrixExploded,
}

/// Path parameter `name` laid out by `style`. Names, keys and values are percent-encoded as
/// path segments are, so only the style's own delimiters (`;`, `=`, `,`, `.`) separate them.
/// A value that does not serialize is sent as empty, like `null`.
#[allow(dead_code)] // Only specs with such path parameters call it (not the project's own).
pub fn path_styled(name: &str, value: &impl Serialize, style: PathStyle) -> String {
    let value = serde_json::to_value(value).unwrap_or_default();
    let name = path_segment(&name);
    let encoded = |value: &Value| path_segment(&simple(value));
    // The parts of the value: `None` for a value the table calls empty.
    let (items, pairs) = match &value {
        Value::Array(items) => (items.iter().map(encoded).collect(), None),
        Value::Object(fields) => {
            let pairs = fields
                .iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(key, value)| (path_segment(key), encoded(value)))
                .collect::<Vec<_>>();
            // An object whose fields are all `null` is as empty as `{}`.
            (Vec::new(), (!pairs.is_empty()).then_some(pairs))
        }
        Value::Null => (Vec::new(), None),
        Value::String(text) if text.is_empty() => (Vec::new(), None),
        scalar => (vec![encoded(scalar)], None),
    };
    let flat = |pairs: &[(String, String)], separator: &str| {
        pairs
            .iter()
            .flat_map(|(key, value)| [key.as_str(), value.as_str()])
            .collect::<Vec<_>>()
            .join(separator)
    };
    let assigned = |pairs: &[(String, String)], separator: &str| {
        pairs
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect::<Vec<_>>()
            .join(separator)
    };
    match (style, pairs) {
        (PathStyle::Simple, Some(pairs)) => flat(&pairs, ","),
        (PathStyle::SimpleExploded, Some(pairs)) => assigned(&pairs, ","),
        (PathStyle::Simple | PathStyle::SimpleExploded, None) => items.join(","),
        (PathStyle::Label, Some(pairs)) => format!(".{}", flat(&pairs, ".")),
        (PathStyle::LabelExploded, Some(pairs)) => format!(".{}", assigned(&pairs, ".")),
        (PathStyle::Label | PathStyle::LabelExploded, None) => format!(".{}", items.join(".")),
        (PathStyle::Matrix, Some(pairs)) => format!(";{name}={}", flat(&pairs, ",")),
        (PathStyle::MatrixExploded, Some(pairs)) => format!(";{}", assigned(&pairs, ";")),
        (PathStyle::Matrix | PathStyle::MatrixExploded, None) if items.is_empty() => {
            format!(";{name}")
        }
        (PathStyle::Matrix, None) => format!(";{name}={}", items.join(",")),
        (PathStyle::MatrixExploded, None) => {
            items.iter().map(|item| format!(";{name}={item}")).collect()
        }
    }
}

/// Whether `path` has a `.` or `..` segment, spelled out or percent-encoded: URLs resolve
/// those away (`/a/%2E%2E/b` is `/b`), so such a path cannot be sent as it is.
pub(crate) fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(|segment| {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    })
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
        // The delimiters between items stay commas; commas inside an item are encoded.
        assert_eq!(path_serialized(&serde_json::json!(["a,b", "c"])), "a%2Cb,c");
    }

    /// Every cell of the path rows (`matrix`, `label`, `simple`) of the OpenAPI 3.0.3 "Style
    /// Examples" table (<https://spec.openapis.org/oas/v3.0.3#style-examples>): parameter
    /// `color`, values empty, `"blue"`, `["blue","black","brown"]` and
    /// `{"R":100,"G":200,"B":150}` (`simple` has no empty form: n/a in the table). Objects
    /// go through `serde_json::Value`, whose members are in name order: the table's `R`, `G`,
    /// `B` come out `B`, `G`, `R` (the same pairs; the order carries no meaning).
    #[test]
    fn path_styles_match_the_openapi_style_examples() {
        let empty = serde_json::json!("");
        let string = serde_json::json!("blue");
        let array = serde_json::json!(["blue", "black", "brown"]);
        let object = serde_json::json!({"R": 100, "G": 200, "B": 150});
        let table = [
            (
                PathStyle::Matrix,
                [
                    ";color",
                    ";color=blue",
                    ";color=blue,black,brown",
                    ";color=B,150,G,200,R,100",
                ],
            ),
            (
                PathStyle::MatrixExploded,
                [
                    ";color",
                    ";color=blue",
                    ";color=blue;color=black;color=brown",
                    ";B=150;G=200;R=100",
                ],
            ),
            (
                PathStyle::Label,
                [".", ".blue", ".blue.black.brown", ".B.150.G.200.R.100"],
            ),
            (
                PathStyle::LabelExploded,
                [".", ".blue", ".blue.black.brown", ".B=150.G=200.R=100"],
            ),
            (
                PathStyle::Simple,
                ["", "blue", "blue,black,brown", "B,150,G,200,R,100"],
            ),
            (
                PathStyle::SimpleExploded,
                ["", "blue", "blue,black,brown", "B=150,G=200,R=100"],
            ),
        ];
        for (style, expected) in table {
            let got =
                [&empty, &string, &array, &object].map(|value| path_styled("color", value, style));
            assert_eq!(got, expected, "{style:?}");
        }
    }

    #[test]
    fn path_style_values_are_encoded_and_delimiters_are_not() {
        let tricky = serde_json::json!({"a;b": "x=y", "c": "1,2/3", "skip": null});
        assert_eq!(
            path_styled("color", &tricky, PathStyle::MatrixExploded),
            ";a%3Bb=x%3Dy;c=1%2C2%2F3"
        );
        assert_eq!(
            path_styled(
                "col or",
                &serde_json::json!(["a b", "?"]),
                PathStyle::Matrix
            ),
            ";col%20or=a%20b,%3F"
        );
        assert_eq!(
            path_styled("c", &serde_json::json!(["x/y", "#"]), PathStyle::Label),
            ".x%2Fy.%23"
        );
        assert_eq!(path_styled("id", &7, PathStyle::Matrix), ";id=7");
        assert_eq!(path_styled("id", &Value::Null, PathStyle::Matrix), ";id");
        assert_eq!(path_styled("id", &Vec::<i32>::new(), PathStyle::Label), ".");
        // Empty arrays and objects, and objects of `null`s only, are empty values too.
        let empties = [
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"skip": null}),
        ];
        for style in [PathStyle::Matrix, PathStyle::MatrixExploded] {
            let got = empties
                .iter()
                .map(|value| path_styled("id", value, style))
                .collect::<Vec<_>>();
            assert_eq!(got, [";id", ";id", ";id"], "{style:?}");
        }
        // Nested values are written in `simple` style, then encoded as one value.
        assert_eq!(
            path_styled("m", &serde_json::json!([[1, 2], 3]), PathStyle::Simple),
            "1%2C2,3"
        );
    }

    #[test]
    fn headers_explode_objects_into_assignments() {
        let object = serde_json::json!({"G": 200, "R": 100, "X": null});
        assert_eq!(simple_exploded(&object), "G=200,R=100");
        assert_eq!(simple(&object), "G,200,R,100,X,");
        assert_eq!(simple_exploded(&serde_json::json!([1, 2])), "1,2");
    }

    #[test]
    fn dot_segments_are_found_however_spelled() {
        for path in ["/a/./b", "/a/..", "/%2E%2E/x", "/a/.%2e/b", "/%2e", "/x/."] {
            assert!(has_dot_segment(path), "{path}");
        }
        for path in ["/a/.b/c", "/a/...", "/a/b.", "/", "/%2E%2Ex", "/;id=."] {
            assert!(!has_dot_segment(path), "{path}");
        }
    }

    /// What generated code for `matrix` and `label` path parameters sends (the calls are those
    /// of `generator/tests/specs/path_styles.yaml`'s snapshot), as it arrives at a server.
    #[tokio::test]
    async fn matrix_and_label_paths_arrive_as_written() {
        use crate::runtime::builder::{tests::SERVERS, ClientBuilder};
        use crate::runtime::loopback::serve_one;
        use crate::runtime::request::{Operation, Request};
        use tokio::io::AsyncWriteExt as _;

        static GET: Operation = Operation {
            id: "GetMatrix",
            method: reqwest::Method::GET,
            server: "chat",
            security: &[],
            sensitive_response: false,
        };
        let color = serde_json::json!({"R": 100, "G": 200, "B": 150});
        let colors = ["blue", "black", "brown"];
        let paths = [
            format!(
                "/matrix/{}/{}/{}",
                path_styled("id", &5, PathStyle::Matrix),
                path_styled("colors", &colors, PathStyle::MatrixExploded),
                path_styled("color", &color, PathStyle::Matrix)
            ),
            format!(
                "/label/{}{}/{}",
                path_styled("id", &"a b", PathStyle::Label),
                path_styled("colors", &colors, PathStyle::Label),
                path_styled("color", &color, PathStyle::LabelExploded)
            ),
        ];
        let expected = [
            "GET /api/v2/matrix/;id=5/;colors=blue;colors=black;colors=brown/;color=B,150,G,200,R,100 HTTP/1.1",
            "GET /api/v2/label/.a%20b.blue.black.brown/.B=150.G=200.R=100 HTTP/1.1",
        ];
        for (path, expected) in paths.into_iter().zip(expected) {
            let (url, server) = serve_one(|mut socket, _| async move {
                let answer = b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";
                socket.write_all(answer).await.unwrap();
            })
            .await;
            let client = ClientBuilder::new(SERVERS)
                .base_url("chat", format!("{url}/api/v2"))
                .build()
                .unwrap();
            let response = client
                .send_empty::<std::convert::Infallible>(Request::new(&GET, path), &[204])
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 204);
            let head = server.await.unwrap();
            assert_eq!(head.lines().next(), Some(expected));
        }
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
