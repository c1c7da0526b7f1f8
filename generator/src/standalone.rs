//! A standalone client crate for any spec: `Cargo.toml`, `src/lib.rs`, the generated sources
//! under `src/generated/` and a copy of the runtime under `src/runtime/`.
//!
//! The runtime is embedded from `generated-client/src/runtime/` at compile time, so it stays
//! ordinary Rust that is compiled, linted and unit-tested in the `zendesk-oauth` crate.

use crate::ir::Skipped;
use crate::GeneratedFiles;

/// The runtime's files, as compiled in `generated-client`.
pub const RUNTIME: &[(&str, &str)] = &[
    (
        "auth.rs",
        include_str!("../../generated-client/src/runtime/auth.rs"),
    ),
    (
        "body.rs",
        include_str!("../../generated-client/src/runtime/body.rs"),
    ),
    (
        "builder.rs",
        include_str!("../../generated-client/src/runtime/builder.rs"),
    ),
    (
        "client.rs",
        include_str!("../../generated-client/src/runtime/client.rs"),
    ),
    (
        "error.rs",
        include_str!("../../generated-client/src/runtime/error.rs"),
    ),
    (
        "hooks.rs",
        include_str!("../../generated-client/src/runtime/hooks.rs"),
    ),
    (
        "loopback.rs",
        include_str!("../../generated-client/src/runtime/loopback.rs"),
    ),
    (
        "mock/answer.rs",
        include_str!("../../generated-client/src/runtime/mock/answer.rs"),
    ),
    (
        "mock/constraints.rs",
        include_str!("../../generated-client/src/runtime/mock/constraints.rs"),
    ),
    (
        "mock/dispatch.rs",
        include_str!("../../generated-client/src/runtime/mock/dispatch.rs"),
    ),
    (
        "mock/expectation.rs",
        include_str!("../../generated-client/src/runtime/mock/expectation.rs"),
    ),
    (
        "mock/mod.rs",
        include_str!("../../generated-client/src/runtime/mock/mod.rs"),
    ),
    (
        "mock/pages.rs",
        include_str!("../../generated-client/src/runtime/mock/pages.rs"),
    ),
    (
        "mock/route.rs",
        include_str!("../../generated-client/src/runtime/mock/route.rs"),
    ),
    (
        "mock/typed.rs",
        include_str!("../../generated-client/src/runtime/mock/typed.rs"),
    ),
    (
        "mod.rs",
        include_str!("../../generated-client/src/runtime/mod.rs"),
    ),
    (
        "multipart.rs",
        include_str!("../../generated-client/src/runtime/multipart.rs"),
    ),
    (
        "object.rs",
        include_str!("../../generated-client/src/runtime/object.rs"),
    ),
    (
        "pagination.rs",
        include_str!("../../generated-client/src/runtime/pagination.rs"),
    ),
    (
        "params.rs",
        include_str!("../../generated-client/src/runtime/params.rs"),
    ),
    (
        "rate_limit.rs",
        include_str!("../../generated-client/src/runtime/rate_limit.rs"),
    ),
    (
        "redact.rs",
        include_str!("../../generated-client/src/runtime/redact.rs"),
    ),
    (
        "renewal.rs",
        include_str!("../../generated-client/src/runtime/renewal.rs"),
    ),
    (
        "request.rs",
        include_str!("../../generated-client/src/runtime/request.rs"),
    ),
    (
        "response.rs",
        include_str!("../../generated-client/src/runtime/response.rs"),
    ),
    (
        "retry.rs",
        include_str!("../../generated-client/src/runtime/retry.rs"),
    ),
    (
        "secret.rs",
        include_str!("../../generated-client/src/runtime/secret.rs"),
    ),
    (
        "sender.rs",
        include_str!("../../generated-client/src/runtime/sender.rs"),
    ),
    (
        "settings.rs",
        include_str!("../../generated-client/src/runtime/settings.rs"),
    ),
    (
        "statuses.rs",
        include_str!("../../generated-client/src/runtime/statuses.rs"),
    ),
    (
        "tagged.rs",
        include_str!("../../generated-client/src/runtime/tagged.rs"),
    ),
    (
        "transport.rs",
        include_str!("../../generated-client/src/runtime/transport.rs"),
    ),
    (
        "upgrade.rs",
        include_str!("../../generated-client/src/runtime/upgrade.rs"),
    ),
];

/// What the crate is called and where its spec came from.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// Package name, e.g. `zendesk-support`.
    pub name: String,
    /// The API's title, for the crate's documentation.
    pub title: String,
    /// How the spec is named in the documentation (keep it relative for reproducible output).
    pub spec_name: String,
}

/// Every file of the crate, by path relative to its root (`/`-separated), sorted. The
/// generated files move into it (a large API's are tens of megabytes).
pub fn crate_files(generated: GeneratedFiles, options: &CrateOptions) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "Cargo.toml".to_owned(),
            cargo_toml(options, &generated.areas),
        ),
        ("src/lib.rs".to_owned(), lib_rs(options, &generated.skipped)),
    ];
    for (name, contents) in generated.files {
        files.push((format!("src/generated/{name}"), contents));
    }
    for (name, contents) in RUNTIME {
        files.push((format!("src/runtime/{name}"), (*contents).to_owned()));
    }
    files.sort();
    files
}

/// A valid package name from anything: lowercase letters, digits, `-` and `_`.
pub fn package_name(wanted: &str) -> String {
    let name: String = wanted
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-').to_owned();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("client-{name}").trim_end_matches('-').to_owned()
    } else {
        name
    }
}

/// The `[features]` table of a generated crate with these areas: one feature per area and
/// rustls on by default; native-tls, HTTP/2, the mock server and middleware off.
/// `zendesk-oauth`'s manifest holds the same table (a snapshot test keeps them equal).
pub fn features_toml(areas: &[String]) -> String {
    let mut default = vec!["\"rustls\"".to_owned()];
    default.extend(areas.iter().map(|area| format!("\"{area}\"")));
    let area_features: String = areas.iter().map(|area| format!("{area} = []\n")).collect();
    format!(
        r#"[features]
default = [{default}]
# One feature per area (tag) of the spec: a crate using a few operations compiles only theirs.
{area_features}# The TLS backend for HTTPS: rustls (pure Rust), or the platform's through native-tls.
rustls = ["reqwest/rustls-tls"]
native-tls = ["reqwest/native-tls"]
# HTTP/2 when the server offers it (ALPN); HTTP/1.1 otherwise. Off by default: h2 is the
# costliest dependency to build, and HTTP/1.1 keep-alive serves a client's calls as well.
http2 = ["reqwest/http2"]
# Each model derives only the serde traits the API needs: `Serialize` if it is sent,
# `Deserialize` if it is received (half the serde code to compile). These add the other to
# every model, for storing responses or reading requests back.
serialize = []
deserialize = []
# A mock server generated from the spec, for tests of code that uses the client. It encodes
# the responses it answers with.
mock = ["dep:wiremock", "serialize"]
# Sending through the caller's `reqwest-middleware` stack (`ClientBuilder::middleware_client`).
middleware = ["dep:reqwest-middleware"]
"#,
        default = default.join(", "),
    )
}

fn cargo_toml(options: &CrateOptions, areas: &[String]) -> String {
    let description = format!(
        "Client for {}, generated from {} by zendesk-oauth-generator.",
        options.title.trim(),
        options.spec_name
    );
    format!(
        r#"# @generated by zendesk-oauth-generator from {spec}. Do not edit: regenerate with `cargo xtask codegen --spec ...`.
[package]
name = "{name}"
version = "0.1.0"
description = {description}
edition = "2021"
rust-version = "1.88"
publish = false

[dependencies]
base64 = "0.22"
bytes = "1"
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
fastrand = "2"
futures = {{ version = "0.3", default-features = false, features = ["alloc"] }}
percent-encoding = "2"
reqwest = {{ version = "0.12", default-features = false }}
reqwest-middleware = {{ version = "0.4", optional = true }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_path_to_error = "0.1"
thiserror = "2"
tokio = {{ version = "1", features = ["time"] }}
tracing = {{ version = "0.1", default-features = false, features = ["std"] }}
url = "2"
wiremock = {{ version = "0.6", optional = true }}

{features}
[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread", "time", "io-util"] }}
wiremock = "0.6"

# A crate of its own, even when generated inside another workspace.
[workspace]
"#,
        spec = options.spec_name,
        name = options.name,
        description = toml_string(&description),
        features = features_toml(areas),
    )
}

fn lib_rs(options: &CrateOptions, skipped: &[Skipped]) -> String {
    let title = options.title.trim().replace('\n', " ");
    let skipped = skipped_docs(skipped);
    format!(
        r#"// @generated by zendesk-oauth-generator from {spec}. Do not edit: regenerate with `cargo xtask codegen --spec ...`.

//! A typed async client for {title}, generated from `{spec}`.
//!
//! Each tag of the spec is an area reached from the [`Client`]; required parameters are
//! arguments, optional ones chained setters, and `send()` performs the call. The runtime
//! (HTTP, auth, retries, errors, secrets) is the hand-written one of `zendesk-oauth`.
{skipped}
#![deny(missing_docs)]

// Formatted by prettyplease when generated.
#[rustfmt::skip]
mod generated;
// Spec-independent: a spec may not use all of it.
#[allow(dead_code)]
mod runtime;

{exports}"#,
        spec = options.spec_name,
        exports = LIB_EXPORTS,
    )
}

/// The crate root's re-exports and prelude: the same as `zendesk-oauth`'s (a test keeps
/// them equal).
const LIB_EXPORTS: &str = r#"pub use generated::*;
pub use runtime::builder::{BuildError, ClientBuilder};
pub use runtime::client::Client;
pub use runtime::error::{
    DecodeError, Error, OperationError, RawResponse, ResponseProblem, UrlError,
};
/// Request and response hooks: see [`ClientBuilder::hook`].
pub use runtime::hooks;
pub use runtime::rate_limit::{EndpointRateLimit, RateLimit};
pub use runtime::renewal::CredentialError;
pub use runtime::response::Response;
pub use runtime::retry::RetryPolicy;
pub use runtime::secret::Secret;
pub use runtime::settings::CallSettings;

// The dependency types that appear in the API, so that a caller can name them without
// depending on a matching version of each crate.
pub use bytes::Bytes;
pub use chrono::{DateTime, NaiveDate, Utc};
/// The HTTP client underneath: build one to hand to `ClientBuilder::http_client`.
pub use reqwest;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::StatusCode;
/// The middleware crate `ClientBuilder::middleware_client` takes (feature `middleware`).
#[cfg(feature = "middleware")]
pub use reqwest_middleware;
pub use serde_json::{Map, Value};
pub use url::Url;

/// What most callers need, in one import: `use crate_name::prelude::*;`. Brings the client,
/// the error and response types, and the traits whose methods builders and streams offer
/// (per-call settings, `try_next`/`try_collect` on listings).
pub mod prelude {
    pub use crate::{CallSettings, Client, Error, Response, RetryPolicy, Secret};
    pub use futures::{StreamExt as _, TryStreamExt as _};
}
"#;

/// The crate documentation's list of operations the generator left out, with the reason
/// (empty when none was).
fn skipped_docs(skipped: &[Skipped]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let mut docs = format!(
        "//!\n//! # Not generated\n//!\n//! {} operation(s) of the spec could not be generated faithfully and are left out:\n//!\n",
        skipped.len()
    );
    for entry in skipped {
        let reason = entry.reason.replace('\n', " ");
        docs.push_str(&format!(
            "//! - `{}`: {reason}\n",
            entry.what.replace('`', "'")
        ));
    }
    docs
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_runtime_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../generated-client/src/runtime");
        let mut on_disk: Vec<String> = Vec::new();
        for (prefix, dir) in [("", dir.clone()), ("mock/", dir.join("mock"))] {
            on_disk.extend(
                std::fs::read_dir(dir)
                    .unwrap()
                    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|name| name.ends_with(".rs"))
                    .map(|name| format!("{prefix}{name}")),
            );
        }
        on_disk.sort();
        let embedded: Vec<&str> = RUNTIME.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, embedded, "update RUNTIME in standalone.rs");
    }

    #[test]
    fn standalone_crates_export_what_zendesk_oauth_exports() {
        let lib = include_str!("../../generated-client/src/lib.rs");
        assert!(
            lib.contains(LIB_EXPORTS),
            "update LIB_EXPORTS in standalone.rs"
        );
    }

    #[test]
    fn the_runtime_dependencies_are_declared() {
        let manifest = include_str!("../../generated-client/Cargo.toml");
        let generated = standalone_manifest();
        let dependencies = table(manifest, "[dependencies]");
        // Used by `zendesk-oauth`'s own `src/oauth/` (PKCE), which is not part of the runtime.
        let client_only = ["sha2", "getrandom"];
        for line in dependencies.lines().filter(|line| !line.trim().is_empty()) {
            let name = line.split(['.', ' ', '=']).next().unwrap();
            if client_only.contains(&name) {
                continue;
            }
            assert!(
                generated.contains(&format!("\n{name} =")),
                "`{name}` is missing from the standalone Cargo.toml"
            );
        }
    }

    /// The Cargo.toml of a standalone crate with no areas.
    fn standalone_manifest() -> String {
        cargo_toml(
            &CrateOptions {
                name: "x".into(),
                title: "X".into(),
                spec_name: "x.yaml".into(),
            },
            &[],
        )
    }

    /// The lines of a manifest's `header` table.
    fn table<'a>(manifest: &'a str, header: &str) -> &'a str {
        manifest
            .split(&format!("\n{header}\n"))
            .nth(1)
            .and_then(|rest| rest.split("\n[").next())
            .unwrap()
    }

    /// The features a dependency's requirement names, sorted.
    fn features(requirement: &str) -> Vec<String> {
        let mut features: Vec<String> = requirement
            .split_once("features = [")
            .and_then(|(_, rest)| rest.split_once(']'))
            .map(|(list, _)| {
                list.split(',')
                    .map(|f| f.trim().trim_matches('"').to_owned())
            })
            .into_iter()
            .flatten()
            .filter(|feature| !feature.is_empty())
            .collect();
        features.sort();
        features
    }

    /// The version a dependency's requirement asks for.
    fn version(requirement: &str) -> &str {
        let quoted = requirement
            .split_once("version = ")
            .map_or(requirement, |(_, rest)| rest);
        quoted.split('"').nth(1).unwrap()
    }

    #[test]
    fn the_runtime_dependencies_are_asked_for_alike() {
        let workspace = include_str!("../../Cargo.toml");
        let client = include_str!("../../generated-client/Cargo.toml");
        let generated = standalone_manifest();
        // What `zendesk-oauth`'s own `src/oauth/` needs on top of the runtime: the clock for
        // token expiry, and an async lock for refreshes.
        let client_only = [("chrono", "now"), ("futures", "std")];
        for line in table(&generated, "[dependencies]").lines() {
            let Some((name, requirement)) = line.split_once(" = ") else {
                continue;
            };
            let in_workspace = table(workspace, "[workspace.dependencies]")
                .lines()
                .find_map(|line| line.strip_prefix(&format!("{name} = ")))
                .unwrap_or_else(|| panic!("`{name}` is not a workspace dependency"));
            let in_client = table(client, "[dependencies]")
                .lines()
                .find(|line| {
                    line.starts_with(&format!("{name} ")) || line.starts_with(&format!("{name}."))
                })
                .unwrap_or_else(|| panic!("`{name}` is not a dependency of zendesk-oauth"));
            let mut wanted = features(in_workspace);
            wanted.extend(features(in_client));
            wanted.retain(|feature| !client_only.contains(&(name, feature.as_str())));
            wanted.sort();
            wanted.dedup();
            assert_eq!(features(requirement), wanted, "`{name}`: features");
            assert_eq!(
                version(requirement),
                version(in_workspace),
                "`{name}`: version"
            );
            let no_defaults = "default-features = false";
            assert_eq!(
                requirement.contains(no_defaults),
                in_workspace.contains(no_defaults),
                "`{name}`: default features"
            );
        }
    }

    #[test]
    fn a_crate_holds_its_manifest_root_generated_files_and_runtime() {
        let generated = GeneratedFiles {
            files: vec![("mod.rs".to_owned(), "// generated\n".to_owned())],
            warnings: crate::Diagnostics::default(),
            title: "unused".to_owned(),
            operations: 1,
            skipped: vec![Skipped {
                pointer: "#/paths/~1x/get".to_owned(),
                what: "GET /x (`getX`)".to_owned(),
                reason: "two\nlines".to_owned(),
            }],
            areas: vec!["pets".to_owned()],
        };
        let options = CrateOptions {
            name: "pets-client".to_owned(),
            title: " The \"Pets\"\nAPI\\\tv2\n".to_owned(),
            spec_name: "specs/pets.yaml".to_owned(),
        };
        let areas = generated.areas.clone();
        let files = crate_files(generated, &options);
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        let mut expected = vec!["Cargo.toml", "src/generated/mod.rs", "src/lib.rs"];
        let runtime: Vec<String> = RUNTIME
            .iter()
            .map(|(name, _)| format!("src/runtime/{name}"))
            .collect();
        expected.extend(runtime.iter().map(String::as_str));
        expected.sort();
        assert_eq!(names, expected);
        let file = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
        assert_eq!(file("src/generated/mod.rs"), "// generated\n");
        let retry = RUNTIME
            .iter()
            .find(|(name, _)| *name == "retry.rs")
            .unwrap();
        assert_eq!(file("src/runtime/retry.rs"), retry.1);

        let manifest = file("Cargo.toml");
        assert!(
            manifest.contains("\nname = \"pets-client\"\n"),
            "{manifest}"
        );
        // The title trimmed, quotes and backslashes escaped, other control characters blanked.
        assert!(
            manifest.contains(
                "\ndescription = \"Client for The \\\"Pets\\\" API\\\\ v2, generated from specs/pets.yaml by zendesk-oauth-generator.\"\n"
            ),
            "{manifest}"
        );
        assert!(manifest.contains(&features_toml(&areas)), "{manifest}");
        assert!(
            features_toml(&areas).starts_with("[features]\ndefault = [\"rustls\", \"pets\"]\n"),
            "{manifest}"
        );

        let lib = file("src/lib.rs");
        assert!(
            lib.contains("//! A typed async client for The \"Pets\" API\\\tv2, generated from `specs/pets.yaml`."),
            "{lib}"
        );
        assert!(
            lib.contains("//! # Not generated\n//!\n//! 1 operation(s) of the spec could not be generated faithfully and are left out:\n//!\n//! - `GET /x ('getX')`: two lines\n"),
            "{lib}"
        );
        assert!(lib.ends_with(LIB_EXPORTS), "{lib}");
    }

    #[test]
    fn a_crate_with_every_operation_generated_says_nothing_of_left_out_ones() {
        assert_eq!(skipped_docs(&[]), "");
    }

    #[test]
    fn package_names_are_valid() {
        assert_eq!(package_name("Zendesk Support"), "zendesk-support");
        assert_eq!(package_name("My_API v2-beta!"), "my_api-v2-beta");
        assert_eq!(package_name("3d"), "client-3d");
        assert_eq!(package_name("!!"), "client");
    }
}
