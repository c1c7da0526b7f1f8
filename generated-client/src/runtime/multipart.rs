//! `multipart/form-data` bodies (RFC 7578), for operations that upload files.

use serde::Serialize;
use serde_json::Value;

/// A `multipart/form-data` body being built.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    file: bool,
    content_type: Option<String>,
    data: Vec<u8>,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a field: strings as they are, other values as JSON text. `null` adds nothing;
    /// an array adds one part per item.
    pub fn value(&mut self, name: &str, value: &impl Serialize) {
        let Ok(value) = serde_json::to_value(value) else {
            return;
        };
        let items = match value {
            Value::Null => Vec::new(),
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let (data, content_type) = match item {
                Value::String(text) => (text.into_bytes(), None),
                Value::Object(_) | Value::Array(_) => (
                    item.to_string().into_bytes(),
                    Some("application/json".to_owned()),
                ),
                other => (other.to_string().into_bytes(), None),
            };
            self.parts.push(Part {
                name: name.to_owned(),
                file: false,
                content_type,
                data,
            });
        }
    }

    /// Adds a file (binary) field.
    pub fn file(&mut self, name: &str, data: &[u8]) {
        self.parts.push(Part {
            name: name.to_owned(),
            file: true,
            content_type: Some("application/octet-stream".to_owned()),
            data: data.to_vec(),
        });
    }

    /// The content type (with its boundary) and the encoded body.
    pub(crate) fn encode(&self) -> (String, Vec<u8>) {
        let mut boundary = String::from("----zendesk-oauth-boundary");
        // The boundary must not occur in any part.
        while self
            .parts
            .iter()
            .any(|part| contains(&part.data, boundary.as_bytes()))
        {
            boundary.push_str(&format!("{:x}", fastrand::u64(..)));
        }
        let mut body = Vec::new();
        for part in &self.parts {
            let name = part.name.replace(['"', '\r', '\n'], "_");
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let disposition = if part.file {
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\n")
            } else {
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n")
            };
            body.extend_from_slice(disposition.as_bytes());
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_bodies_are_encoded() {
        let mut form = Multipart::new();
        form.value("caption", &"hi");
        form.value("count", &3);
        form.file("source", b"\x00\x01");
        let (content_type, body) = form.encode();
        let boundary = content_type.split("boundary=").nth(1).unwrap().to_owned();
        let body = String::from_utf8_lossy(&body).into_owned();
        assert!(
            body.starts_with(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhi\r\n"
            )),
            "{body}"
        );
        assert!(body.contains(
            "name=\"source\"; filename=\"source\"\r\nContent-Type: application/octet-stream"
        ));
        assert!(body.ends_with(&format!("--{boundary}--\r\n")));
    }

    #[test]
    fn the_boundary_never_occurs_in_a_part() {
        let mut form = Multipart::new();
        form.value("text", &"a ----zendesk-oauth-boundary b");
        let (content_type, body) = form.encode();
        let boundary = content_type.split("boundary=").nth(1).unwrap().to_owned();
        assert_ne!(boundary, "----zendesk-oauth-boundary");
        let body = String::from_utf8_lossy(&body).into_owned();
        assert_eq!(body.matches(boundary.as_str()).count(), 2, "{body}");
    }

    /// A part longer than the boundary that does not hold it keeps the plain boundary.
    #[test]
    fn the_boundary_changes_only_when_a_part_holds_it() {
        let mut form = Multipart::new();
        form.value("text", &"-".repeat(100));
        form.file("data", &[0_u8; 100]);
        let (content_type, _) = form.encode();
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=----zendesk-oauth-boundary"
        );
    }

    #[test]
    fn values_become_one_part_per_item() {
        let mut form = Multipart::new();
        form.value("tags", &["a", "b"]);
        form.value("meta", &serde_json::json!({"k": 1}));
        form.value("none", &None::<u8>);
        let (_, body) = form.encode();
        let body = String::from_utf8_lossy(&body).into_owned();
        assert_eq!(body.matches("name=\"tags\"\r\n\r\n").count(), 2, "{body}");
        assert!(
            body.contains("name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"k\":1}\r\n")
        );
        assert!(!body.contains("none"), "{body}");
    }
}
