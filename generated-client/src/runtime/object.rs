//! JSON objects to and from the generated structs. For each struct the generated code writes
//! what matters about it: the names of its members, a loop that reads each member into its
//! field, and one line per field to write it. What `#[derive(Serialize, Deserialize)]` would
//! also write for every struct (a visitor type, a type naming its fields and that type's own
//! visitor, decoding from a sequence) is written here once, generic over the struct: in a
//! crate of hundreds of models, serde's derives were most of what it cost to compile.
//!
//! The result reads a JSON object as the derive does, with two differences, both lenient:
//! a member repeated in one object keeps its last value (the derive rejects the object, which
//! would cost the caller a whole page for one odd object), and only an object decodes into a
//! struct (the derive also takes an array of the field values, which no JSON API sends).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// A struct read member by member from a JSON object: implemented by the generated models.
pub trait Decode: Sized {
    /// The JSON names of its fields: [`next_field`] and [`next_member`] name a field by its
    /// index here.
    const FIELDS: &'static [&'static str];

    /// Reads the members `map` holds into a new value.
    fn decode<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of struct `name`, which implements [`Decode`].
pub fn deserialize<'de, T: Decode, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
) -> Result<T, D::Error> {
    let visitor = ObjectVisitor {
        name,
        decoded: PhantomData,
    };
    deserializer.deserialize_struct(name, T::FIELDS, visitor)
}

/// Implements `Deserialize` for a generated struct through its [`Decode`] impl: one line per
/// struct instead of an `impl` block (a blanket impl over `Decode` is not allowed for a
/// foreign trait).
// Unused in a crate without received structs.
#[allow(unused_macros)]
macro_rules! impl_deserialize {
    ($model:ty) => {
        impl<'de> ::serde::Deserialize<'de> for $model {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                $crate::runtime::object::deserialize(deserializer, stringify!($model))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use impl_deserialize;

struct ObjectVisitor<T> {
    name: &'static str,
    decoded: PhantomData<T>,
}

impl<'de, T: Decode> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode(map)
    }
}

/// A member of an object, for a struct that keeps the members it does not know.
#[derive(Debug)]
pub enum Member {
    /// The member of the field at this index of [`Decode::FIELDS`].
    Field(usize),
    /// A member no field names, by its name.
    Other(String),
}

/// The next member of the object `map` reads: the index in `fields` of the field it names,
/// its value to be read next (`map.next_value()`), or `None` at the end of the object.
/// Members no field names are skipped.
pub fn next_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<usize>, A::Error> {
    let name = MemberName {
        fields,
        keep_others: false,
    };
    while let Some(member) = map.next_key_seed(name)? {
        if let Some(Member::Field(index)) = member {
            return Ok(Some(index));
        }
        map.next_value::<IgnoredAny>()?;
    }
    Ok(None)
}

/// As [`next_field`], for a struct that keeps the members no field names: those come as
/// [`Member::Other`].
pub fn next_member<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<Member>, A::Error> {
    let name = MemberName {
        fields,
        keep_others: true,
    };
    Ok(map.next_key_seed(name)?.flatten())
}

/// A required field's value, or serde's "missing field" error when the object lacks it.
pub fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// A JSON object being written member by member, by a generated `Serialize` impl.
pub struct Writer<M>(M);

impl<M: SerializeMap> Writer<M> {
    /// Starts the object `serializer` writes.
    pub fn new<S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>>(
        serializer: S,
    ) -> Result<Self, M::Error> {
        serializer.serialize_map(None).map(Self)
    }

    /// Writes member `name`.
    pub fn entry<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// Writes member `name` with the value an optional field holds; nothing when it holds
    /// none (the member is left out rather than sent as `null`).
    pub fn optional<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.0.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// Writes the members a struct kept because no field names them.
    pub fn others(&mut self, members: &Map<String, Value>) -> Result<(), M::Error> {
        members
            .iter()
            .try_for_each(|(name, value)| self.0.serialize_entry(name, value))
    }

    /// Ends the object.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}

/// Reads a member's name as the [`Member`] it is; `None` for one to skip.
#[derive(Clone, Copy)]
struct MemberName {
    fields: &'static [&'static str],
    keep_others: bool,
}

impl MemberName {
    fn member(self, name: &str, owned: impl FnOnce() -> String) -> Option<Member> {
        match self.fields.iter().position(|field| *field == name) {
            Some(index) => Some(Member::Field(index)),
            None if self.keep_others => Some(Member::Other(owned())),
            None => None,
        }
    }
}

impl<'de> DeserializeSeed<'de> for MemberName {
    type Value = Option<Member>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for MemberName {
    type Value = Option<Member>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(self.member(name, || name.to_owned()))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Self::Value, E> {
        let known = self.member(&name, String::new);
        Ok(match known {
            Some(Member::Other(_)) => Some(Member::Other(name)),
            known => known,
        })
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Self::Value, E> {
        let name = String::from_utf8_lossy(name);
        Ok(self.member(&name, || name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    /// What the generator writes for a struct with a required, an optional and a renamed
    /// field.
    #[derive(Debug, PartialEq)]
    struct Token {
        id: i64,
        scopes: Option<Vec<String>>,
        kind: Option<String>,
    }

    impl Decode for Token {
        const FIELDS: &'static [&'static str] = &["id", "scopes", "type"];

        fn decode<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut id, mut scopes, mut kind) = (None, None, None);
            while let Some(field) = next_field(&mut map, Self::FIELDS)? {
                match field {
                    0 => id = Some(map.next_value()?),
                    1 => scopes = map.next_value()?,
                    _ => kind = map.next_value()?,
                }
            }
            let id = required(id, "id")?;
            Ok(Self { id, scopes, kind })
        }
    }
    impl_deserialize!(Token);

    impl Serialize for Token {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut writer = Writer::new(serializer)?;
            writer.entry("id", &self.id)?;
            writer.optional("scopes", &self.scopes)?;
            writer.optional("type", &self.kind)?;
            writer.end()
        }
    }

    /// One that keeps the members it does not know (`additionalProperties: true`).
    #[derive(Debug, PartialEq)]
    struct Open {
        id: Option<i64>,
        additional_properties: Map<String, Value>,
    }

    impl Decode for Open {
        const FIELDS: &'static [&'static str] = &["id"];

        fn decode<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut id = None;
            let mut additional_properties = Map::new();
            loop {
                match next_member(&mut map, Self::FIELDS)? {
                    Some(Member::Field(_)) => id = map.next_value()?,
                    Some(Member::Other(name)) => {
                        additional_properties.insert(name, map.next_value()?);
                    }
                    None => break,
                }
            }
            Ok(Self {
                id,
                additional_properties,
            })
        }
    }
    impl_deserialize!(Open);

    impl Serialize for Open {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut writer = Writer::new(serializer)?;
            writer.optional("id", &self.id)?;
            writer.others(&self.additional_properties)?;
            writer.end()
        }
    }

    fn token(text: &str) -> Result<Token, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn members_are_read_into_their_fields_whatever_their_order() {
        assert_eq!(
            token(r#"{"type": "bearer", "scopes": ["read"], "id": 7}"#),
            Ok(Token {
                id: 7,
                scopes: Some(vec!["read".to_owned()]),
                kind: Some("bearer".to_owned()),
            })
        );
    }

    #[test]
    fn unknown_members_of_any_shape_are_skipped() {
        let decoded = token(r#"{"extra": {"deep": [1, {"x": null}]}, "id": 1, "more": "text"}"#);
        assert_eq!(decoded.map(|token| token.id), Ok(1));
    }

    #[test]
    fn an_absent_or_null_optional_field_is_none() {
        let decoded = token(r#"{"id": 1, "scopes": null}"#).unwrap();
        assert_eq!((decoded.scopes, decoded.kind), (None, None));
    }

    #[test]
    fn a_missing_required_field_is_serdes_missing_field_error() {
        let error = token(r#"{"scopes": []}"#).unwrap_err();
        assert!(error.starts_with("missing field `id`"), "{error}");
    }

    #[test]
    fn a_repeated_member_keeps_its_last_value() {
        assert_eq!(token(r#"{"id": 1, "id": 2}"#).map(|token| token.id), Ok(2));
    }

    #[test]
    fn a_value_of_the_wrong_type_names_the_struct_expected() {
        let error = token("[1, null, null]").unwrap_err();
        assert!(
            error.starts_with("invalid type: sequence, expected struct Token"),
            "{error}"
        );
        let error = token(r#"{"id": "seven"}"#).unwrap_err();
        assert!(
            error.starts_with("invalid type: string \"seven\""),
            "{error}"
        );
    }

    #[test]
    fn a_member_name_that_is_not_a_string_is_an_error_saying_what_was_expected() {
        let numbered = serde::de::value::MapDeserializer::<_, serde_json::Error>::new(
            [(1_i32, 5)].into_iter(),
        );
        let error = Token::deserialize(numbered).unwrap_err().to_string();
        assert_eq!(error, "invalid type: integer `1`, expected a member name");
    }

    #[test]
    fn escaped_member_names_are_recognised() {
        // `\u0069d` is `id`: serde_json hands an escaped name over as an owned string.
        assert_eq!(token(r#"{"\u0069d": 3}"#).map(|token| token.id), Ok(3));
    }

    #[test]
    fn decodes_from_a_json_value_and_through_other_deserializers() {
        let value = json!({"id": 4, "type": "bearer", "unknown": true});
        let decoded = Token::deserialize(value).unwrap();
        assert_eq!((decoded.id, decoded.kind.as_deref()), (4, Some("bearer")));
        // Member names as owned strings (`visit_string`) and as bytes (`visit_bytes`).
        let owned = serde::de::value::MapDeserializer::<_, serde_json::Error>::new(
            [("id".to_owned(), 5), ("other".to_owned(), 6)].into_iter(),
        );
        assert_eq!(
            Token::deserialize(owned).map(|token| token.id).ok(),
            Some(5)
        );
        let bytes = serde::de::value::MapDeserializer::<_, serde_json::Error>::new(
            [(serde_bytes_key(b"id"), 8), (serde_bytes_key(b"\xff"), 9)].into_iter(),
        );
        assert_eq!(
            Token::deserialize(bytes).map(|token| token.id).ok(),
            Some(8)
        );
    }

    /// A map key that deserializes as bytes.
    fn serde_bytes_key(
        bytes: &'static [u8],
    ) -> serde::de::value::BytesDeserializer<'static, serde_json::Error> {
        serde::de::value::BytesDeserializer::new(bytes)
    }

    #[test]
    fn a_decoding_error_keeps_its_path() {
        let mut reader = serde_json::Deserializer::from_str(r#"{"id": 1, "scopes": ["a", 2]}"#);
        let error = serde_path_to_error::deserialize::<_, Token>(&mut reader).unwrap_err();
        assert_eq!(error.path().to_string(), "scopes[1]");
    }

    #[test]
    fn a_struct_that_keeps_unknown_members_keeps_them() {
        let decoded: Open =
            serde_json::from_str(r#"{"b": 1, "id": 2, "a": {"x": null}, "na\u006de": "n"}"#)
                .unwrap();
        assert_eq!(decoded.id, Some(2));
        assert_eq!(
            Value::Object(decoded.additional_properties.clone()),
            json!({"b": 1, "a": {"x": null}, "name": "n"})
        );
        // Written back with them.
        assert_eq!(
            serde_json::to_value(&decoded).unwrap(),
            json!({"b": 1, "id": 2, "a": {"x": null}, "name": "n"})
        );
    }

    #[test]
    fn optional_fields_holding_none_are_left_out_when_written() {
        let token = Token {
            id: 1,
            scopes: None,
            kind: Some("bearer".to_owned()),
        };
        assert_eq!(
            serde_json::to_string(&token).unwrap(),
            r#"{"id":1,"type":"bearer"}"#
        );
        let all = Token {
            scopes: Some(vec![]),
            ..token
        };
        assert_eq!(
            serde_json::to_value(&all).unwrap(),
            json!({"id": 1, "scopes": [], "type": "bearer"})
        );
    }
}
