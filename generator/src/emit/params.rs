//! Request statements: how a builder's fields become the path, query, headers, cookies and
//! body of the runtime's `Request`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{ident, Item, Scope};
use crate::ir::{
    Body, BodyEncoding, Operation, Param, ParamLocation, ParamStyle, PathPart, RustType,
};

pub(crate) fn range_check(param: &Param) -> Option<TokenStream> {
    if param.minimum.is_none() && param.maximum.is_none() {
        return None;
    }
    let field = ident(&param.rust_name);
    let value = match (&param.ty, param.required) {
        (RustType::I64 | RustType::U64 | RustType::I128, _) => quote!(self.#field),
        (RustType::I32, true) => quote!(i64::from(self.#field)),
        (RustType::I32, false) => quote!(self.#field.map(i64::from)),
        _ => return None,
    };
    let name = &param.name;
    let (minimum, maximum) = (
        bound(param.minimum, &param.ty),
        bound(param.maximum, &param.ty),
    );
    Some(quote!(request.check_range(#name, #value, #minimum, #maximum);))
}

/// A bound as a literal of the type the value is checked in (`Some(5i64)`): `i64` for `i32`
/// and `i64` values, else the value's own type, which holds its bounds by construction.
fn bound(bound: Option<i128>, ty: &RustType) -> TokenStream {
    let literal = bound.and_then(|bound| match ty {
        RustType::U64 => u64::try_from(bound).ok().map(|bound| quote!(#bound)),
        RustType::I128 => Some(quote!(#bound)),
        _ => i64::try_from(bound).ok().map(|bound| quote!(#bound)),
    });
    match literal {
        Some(literal) => quote!(Some(#literal)),
        None => quote!(None),
    }
}

/// Checks the bounded integer fields of a JSON body before sending, as for parameters.
pub(crate) fn body_range_checks(body: &Body) -> Option<TokenStream> {
    let checks: Vec<TokenStream> = body
        .bounded_fields
        .iter()
        .filter_map(|field| {
            let value = match field.ty {
                RustType::I64 | RustType::U64 | RustType::I128 => quote!(*value),
                RustType::I32 => quote!(i64::from(*value)),
                _ => return None,
            };
            let name = &field.json_name;
            let rust_name = ident(&field.rust_name);
            let (minimum, maximum) = (
                bound(field.minimum, &field.ty),
                bound(field.maximum, &field.ty),
            );
            let check = quote!(request.check_range(#name, #value, #minimum, #maximum););
            Some(if field.is_optional() {
                quote! { if let Some(value) = &body.#rust_name { #check } }
            } else {
                quote! { let value = &body.#rust_name; #check }
            })
        })
        .collect();
    if checks.is_empty() {
        return None;
    }
    Some(if body.required {
        quote! { let body = &self.body; #(#checks)* }
    } else {
        quote! { if let Some(body) = &self.body { #(#checks)* } }
    })
}

pub(crate) fn path_expression(operation: &Operation, scope: &Scope<'_>) -> TokenStream {
    let mut template = String::new();
    let mut arguments = Vec::new();
    for part in &operation.path_parts {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(index) => {
                template.push_str("{}");
                if let Some(param) = operation.params.get(*index) {
                    let field = ident(&param.rust_name);
                    let value = match &param.constant {
                        Some(constant) => quote!(#constant),
                        None => quote!(self.#field),
                    };
                    arguments.push(path_value(param, quote!(&#value), scope));
                }
            }
        }
    }
    if arguments.is_empty() {
        quote!(#template.to_owned())
    } else {
        quote!(format!(#template, #(#arguments),*))
    }
}

/// A path parameter's `value` (a reference) as its segment of the path: plain values as
/// they display, others laid out by the parameter's `style`.
pub(crate) fn path_value(param: &Param, value: TokenStream, scope: &Scope<'_>) -> TokenStream {
    let style = match param.style {
        ParamStyle::Plain => {
            let encode = scope.name(Item::PathSegment);
            return quote!(#encode(#value));
        }
        ParamStyle::SimpleExploded => quote!(SimpleExploded),
        ParamStyle::Label => quote!(Label),
        ParamStyle::LabelExploded => quote!(LabelExploded),
        ParamStyle::Matrix => quote!(Matrix),
        ParamStyle::MatrixExploded => quote!(MatrixExploded),
        _ => {
            let encode = scope.name(Item::PathSerialized);
            return quote!(#encode(#value));
        }
    };
    let (encode, style_enum) = (scope.name(Item::PathStyled), scope.name(Item::PathStyle));
    let name = &param.name;
    quote!(#encode(#name, #value, #style_enum::#style))
}

/// Sets a request body held in `body` (a reference).
pub(crate) fn body_statement(encoding: &BodyEncoding, scope: &Scope<'_>) -> TokenStream {
    match encoding {
        BodyEncoding::Json => quote!(request.json_body(body);),
        BodyEncoding::Form => quote!(request.form_body(body);),
        BodyEncoding::Binary(content_type) => quote!(request.bytes_body(body, #content_type);),
        BodyEncoding::Multipart(fields) => {
            let parts = fields.iter().map(|field| {
                let name = &field.json_name;
                let member = ident(&field.rust_name);
                match (field.binary, field.optional) {
                    (true, false) => quote!(form.file(#name, &body.#member);),
                    (true, true) => quote! {
                        if let Some(value) = &body.#member { form.file(#name, value); }
                    },
                    (false, _) => quote!(form.value(#name, &body.#member);),
                }
            });
            let multipart = scope.name(Item::Multipart);
            quote! {
                let mut form = #multipart::new();
                #(#parts)*
                request.multipart_body(form);
            }
        }
    }
}

pub(crate) fn query_statement(param: &Param, scope: &Scope<'_>) -> TokenStream {
    let name = &param.name;
    if let Some(value) = &param.constant {
        return match (param.location, param.style) {
            (ParamLocation::Header, _) => quote!(request.header(#name, &#value);),
            (ParamLocation::Cookie, _) => quote!(request.cookie(#name, &#value);),
            (_, ParamStyle::Plain) => quote!(request.query(#name, #value);),
            _ => {
                let style_enum = scope.name(Item::Style);
                quote!(request.query_serialized(#name, &#value, #style_enum::Form);)
            }
        };
    }
    let field = ident(&param.rust_name);
    if param.style != ParamStyle::Plain || param.location != ParamLocation::Query {
        let call = match param.location {
            ParamLocation::Header if param.style == ParamStyle::SimpleExploded => {
                quote!(request.header_exploded(#name, value);)
            }
            ParamLocation::Header => quote!(request.header(#name, value);),
            ParamLocation::Cookie => quote!(request.cookie(#name, value);),
            _ => {
                let style = match param.style {
                    ParamStyle::FormUnexploded => quote!(FormUnexploded),
                    ParamStyle::DeepObject => quote!(DeepObject),
                    ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
                    ParamStyle::PipeDelimited => quote!(PipeDelimited),
                    _ => quote!(Form),
                };
                let style_enum = scope.name(Item::Style);
                quote!(request.query_serialized(#name, value, #style_enum::#style);)
            }
        };
        return if param.required {
            quote! { let value = &self.#field; #call }
        } else {
            quote! { if let Some(value) = &self.#field { #call } }
        };
    }
    let append = |value: TokenStream, ty: &RustType| match ty {
        RustType::Vec(inner) => {
            let item = query_value(inner, quote!(item), scope);
            quote! { for item in #value { request.query(#name, #item); } }
        }
        other => {
            let value = query_value(other, value, scope);
            quote! { request.query(#name, #value); }
        }
    };
    if param.required {
        // `Copy` values by value (clippy: needless borrow), the rest by reference.
        let copy = matches!(
            param.ty,
            RustType::Bool
                | RustType::I32
                | RustType::I64
                | RustType::U64
                | RustType::I128
                | RustType::F32
                | RustType::F64
                | RustType::Date
        );
        if copy {
            append(quote!(self.#field), &param.ty)
        } else {
            append(quote!(&self.#field), &param.ty)
        }
    } else {
        let statement = append(quote!(value), &param.ty);
        quote! { if let Some(value) = &self.#field { #statement } }
    }
}

fn query_value(ty: &RustType, value: TokenStream, scope: &Scope<'_>) -> TokenStream {
    match ty {
        RustType::Secret => quote!(#value.expose()),
        RustType::DateTime => {
            let format = scope.name(Item::SecondsFormat);
            quote!(#value.to_rfc3339_opts(#format::AutoSi, true))
        }
        _ => value,
    }
}
