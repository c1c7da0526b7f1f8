//! The generator's decisions, one concern per module: small inline specs resolved through the
//! library, with assertions on the IR the resolver decided and on the warnings it gave. Each
//! test pins one decision of the code (a style, a name, a type, a warning), so that a changed
//! decision fails here with its reason rather than somewhere in a whole-file snapshot.

mod bodies;
mod compositions;
mod cycles;
mod degrade;
mod directions;
mod emission;
mod loading;
mod operations;
mod pagination;
mod parameters;
mod path_template;
mod responses;
mod schemas;
mod tagged;

use generator::ir::{Api, Operation, Param, TypeDef, TypeKind};
use generator::{Diagnostics, Severity};

/// A spec with one server, `paths` and `components` (each a YAML block indented by two
/// spaces, as under the document's keys; either may be empty).
fn spec(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: Decisions, version: \"1\"}}
servers: [{{url: \"https://api.example.com\"}}]
paths:
{paths}
components:
  schemas: {{}}
{components}
"
    )
}

/// Loads and resolves `text`, which must resolve without an error.
fn resolve(text: &str) -> (Api, Diagnostics) {
    let spec = generator::load(text).unwrap_or_else(|errors| panic!("load failed: {errors:?}"));
    generator::resolve::resolve(&spec).unwrap_or_else(|errors| panic!("resolve failed: {errors:?}"))
}

/// The operation whose id is `id`.
fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.areas
        .iter()
        .flat_map(|area| &area.operations)
        .find(|operation| operation.id == id)
        .unwrap_or_else(|| panic!("no operation `{id}`"))
}

/// The parameter named `name` on the wire.
fn param<'a>(operation: &'a Operation, name: &str) -> &'a Param {
    operation
        .params
        .iter()
        .find(|param| param.name == name)
        .unwrap_or_else(|| panic!("no parameter `{name}` in {:?}", operation.params))
}

/// The generated type named `name`.
fn type_def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|def| def.name == name)
        .unwrap_or_else(|| panic!("no type `{name}`"))
}

/// The kind of the generated type named `name`.
fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
    &type_def(api, name).kind
}

/// The messages of the findings of `severity` that contain `needle`.
fn messages(diagnostics: &Diagnostics, severity: Severity, needle: &str) -> Vec<String> {
    diagnostics
        .0
        .iter()
        .filter(|found| found.severity == severity && found.message.contains(needle))
        .map(|found| found.message.clone())
        .collect()
}

/// The one warning containing `needle`, with its pointer.
fn warning(diagnostics: &Diagnostics, needle: &str) -> (String, String) {
    let found: Vec<_> = diagnostics
        .0
        .iter()
        .filter(|found| found.severity == Severity::Warning && found.message.contains(needle))
        .collect();
    match found[..] {
        [one] => (one.message.clone(), one.pointer.clone()),
        _ => panic!("expected one warning with `{needle}`, found {diagnostics:#?}"),
    }
}

/// Whether no warning contains `needle`.
fn no_warning(diagnostics: &Diagnostics, needle: &str) -> bool {
    messages(diagnostics, Severity::Warning, needle).is_empty()
}
