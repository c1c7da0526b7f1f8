//! Models: one Rust type per named schema (structs, string enums with an `Unknown` fallback,
//! untagged unions, aliases).

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{doc, ident, inner_doc, type_tokens};
use crate::ir::{Alternative, Api, EnumValue, Field, RustType, TypeDef, TypeKind};

pub(crate) fn emit(api: &Api) -> TokenStream {
    let types = api.types.iter().map(type_def);
    let module_docs = inner_doc(
        "Types of the spec's schemas. Unknown JSON fields are ignored, except by objects whose schema says `additionalProperties: true`, which keep them; unknown enum values decode into `Unknown`.",
    );
    quote! {
        #module_docs
        #(#types)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let docs = doc(def
        .docs
        .as_deref()
        .unwrap_or(&format!("The `{}` schema.", def.name)));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(fields) => structure(&docs, &name, fields),
        TypeKind::StringEnum(values) => string_enum(&docs, &name, values),
        TypeKind::Untagged(alternatives) => union(&docs, &name, alternatives),
        TypeKind::Newtype(ty) => {
            let ty = type_tokens(ty, &TokenStream::new());
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(
                    /// The value.
                    pub #ty,
                );
            }
        }
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, &TokenStream::new());
            quote! { #docs pub type #name = #ty; }
        }
    }
}

fn structure(docs: &TokenStream, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let all_optional = fields
        .iter()
        .all(|field| field.flatten || field.is_optional());
    let default = all_optional.then(|| quote!(Default,));
    let fields = fields.iter().map(field);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn field(field: &Field) -> TokenStream {
    if field.flatten {
        let docs = doc(field.docs.as_deref().unwrap_or_default());
        let name = ident(&field.rust_name);
        let ty = type_tokens(&field.ty, &TokenStream::new());
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
    let inner = type_tokens(&field.ty, &TokenStream::new());
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

fn string_enum(docs: &TokenStream, name: &proc_macro2::Ident, values: &[EnumValue]) -> TokenStream {
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
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know (added to the API after it was generated).
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                match value {
                    #name::Unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn union(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    alternatives: &[Alternative],
) -> TokenStream {
    let variants = alternatives.iter().map(|alternative| {
        let variant = ident(&alternative.rust_name);
        let ty = type_tokens(&alternative.ty, &TokenStream::new());
        let docs = doc(&format!("The `{}` alternative.", alternative.rust_name));
        quote! { #docs #variant(#ty), }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)] // Alternatives are whatever the spec makes them.
        pub enum #name {
            #(#variants)*
        }
    }
}
