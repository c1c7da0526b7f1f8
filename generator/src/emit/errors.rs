//! Error enums: one per set of declared error responses in an area, one variant per
//! response, and the decoding the runtime calls for a non-success status. Each operation's
//! error type is named after it; one declaring the same responses as an earlier operation of
//! its area names that one's enum (a type alias).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{doc, ident, type_tokens, Item, Scope};
use crate::ir::{ErrorResponse, Operation, Outcome, Payload, StatusMatch};

/// The operations of an area that declare the same error responses as an earlier one, and so
/// share its enum. A large API repeats a few error sets over hundreds of operations; an enum
/// for each, with its derives and decoder, was a fifth of such a crate's compile time.
pub(crate) struct SharedErrors<'a> {
    /// Operation index → the enum (an earlier operation's) whose responses it declares.
    shared: BTreeMap<usize, &'a str>,
    /// Enum name → how many later operations share it.
    sharers: BTreeMap<&'a str, usize>,
}

impl<'a> SharedErrors<'a> {
    pub(crate) fn new(operations: &'a [Operation]) -> Self {
        let mut owners: Vec<(&'a [ErrorResponse], &'a str)> = Vec::new();
        let mut shared = BTreeMap::new();
        let mut sharers = BTreeMap::new();
        for (index, operation) in operations.iter().enumerate() {
            if operation.outcome == Outcome::BrowserRedirect {
                continue;
            }
            let errors = operation.errors.as_slice();
            match owners.iter().find(|(declared, _)| *declared == errors) {
                Some(&(_, owner)) => {
                    shared.insert(index, owner);
                    *sharers.entry(owner).or_default() += 1;
                }
                None => owners.push((errors, &operation.error_enum)),
            }
        }
        Self { shared, sharers }
    }
}

/// The error type of the operation at `index` of its area: its enum, or an alias of the
/// enum it shares.
pub(crate) fn emit(
    operation: &Operation,
    index: usize,
    shared: &SharedErrors<'_>,
    accessor: &str,
    scope: &Scope<'_>,
) -> TokenStream {
    let name = ident(&operation.error_enum);
    if let Some(owner) = shared.shared.get(&index) {
        let docs = doc(&format!(
            "Error responses the spec declares for [`{accessor}`]: the same as an earlier \
             operation of this area declares, so its type, [`{owner}`]."
        ));
        let owner = ident(owner);
        return quote! { #docs pub type #name = #owner; };
    }
    let others = match shared.sharers.get(operation.error_enum.as_str()) {
        Some(1) => " and for one other operation of this area, whose error type is an alias of \
                    this one"
            .to_owned(),
        Some(count) => format!(
            " and for {count} other operations of this area, whose error types are aliases of \
             this one"
        ),
        None => String::new(),
    };
    let docs = doc(&format!(
        "Error responses the spec declares for [`{accessor}`]{others}. The raw response is \
         always kept alongside, in [`Error::Api`](crate::Error::Api)."
    ));
    let variants: Vec<_> = operation
        .errors
        .iter()
        .map(|error| {
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
                    let ty = type_tokens(ty, scope);
                    quote! { #docs #variant(#ty), }
                }
                Some(Payload::Text) => quote! { #docs #variant(String), },
                Some(Payload::Bytes) => {
                    let bytes = scope.name(Item::Bytes);
                    quote! { #docs #variant(#bytes), }
                }
                None => quote! { #docs #variant, },
            }
        })
        .collect();
    // (status, decoded value, whether decoding reads the body) of each error.
    let decoded: Vec<(StatusMatch, TokenStream, bool)> = operation
        .errors
        .iter()
        .map(|error| {
            let variant = ident(&error.variant);
            let value = match &error.body {
                Some(Payload::Json(_)) => {
                    let decode_json = scope.name(Item::DecodeJson);
                    quote!(#decode_json(body).map(Self::#variant))
                }
                Some(Payload::Text) => {
                    quote!(Ok(Self::#variant(String::from_utf8_lossy(body).into_owned())))
                }
                Some(Payload::Bytes) => {
                    let bytes = scope.name(Item::Bytes);
                    quote!(Ok(Self::#variant(#bytes::copy_from_slice(body))))
                }
                None => quote!(Ok(Self::#variant)),
            };
            (error.status, value, error.body.is_some())
        })
        .collect();
    let arms: Vec<_> = decoded
        .iter()
        .map(|(status, value, _)| {
            let pattern = match *status {
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
            quote! { #pattern => Some(#value), }
        })
        .collect();
    let status_code = scope.name(Item::StatusCode);
    let decode_error = scope.name(Item::DecodeError);
    let operation_error = scope.name(Item::OperationError);
    let has_default = operation
        .errors
        .iter()
        .any(|e| e.status == StatusMatch::Default);
    let fallback = (!has_default).then(|| quote!(_ => None,));
    let decode = if operation.errors.is_empty() {
        quote! {
            fn decode(_status: #status_code, _body: &[u8]) -> Option<Result<Self, #decode_error>> {
                None
            }
        }
    } else if let [(StatusMatch::Default, value, uses_body)] = &decoded[..] {
        // Only `default`: every status is it, and a one-armed `match` would be noise (clippy).
        let body = if *uses_body {
            quote!(body)
        } else {
            quote!(_body)
        };
        quote! {
            fn decode(_status: #status_code, #body: &[u8]) -> Option<Result<Self, #decode_error>> {
                Some(#value)
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
            fn decode(status: #status_code, #body: &[u8]) -> Option<Result<Self, #decode_error>> {
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

        impl #operation_error for #name {
            #decode
        }
    }
}
