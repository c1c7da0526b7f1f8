//! `x-pagination` → how to walk a listing's pages, checked against the operation's parameters
//! and its response type.
//!
//! ```yaml
//! x-pagination:
//!   items: tokens                  # top-level array field of the response
//!   cursor:                        # optional
//!     page_size: page[size]        # query parameter
//!     cursor: page[after]          # query parameter carrying the cursor
//!     has_more: meta.has_more      # boolean response field
//!     next_cursor: meta.after_cursor
//!     default_page_size: 100       # optional; defaults to the size parameter's maximum
//!   offset:                        # optional
//!     page: page
//!     page_size: per_page
//!     next_url: next_page          # response field with the next page's URL
//! ```

use serde::Deserialize;

use crate::diagnostics::Pointer;
use crate::ir::{
    CursorPagination, FieldPath, FieldStep, OffsetPagination, Outcome, Pagination, Param,
    ParamLocation, Payload, RustType, TypeKind,
};
use crate::resolve::Resolver;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Extension {
    items: String,
    cursor: Option<CursorExtension>,
    offset: Option<OffsetExtension>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CursorExtension {
    page_size: String,
    cursor: String,
    has_more: String,
    next_cursor: String,
    default_page_size: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OffsetExtension {
    page: String,
    page_size: String,
    next_url: String,
}

impl Resolver<'_> {
    pub(crate) fn pagination(
        &mut self,
        extension: &serde_json::Value,
        pointer: &Pointer,
        params: &[Param],
        outcome: &Outcome,
    ) -> Option<Pagination> {
        let extension: Extension = match serde_json::from_value(extension.clone()) {
            Ok(extension) => extension,
            Err(error) => {
                self.diags.error(
                    pointer,
                    format!("malformed x-pagination: {error}"),
                    Some("expected `items` plus a `cursor` {page_size, cursor, has_more, next_cursor} and/or an `offset` {page, page_size, next_url} section".to_owned()),
                );
                return None;
            }
        };
        let Outcome::Call {
            body: Some(Payload::Json(RustType::Named(page_type))),
            ..
        } = outcome
        else {
            self.diags.error(
                pointer,
                "x-pagination needs a success response whose body is a named object schema",
                Some(
                    "give the success response a `$ref` to an object schema in components.schemas"
                        .to_owned(),
                ),
            );
            return None;
        };
        if extension.cursor.is_none() && extension.offset.is_none() {
            self.diags.error(
                pointer,
                "x-pagination declares neither `cursor` nor `offset`",
                Some("add at least one pagination style".to_owned()),
            );
        }
        let items_pointer = pointer.join("items");
        let items = match self.field_path(page_type, &extension.items, &items_pointer) {
            Some((path, RustType::Vec(item))) if path.0.len() == 1 => Some((path, *item)),
            Some(_) => {
                self.diags.error(
                    &items_pointer,
                    format!(
                        "`{}` must be a top-level array field of the response",
                        extension.items
                    ),
                    Some(
                        "name the response property that holds the page's items (an array)"
                            .to_owned(),
                    ),
                );
                None
            }
            None => None,
        };
        let cursor = extension.cursor.and_then(|cursor| {
            let pointer = pointer.join("cursor");
            let size_param =
                self.pagination_param(params, &cursor.page_size, &pointer.join("page_size"));
            self.pagination_param(params, &cursor.cursor, &pointer.join("cursor"));
            let has_more = self.typed_field(
                page_type,
                &cursor.has_more,
                &pointer.join("has_more"),
                &RustType::Bool,
            );
            let next_cursor = self.typed_field(
                page_type,
                &cursor.next_cursor,
                &pointer.join("next_cursor"),
                &RustType::String,
            );
            let size_param = size_param?;
            let default_size = cursor.default_page_size.or_else(|| {
                params[size_param]
                    .maximum
                    .and_then(|max| i64::try_from(max).ok())
            });
            let Some(default_size) = default_size else {
                self.diags.error(
                    &pointer,
                    "no page size to start cursor pagination with",
                    Some(
                        "give the page size parameter a `maximum`, or set `default_page_size`"
                            .to_owned(),
                    ),
                );
                return None;
            };
            Some(CursorPagination {
                size_param,
                default_size,
                cursor_param: cursor.cursor,
                has_more: has_more?,
                next_cursor: next_cursor?,
            })
        });
        let offset = extension.offset.and_then(|offset| {
            let pointer = pointer.join("offset");
            let page = self.pagination_param(params, &offset.page, &pointer.join("page"));
            let size = self.pagination_param(params, &offset.page_size, &pointer.join("page_size"));
            let next_url = self.typed_field(
                page_type,
                &offset.next_url,
                &pointer.join("next_url"),
                &RustType::String,
            );
            Some(OffsetPagination {
                params: vec![page?, size?],
                next_url: next_url?,
            })
        });
        let (items, item_type) = items?;
        Some(Pagination {
            items,
            item_type,
            cursor,
            offset,
        })
    }

    fn pagination_param(
        &mut self,
        params: &[Param],
        name: &str,
        pointer: &Pointer,
    ) -> Option<usize> {
        let found = params.iter().position(|param| {
            param.name == name && param.location == ParamLocation::Query && !param.required
        });
        if found.is_none() {
            self.diags.error(
                pointer,
                format!("`{name}` is not an optional query parameter of this operation"),
                Some("name one of the operation's query parameters".to_owned()),
            );
        }
        found
    }

    fn typed_field(
        &mut self,
        root: &str,
        path: &str,
        pointer: &Pointer,
        expected: &RustType,
    ) -> Option<FieldPath> {
        let (fields, ty) = self.field_path(root, path, pointer)?;
        if &ty != expected {
            self.diags.error(
                pointer,
                format!("`{path}` is {ty:?}, expected {expected:?}"),
                Some(format!("name a response field of type {expected:?}")),
            );
            return None;
        }
        Some(fields)
    }

    /// Follows a dotted path of JSON property names through generated structs.
    fn field_path(
        &mut self,
        root: &str,
        path: &str,
        pointer: &Pointer,
    ) -> Option<(FieldPath, RustType)> {
        let mut current = RustType::Named(root.to_owned());
        let mut steps = Vec::new();
        for segment in path.split('.') {
            let fields = match &current {
                RustType::Named(name) => {
                    self.types
                        .iter()
                        .find(|def| &def.name == name)
                        .and_then(|def| match &def.kind {
                            TypeKind::Struct(fields) => Some(fields),
                            _ => None,
                        })
                }
                _ => None,
            };
            let Some(field) =
                fields.and_then(|fields| fields.iter().find(|field| field.json_name == segment))
            else {
                self.diags.error(
                    pointer,
                    format!("the response has no field `{segment}` (in `{path}`)"),
                    Some("name fields of the response schema, separated by dots".to_owned()),
                );
                return None;
            };
            steps.push(FieldStep {
                rust_name: field.rust_name.clone(),
                optional: field.is_optional(),
            });
            current = field.ty.clone();
        }
        Some((FieldPath(steps), current))
    }
}
