//! Models: one Rust type per named schema (structs, string enums with an `Unknown` fallback,
//! untagged unions, aliases).

use proc_macro2::TokenStream;
use quote::quote;

use std::collections::BTreeSet;

use crate::emit::features::ModelFeatures;
use crate::emit::tagged;
use crate::emit::{doc, ident, inner_doc, type_tokens, Item, Scope};
use crate::ir::{Alternative, Api, EnumValue, Field, RustType, TypeDef, TypeKind};

pub(crate) fn emit(api: &Api, generated: &BTreeSet<String>) -> TokenStream {
    let scope = Scope::new(generated, true);
    let features = ModelFeatures::new(api);
    let types: Vec<_> = api
        .types
        .iter()
        .map(|def| type_def(def, &features.cfg(&def.name), &scope))
        .collect();
    let module_docs = inner_doc(
        "Types of the spec's schemas. Unknown JSON fields are ignored, except by objects whose schema says `additionalProperties: true`, which keep them; unknown enum values decode into `Unknown`.",
    );
    let uses = scope.uses();
    // With an area's feature off, the imports only its models use are unused.
    let allow = features
        .any_gated()
        .then(|| quote!(#![allow(unused_imports)]));
    quote! {
        #module_docs
        #allow
        #uses
        #(#types)*
    }
}

fn serde_derives(scope: &Scope<'_>) -> TokenStream {
    let (serialize, deserialize) = (scope.name(Item::Serialize), scope.name(Item::Deserialize));
    quote!(#serialize, #deserialize)
}

/// The items of one model; `cfg` (possibly empty) goes on each, so that they are compiled
/// only with an area that uses the model.
fn type_def(def: &TypeDef, cfg: &TokenStream, scope: &Scope<'_>) -> TokenStream {
    let docs = doc(def
        .docs
        .as_deref()
        .unwrap_or(&format!("The `{}` schema.", def.name)));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(fields) => structure(&docs, &name, fields, cfg, scope),
        TypeKind::StringEnum(values) => string_enum(&docs, &name, values, cfg, scope),
        TypeKind::Untagged(alternatives) => union(&docs, &name, alternatives, cfg, scope),
        TypeKind::Tagged(union) => tagged::tagged_union(&docs, &name, union, cfg, scope),
        TypeKind::Newtype(ty) => {
            let ty = type_tokens(ty, scope);
            let serde = serde_derives(scope);
            quote! {
                #docs
                #cfg
                #[derive(Debug, Clone, PartialEq, #serde)]
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
    cfg: &TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let all_optional = fields
        .iter()
        .all(|field| field.flatten || field.is_optional());
    let default = all_optional.then(|| quote!(Default,));
    let fields: Vec<_> = fields.iter().map(|f| field(f, scope)).collect();
    let serde = serde_derives(scope);
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, #default #serde)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn field(field: &Field, scope: &Scope<'_>) -> TokenStream {
    if field.flatten {
        let docs = doc(field.docs.as_deref().unwrap_or_default());
        let name = ident(&field.rust_name);
        let ty = type_tokens(&field.ty, scope);
        return quote! {
            #docs
            #[serde(flatten)]
            pub #name: #ty,
        };
    }
    let fallback = match &field.ty {
        RustType::Named(name) => format!("`{}`: see [`{name}`].", field.json_name),
        _ => format!("The `{}` property.", field.json_name),
    };
    let docs = doc(field.docs.as_deref().unwrap_or(&fallback));
    let name = ident(&field.rust_name);
    let rename = (name.to_string().trim_start_matches("r#") != field.json_name).then(|| {
        let json = &field.json_name;
        quote!(#[serde(rename = #json)])
    });
    let inner = type_tokens(&field.ty, scope);
    let (ty, serde) = if !field.required {
        (
            quote!(Option<#inner>),
            quote!(#[serde(default, skip_serializing_if = "Option::is_none")]),
        )
    } else if field.nullable {
        (quote!(Option<#inner>), quote!(#[serde(default)]))
    } else {
        (inner, TokenStream::new())
    };
    quote! {
        #docs
        #rename
        #serde
        pub #name: #ty,
    }
}

fn string_enum(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    values: &[EnumValue],
    cfg: &TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let serde = serde_derives(scope);
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
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #serde)]
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
    cfg: &TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let serde = serde_derives(scope);
    let variants = alternatives.iter().map(|alternative| {
        let variant = ident(&alternative.rust_name);
        let ty = type_tokens(&alternative.ty, scope);
        let docs = doc(&format!("The `{}` alternative.", alternative.rust_name));
        quote! { #docs #variant(#ty), }
    });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, #serde)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)] // Alternatives are whatever the spec makes them.
        pub enum #name {
            #(#variants)*
        }
    }
}
