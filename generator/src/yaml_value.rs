//! YAML → `serde_yaml::Value`, as `serde_yaml::Value`'s own `Deserialize` does, except for
//! integers beyond 64 bits (`maximum: 18446744073709551616`), which that rejects and the whole
//! document with them: here they become floating-point numbers, as JSON parsers read them
//! (the resolver then types such schemas `i128` or `f64`).

use serde::de::{
    Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};
use std::fmt;

/// A YAML value read leniently.
pub(crate) struct Lenient(pub(crate) Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor)
    }
}

struct LenientVisitor;

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = Lenient;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Lenient, E> {
        Ok(Lenient(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Lenient, E> {
        Ok(Lenient(Value::Number(value.into())))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Lenient, E> {
        Ok(Lenient(Value::Number(value.into())))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Lenient, E> {
        Ok(Lenient(Value::Number((value as f64).into())))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Lenient, E> {
        Ok(Lenient(Value::Number((value as f64).into())))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Lenient, E> {
        Ok(Lenient(Value::Number(value.into())))
    }

    fn visit_str<E>(self, value: &str) -> Result<Lenient, E> {
        Ok(Lenient(Value::String(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Lenient, E> {
        Ok(Lenient(Value::String(value)))
    }

    fn visit_unit<E>(self) -> Result<Lenient, E> {
        Ok(Lenient(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Lenient, E> {
        Ok(Lenient(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Lenient, D::Error> {
        Lenient::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Lenient, A::Error> {
        let mut sequence = Vec::new();
        while let Some(Lenient(item)) = items.next_element()? {
            sequence.push(item);
        }
        Ok(Lenient(Value::Sequence(sequence)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Lenient, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(Lenient(key)) = entries.next_key()? {
            if mapping.contains_key(&key) {
                let shown = match &key {
                    Value::String(key) => format!("with key {key:?}"),
                    Value::Number(key) => format!("with key {key}"),
                    Value::Bool(key) => format!("with key `{key}`"),
                    Value::Null => "with null key".to_owned(),
                    _ => "in YAML map".to_owned(),
                };
                // serde_yaml's own wording, which diagnostics show.
                return Err(serde::de::Error::custom(format!("duplicate entry {shown}")));
            }
            let Lenient(value) = entries.next_value()?;
            mapping.insert(key, value);
        }
        Ok(Lenient(Value::Mapping(mapping)))
    }

    /// A tagged value (`!Thing value`).
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Lenient, A::Error> {
        let (tag, contents): (String, _) = data.variant()?;
        if tag.is_empty() {
            return Err(serde::de::Error::custom("empty YAML tag is not allowed"));
        }
        let Lenient(value) = contents.newtype_variant()?;
        Ok(Lenient(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        }))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Value {
        serde_yaml::from_str::<Lenient>(text)
            .unwrap_or_else(|error| panic!("{error}"))
            .0
    }

    #[test]
    fn reads_what_serde_yaml_reads() {
        let text = "a: [1, -2, 2.5, true, null, ~, text]\n'3': {b: !Thing 4}\n";
        let expected: Value = serde_yaml::from_str(text).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(read(text), expected);
        for duplicate in [
            "a: 1\nb: 2\na: 3\n",
            "200: a\n200: b\n",
            "true: a\ntrue: b\n",
            "~: a\nnull: b\n",
            "[1]: a\n[1]: b\n",
        ] {
            let theirs = serde_yaml::from_str::<Value>(duplicate).map(drop);
            let ours = serde_yaml::from_str::<Lenient>(duplicate).map(drop);
            assert_eq!(
                ours.map_err(|error| error.to_string()),
                theirs.map_err(|error| error.to_string()),
                "{duplicate}"
            );
        }
    }

    #[test]
    fn integers_beyond_64_bits_become_floats() {
        assert!(serde_yaml::from_str::<Value>("18446744073709551616").is_err());
        assert_eq!(
            read("18446744073709551616").as_f64(),
            Some(18446744073709551616.0)
        );
        assert_eq!(
            read("-170141183460469231731687303715884105728").as_f64(),
            Some(-170141183460469231731687303715884105728.0)
        );
        assert_eq!(read("18446744073709551615").as_u64(), Some(u64::MAX));
    }
}
