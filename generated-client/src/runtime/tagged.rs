//! Tagged unions: a `oneOf` (or a base schema) with a `discriminator`, generated as an enum
//! with one variant per tag value and an `Unknown` variant for the rest.
//!
//! A variant's struct usually declares the tag property itself (often required), so a
//! received object is decoded whole into the variant the tag names, tag included, and a sent
//! one is written with the tag set to the variant's, whatever the struct holds: exactly once.

// Only specs with a `discriminator` call it (not the project's own).
#![allow(dead_code)]

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserializer, Serialize, Serializer};
use serde_json::Value;

/// The tag of a received value: its `property` member, when that is a string.
pub fn tag_of<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(Value::as_str)
}

/// Decodes the object a tag selected into its variant's type.
pub fn decode_variant<'de, T: DeserializeOwned, D: Deserializer<'de>>(
    value: Value,
) -> Result<T, D::Error> {
    serde_json::from_value(value).map_err(D::Error::custom)
}

/// Writes `inner` with `property` set to `tag`: replaced if the struct holds another value,
/// added if it holds none.
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    property: &str,
    tag: &str,
    inner: &T,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(inner).map_err(S::Error::custom)?;
    match &mut value {
        Value::Object(object) => {
            object.insert(property.to_owned(), Value::from(tag));
        }
        _ => {
            return Err(S::Error::custom(format!(
                "the `{tag}` variant is not a JSON object, so it cannot carry the `{property}` tag"
            )))
        }
    }
    value.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Text {
        #[serde(rename = "type")]
        kind: String,
        text: String,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Image {
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        kind: Option<String>,
    }

    #[test]
    fn the_tag_is_read_from_strings_only() {
        assert_eq!(tag_of(&json!({"type": "text"}), "type"), Some("text"));
        assert_eq!(tag_of(&json!({"type": 3}), "type"), None);
        assert_eq!(tag_of(&json!({"kind": "text"}), "type"), None);
        assert_eq!(tag_of(&json!("text"), "type"), None);
    }

    #[test]
    fn a_variant_decodes_with_its_tag() {
        let text: Text =
            decode_variant::<_, serde_json::Value>(json!({"type": "text", "text": "hi"}))
                .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            text,
            Text {
                kind: "text".to_owned(),
                text: "hi".to_owned()
            }
        );
        let missing = decode_variant::<Text, serde_json::Value>(json!({"type": "text"}));
        assert!(missing.is_err());
    }

    #[test]
    fn the_tag_is_written_once_and_is_the_variant_s() {
        let wrong = Text {
            kind: "image".to_owned(),
            text: "hi".to_owned(),
        };
        let written = serialize_tagged(serde_json::value::Serializer, "type", "text", &wrong)
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(written, json!({"type": "text", "text": "hi"}));
        let text = serde_json::to_string(&written).unwrap_or_default();
        assert_eq!(text.matches(r#""type""#).count(), 1, "{text}");
        let absent = serialize_tagged(
            serde_json::value::Serializer,
            "type",
            "image",
            &Image { kind: None },
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(absent, json!({"type": "image"}));
    }

    #[test]
    fn a_variant_that_is_not_an_object_is_an_error() {
        let result = serialize_tagged(serde_json::value::Serializer, "type", "n", &3);
        assert!(result.is_err());
    }
}
