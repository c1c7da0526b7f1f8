//! Paths → operations grouped into areas by tag: parameters, bodies, responses, servers and
//! security, each checked against the spec.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem,
    PathStyle, QueryStyle, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    SecurityRequirement, StatusCode, Type,
};

use crate::diagnostics::Pointer;
use crate::ir::{
    Area, Body, BodyEncoding, ErrorResponse, Method, MultipartField, Operation, Outcome, Param,
    ParamLocation, ParamStyle, PathPart, Payload, RustType, SecurityScheme, StatusMatch, TypeKind,
};
use crate::naming::{camel, screaming, snake, Namespace};
use crate::resolve::schemas::SchemaRef;
use crate::resolve::Resolver;

/// Builder methods every generated request builder has; parameters must not shadow them.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "send",
    "url",
    "client",
    "body",
    "options",
    "request",
    "retry_policy",
    "timeout",
    "pages",
    "stream",
];

/// Area module names taken by the generated code itself.
const RESERVED_MODULES: &[&str] = &["models", "client"];

/// Where an operation was found, to fall back on path-level and document-level settings.
struct Site<'a> {
    path: &'a str,
    item: &'a PathItem,
    method: Method,
    operation: &'a SpecOperation,
    pointer: Pointer,
}

impl Resolver<'_> {
    pub(crate) fn areas(&mut self, schemes: &[SecurityScheme]) -> Vec<Area> {
        let mut paths: Vec<(&String, &ReferenceOr<PathItem>)> =
            self.spec.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut by_tag: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
        let mut operation_ids: BTreeMap<String, Pointer> = BTreeMap::new();
        for (path, item) in paths {
            let path_pointer = Pointer::root().join("paths").join(path);
            let ReferenceOr::Item(item) = item else {
                self.diags.error(
                    &path_pointer,
                    "path item references are not supported",
                    Some("define the path item inline".to_owned()),
                );
                continue;
            };
            for (method, operation) in methods(item) {
                let site = Site {
                    path,
                    item,
                    method,
                    operation,
                    pointer: path_pointer.join(method.as_str().to_lowercase()),
                };
                let resolved = self.operation(&site, schemes);
                if let Some(first) = operation_ids.insert(resolved.id.clone(), site.pointer.clone())
                {
                    self.diags.error(
                        &site.pointer.join("operationId"),
                        format!("operationId `{}` is also used at {first}", resolved.id),
                        Some("operationIds must be unique in the document".to_owned()),
                    );
                }
                let tag = operation
                    .tags
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "General".to_owned());
                by_tag.entry(tag).or_default().push(resolved);
            }
        }
        let mut modules = Namespace::with_reserved(RESERVED_MODULES);
        let mut areas = Vec::new();
        for (tag, mut operations) in by_tag {
            let spec_tag = self.spec.tags.iter().find(|t| t.name == tag);
            let module = match spec_tag.and_then(|t| t.extensions.get("x-rust-name")) {
                Some(serde_json::Value::String(name)) => snake(name),
                _ => snake(&tag),
            };
            let module = modules.claim(module);
            let struct_name = self.type_names.claim(camel(&module));
            operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
            let mut method_names = Namespace::default();
            for operation in &mut operations {
                operation.method_name = method_names.claim(operation.method_name.clone());
            }
            areas.push(Area {
                tag: tag.clone(),
                module,
                struct_name,
                docs: spec_tag.and_then(|t| t.description.clone()),
                operations,
            });
        }
        areas.sort_by(|a, b| a.module.cmp(&b.module));
        areas
    }

    fn operation(&mut self, site: &Site<'_>, schemes: &[SecurityScheme]) -> Operation {
        let spec_op = site.operation;
        let pointer = &site.pointer;
        let id = match &spec_op.operation_id {
            Some(id) => id.clone(),
            None => {
                let id = camel(&format!(
                    "{} {}",
                    site.method.as_str().to_lowercase(),
                    site.path
                ));
                self.diags.warning(
                    pointer,
                    format!("operation has no operationId; calling it `{id}`"),
                    Some("add an operationId".to_owned()),
                );
                id
            }
        };
        let builder = self.type_names.claim(camel(&id));
        let error_enum = self.type_names.claim(format!("{builder}Error"));
        let method_name = match spec_op.extensions.get("x-rust-name") {
            Some(serde_json::Value::String(name)) => snake(name),
            _ => snake(&id),
        };
        let browser_redirect = matches!(
            spec_op.extensions.get("x-browser-redirect"),
            Some(serde_json::Value::Bool(true))
        );

        let params = self.params(site, &builder);
        let path_parts = self.path_parts(site, &params);
        let body = spec_op
            .request_body
            .as_ref()
            .and_then(|body| self.request_body(body, &pointer.join("requestBody"), &builder));
        let (outcome, errors) = if browser_redirect {
            if site.method != Method::Get {
                self.diags.error(
                    &pointer.join("x-browser-redirect"),
                    "x-browser-redirect operations must be GET",
                    Some("a browser can only be sent to a URL with GET".to_owned()),
                );
            }
            (Outcome::BrowserRedirect, Vec::new())
        } else {
            self.responses(spec_op, pointer, &builder)
        };
        // A missing server is reported; keep going so the operation's other problems are too.
        let server = self.operation_server(site).unwrap_or_default();
        let security = self.security(site, schemes);
        let pagination = spec_op
            .extensions
            .get("x-pagination")
            .and_then(|extension| {
                self.pagination(extension, &pointer.join("x-pagination"), &params, &outcome)
            });
        Operation {
            static_name: screaming(&id),
            id,
            builder,
            method_name,
            summary: spec_op.summary.clone(),
            description: spec_op.description.clone(),
            deprecated: spec_op.deprecated,
            method: site.method,
            path: site.path.to_owned(),
            path_parts,
            params,
            body,
            outcome,
            errors,
            error_enum,
            server,
            security,
            pagination,
            sensitive_response: false,
            example: self.success_example(spec_op),
        }
    }

    fn params(&mut self, site: &Site<'_>, builder: &str) -> Vec<Param> {
        // Operation-level parameters override path-level ones with the same name and location.
        // (parameter, where it is defined, where this operation lists it)
        let mut merged: IndexMap<(String, &'static str), (&Parameter, Pointer, Pointer)> =
            IndexMap::new();
        let sources = [
            (&site.item.parameters, site.pointer.parent_path()),
            (&site.operation.parameters, site.pointer.clone()),
        ];
        for (list, base) in sources {
            for (index, parameter) in list.iter().enumerate() {
                let listed = base.join("parameters").join(index);
                let Some((parameter, pointer)) = self.parameter(parameter, listed.clone()) else {
                    continue;
                };
                let location = match parameter {
                    Parameter::Query { .. } => "query",
                    Parameter::Path { .. } => "path",
                    Parameter::Header { .. } => "header",
                    Parameter::Cookie { .. } => "cookie",
                };
                merged.insert(
                    (parameter.parameter_data_ref().name.clone(), location),
                    (parameter, pointer, listed),
                );
            }
        }
        let mut names = Namespace::with_reserved(BUILDER_METHODS);
        let mut params = Vec::new();
        for ((name, _), (parameter, pointer, listed)) in merged {
            let data = parameter.parameter_data_ref();
            let explode = data.explode;
            let (location, wanted_style) = match parameter {
                Parameter::Path { style, .. } => {
                    if !site.path.contains(&format!("{{{name}}}")) {
                        self.diags.warning(
                            &listed,
                            format!(
                                "path parameter `{name}` is declared but the path `{}` has no `{{{name}}}`; it is ignored",
                                site.path
                            ),
                            Some(format!(
                                "remove the parameter from this operation, or add `{{{name}}}` to the path"
                            )),
                        );
                        continue;
                    }
                    if !matches!(style, PathStyle::Simple) {
                        // Reported; kept as simple so the path template still finds it.
                        self.diags.error(
                            &pointer.join("style"),
                            format!("path parameter style `{style:?}` is not supported"),
                            Some("use style: simple (the default)".to_owned()),
                        );
                    }
                    (ParamLocation::Path, ParamStyle::Simple)
                }
                Parameter::Query { style, .. } => {
                    let style = match (style, explode.unwrap_or(true)) {
                        (QueryStyle::Form, true) => ParamStyle::Form,
                        (QueryStyle::Form, false) => ParamStyle::FormUnexploded,
                        (QueryStyle::DeepObject, _) => ParamStyle::DeepObject,
                        (QueryStyle::SpaceDelimited, _) => ParamStyle::SpaceDelimited,
                        (QueryStyle::PipeDelimited, _) => ParamStyle::PipeDelimited,
                    };
                    (ParamLocation::Query, style)
                }
                Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Simple),
            };
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                self.diags.error(
                    &pointer.join("content"),
                    "parameters with `content` are not supported",
                    Some("describe the parameter with `schema`".to_owned()),
                );
                continue;
            };
            let resolved = self.schema_type(
                SchemaRef::from(schema),
                &pointer.join("schema"),
                &format!("{builder}{}", camel(&name)),
            );
            if location == ParamLocation::Path && !data.required {
                self.diags.warning(
                    &pointer,
                    format!("path parameter `{name}` is not marked required; path parameters always are, so it is treated as required"),
                    Some("set required: true".to_owned()),
                );
            }
            // Values `Display` writes correctly keep the plain (and most readable) code.
            let style = match (location, wanted_style) {
                (ParamLocation::Path, _) if self.is_plain(&resolved.ty, 0) => ParamStyle::Plain,
                (ParamLocation::Query, ParamStyle::Form) => match &resolved.ty {
                    RustType::Vec(item) if self.is_plain(item, 0) => ParamStyle::Plain,
                    ty if self.is_plain(ty, 0) => ParamStyle::Plain,
                    _ => ParamStyle::Form,
                },
                (_, style) => style,
            };
            let (minimum, maximum) = integer_bounds(schema, self.spec);
            params.push(Param {
                rust_name: names.claim(snake(&name)),
                name,
                location,
                style,
                required: data.required || location == ParamLocation::Path,
                ty: resolved.ty,
                docs: data.description.clone(),
                minimum,
                maximum,
            });
        }
        // Constructor arguments first; otherwise spec order.
        params.sort_by_key(|param| !param.required);
        params
    }

    /// Whether `Display` writes a value of `ty` as OpenAPI expects: numbers, booleans,
    /// strings, dates, secrets and string enums.
    fn is_plain(&self, ty: &RustType, depth: usize) -> bool {
        match ty {
            RustType::Bool
            | RustType::I32
            | RustType::I64
            | RustType::F32
            | RustType::F64
            | RustType::String
            | RustType::Secret
            | RustType::DateTime
            | RustType::Date => true,
            RustType::Named(name) if depth < 8 => {
                match self
                    .types
                    .iter()
                    .find(|def| &def.name == name)
                    .map(|def| &def.kind)
                {
                    Some(TypeKind::StringEnum(_)) => true,
                    Some(TypeKind::Alias(
                        inner @ (RustType::Bool
                        | RustType::I32
                        | RustType::I64
                        | RustType::F32
                        | RustType::F64
                        | RustType::String
                        | RustType::Date
                        | RustType::Named(_)),
                    )) => self.is_plain(inner, depth + 1),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    fn parameter<'p>(
        &mut self,
        parameter: &'p ReferenceOr<Parameter>,
        pointer: Pointer,
    ) -> Option<(&'p Parameter, Pointer)>
    where
        Self: 'p,
    {
        match parameter {
            ReferenceOr::Item(parameter) => Some((parameter, pointer)),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| {
                        Some((name, self.spec.components.as_ref()?.parameters.get(name)?))
                    });
                match found {
                    Some((name, ReferenceOr::Item(parameter))) => Some((
                        parameter,
                        Pointer::root()
                            .join("components")
                            .join("parameters")
                            .join(name),
                    )),
                    _ => {
                        self.diags.error(&pointer, format!("`$ref: {reference}` does not point at a parameter in #/components/parameters"), Some("point the reference at an existing entry of components.parameters".to_owned()));
                        None
                    }
                }
            }
        }
    }

    fn path_parts(&mut self, site: &Site<'_>, params: &[Param]) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = site.path;
        while let Some(start) = rest.find('{') {
            if start > 0 {
                parts.push(PathPart::Literal(rest[..start].to_owned()));
            }
            let Some(length) = rest[start..].find('}') else {
                self.diags.error(
                    &site.pointer.parent_path(),
                    "unclosed `{` in path template",
                    Some("close every `{name` with `}`".to_owned()),
                );
                return parts;
            };
            let name = &rest[start + 1..start + length];
            match params.iter().position(|p| p.location == ParamLocation::Path && p.name == name) {
                Some(index) => parts.push(PathPart::Param(index)),
                None => self.diags.error(
                    &site.pointer.join("parameters"),
                    format!("path template uses `{{{name}}}` but no path parameter `{name}` is declared"),
                    Some(format!("declare `- name: {name}, in: path, required: true`")),
                ),
            }
            rest = &rest[start + length + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        parts
    }

    fn request_body(
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
                    self.diags.error(
                        &media_pointer.join("schema"),
                        format!("a `{media_type}` body must be a string (`format: binary`)"),
                        Some("use `type: string, format: binary`".to_owned()),
                    );
                }
                BodyEncoding::Binary(media_type.clone())
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
        Some(Body {
            ty,
            encoding,
            required: body.required,
            docs: body.description.clone(),
        })
    }

    /// The fields of the struct `ty` names, if it does.
    fn struct_fields(&self, ty: &RustType) -> Option<Vec<crate::ir::Field>> {
        let RustType::Named(name) = ty else {
            return None;
        };
        match &self.types.iter().find(|def| &def.name == name)?.kind {
            TypeKind::Struct(fields) => Some(fields.clone()),
            TypeKind::Alias(inner @ RustType::Named(_)) if inner != ty => self.struct_fields(inner),
            _ => None,
        }
    }

    fn responses(
        &mut self,
        spec_op: &SpecOperation,
        pointer: &Pointer,
        builder: &str,
    ) -> (Outcome, Vec<ErrorResponse>) {
        let responses_pointer = pointer.join("responses");
        let mut success: Option<(u16, Option<Payload>)> = None;
        let mut success_statuses = Vec::new();
        let mut errors = Vec::new();
        let mut variants = Namespace::default();
        let mut entries: Vec<(StatusMatch, String, &ReferenceOr<Response>)> = spec_op
            .responses
            .responses
            .iter()
            .map(|(code, response)| match code {
                StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string(), response),
                StatusCode::Range(range) => {
                    (StatusMatch::Range(*range), format!("{range}XX"), response)
                }
            })
            .collect();
        if let Some(default) = &spec_op.responses.default {
            entries.push((StatusMatch::Default, "default".to_owned(), default));
        }
        entries.sort_by_key(|entry| entry.0);
        // An operation that only redirects (an OAuth authorize endpoint) succeeds with its
        // 3xx: the client does not follow redirects, the `Location` is in the headers.
        let declared: Vec<u16> = entries
            .iter()
            .filter_map(|entry| match entry.0 {
                StatusMatch::Code(code) => Some(code),
                _ => None,
            })
            .collect();
        let redirects_succeed = !entries.iter().any(|entry| {
            matches!(
                entry.0,
                StatusMatch::Code(200..=299) | StatusMatch::Range(2)
            )
        });
        for (status, key, response) in entries {
            let pointer = responses_pointer.join(&key);
            let Some((response, pointer)) = self.response(response, pointer) else {
                continue;
            };
            let is_success = matches!(status, StatusMatch::Code(200..=299) | StatusMatch::Range(2))
                || (redirects_succeed
                    && matches!(status, StatusMatch::Code(300..=399) | StatusMatch::Range(3)));
            let hint = if is_success {
                format!("{builder}Response")
            } else {
                format!("{builder}{}", status_variant(status))
            };
            let payload = self.payload(response, &pointer, &hint);
            if is_success {
                let codes: Vec<u16> = match status {
                    StatusMatch::Code(code) => vec![code],
                    // A range: every status of it not declared on its own.
                    StatusMatch::Range(digit) => (digit * 100..digit * 100 + 100)
                        .filter(|code| !declared.contains(code))
                        .collect(),
                    StatusMatch::Default => Vec::new(),
                };
                match &success {
                    None => success = Some((0, payload)),
                    Some((_, first)) if *first != payload => {
                        self.diags.warning(
                            &pointer,
                            format!("success status {key} has a different body than the first success status; it is decoded as that one"),
                            Some("give every success status of an operation the same body".to_owned()),
                        );
                    }
                    Some(_) => {}
                }
                success_statuses.extend(codes);
            } else {
                errors.push(ErrorResponse {
                    status,
                    variant: variants.claim(status_variant(status)),
                    body: payload,
                    docs: Some(response.description.clone()).filter(|d| !d.is_empty()),
                });
            }
        }
        let Some((_, body)) = success else {
            self.diags.error(
                &responses_pointer,
                "operation declares no 2xx (or, for a redirect, 3xx) response",
                Some("declare the success response, e.g. `200` or `204`".to_owned()),
            );
            return (
                Outcome::Call {
                    statuses: Vec::new(),
                    body: None,
                },
                errors,
            );
        };
        (
            Outcome::Call {
                statuses: success_statuses,
                body,
            },
            errors,
        )
    }

    fn response<'r>(
        &mut self,
        response: &'r ReferenceOr<Response>,
        pointer: Pointer,
    ) -> Option<(&'r Response, Pointer)>
    where
        Self: 'r,
    {
        match response {
            ReferenceOr::Item(response) => Some((response, pointer)),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|name| {
                        Some((name, self.spec.components.as_ref()?.responses.get(name)?))
                    });
                match found {
                    Some((name, ReferenceOr::Item(response))) => Some((
                        response,
                        Pointer::root()
                            .join("components")
                            .join("responses")
                            .join(name),
                    )),
                    _ => {
                        self.diags.error(&pointer, format!("`$ref: {reference}` does not point at a response in #/components/responses"), Some("point the reference at an existing entry of components.responses".to_owned()));
                        None
                    }
                }
            }
        }
    }

    fn payload(&mut self, response: &Response, pointer: &Pointer, hint: &str) -> Option<Payload> {
        if response.content.is_empty() {
            return None;
        }
        if let Some((media_type, content)) = json_content(&response.content) {
            let pointer = pointer.join("content").join(media_type);
            let Some(schema) = &content.schema else {
                return Some(Payload::Json(crate::ir::RustType::Json));
            };
            let resolved = self.schema_type(schema.into(), &pointer.join("schema"), hint);
            let ty = if resolved.nullable {
                crate::ir::RustType::Option(Box::new(resolved.ty))
            } else {
                resolved.ty
            };
            return Some(Payload::Json(ty));
        }
        if response
            .content
            .keys()
            .any(|media_type| media_type.starts_with("text/"))
        {
            return Some(Payload::Text);
        }
        // Anything else (images, PDFs, archives, XML, ...) is handed over as bytes.
        Some(Payload::Bytes)
    }

    fn operation_server(&mut self, site: &Site<'_>) -> Option<String> {
        let (servers, pointer) = if !site.operation.servers.is_empty() {
            (&site.operation.servers, site.pointer.join("servers"))
        } else if !site.item.servers.is_empty() {
            (
                &site.item.servers,
                site.pointer.parent_path().join("servers"),
            )
        } else {
            (&self.spec.servers, Pointer::root().join("servers"))
        };
        match servers.first() {
            Some(server) => Some(self.server(server, &pointer.join(0))),
            None => {
                self.diags.error(
                    &site.pointer,
                    "no server is declared for this operation",
                    Some("add `servers` at the document, path or operation level".to_owned()),
                );
                None
            }
        }
    }

    fn security(&mut self, site: &Site<'_>, schemes: &[SecurityScheme]) -> Vec<Vec<String>> {
        let (requirements, pointer): (&[SecurityRequirement], Pointer) =
            match &site.operation.security {
                Some(requirements) => (requirements, site.pointer.join("security")),
                None => (
                    self.spec.security.as_deref().unwrap_or_default(),
                    Pointer::root().join("security"),
                ),
            };
        let mut alternatives = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let mut names: Vec<String> = requirement.keys().cloned().collect();
            names.sort();
            for name in &names {
                if !schemes.iter().any(|scheme| &scheme.name == name) {
                    self.diags.error(&pointer.join(index).join(name), format!("security scheme `{name}` is not declared in components.securitySchemes"), Some(format!("declare `{name}` under components.securitySchemes, or name a declared scheme")));
                }
            }
            if names.is_empty() {
                // An empty requirement makes authentication optional: anonymous is acceptable.
                return Vec::new();
            }
            alternatives.push(names);
        }
        alternatives
    }
}

/// Inclusive bounds of an integer schema (exclusive bounds are moved in by one).
fn integer_bounds(schema: &ReferenceOr<Schema>, spec: &OpenAPI) -> (Option<i64>, Option<i64>) {
    let schema = match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| spec.components.as_ref()?.schemas.get(name))
            .and_then(|schema| schema.as_item()),
    };
    match schema.map(|schema| &schema.schema_kind) {
        Some(SchemaKind::Type(Type::Integer(integer))) => (
            integer.minimum.map(|m| {
                if integer.exclusive_minimum {
                    m.saturating_add(1)
                } else {
                    m
                }
            }),
            integer.maximum.map(|m| {
                if integer.exclusive_maximum {
                    m.saturating_sub(1)
                } else {
                    m
                }
            }),
        ),
        _ => (None, None),
    }
}

fn methods(item: &PathItem) -> Vec<(Method, &SpecOperation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| Some((method, operation.as_ref()?)))
    .collect()
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
/// raw body.
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
    find(&binary).map(|(media_type, content)| (media_type, content, BodyKind::Binary))
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

/// Variant name for an error status: `404` → `NotFound`.
fn status_variant(status: StatusMatch) -> String {
    let code = match status {
        StatusMatch::Default => return "Other".to_owned(),
        StatusMatch::Range(4) => return "ClientError".to_owned(),
        StatusMatch::Range(5) => return "ServerError".to_owned(),
        StatusMatch::Range(digit) => return format!("Status{digit}xx"),
        StatusMatch::Code(code) => code,
    };
    let reason = match code {
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        423 => "Locked",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}
