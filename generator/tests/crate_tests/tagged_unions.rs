//! Runs inside the crate generated from `generator/tests/specs/tagged_unions.yaml` (see
//! `generator/tests/focused_crates.rs`): the tagged unions decode JSON shaped like what the
//! real APIs send (Sunshine Conversations messages and integrations, Intercom content search
//! items) and encode the tag exactly once.

use serde_json::{json, Value};
use tagged_unions::models::{
    Action, Content, Event, EventCreatedKind, Integration, Message, Pet, SearchItem,
    TextMessage,
};

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|error| panic!("{error}"))
}

fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn a_mapping_selects_the_variant_and_the_tag_stays_in_its_struct() {
    let text = json!({"type": "text", "text": "Hello!"});
    let Content::Text(message) = decode(text.clone()) else {
        panic!("not text");
    };
    assert_eq!((message.r#type.as_str(), message.text.as_str()), ("text", "Hello!"));
    assert_eq!(encode(&Content::Text(message)), text);
    // A bare schema name as the mapping value.
    let image = json!({"type": "image", "mediaUrl": "https://example.org/a.png", "altText": "a"});
    assert!(matches!(decode(image.clone()), Content::Image(ref i) if i.alt_text.as_deref() == Some("a")));
    assert_eq!(encode(&decode::<Content>(image.clone())), image);
}

#[test]
fn the_variant_s_tag_is_written_once_whatever_its_struct_holds() {
    let mislabelled = Content::Text(TextMessage {
        r#type: "image".to_owned(),
        text: "hi".to_owned(),
    });
    let written = serde_json::to_string(&mislabelled).unwrap_or_default();
    assert_eq!(written.matches(r#""type""#).count(), 1, "{written}");
    assert_eq!(encode(&mislabelled), json!({"type": "text", "text": "hi"}));
}

#[test]
fn unknown_and_missing_tags_keep_the_object() {
    let carousel = json!({"type": "carousel", "items": [{"title": "Tacos"}]});
    assert_eq!(decode::<Content>(carousel.clone()), Content::Unknown(carousel.clone()));
    assert_eq!(encode(&Content::Unknown(carousel.clone())), carousel);
    let untagged = json!({"text": "no type"});
    assert_eq!(decode::<Content>(untagged.clone()), Content::Unknown(untagged));
    // Inside a struct too: the rest of the message still decodes.
    let message: Message = decode(json!({"content": carousel, "action": {"type": "link", "uri": "https://example.org", "text": "Go"}}));
    assert!(matches!(message.content, Some(Content::Unknown(_))));
    assert!(matches!(message.action, Some(Action::Link(ref link)) if link.uri == "https://example.org"));
}

#[test]
fn a_known_tag_on_a_malformed_object_is_an_error() {
    let error = serde_json::from_value::<Content>(json!({"type": "text"})).unwrap_err();
    assert!(error.to_string().contains("text"), "{error}");
}

#[test]
fn without_mapping_the_tag_is_the_schema_name() {
    let reply = json!({"type": "reply", "text": "Yes", "payload": "YES"});
    assert!(matches!(decode(reply.clone()), Action::Reply(ref r) if r.payload == "YES"));
    assert_eq!(encode(&decode::<Action>(reply.clone())), reply);
}

#[test]
fn several_tags_may_name_one_schema() {
    let items: Vec<SearchItem> = decode(json!([
        {"type": "content_snippet", "id": "1"},
        {"type": "external_content", "id": "2"},
        {"type": "article", "id": "3", "url": "https://example.org/3"},
        {"type": "video", "length": 30},
        {"type": "internal_article", "id": "4"}
    ]));
    assert!(matches!(items[0], SearchItem::ContentSnippet(ref i) if i.id == "1"));
    assert!(matches!(items[1], SearchItem::ExternalContent(ref i) if i.id == "2"));
    assert!(matches!(items[2], SearchItem::Article(ref i) if i.url.is_some()));
    assert!(matches!(items[3], SearchItem::Video(ref v) if v.length == Some(30)));
    assert!(matches!(items[4], SearchItem::Unknown(_)));
    assert_eq!(encode(&items[1])["type"], "external_content");
}

#[test]
fn inline_alternatives_are_told_apart_by_their_single_tag_value() {
    let created = json!({"kind": "created", "at": "2024-01-01T00:00:00Z"});
    let Event::Created(event) = decode(created.clone()) else {
        panic!("not created");
    };
    assert_eq!(event.kind, EventCreatedKind::Created);
    assert_eq!(encode(&Event::Created(event)), created);
    assert!(matches!(decode(json!({"kind": "deleted", "reason": "spam"})), Event::Deleted(_)));
}

#[test]
fn a_base_schema_decodes_into_the_schemas_extending_it() {
    let android = json!({"id": "5e4af71a81966cfff3ef6550", "type": "android", "serverKey": "k"});
    assert!(matches!(decode(android.clone()), Integration::Android(ref a) if a.server_key.as_deref() == Some("k")));
    assert_eq!(encode(&decode::<Integration>(android.clone())), android);
    let ios = json!({"id": "5e4af71a81966cfff3ef6551", "type": "ios"});
    assert_eq!(decode::<Integration>(ios.clone()), Integration::Unknown(ios));
    // Without a mapping: the extending schemas' names.
    assert!(matches!(decode(json!({"petType": "Dog", "packSize": 3})), Pet::Dog(ref d) if d.pack_size == Some(3)));
    assert!(matches!(decode(json!({"petType": "Cat", "name": "Tom"})), Pet::Cat(_)));
}
