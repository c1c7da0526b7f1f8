//! Resolve: `openapiv3::OpenAPI` → IR. Follows every `$ref`, picks every name, decides every
//! type, and reports every problem (with its JSON pointer) in one pass.

mod bodies;
mod cycles;
mod degrade;
mod directions;
mod examples;
mod operations;
mod pagination;
mod parameters;
mod path_template;
mod pointers;
mod responses;
mod schemas;
mod schemas_all_of;
mod schemas_fields;
mod schemas_integers;
mod schemas_tagged;
mod schemas_unions;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr, SecurityScheme as SpecScheme};

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{
    AlternativeServer, Api, ApiKeyLocation, Outcome, Payload, RustType, SchemeKind, SecurityScheme,
    Server, ServerVariable, Skipped, TypeDef, TypeKind,
};
use crate::naming::{snake, Namespace};

/// Builder methods of the runtime's `ClientBuilder` that generated setters must not shadow.
const CLIENT_BUILDER_METHODS: &[&str] = &[
    "base_url",
    "server_variable",
    "credential",
    "timeout",
    "connect_timeout",
    "user_agent",
    "http_client",
    "retry_policy",
    "max_response_body",
    "max_pages",
    "hook",
    "on_request",
    "on_response",
    "build",
    "new",
];

/// Names generated types must not take, so that `String`, `Option`, ... keep their meaning in
/// generated code.
const PRELUDE_TYPES: &[&str] = &[
    "Box",
    "Clone",
    "Debug",
    "Default",
    "Deserialize",
    "Err",
    "Into",
    "None",
    "Ok",
    "Option",
    "Result",
    "Self",
    "Serialize",
    "Some",
    "String",
    "Vec",
];

pub(crate) struct Resolver<'a> {
    spec: &'a OpenAPI,
    diags: Diagnostics,
    /// Rust type names: models, builders, error enums, area structs.
    type_names: Namespace,
    /// Component schema name → Rust type name.
    schema_names: BTreeMap<String, String>,
    types: Vec<TypeDef>,
    servers: BTreeMap<String, Server>,
    server_names: Namespace,
    /// Names of client builder methods taken so far (server and security setters).
    builder_methods: Namespace,
    /// Server variable name → its builder setter, shared by all servers declaring it.
    variable_setters: BTreeMap<String, String>,
    /// Operations left out, with the reason.
    skipped: Vec<Skipped>,
    /// Types made for `$ref`s into a schema's inside, by reference.
    inner_types: BTreeMap<String, pointers::InnerType>,
    /// Security schemes that cannot be used: name → why.
    unsupported_schemes: BTreeMap<String, String>,
}

/// Resolves the whole document. Returns the IR plus warnings, or every error found.
pub fn resolve(spec: &OpenAPI) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut resolver = Resolver {
        spec,
        diags: Diagnostics::default(),
        type_names: Namespace::with_reserved(PRELUDE_TYPES),
        schema_names: BTreeMap::new(),
        types: Vec::new(),
        servers: BTreeMap::new(),
        server_names: Namespace::default(),
        builder_methods: Namespace::with_reserved(CLIENT_BUILDER_METHODS),
        variable_setters: BTreeMap::new(),
        skipped: Vec::new(),
        unsupported_schemes: BTreeMap::new(),
        inner_types: BTreeMap::new(),
    };
    if !(spec.openapi.starts_with("3.0") || spec.openapi.starts_with("3.1")) {
        resolver.diags.error(
            &Pointer::root().join("openapi"),
            format!("OpenAPI version `{}` is not supported", spec.openapi),
            Some("this generator reads OpenAPI 3.0.x and 3.1.x documents".to_owned()),
        );
    }
    resolver.name_component_schemas();
    resolver.resolve_component_schemas();
    let security_schemes = resolver.security_schemes();
    let mut areas = resolver.areas(&security_schemes);
    for operation in areas.iter_mut().flat_map(|area| area.operations.iter_mut()) {
        if let Outcome::Call {
            body: Some(Payload::Json(ty)),
            ..
        } = &operation.outcome
        {
            operation.sensitive_response = holds_secret(ty, &resolver.types, &mut BTreeSet::new());
        }
    }
    let pointers = resolver
        .schema_names
        .iter()
        .map(|(spec_name, rust_name)| {
            (
                rust_name.clone(),
                Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(spec_name),
            )
        })
        .collect();
    cycles::box_cycles(&mut resolver.types, &pointers, &mut resolver.diags);
    resolver.diags.dedup();
    if resolver.diags.has_errors() {
        return Err(resolver.diags);
    }
    let mut types = resolver.types;
    directions::mark(&mut types, &areas);
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let api = Api {
        title: spec.info.title.clone(),
        types,
        servers: resolver.servers.into_values().collect(),
        security_schemes,
        areas,
        skipped: resolver.skipped,
    };
    Ok((api, resolver.diags))
}

impl Resolver<'_> {
    fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = &self.spec.components else {
            return Vec::new();
        };
        let mut entries: Vec<_> = components.security_schemes.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut schemes = Vec::new();
        for (name, scheme) in entries {
            let pointer = Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(name);
            let ReferenceOr::Item(scheme) = scheme else {
                self.unsupported_scheme(
                    name,
                    &pointer,
                    "security scheme references are not supported",
                    "define the scheme inline",
                );
                continue;
            };
            let (kind, description) = match scheme {
                SpecScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("basic") => (SchemeKind::Basic, description),
                SpecScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("bearer") => (SchemeKind::Bearer, description),
                SpecScheme::OAuth2 { description, .. }
                | SpecScheme::OpenIDConnect { description, .. } => {
                    (SchemeKind::Bearer, description)
                }
                SpecScheme::HTTP { scheme, .. } => {
                    self.unsupported_scheme(
                        name,
                        &pointer.join("scheme"),
                        &format!("HTTP auth scheme `{scheme}` is not supported"),
                        "use `basic` or `bearer`",
                    );
                    continue;
                }
                SpecScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    let location = match location {
                        openapiv3::APIKeyLocation::Header => ApiKeyLocation::Header,
                        openapiv3::APIKeyLocation::Query => ApiKeyLocation::Query,
                        openapiv3::APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                    };
                    (
                        SchemeKind::ApiKey {
                            location,
                            name: name.clone(),
                        },
                        description,
                    )
                }
            };
            schemes.push(SecurityScheme {
                name: name.clone(),
                setter: self.builder_methods.claim(snake(name)),
                kind,
                description: description.clone(),
            });
        }
        schemes
    }

    /// Records that the security scheme `name` cannot be used: a warning here, and the
    /// operations that require it are skipped with this reason.
    fn unsupported_scheme(&mut self, name: &str, pointer: &Pointer, reason: &str, help: &str) {
        self.diags.warning(
            pointer,
            format!("{reason}; operations that require scheme `{name}` are skipped"),
            Some(help.to_owned()),
        );
        self.unsupported_schemes
            .insert(name.to_owned(), reason.to_owned());
    }

    /// Registers `server` (found at `pointer`) and returns its name. The same URL always gets
    /// the same name.
    fn server(&mut self, server: &openapiv3::Server, pointer: &Pointer) -> String {
        if let Some(existing) = self.servers.values().find(|known| known.url == server.url) {
            return existing.name.clone();
        }
        let wanted = match server.extensions.get("x-server-name") {
            Some(serde_json::Value::String(name)) => snake(name),
            Some(_) => {
                self.diags.error(
                    &pointer.join("x-server-name"),
                    "x-server-name must be a string",
                    Some("write `x-server-name: some_name`".to_owned()),
                );
                "server".to_owned()
            }
            None => derive_server_name(&server.url),
        };
        let name = self.server_names.claim(wanted);
        let mut variables = Vec::new();
        for (variable_name, variable) in server.variables.iter().flatten() {
            if !server.url.contains(&format!("{{{variable_name}}}")) {
                self.diags.warning(
                    &pointer.join("variables").join(variable_name),
                    format!("variable `{variable_name}` does not appear in the URL template"),
                    Some(format!(
                        "use `{{{variable_name}}}` in the server URL or remove the variable"
                    )),
                );
            }
            let setter = match self.variable_setters.get(variable_name) {
                Some(setter) => setter.clone(),
                None => {
                    let setter = self.builder_methods.claim(snake(variable_name));
                    self.variable_setters
                        .insert(variable_name.clone(), setter.clone());
                    setter
                }
            };
            variables.push(ServerVariable {
                name: variable_name.clone(),
                default: variable.default.clone(),
                allowed: variable.enumeration.clone(),
                setter,
                description: variable.description.clone(),
            });
        }
        variables.sort_by_key(|variable| server.url.find(&format!("{{{}}}", variable.name)));
        let setter = self.builder_methods.claim(format!("{name}_base_url"));
        if !server.url.contains("://") {
            let declared = if server.url.is_empty() {
                "no server is declared for some operations".to_owned()
            } else {
                format!("server URL `{}` is relative", server.url)
            };
            self.diags.warning(
                pointer,
                format!("{declared}; the client takes their base URL at runtime: `Client::builder().{setter}(url)` (`build()` fails without it)"),
                Some("declare an absolute server URL (`servers: [{url: https://...}]`) to give the client a default".to_owned()),
            );
        }
        self.servers.insert(
            name.clone(),
            Server {
                name: name.clone(),
                url: server.url.clone(),
                description: server.description.clone(),
                setter,
                variables,
                alternatives: Vec::new(),
            },
        );
        name
    }

    /// Registers `server` (found at `pointer`, listed after the first server of an operation)
    /// as another host for the operations of server `primary`.
    fn alternative_server(&mut self, primary: &str, server: &openapiv3::Server, pointer: &Pointer) {
        let known = self.servers.get(primary).is_some_and(|primary| {
            primary.url == server.url
                || primary
                    .alternatives
                    .iter()
                    .any(|alternative| alternative.url == server.url)
        });
        if known {
            return;
        }
        if server.url.contains('{') {
            self.diags.warning(
                pointer,
                "an alternative server with URL variables cannot be selected; only the first server is used",
                Some("write the alternative server's URL without variables".to_owned()),
            );
            return;
        }
        let wanted = match server.extensions.get("x-server-name") {
            Some(serde_json::Value::String(name)) => snake(name),
            _ => derive_server_name(&server.url),
        };
        let name = self.server_names.claim(wanted);
        let setter = self.builder_methods.claim(format!("use_{name}"));
        if let Some(primary) = self.servers.get_mut(primary) {
            primary.alternatives.push(AlternativeServer {
                name,
                url: server.url.clone(),
                description: server.description.clone(),
                setter,
            });
        }
    }
}

/// Whether a value of `ty` can contain a `Secret`, looking through named types.
fn holds_secret(ty: &RustType, types: &[TypeDef], visited: &mut BTreeSet<String>) -> bool {
    match ty {
        RustType::Secret => true,
        RustType::Vec(inner)
        | RustType::Map(inner)
        | RustType::Option(inner)
        | RustType::Boxed(inner) => holds_secret(inner, types, visited),
        RustType::Named(name) => {
            if !visited.insert(name.clone()) {
                return false;
            }
            let Some(def) = types.iter().find(|def| &def.name == name) else {
                return false;
            };
            match &def.kind {
                TypeKind::Struct(fields) => fields
                    .iter()
                    .any(|field| holds_secret(&field.ty, types, visited)),
                TypeKind::Untagged(alternatives) => alternatives
                    .iter()
                    .any(|alt| holds_secret(&alt.ty, types, visited)),
                TypeKind::Tagged(union) => union
                    .variants
                    .iter()
                    .any(|variant| holds_secret(&variant.ty, types, visited)),
                TypeKind::Alias(inner) | TypeKind::Newtype(inner) => {
                    holds_secret(inner, types, visited)
                }
                TypeKind::StringEnum(_) => false,
            }
        }
        _ => false,
    }
}

/// `https://api.smooch.io` → `api_smooch`; templates and `www`/TLDs are dropped.
fn derive_server_name(url: &str) -> String {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or_default();
    let labels: Vec<&str> = host
        .split('.')
        .filter(|label| !label.contains('{') && *label != "www")
        .collect();
    let meaningful = &labels[..labels.len().saturating_sub(1)];
    if meaningful.is_empty() {
        "default".to_owned()
    } else {
        snake(&meaningful.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::derive_server_name;

    #[test]
    fn server_names_come_from_hosts() {
        assert_eq!(derive_server_name("https://api.smooch.io"), "api_smooch");
        assert_eq!(
            derive_server_name("https://{subdomain}.zendesk.com"),
            "zendesk"
        );
        assert_eq!(
            derive_server_name("https://{subdomain}.{domain}.com"),
            "default"
        );
    }
}
