//! Tagged unions (schemas with a `discriminator`): an enum with one variant per tag value and
//! an `Unknown` variant keeping any other object as received. Decoding reads the tag and
//! decodes the whole object into the variant it names; encoding writes the variant's tag
//! once, whatever its struct holds (both through `runtime::tagged`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::models::{deserialize_feature, serialize_feature};
use crate::emit::{doc, ident, type_tokens, Item, Scope};
use crate::ir::{Directions, RustType, TaggedUnion};

pub(crate) fn tagged_union(
    docs: &TokenStream,
    name: &Ident,
    union: &TaggedUnion,
    directions: Directions,
    cfg: &TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let property = &union.property;
    let value = scope.name(Item::Value);
    let (serialize, serializer) = (scope.name(Item::Serialize), scope.name(Item::Serializer));
    let (deserialize, deserializer) = (
        scope.name(Item::Deserialize),
        scope.name(Item::Deserializer),
    );
    let variants = union.variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        let ty = type_tokens(&variant.ty, scope);
        let tag = format!("`{property}: \"{}\"`", variant.tag);
        let docs = doc(&match &variant.ty {
            RustType::Named(model) => format!(
                "{tag}: see [`{model}`]. Sent with this tag, whatever its `{property}` field holds."
            ),
            _ => format!("{tag}."),
        });
        quote! { #docs #rust(#ty), }
    });
    let unknown_docs = doc(&format!(
        "An object whose `{property}` this client does not know (added to the API after it was generated) or that has none, kept as received."
    ));
    let serialize_tagged = scope.name(Item::SerializeTagged);
    let encode = union.variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        let tag = &variant.tag;
        quote! { Self::#rust(inner) => #serialize_tagged(serializer, #property, #tag, inner), }
    });
    let decode_variant = scope.name(Item::DecodeVariant);
    let decode = union.variants.iter().map(|variant| {
        let rust = ident(&variant.rust_name);
        let tag = &variant.tag;
        quote! { Some(#tag) => Self::#rust(#decode_variant::<_, D>(value)?), }
    });
    let tag_of = scope.name(Item::TagOf);
    let serialize_gate =
        serialize_feature(directions).map(|feature| quote!(#[cfg(feature = #feature)]));
    let deserialize_gate =
        deserialize_feature(directions).map(|feature| quote!(#[cfg(feature = #feature)]));
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)] // Variants are whatever the spec makes them.
        pub enum #name {
            #(#variants)*
            #unknown_docs
            Unknown(#value),
        }

        #cfg
        #serialize_gate
        impl #serialize for #name {
            fn serialize<S: #serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#encode)*
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        #cfg
        #deserialize_gate
        impl<'de> #deserialize<'de> for #name {
            fn deserialize<D: #deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = #value::deserialize(deserializer)?;
                Ok(match #tag_of(&value, #property) {
                    #(#decode)*
                    _ => Self::Unknown(value),
                })
            }
        }
    }
}
