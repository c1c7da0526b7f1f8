//! Request bodies: which of the declared media types the client sends, and how (JSON, form,
//! multipart or raw bytes).

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, RequestBody};

use crate::diagnostics::Pointer;
use crate::ir::{Body, BodyEncoding, MultipartField, RustType, TypeKind};
use crate::resolve::Resolver;

impl Resolver<'_> {
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        pointer: &Pointer,
        builder: &str,
    ) -> Option<Body> {
        let (body, pointer) = match body {
            ReferenceOr::Item(body) => (body, pointer.clone()),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|name| {
                        Some((
                            name,
                            self.spec.components.as_ref()?.request_bodies.get(name)?,
                        ))
                    });
                match found {
                    Some((name, ReferenceOr::Item(body))) => (
                        body,
                        Pointer::root()
                            .join("components")
                            .join("requestBodies")
                            .join(name),
                    ),
                    _ => {
                        self.diags.error(pointer, format!("`$ref: {reference}` does not point at a request body in #/components/requestBodies"), Some("point the reference at an existing entry of components.requestBodies".to_owned()));
                        return None;
                    }
                }
            }
        };
        let Some((media_type, content, kind)) = body_content(&body.content) else {
            let media_types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.diags.error(
                &pointer.join("content"),
                format!(
                    "request body content type(s) {} are not supported",
                    if media_types.is_empty() { "(none)".to_owned() } else { media_types.join(", ") }
                ),
                Some("declare application/json, application/x-www-form-urlencoded, multipart/form-data or application/octet-stream".to_owned()),
            );
            return None;
        };
        if body.content.len() > 1 {
            let mut others: Vec<&str> = body
                .content
                .keys()
                .map(String::as_str)
                .filter(|other| *other != media_type)
                .collect();
            others.sort_unstable();
            self.diags.warning(
                &pointer.join("content"),
                format!(
                    "the request body is sent as `{media_type}`; the other media types declared for it ({}) are not generated",
                    others.join(", ")
                ),
                Some("nothing to do if one media type is enough; JSON is preferred, then forms, multipart and raw bytes".to_owned()),
            );
        }
        let media_pointer = pointer.join("content").join(media_type);
        let resolved = match (&content.schema, kind) {
            (Some(schema), _) => self.schema_type(
                schema.into(),
                &media_pointer.join("schema"),
                &format!("{builder}Body"),
            ),
            (None, BodyKind::Binary) => crate::resolve::schemas::Resolved {
                ty: RustType::Bytes,
                nullable: false,
            },
            (None, _) => {
                self.diags.error(
                    &media_pointer,
                    "request body has no schema",
                    Some("add a `schema` describing the body".to_owned()),
                );
                return None;
            }
        };
        let encoding = match kind {
            BodyKind::Json => BodyEncoding::Json,
            BodyKind::Form => BodyEncoding::Form,
            BodyKind::Binary => {
                if !matches!(resolved.ty, RustType::Bytes | RustType::String) {
                    self.diags.warning(
                        &media_pointer.join("schema"),
                        format!("a `{media_type}` body is not described as a string; it is sent as raw bytes the caller encodes"),
                        Some("use `type: string, format: binary`".to_owned()),
                    );
                }
                // A wildcard (`*/*`, `image/*`) says any type goes: the bytes are labelled
                // as such.
                let sent = if media_type.contains('*') {
                    "application/octet-stream".to_owned()
                } else {
                    media_type.clone()
                };
                BodyEncoding::Binary(sent)
            }
            BodyKind::Multipart => {
                let fields = self.struct_fields(&resolved.ty).unwrap_or_default();
                if fields.is_empty() {
                    self.diags.error(
                        &media_pointer.join("schema"),
                        "a multipart body must be an object with properties (one part each)",
                        Some("describe the parts as the properties of an object schema".to_owned()),
                    );
                }
                BodyEncoding::Multipart(
                    fields
                        .iter()
                        .filter(|field| !field.flatten)
                        .map(|field| MultipartField {
                            json_name: field.json_name.clone(),
                            rust_name: field.rust_name.clone(),
                            optional: field.is_optional(),
                            binary: matches!(field.ty, RustType::Bytes),
                        })
                        .collect(),
                )
            }
        };
        let ty = match encoding {
            BodyEncoding::Binary(_) => RustType::Bytes,
            _ => resolved.ty,
        };
        let bounded_fields = match encoding {
            BodyEncoding::Json => self
                .struct_fields(&ty)
                .unwrap_or_default()
                .into_iter()
                .filter(|field| field.minimum.is_some() || field.maximum.is_some())
                .collect(),
            _ => Vec::new(),
        };
        Some(Body {
            ty,
            encoding,
            bounded_fields,
            required: body.required,
            docs: body.description.clone(),
        })
    }

    /// The fields of the struct `ty` names, if it does, through aliases. Aliases of each
    /// other (a `$ref` cycle, typed as any JSON only after the operations) name no struct.
    fn struct_fields(&self, ty: &RustType) -> Option<Vec<crate::ir::Field>> {
        let mut seen: Vec<&String> = Vec::new();
        let mut current = ty;
        loop {
            let RustType::Named(name) = current else {
                return None;
            };
            if seen.contains(&name) {
                return None;
            }
            seen.push(name);
            match &self.types.iter().find(|def| &def.name == name)?.kind {
                TypeKind::Struct(fields) => return Some(fields.clone()),
                TypeKind::Alias(inner) => current = inner,
                _ => return None,
            }
        }
    }
}

/// How a request body's content type is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Json,
    Form,
    Multipart,
    Binary,
}

/// The request body content the client sends: JSON if declared, else a form, multipart or
/// raw body (binary types first, then any other type, by name).
fn body_content(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType, BodyKind)> {
    if let Some((media_type, content)) = json_content(content) {
        return Some((media_type, content, BodyKind::Json));
    }
    let essence = |media_type: &str| {
        media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    };
    let find = |wanted: &dyn Fn(&str) -> bool| {
        content
            .iter()
            .filter(|(media_type, _)| wanted(&essence(media_type)))
            .min_by_key(|(media_type, _)| *media_type)
    };
    if let Some((media_type, content)) = find(&|m| m == "application/x-www-form-urlencoded") {
        return Some((media_type, content, BodyKind::Form));
    }
    if let Some((media_type, content)) = find(&|m| m == "multipart/form-data") {
        return Some((media_type, content, BodyKind::Multipart));
    }
    let binary = |m: &str| {
        m == "application/octet-stream"
            || m.starts_with("image/")
            || m.starts_with("audio/")
            || m.starts_with("video/")
            || m == "application/pdf"
            || m == "application/zip"
            || m.starts_with("text/")
    };
    // Any other media type (XML, `*/*`, vendor types): raw bytes with that content type.
    find(&binary)
        .or_else(|| find(&|_| true))
        .map(|(media_type, content)| (media_type, content, BodyKind::Binary))
}

/// The JSON media type of `content`: `application/json` if declared, else the first `+json`
/// type by name (never by map order, so output does not depend on key order).
pub(crate) fn json_content(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    let essence = |media_type: &str| {
        media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    };
    content
        .iter()
        .filter(|(media_type, _)| {
            let essence = essence(media_type);
            essence == "application/json" || essence.ends_with("+json")
        })
        .min_by_key(|(media_type, _)| (essence(media_type) != "application/json", *media_type))
}
