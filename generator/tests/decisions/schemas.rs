//! Schemas → Rust types (`generator/src/resolve/schemas.rs`): component names, the type of
//! each kind of schema, inline names, enums and docs.

use generator::ir::{RustType, TypeKind};

use crate::{kind, resolve, spec, type_def, warning};

/// A spec with no paths and these component schemas (YAML, indented by four spaces).
fn schemas(schemas: &str) -> String {
    spec("  {}", "").replace("  schemas: {}\n", &format!("  schemas:\n{schemas}\n"))
}

fn named(name: &str) -> RustType {
    RustType::Named(name.to_owned())
}

fn boxed(ty: RustType) -> Box<RustType> {
    Box::new(ty)
}

/// The type of field `field` (JSON name) of struct `name`.
fn field_type(api: &generator::ir::Api, name: &str, field: &str) -> RustType {
    match kind(api, name) {
        TypeKind::Struct(fields) => fields
            .iter()
            .find(|found| found.json_name == field)
            .unwrap_or_else(|| panic!("no field `{field}` in {fields:?}"))
            .ty
            .clone(),
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

#[test]
fn component_names_are_unique_and_leave_the_preludes_names_alone() {
    let (api, _) = resolve(&schemas(
        "    foo_bar: {type: string}
    FooBar: {type: integer}
    String: {type: boolean}
    Option: {type: number}",
    ));
    let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
    assert_eq!(names, ["FooBar", "FooBar2", "Option2", "String2"]);
    assert_eq!(kind(&api, "FooBar"), &TypeKind::Alias(RustType::I64));
    assert_eq!(kind(&api, "FooBar2"), &TypeKind::Alias(RustType::String));
    assert_eq!(kind(&api, "String2"), &TypeKind::Alias(RustType::Bool));
    assert_eq!(kind(&api, "Option2"), &TypeKind::Alias(RustType::F64));
}

#[test]
fn scalar_types() {
    let (api, _) = resolve(&schemas(
        "    Holder:
      type: object
      properties:
        when: {type: string, format: date-time}
        day: {type: string, format: date}
        secret: {type: string, format: password}
        file: {type: string, format: binary}
        id: {type: string, format: uuid}
        ratio: {type: number, format: float}
        wide: {type: number, format: double}
        number: {type: number}
        flag: {type: boolean}
        count: {type: integer}",
    ));
    let expected = [
        ("when", RustType::DateTime),
        ("day", RustType::Date),
        ("secret", RustType::Secret),
        ("file", RustType::Bytes),
        ("id", RustType::String),
        ("ratio", RustType::F32),
        ("wide", RustType::F64),
        ("number", RustType::F64),
        ("flag", RustType::Bool),
        ("count", RustType::I64),
    ];
    for (field, ty) in expected {
        assert_eq!(field_type(&api, "Holder", field), ty, "{field}");
    }
}

#[test]
fn arrays_and_maps() {
    let (api, _) = resolve(&schemas(
        "    Holder:
      type: object
      properties:
        list: {type: array, items: {type: string}}
        nullables: {type: array, items: {type: string, nullable: true}}
        anything: {type: array}
        map: {type: object, additionalProperties: {type: integer}}
        nullableMap: {type: object, additionalProperties: {type: integer, nullable: true}}
        free: {type: object, additionalProperties: true}
        bare: {type: object}
        untyped: {additionalProperties: {type: boolean}}
        any: {}
        objects: {type: array, items: {type: object, properties: {x: {type: string}}}}
        mapOfObjects: {type: object, additionalProperties: {type: object, properties: {x: {type: string}}}}",
    ));
    let field = |name: &str| field_type(&api, "Holder", name);
    assert_eq!(field("list"), RustType::Vec(boxed(RustType::String)));
    assert_eq!(
        field("nullables"),
        RustType::Vec(boxed(RustType::Option(boxed(RustType::String))))
    );
    assert_eq!(field("anything"), RustType::Vec(boxed(RustType::Json)));
    assert_eq!(field("map"), RustType::Map(boxed(RustType::I64)));
    assert_eq!(
        field("nullableMap"),
        RustType::Map(boxed(RustType::Option(boxed(RustType::I64))))
    );
    assert_eq!(field("free"), RustType::JsonObject);
    assert_eq!(field("bare"), RustType::JsonObject);
    assert_eq!(field("untyped"), RustType::Map(boxed(RustType::Bool)));
    assert_eq!(field("any"), RustType::Json);
    assert_eq!(
        field("objects"),
        RustType::Vec(boxed(named("HolderObjectsItem")))
    );
    assert_eq!(
        field("mapOfObjects"),
        RustType::Map(boxed(named("HolderMapOfObjectsValue")))
    );
    assert!(matches!(
        kind(&api, "HolderObjectsItem"),
        TypeKind::Struct(_)
    ));
    assert!(matches!(
        kind(&api, "HolderMapOfObjectsValue"),
        TypeKind::Struct(_)
    ));
}

#[test]
fn string_enums_are_enums_and_unknown_is_taken() {
    let (api, _) = resolve(&schemas(
        "    Color: {type: string, enum: [dark red, unknown, Unknown]}
    Plain: {type: string}",
    ));
    let TypeKind::StringEnum(values) = kind(&api, "Color") else {
        panic!("{:?}", kind(&api, "Color"))
    };
    let values: Vec<(&str, &str)> = values
        .iter()
        .map(|value| (value.rust_name.as_str(), value.value.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("DarkRed", "dark red"),
            ("Unknown2", "unknown"),
            ("Unknown3", "Unknown")
        ]
    );
    assert_eq!(kind(&api, "Plain"), &TypeKind::Alias(RustType::String));
}

#[test]
fn objects_with_properties_are_structs() {
    let (api, _) = resolve(&schemas(
        "    Open:
      type: object
      additionalProperties: true
      properties:
        id: {type: string}
    Closed:
      type: object
      properties:
        id: {type: string}
    Untyped:
      properties:
        id: {type: string}
    UntypedOpen:
      additionalProperties: true
      properties:
        id: {type: string}",
    ));
    let json_names = |name: &str| -> Vec<String> {
        match kind(&api, name) {
            TypeKind::Struct(fields) => {
                fields.iter().map(|field| field.rust_name.clone()).collect()
            }
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(json_names("Closed"), ["id"]);
    assert_eq!(json_names("Untyped"), ["id"]);
    let open = json_names("Open");
    assert_eq!(open.len(), 2, "{open:?}");
    assert_eq!(open[0], "id");
    // Without `type: object` the unknown members are kept the same way.
    assert_eq!(json_names("UntypedOpen"), open);
}

#[test]
fn unions_are_untagged_enums() {
    let (api, _) = resolve(&schemas(
        "    One:
      oneOf: [{type: string}, {type: integer}]
    Any:
      anyOf: [{type: boolean}, {type: string}]
    Typed:
      type: object
      oneOf: [{type: string}, {type: integer}]",
    ));
    for name in ["One", "Any"] {
        let TypeKind::Untagged(alternatives) = kind(&api, name) else {
            panic!("{name}: {:?}", kind(&api, name))
        };
        assert_eq!(alternatives.len(), 2, "{name}");
    }
    let TypeKind::Untagged(alternatives) = kind(&api, "Any") else {
        unreachable!()
    };
    assert_eq!(alternatives[0].ty, RustType::Bool);
}

#[test]
fn references_to_components_name_their_type() {
    let (api, _) = resolve(&schemas(
        "    a/b: {type: object, properties: {x: {type: string}}}
    Maybe: {type: object, nullable: true, properties: {x: {type: string}}}
    Alias: {$ref: '#/components/schemas/Maybe'}
    Holder:
      type: object
      required: [slash, maybe, alias]
      properties:
        slash: {$ref: '#/components/schemas/a~1b'}
        maybe: {$ref: '#/components/schemas/Maybe'}
        alias: {$ref: '#/components/schemas/Alias'}",
    ));
    assert_eq!(field_type(&api, "Holder", "slash"), named("AB"));
    assert_eq!(kind(&api, "Alias"), &TypeKind::Alias(named("Maybe")));
    let maybe = match kind(&api, "Holder") {
        TypeKind::Struct(fields) => fields.iter().find(|f| f.json_name == "maybe").cloned(),
        _ => None,
    }
    .expect("field maybe");
    assert!(maybe.nullable, "{maybe:?}");
    let alias = match kind(&api, "Holder") {
        TypeKind::Struct(fields) => fields.iter().find(|f| f.json_name == "alias").cloned(),
        _ => None,
    }
    .expect("field alias");
    assert!(!alias.nullable, "{alias:?}");
}

#[test]
fn a_schema_that_cannot_be_typed_is_any_json_with_its_docs() {
    let (api, diagnostics) = resolve(&schemas(
        "    Broken:
      description: '  Cannot be.  '
      type: object
      properties:
        bad: {not: {type: string}}
        fine: {$ref: '#/components/schemas/Nowhere'}
    Fine: {type: string}",
    ));
    assert_eq!(kind(&api, "Broken"), &TypeKind::Alias(RustType::Json));
    assert_eq!(type_def(&api, "Broken").docs.as_deref(), Some("Cannot be."));
    assert_eq!(kind(&api, "Fine"), &TypeKind::Alias(RustType::String));
    // Only the broken schema's own types are dropped.
    assert_eq!(api.types.len(), 2, "{:?}", api.types);
    let (message, pointer) = warning(&diagnostics, "cannot be typed");
    assert_eq!(
        message,
        "schema `Broken` cannot be typed (`not` schemas cannot be represented as a Rust type); `Broken` is any JSON value (`serde_json::Value`)"
    );
    assert_eq!(pointer, "#/components/schemas/Broken");
    let pointers: Vec<&str> = diagnostics
        .0
        .iter()
        .filter(|found| found.message.starts_with("`not` schemas"))
        .map(|found| found.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["#/components/schemas/Broken/properties/bad/not"]);
    let dangling: Vec<&str> = diagnostics
        .0
        .iter()
        .filter(|found| found.message.contains("#/components/schemas/Nowhere"))
        .map(|found| found.message.as_str())
        .collect();
    assert_eq!(
        dangling,
        ["`$ref: #/components/schemas/Nowhere` does not point at a schema in #/components/schemas"]
    );
}

#[test]
fn docs_are_the_description_else_the_title() {
    let (api, _) = resolve(&schemas(
        "    Both: {type: string, title: The title, description: ' The description. '}
    Title: {type: string, title: ' The title. '}
    Blank: {type: string, description: '   '}
    None: {type: string}",
    ));
    let docs = |name: &str| type_def(&api, name).docs.clone();
    assert_eq!(docs("Both").as_deref(), Some("The description."));
    assert_eq!(docs("Title").as_deref(), Some("The title."));
    assert_eq!(docs("Blank"), None);
    assert_eq!(docs("None2"), None);
}

#[test]
fn an_inline_schema_that_needs_no_type_leaves_its_name_free() {
    let text = spec(
        "  /things:
    get:
      operationId: op
      responses:
        \"200\": {description: ok, content: {application/json: {schema: {type: string}}}}
        \"400\":
          description: bad
          content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}",
        "",
    )
    .replace(
        "\"200\": {description: ok, content: {application/json: {schema: {type: string}}}}",
        "\"200\": {description: ok, content: {application/json: {schema: {type: string}}}}\n        \"201\":\n          description: created\n          content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}",
    );
    let (api, _) = resolve(&text);
    // `200` probed `OpResponse` and gave it back; `201`'s object took it.
    assert!(
        api.types.iter().any(|def| def.name == "OpResponse"),
        "{:?}",
        api.types
    );
    assert!(!api.types.iter().any(|def| def.name == "OpResponse2"));
    assert!(api.types.iter().any(|def| def.name == "OpBadRequest"));
}

#[test]
fn integers_beyond_128_bits_are_floats_with_a_warning() {
    let (api, diagnostics) = resolve(&schemas("    Huge: {type: integer, maximum: 1e40}"));
    assert_eq!(kind(&api, "Huge"), &TypeKind::Alias(RustType::F64));
    let (message, pointer) = warning(&diagnostics, "beyond a 128-bit integer");
    assert_eq!(
        message,
        "values here are beyond a 128-bit integer: the value is an `f64`, and its `maximum` is not checked"
    );
    assert_eq!(pointer, "#/components/schemas/Huge/maximum");
}
