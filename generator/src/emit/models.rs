//! Models: one Rust type per named schema (structs, string enums with an `Unknown` fallback,
//! untagged unions, aliases).

use proc_macro2::TokenStream;
use quote::quote;

use std::collections::BTreeSet;

use crate::emit::features::ModelFeatures;
use crate::emit::{doc, ident, inner_doc, type_tokens, Home, Item, Scope, Sink};
use crate::emit::{objects, tagged};
use crate::ir::{Alternative, Api, Directions, EnumValue, Field, RustType, TypeDef, TypeKind};

/// `models.rs`, into `sink` a model at a time.
pub(crate) fn emit(api: &Api, generated: &BTreeSet<String>, sink: &mut impl Sink) {
    let scope = Scope::new(generated, Home::Models);
    let features = ModelFeatures::new(api);
    for def in &api.types {
        sink.item(
            "models.rs",
            type_def(def, features.predicate(&def.name), &scope),
        );
    }
    let module_docs = inner_doc(
        "Types of the spec's schemas. Unknown JSON fields are ignored, except by objects whose schema says `additionalProperties: true`, which keep them; a member repeated in one object keeps its last value; unknown enum values decode into `Unknown`.",
    );
    let uses = scope.uses();
    // With an area's feature off, or a serde direction's, the imports only they use are unused.
    let one_way = api.types.iter().any(|def| {
        serialize_feature(def.directions).is_some() || deserialize_feature(def.directions).is_some()
    });
    let allow = (features.any_gated() || one_way).then(|| quote!(#![allow(unused_imports)]));
    sink.end_file(
        "models.rs".to_owned(),
        quote! {
            #module_docs
            #allow
            #uses
        },
    );
}

/// The cargo feature that adds `Serialize` to a model its directions do not need it on:
/// one only received.
pub(crate) fn serialize_feature(directions: Directions) -> Option<&'static str> {
    (directions.response && !directions.request).then_some("serialize")
}

/// The cargo feature that adds `Deserialize` to a model only sent.
pub(crate) fn deserialize_feature(directions: Directions) -> Option<&'static str> {
    (directions.request && !directions.response).then_some("deserialize")
}

/// `#[derive(...)]` of `traits` plus the serde traits a model's directions need (both for a
/// model no operation uses: nothing tells which it will need), followed by the other
/// direction's derive behind its cargo feature.
fn derives(traits: &[TokenStream], directions: Directions, scope: &Scope<'_>) -> TokenStream {
    let mut always = traits.to_vec();
    let mut gated = Vec::new();
    for (item, feature) in [
        (Item::Serialize, serialize_feature(directions)),
        (Item::Deserialize, deserialize_feature(directions)),
    ] {
        let name = scope.name(item);
        match feature {
            None => always.push(quote!(#name)),
            Some(feature) => gated.push(quote!(#[cfg_attr(feature = #feature, derive(#name))])),
        }
    }
    quote! {
        #[derive(#(#always),*)]
        #(#gated)*
    }
}

/// The items of one model, each compiled only with an area that uses the model when `area`
/// (a `cfg` predicate) says which.
fn type_def(def: &TypeDef, area: Option<TokenStream>, scope: &Scope<'_>) -> TokenStream {
    let cfg = &area
        .as_ref()
        .map(|area| quote!(#[cfg(#area)]))
        .unwrap_or_default();
    let docs = doc(def
        .docs
        .as_deref()
        .unwrap_or(&format!("The `{}` schema.", def.name)));
    let name = ident(&def.name);
    let directions = def.directions;
    match &def.kind {
        TypeKind::Struct(fields) => structure(&docs, &name, fields, directions, area, scope),
        TypeKind::StringEnum(values) => string_enum(&docs, &name, values, directions, cfg, scope),
        TypeKind::Untagged(alternatives) => {
            union(&docs, &name, alternatives, directions, cfg, scope)
        }
        TypeKind::Tagged(union) => {
            tagged::tagged_union(&docs, &name, union, directions, cfg, scope)
        }
        TypeKind::Newtype(ty) => {
            let ty = type_tokens(ty, scope);
            let derives = derives(
                &[quote!(Debug), quote!(Clone), quote!(PartialEq)],
                directions,
                scope,
            );
            quote! {
                #docs
                #cfg
                #derives
                #[serde(transparent)]
                pub struct #name(
                    /// The value.
                    pub #ty,
                );
            }
        }
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, scope);
            quote! { #docs #cfg pub type #name = #ty; }
        }
    }
}

fn structure(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    fields: &[Field],
    directions: Directions,
    area: Option<TokenStream>,
    scope: &Scope<'_>,
) -> TokenStream {
    let cfg = area.as_ref().map(|area| quote!(#[cfg(#area)]));
    let all_optional = fields
        .iter()
        .all(|field| field.flatten || field.is_optional());
    let default = all_optional.then(|| quote!(, Default));
    let serde_impls = objects::serde_impls(name, fields, directions, area.as_ref(), scope);
    let fields = fields.iter().map(|f| field(f, scope));
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct #name {
            #(#fields)*
        }

        #serde_impls
    }
}

fn field(field: &Field, scope: &Scope<'_>) -> TokenStream {
    let fallback = match &field.ty {
        RustType::Named(name) => format!("`{}`: see [`{name}`].", field.json_name),
        _ => format!("The `{}` property.", field.json_name),
    };
    let docs = doc(field.docs.as_deref().unwrap_or(&fallback));
    let name = ident(&field.rust_name);
    let ty = type_tokens(&field.ty, scope);
    let ty = if field.flatten || !field.is_optional() {
        ty
    } else {
        quote!(Option<#ty>)
    };
    quote! {
        #docs
        pub #name: #ty,
    }
}

fn string_enum(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    values: &[EnumValue],
    directions: Directions,
    cfg: &TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let traits = [
        quote!(Debug),
        quote!(Clone),
        quote!(PartialEq),
        quote!(Eq),
        quote!(Hash),
    ];
    let derives = derives(&traits, directions, scope);
    let fmt = scope.name(Item::Fmt);
    let variants = values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let docs = doc(&format!("`{}`", value.value));
        quote! { #docs #variant, }
    });
    let as_str = values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let text = &value.value;
        quote! { Self::#variant => #text, }
    });
    let from = values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let text = &value.value;
        quote! { #text => Self::#variant, }
    });
    quote! {
        #docs
        #cfg
        #derives
        #[serde(from = "String", into = "String")]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know (added to the API after it was generated).
            Unknown(String),
        }

        #cfg
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(value) => value,
                }
            }
        }

        #cfg
        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from)*
                    _ => Self::Unknown(value),
                }
            }
        }

        #cfg
        impl From<#name> for String {
            fn from(value: #name) -> Self {
                match value {
                    #name::Unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        #cfg
        impl #fmt::Display for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn union(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    alternatives: &[Alternative],
    directions: Directions,
    cfg: &TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let derives = derives(
        &[quote!(Debug), quote!(Clone), quote!(PartialEq)],
        directions,
        scope,
    );
    let variants = alternatives.iter().map(|alternative| {
        let variant = ident(&alternative.rust_name);
        let ty = type_tokens(&alternative.ty, scope);
        let docs = doc(&format!("The `{}` alternative.", alternative.rust_name));
        quote! { #docs #variant(#ty), }
    });
    quote! {
        #docs
        #cfg
        #derives
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)] // Alternatives are whatever the spec makes them.
        pub enum #name {
            #(#variants)*
        }
    }
}
