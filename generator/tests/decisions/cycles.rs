//! Recursive schemas (`generator/src/resolve/cycles.rs`): what is boxed, what becomes a
//! newtype, and the cycles no box can break.

use generator::ir::{RustType, TypeKind};

use crate::{kind, resolve, spec, warning};

/// A spec with no paths and these component schemas (YAML, indented by four spaces).
fn schemas(schemas: &str) -> String {
    spec("  {}", "").replace("  schemas: {}\n", &format!("  schemas:\n{schemas}\n"))
}

fn named(name: &str) -> RustType {
    RustType::Named(name.to_owned())
}

fn boxed(name: &str) -> RustType {
    RustType::Boxed(Box::new(named(name)))
}

/// The types of the fields of struct `name`, by JSON name.
fn field_types(api: &generator::ir::Api, name: &str) -> Vec<(String, RustType)> {
    match kind(api, name) {
        TypeKind::Struct(fields) => fields
            .iter()
            .map(|field| (field.json_name.clone(), field.ty.clone()))
            .collect(),
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

#[test]
fn a_struct_holding_itself_is_boxed_but_not_through_a_vec_or_a_map() {
    let (api, _) = resolve(&schemas(
        "    Node:
      type: object
      required: [parent]
      properties:
        parent: {$ref: '#/components/schemas/Node'}
        maybe: {$ref: '#/components/schemas/Node'}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        byName: {type: object, additionalProperties: {$ref: '#/components/schemas/Node'}}
        label: {type: string}",
    ));
    assert_eq!(
        field_types(&api, "Node"),
        [
            ("byName".to_owned(), RustType::Map(Box::new(named("Node")))),
            (
                "children".to_owned(),
                RustType::Vec(Box::new(named("Node")))
            ),
            ("label".to_owned(), RustType::String),
            ("maybe".to_owned(), boxed("Node")),
            ("parent".to_owned(), boxed("Node")),
        ]
    );
}

#[test]
fn a_nullable_alternative_on_a_cycle_is_boxed_inside_its_option() {
    // `Not` is nullable, so `Expr`'s alternative is `Option<Not>`: still held by value.
    let (api, _) = resolve(&schemas(
        "    Expr:
      oneOf:
        - {$ref: '#/components/schemas/Not'}
        - {type: string}
    Not:
      type: object
      nullable: true
      required: [inner]
      properties:
        inner: {$ref: '#/components/schemas/Expr'}",
    ));
    let TypeKind::Untagged(alternatives) = kind(&api, "Expr") else {
        panic!("{:?}", kind(&api, "Expr"))
    };
    assert_eq!(alternatives[0].ty, RustType::Option(Box::new(boxed("Not"))));
    assert_eq!(
        field_types(&api, "Not"),
        [("inner".to_owned(), boxed("Expr"))]
    );
}

#[test]
fn a_nullable_field_on_a_cycle_is_boxed() {
    // A struct field's nullability is the field's, not its type's: the type is boxed.
    let (api, _) = resolve(&schemas(
        "    Node:
      type: object
      properties:
        next:
          nullable: true
          allOf: [{$ref: '#/components/schemas/Node'}]",
    ));
    assert_eq!(
        field_types(&api, "Node"),
        [("next".to_owned(), boxed("Node"))]
    );
}

#[test]
fn every_struct_of_a_longer_cycle_is_boxed_and_nothing_outside_it() {
    // A → B → C → A, and D → A from outside the cycle; B also holds E, which is not on it.
    let (api, _) = resolve(&schemas(
        "    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/B'}
    B:
      type: object
      properties:
        c: {$ref: '#/components/schemas/C'}
        e: {$ref: '#/components/schemas/E'}
    C:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
    D:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
    E:
      type: object
      properties:
        name: {type: string}",
    ));
    assert_eq!(field_types(&api, "A"), [("b".to_owned(), boxed("B"))]);
    assert_eq!(
        field_types(&api, "B"),
        [("c".to_owned(), boxed("C")), ("e".to_owned(), named("E"))]
    );
    assert_eq!(field_types(&api, "C"), [("a".to_owned(), boxed("A"))]);
    assert_eq!(field_types(&api, "D"), [("a".to_owned(), named("A"))]);
}

#[test]
fn two_separate_cycles_box_only_their_own_members() {
    // A ⇄ B and C ⇄ D, with B → C between them: C and D are one cycle, A and B another.
    let (api, _) = resolve(&schemas(
        "    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/B'}
    B:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
        c: {$ref: '#/components/schemas/C'}
    C:
      type: object
      properties:
        d: {$ref: '#/components/schemas/D'}
    D:
      type: object
      properties:
        c: {$ref: '#/components/schemas/C'}",
    ));
    assert_eq!(field_types(&api, "A"), [("b".to_owned(), boxed("B"))]);
    assert_eq!(
        field_types(&api, "B"),
        [("a".to_owned(), boxed("A")), ("c".to_owned(), named("C"))]
    );
    assert_eq!(field_types(&api, "C"), [("d".to_owned(), boxed("D"))]);
    assert_eq!(field_types(&api, "D"), [("c".to_owned(), boxed("C"))]);
}

#[test]
fn union_alternatives_on_a_cycle_are_boxed() {
    let (api, _) = resolve(&schemas(
        "    Expr:
      oneOf:
        - {$ref: '#/components/schemas/Not'}
        - {type: string}
    Not:
      type: object
      required: [inner]
      properties:
        inner: {$ref: '#/components/schemas/Expr'}",
    ));
    let TypeKind::Untagged(alternatives) = kind(&api, "Expr") else {
        panic!("{:?}", kind(&api, "Expr"))
    };
    let types: Vec<&RustType> = alternatives.iter().map(|a| &a.ty).collect();
    assert_eq!(types, [&boxed("Not"), &RustType::String]);
    assert_eq!(
        field_types(&api, "Not"),
        [("inner".to_owned(), boxed("Expr"))]
    );
}

#[test]
fn tagged_variants_on_a_cycle_are_boxed() {
    let (api, _) = resolve(&schemas(
        "    Shape:
      oneOf:
        - {$ref: '#/components/schemas/Group'}
        - {$ref: '#/components/schemas/Dot'}
      discriminator:
        propertyName: kind
    Group:
      type: object
      required: [kind, first]
      properties:
        kind: {type: string}
        first: {$ref: '#/components/schemas/Shape'}
    Dot:
      type: object
      required: [kind]
      properties:
        kind: {type: string}",
    ));
    let TypeKind::Tagged(union) = kind(&api, "Shape") else {
        panic!("{:?}", kind(&api, "Shape"))
    };
    let types: Vec<(&str, &RustType)> = union
        .variants
        .iter()
        .map(|variant| (variant.tag.as_str(), &variant.ty))
        .collect();
    assert_eq!(types, [("Group", &boxed("Group")), ("Dot", &named("Dot"))]);
}

#[test]
fn an_alias_holding_itself_through_a_vec_becomes_a_newtype() {
    let (api, diagnostics) = resolve(&schemas(
        "    Tree:
      type: array
      items: {$ref: '#/components/schemas/Tree'}
    Forest:
      type: object
      additionalProperties: {$ref: '#/components/schemas/Forest'}
    List:
      type: array
      items: {type: string}",
    ));
    assert_eq!(
        kind(&api, "Tree"),
        &TypeKind::Newtype(RustType::Vec(Box::new(named("Tree"))))
    );
    assert_eq!(
        kind(&api, "Forest"),
        &TypeKind::Newtype(RustType::Map(Box::new(named("Forest"))))
    );
    assert_eq!(
        kind(&api, "List"),
        &TypeKind::Alias(RustType::Vec(Box::new(RustType::String)))
    );
    assert!(diagnostics.0.is_empty(), "{diagnostics:#?}");
}

#[test]
fn aliases_on_a_cycle_with_a_vec_become_newtypes_only_where_the_vec_is() {
    // `Wrapper` is `Items`; `Items` is a list of `Wrapper`: only `Items` needs the newtype.
    let (api, _) = resolve(&schemas(
        "    Wrapper:
      $ref: '#/components/schemas/Items'
    Items:
      type: array
      items: {$ref: '#/components/schemas/Wrapper'}",
    ));
    assert_eq!(
        kind(&api, "Items"),
        &TypeKind::Newtype(RustType::Vec(Box::new(named("Wrapper"))))
    );
    assert!(matches!(kind(&api, "Wrapper"), TypeKind::Alias(_)));
}

#[test]
fn a_struct_on_a_cycle_through_an_alias_boxes_the_struct_field() {
    // `Holder` holds `Same`, an alias of `Holder` itself: the struct's field is boxed.
    let (api, _) = resolve(&schemas(
        "    Holder:
      type: object
      properties:
        same: {$ref: '#/components/schemas/Same'}
    Same:
      $ref: '#/components/schemas/Holder'",
    ));
    let types = field_types(&api, "Holder");
    assert!(matches!(types[0].1, RustType::Boxed(_)), "{types:?}");
    assert!(matches!(kind(&api, "Same"), TypeKind::Alias(_)));
}

#[test]
fn a_reference_cycle_with_no_structure_is_any_json_with_a_warning() {
    let (api, diagnostics) = resolve(&schemas(
        "    Zed:
      $ref: '#/components/schemas/Alpha'
    Alpha:
      $ref: '#/components/schemas/Zed'
    Fine:
      type: object
      properties:
        z: {$ref: '#/components/schemas/Zed'}",
    ));
    assert_eq!(kind(&api, "Zed"), &TypeKind::Alias(RustType::Json));
    assert_eq!(kind(&api, "Alpha"), &TypeKind::Alias(RustType::Json));
    let (message, pointer) = warning(&diagnostics, "defined only in terms of each other");
    assert_eq!(
        message,
        "schemas Alpha, Zed are defined only in terms of each other (a `$ref` cycle with no object in it); they are typed as any JSON value (`serde_json::Value`)"
    );
    assert_eq!(pointer, "#/components/schemas/Alpha");
}

#[test]
fn a_schema_that_is_only_a_reference_to_itself_is_any_json() {
    let (api, diagnostics) = resolve(&schemas(
        "    Loop:
      $ref: '#/components/schemas/Loop'",
    ));
    assert_eq!(kind(&api, "Loop"), &TypeKind::Alias(RustType::Json));
    let (message, pointer) = warning(&diagnostics, "defined only in terms of each other");
    assert!(message.starts_with("schemas Loop are"), "{message}");
    assert_eq!(pointer, "#/components/schemas/Loop");
}
