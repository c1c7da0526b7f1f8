//! Paths → operations grouped into areas by tag, with their servers and security. Parameters,
//! request bodies and responses are resolved in their own modules.

use std::collections::BTreeMap;

use openapiv3::{Operation as SpecOperation, PathItem, ReferenceOr, SecurityRequirement};

use crate::diagnostics::Pointer;
use crate::ir::{Area, Method, Operation, Outcome, SecurityScheme, Skipped};
use crate::naming::{camel, snake, Namespace};
use crate::resolve::Resolver;

/// Area module names taken by the generated code itself, or by the crate's other cargo
/// features (each area is a feature named after its module).
const RESERVED_MODULES: &[&str] = &[
    "models",
    "client",
    "default",
    "rustls",
    "native_tls",
    "http2",
];

/// Where an operation was found, to fall back on path-level and document-level settings.
pub(super) struct Site<'a> {
    pub(super) path: &'a str,
    pub(super) item: &'a PathItem,
    pub(super) method: Method,
    pub(super) operation: &'a SpecOperation,
    pub(super) pointer: Pointer,
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
                let reason = "path item references are not supported";
                self.diags.warning(
                    &path_pointer,
                    format!("{reason}: the operations of `{path}` are skipped (not generated)"),
                    Some("define the path item inline".to_owned()),
                );
                self.skipped.push(Skipped {
                    pointer: path_pointer.to_string(),
                    what: format!("every operation of {path}"),
                    reason: reason.to_owned(),
                });
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
                let id = self.operation_id(&site, &mut operation_ids);
                let what = format!("{} {} ({id})", method.as_str(), path);
                let mark = self.mark();
                let resolved = self.operation(&site, id, schemes);
                if let Some(reason) = self.degrade_since(&mark) {
                    self.warn_skipped(&site.pointer, &format!("operation {what}"), &reason);
                    self.skipped.push(Skipped {
                        pointer: site.pointer.to_string(),
                        what,
                        reason,
                    });
                    continue;
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
        let mut named = Vec::new();
        for (tag, operations) in by_tag {
            let spec_tag = self.spec.tags.iter().find(|t| t.name == tag);
            let module = match spec_tag.and_then(|t| t.extensions.get("x-rust-name")) {
                Some(serde_json::Value::String(name)) => snake(name),
                _ => snake(&tag),
            };
            let module = modules.claim(module);
            let struct_name = self.type_names.claim(camel(&module));
            named.push((tag, spec_tag, module, struct_name, operations));
        }
        let mut areas = Vec::new();
        for (tag, spec_tag, module, struct_name, mut operations) in named {
            operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
            let mut method_names = Namespace::default();
            // Builders and error enums live in the area's module, next to the models it
            // imports: named after the method, unique within the module.
            let mut module_types = self.type_names.clone();
            for operation in &mut operations {
                operation.method_name = method_names.claim(operation.method_name.clone());
                operation.builder = module_types.claim(camel(&operation.method_name));
                operation.error_enum = module_types.claim(format!("{}Error", operation.builder));
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

    /// The operation's id: its `operationId`, made unique (the same id on several paths is
    /// common when one RPC has several HTTP bindings), or one made from the method and path.
    fn operation_id(&mut self, site: &Site<'_>, taken: &mut BTreeMap<String, Pointer>) -> String {
        let pointer = &site.pointer;
        let wanted = match &site.operation.operation_id {
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
        let Some(first) = taken.get(&wanted).cloned() else {
            taken.insert(wanted.clone(), pointer.clone());
            return wanted;
        };
        let id = (2..)
            .map(|n| format!("{wanted}{n}"))
            .find(|candidate| !taken.contains_key(candidate))
            .unwrap_or_default();
        taken.insert(id.clone(), pointer.clone());
        self.diags.warning(
            &pointer.join("operationId"),
            format!("operationId `{wanted}` is also used at {first}; this operation is generated as `{id}`"),
            Some("give every operation its own operationId".to_owned()),
        );
        id
    }

    fn operation(&mut self, site: &Site<'_>, id: String, schemes: &[SecurityScheme]) -> Operation {
        let spec_op = site.operation;
        let pointer = &site.pointer;
        let method_name = match spec_op.extensions.get("x-rust-name") {
            Some(serde_json::Value::String(name)) => snake(name),
            _ => snake(&id),
        };
        // Prefix of the names of the operation's inline schemas; the builder is named once the
        // operation's area is known.
        let builder = camel(&method_name);
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
            id,
            builder: String::new(),
            method_name,
            summary: spec_op.summary.clone(),
            description: spec_op.description.clone(),
            deprecated: spec_op.deprecated,
            external_docs: spec_op.external_docs.as_ref().map(|docs| docs.url.clone()),
            method: site.method,
            path: site.path.to_owned(),
            path_parts,
            params,
            body,
            outcome,
            errors,
            error_enum: String::new(),
            server,
            security,
            pagination,
            sensitive_response: false,
            example: self.success_example(spec_op),
        }
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
            Some(server) => {
                let primary = self.server(server, &pointer.join(0));
                for (index, alternative) in servers.iter().enumerate().skip(1) {
                    self.alternative_server(&primary, alternative, &pointer.join(index));
                }
                Some(primary)
            }
            // No server anywhere: the base URL is the caller's to give at runtime.
            None => {
                let unnamed = openapiv3::Server {
                    description: Some("The spec declares no server: set the base URL with this setter; `build()` fails without it.".to_owned()),
                    ..openapiv3::Server::default()
                };
                Some(self.server(&unnamed, &pointer))
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
                if let Some(reason) = self.unsupported_schemes.get(name) {
                    let at = Pointer::root()
                        .join("components")
                        .join("securitySchemes")
                        .join(name);
                    self.diags.error(&pointer.join(index).join(name), format!("security scheme `{name}` cannot be used: {reason} (at {at})"), Some("offer another scheme as an alternative requirement, or use a supported scheme".to_owned()));
                } else if !schemes.iter().any(|scheme| &scheme.name == name) {
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
