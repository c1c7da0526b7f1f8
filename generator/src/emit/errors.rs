//! Error enums: one per operation, one variant per declared error response, and the decoding
//! the runtime calls for a non-success status.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{doc, ident, type_tokens};
use crate::ir::{Operation, Payload, StatusMatch};

pub(crate) fn emit(operation: &Operation, accessor: &str) -> TokenStream {
    let name = ident(&operation.error_enum);
    let models = quote!(super::models::);
    let docs = doc(&format!(
        "Error responses the spec declares for [`{accessor}`]. The raw response is always kept \
         alongside, in [`Error::Api`](crate::runtime::error::Error::Api)."
    ));
    let variants = operation.errors.iter().map(|error| {
        let variant = ident(&error.variant);
        let status = match error.status {
            StatusMatch::Code(code) => format!("HTTP {code}"),
            StatusMatch::Range(digit) => format!("HTTP {digit}xx"),
            StatusMatch::Default => "Any other status".to_owned(),
        };
        let docs = doc(&match &error.docs {
            Some(text) => format!("{status}: {text}"),
            None => status,
        });
        match &error.body {
            Some(Payload::Json(ty)) => {
                let ty = type_tokens(ty, &models);
                quote! { #docs #variant(#ty), }
            }
            Some(Payload::Text) => quote! { #docs #variant(String), },
            Some(Payload::Bytes) => quote! { #docs #variant(bytes::Bytes), },
            None => quote! { #docs #variant, },
        }
    });
    let arms = operation.errors.iter().map(|error| {
        let variant = ident(&error.variant);
        let pattern = match error.status {
            StatusMatch::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            StatusMatch::Range(digit) => {
                let low = proc_macro2::Literal::u16_unsuffixed(digit * 100);
                let high = proc_macro2::Literal::u16_unsuffixed(digit * 100 + 99);
                quote!(#low..=#high)
            }
            StatusMatch::Default => quote!(_),
        };
        let value = match &error.body {
            Some(Payload::Json(_)) => {
                quote!(crate::runtime::error::decode_json(body).map(Self::#variant))
            }
            Some(Payload::Text) => {
                quote!(Ok(Self::#variant(String::from_utf8_lossy(body).into_owned())))
            }
            Some(Payload::Bytes) => {
                quote!(Ok(Self::#variant(bytes::Bytes::copy_from_slice(body))))
            }
            None => quote!(Ok(Self::#variant)),
        };
        quote! { #pattern => Some(#value), }
    });
    let has_default = operation
        .errors
        .iter()
        .any(|e| e.status == StatusMatch::Default);
    let fallback = (!has_default).then(|| quote!(_ => None,));
    let decode = if operation.errors.is_empty() {
        quote! {
            fn decode(_status: reqwest::StatusCode, _body: &[u8]) -> Option<Result<Self, crate::runtime::error::DecodeError>> {
                None
            }
        }
    } else {
        let uses_body = operation.errors.iter().any(|e| e.body.is_some());
        let body = if uses_body {
            quote!(body)
        } else {
            quote!(_body)
        };
        quote! {
            fn decode(status: reqwest::StatusCode, #body: &[u8]) -> Option<Result<Self, crate::runtime::error::DecodeError>> {
                match status.as_u16() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl crate::runtime::error::OperationError for #name {
            #decode
        }
    }
}
