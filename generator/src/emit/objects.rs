//! The serde impls of the structs, written out instead of derived: per struct, the names of
//! its members, a loop reading each member into its field and one line writing each field;
//! the rest is the runtime's, once (`runtime::object`). serde's derives write a visitor and a
//! field-name type per struct, and in a crate of hundreds of models they were most of what
//! compiling it cost.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::emit::models::{deserialize_feature, serialize_feature};
use crate::emit::{ident, Item, Scope};
use crate::ir::{Directions, Field};

/// The `Serialize` and `Deserialize` impls of struct `name`, each behind the cargo feature
/// that adds it when the struct's directions do not need it, and compiled only with the
/// struct's areas when `area` (a `cfg` predicate) names them.
pub(crate) fn serde_impls(
    name: &Ident,
    fields: &[Field],
    directions: Directions,
    area: Option<&TokenStream>,
    scope: &Scope<'_>,
) -> TokenStream {
    let serialize_cfg = cfg(area, serialize_feature(directions));
    let deserialize_cfg = cfg(area, deserialize_feature(directions));
    let serialize = serialize_impl(name, fields, scope);
    let decode = decode_impl(name, fields, scope);
    let object = scope.name(Item::ObjectModule);
    quote! {
        #serialize_cfg
        #serialize

        #deserialize_cfg
        #decode

        #deserialize_cfg
        #object::impl_deserialize!(#name);
    }
}

/// One `#[cfg]` for both conditions: the struct's areas and a serde direction's feature.
fn cfg(area: Option<&TokenStream>, feature: Option<&str>) -> TokenStream {
    match (area, feature) {
        (None, None) => TokenStream::new(),
        (Some(area), None) => quote!(#[cfg(#area)]),
        (None, Some(feature)) => quote!(#[cfg(feature = #feature)]),
        (Some(area), Some(feature)) => quote!(#[cfg(all(#area, feature = #feature))]),
    }
}

fn serialize_impl(name: &Ident, fields: &[Field], scope: &Scope<'_>) -> TokenStream {
    let (serialize, serializer) = (scope.name(Item::Serialize), scope.name(Item::Serializer));
    let object = scope.name(Item::ObjectModule);
    let entries = fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let json = &field.json_name;
        if field.flatten {
            quote!(writer.others(&self.#rust)?;)
        } else if !field.required {
            quote!(writer.optional(#json, &self.#rust)?;)
        } else {
            quote!(writer.entry(#json, &self.#rust)?;)
        }
    });
    quote! {
        impl #serialize for #name {
            fn serialize<S: #serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut writer = #object::Writer::new(serializer)?;
                #(#entries)*
                writer.end()
            }
        }
    }
}

/// A name for a local beside the fields' own: `base`, or with underscores until no field
/// has it.
fn local(base: &str, fields: &[&Field]) -> Ident {
    let mut name = base.to_owned();
    while fields.iter().any(|field| ident(&field.rust_name) == name) {
        name.push('_');
    }
    ident(&name)
}

fn decode_impl(name: &Ident, fields: &[Field], scope: &Scope<'_>) -> TokenStream {
    let object = scope.name(Item::ObjectModule);
    let map_access = scope.name(Item::MapAccess);
    let (kept, known): (Vec<&Field>, Vec<&Field>) = fields.iter().partition(|field| field.flatten);
    let (map, index) = (local("map", &known), local("field", &known));
    let json_names = known.iter().map(|field| &field.json_name);
    let slots: Vec<Ident> = known.iter().map(|field| ident(&field.rust_name)).collect();
    // Short lists on one line; a long one reads better a slot per line.
    let slots_init = if slots.len() > 1 && slots.len() <= 4 {
        let nones = slots.iter().map(|_| quote!(None));
        quote!(let (#(mut #slots),*) = (#(#nones),*);)
    } else {
        quote!(#(let mut #slots = None;)*)
    };
    let kept = kept.first().map(|field| ident(&field.rust_name));
    let kept_init = kept.as_ref().map(|kept| {
        let json_map = scope.name(Item::Map);
        quote!(let mut #kept = #json_map::new();)
    });
    let reads: Vec<TokenStream> = known
        .iter()
        .map(|field| {
            let slot = ident(&field.rust_name);
            if field.is_optional() {
                quote!(#slot = #map.next_value()?)
            } else {
                quote!(#slot = Some(#map.next_value()?))
            }
        })
        .collect();
    // The last field's arm takes every index left, which `next_field` never returns.
    let indices = (0..reads.len()).map(|position| {
        if position + 1 == reads.len() {
            quote!(_)
        } else {
            let position = Literal::usize_unsuffixed(position);
            quote!(#position)
        }
    });
    let reading = match &kept {
        // With one field or none, every member `next_field` returns is that field's.
        None if reads.len() <= 1 => quote! {
            while #object::next_field(&mut #map, Self::FIELDS)?.is_some() {
                #(#reads;)*
            }
        },
        None => quote! {
            while let Some(#index) = #object::next_field(&mut #map, Self::FIELDS)? {
                match #index {
                    #(#indices => #reads,)*
                }
            }
        },
        Some(kept) => {
            let member = scope.name(Item::ObjectMember);
            // With no field of its own, a field index never comes, but the match covers it.
            let end = if reads.is_empty() {
                quote!(Some(#member::Field(_)) | None)
            } else {
                quote!(None)
            };
            quote! {
                loop {
                    match #object::next_member(&mut #map, Self::FIELDS)? {
                        #(Some(#member::Field(#indices)) => #reads,)*
                        Some(#member::Other(key)) => {
                            #kept.insert(key, #map.next_value()?);
                        }
                        #end => break,
                    }
                }
            }
        }
    };
    let required = known
        .iter()
        .filter(|field| !field.is_optional())
        .map(|field| {
            let rust = ident(&field.rust_name);
            let json = &field.json_name;
            quote!(let #rust = #object::required(#rust, #json)?;)
        });
    let values = fields.iter().map(|field| ident(&field.rust_name));
    quote! {
        impl #object::Decode for #name {
            const FIELDS: &[&str] = &[#(#json_names),*];

            fn decode<'de, A: #map_access<'de>>(mut #map: A) -> Result<Self, A::Error> {
                #slots_init
                #kept_init
                #reading
                #(#required)*
                Ok(Self { #(#values),* })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::Home;
    use crate::ir::RustType;
    use std::collections::BTreeSet;

    fn field(name: &str, required: bool) -> Field {
        Field {
            rust_name: name.to_owned(),
            json_name: name.to_owned(),
            docs: None,
            ty: RustType::String,
            required,
            nullable: false,
            flatten: false,
            minimum: None,
            maximum: None,
        }
    }

    fn kept() -> Field {
        Field {
            flatten: true,
            required: true,
            ty: RustType::JsonObject,
            ..field("additional_properties", true)
        }
    }

    /// The `decode` method written for `fields`, as formatted text.
    fn decode(fields: &[Field]) -> String {
        let generated = BTreeSet::new();
        let scope = Scope::new(&generated, Home::Models);
        let tokens = decode_impl(&ident("Model"), fields, &scope);
        let file = syn::parse2::<syn::File>(tokens).unwrap_or_else(|e| panic!("{e}"));
        prettyplease::unparse(&file)
    }

    #[test]
    fn the_last_field_takes_the_remaining_index() {
        let text = decode(&[field("a", true), field("b", false), field("c", false)]);
        assert!(
            text.contains("let (mut a, mut b, mut c) = (None, None, None);"),
            "{text}"
        );
        assert!(
            text.contains("while let Some(field) = object::next_field(&mut map, Self::FIELDS)? {\n            match field {"),
            "{text}"
        );
        assert!(text.contains("0 => a = Some(map.next_value()?),"), "{text}");
        assert!(text.contains("1 => b = map.next_value()?,"), "{text}");
        assert!(text.contains("_ => c = map.next_value()?,"), "{text}");
        assert!(
            text.contains(r#"let a = object::required(a, "a")?;"#),
            "{text}"
        );
        assert!(!text.contains("object::required(b"), "{text}");
    }

    #[test]
    fn five_fields_or_more_take_a_line_each() {
        let names = ["a", "b", "c", "d", "e"];
        let fields: Vec<Field> = names.iter().map(|name| field(name, false)).collect();
        let text = decode(&fields);
        assert!(
            text.contains("let mut a = None;\n        let mut b = None;"),
            "{text}"
        );
        let four = decode(&fields[..4]);
        assert!(
            four.contains("let (mut a, mut b, mut c, mut d) = (None, None, None, None);"),
            "{four}"
        );
    }

    #[test]
    fn a_single_field_or_none_reads_in_a_while_loop() {
        let one = decode(&[field("only", true)]);
        assert!(
            one.contains("while object::next_field(&mut map, Self::FIELDS)?.is_some() {\n            only = Some(map.next_value()?);"),
            "{one}"
        );
        let none = decode(&[]);
        assert!(
            none.contains("while object::next_field(&mut map, Self::FIELDS)?.is_some() {}"),
            "{none}"
        );
        assert!(none.contains("Ok(Self {})"), "{none}");
    }

    #[test]
    fn a_struct_keeping_other_members_reads_them_into_its_map() {
        let text = decode(&[field("id", false), kept()]);
        assert!(
            text.contains("let mut additional_properties = Map::new();"),
            "{text}"
        );
        assert!(
            text.contains("Some(Member::Field(_)) => id = map.next_value()?,"),
            "{text}"
        );
        assert!(
            text.contains("additional_properties.insert(key, map.next_value()?);"),
            "{text}"
        );
        assert!(text.contains("None => break,"), "{text}");
        // With no field of its own, a field index cannot come, but the match must cover it.
        let only_kept = decode(&[kept()]);
        assert!(
            only_kept.contains("Some(Member::Field(_)) | None => break,"),
            "{only_kept}"
        );
    }

    #[test]
    fn the_locals_take_names_no_field_has() {
        let text = decode(&[
            field("map", true),
            field("map_", false),
            field("field", false),
        ]);
        assert!(
            text.contains("fn decode<'de, A: MapAccess<'de>>(mut map__: A)"),
            "{text}"
        );
        assert!(
            text.contains("while let Some(field_) = object::next_field(&mut map__,"),
            "{text}"
        );
        assert!(
            text.contains("0 => map = Some(map__.next_value()?),"),
            "{text}"
        );
    }
}
