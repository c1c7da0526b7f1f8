//! Runs inside the crate generated from `generator/tests/specs/kept_members.yaml` (see
//! `generator/tests/focused_crates.rs`): the structs' written-out serde impls read and write
//! JSON objects as serde's derives would, keep the members an open schema does not describe,
//! and hold up when members are named like the impls' own locals.

use kept_members::models::{Locals, NewThing, OnlyOne, Thing};
use serde_json::{json, Value};

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[test]
fn an_open_object_keeps_the_members_it_does_not_describe_and_writes_them_back() {
    let wire = json!({"id": 1, "additional_properties": "a field", "colour": "red",
        "nested": {"deep": [1, null]}, "none": null});
    let thing: Thing = decode(wire.clone()).unwrap();
    assert_eq!(thing.id, Some(1));
    assert_eq!(thing.additional_properties.as_deref(), Some("a field"));
    assert_eq!(thing.additional_properties_.len(), 3);
    assert_eq!(thing.additional_properties_["colour"], json!("red"));
    assert_eq!(serde_json::to_value(&thing).unwrap(), wire);
}

#[test]
fn required_optional_and_null_members_decode_as_the_derive_would() {
    let thing: NewThing = decode(json!({"size": 3, "weight": null, "extra": 1})).unwrap();
    assert_eq!((thing.size, thing.weight), (3, None));
    let error = decode::<NewThing>(json!({"weight": 2})).unwrap_err();
    assert_eq!(error, "missing field `size`");
    let error = decode::<NewThing>(json!({"size": "three"})).unwrap_err();
    assert!(error.starts_with("invalid type: string \"three\""), "{error}");
    let error = decode::<NewThing>(json!([3, 2])).unwrap_err();
    assert_eq!(error, "invalid type: sequence, expected struct NewThing");
    // An absent optional field is left out; a present one written.
    assert_eq!(serde_json::to_value(&thing).unwrap(), json!({"size": 3}));
    let weighed = NewThing { weight: Some(2), ..thing };
    assert_eq!(serde_json::to_value(&weighed).unwrap(), json!({"size": 3, "weight": 2}));
}

#[test]
fn members_named_like_the_impls_locals_round_trip() {
    let wire = json!({"key": "k", "map": "m", "map_": 2, "object": null, "required": true,
        "serializer": 5, "writer": "w"});
    let locals: Locals = decode(wire).unwrap();
    assert_eq!(
        (locals.key.as_str(), locals.map.as_str(), locals.map2, locals.writer.as_str()),
        ("k", "m", Some(2), "w")
    );
    assert_eq!((locals.object.as_deref(), locals.required, locals.serializer), (None, true, Some(5)));
    // `object` is required but nullable: written as `null`, not left out.
    assert_eq!(
        serde_json::to_value(&locals).unwrap(),
        json!({"key": "k", "map": "m", "map_": 2, "object": null, "required": true,
            "serializer": 5, "writer": "w"})
    );
}

#[test]
fn a_repeated_member_keeps_its_last_value_and_a_lone_field_is_read() {
    let one: OnlyOne = serde_json::from_str(r#"{"other": [], "id": 1, "id": 2}"#).unwrap();
    assert_eq!(one.id, 2);
    assert_eq!(decode::<OnlyOne>(json!({})).unwrap_err(), "missing field `id`");
}
