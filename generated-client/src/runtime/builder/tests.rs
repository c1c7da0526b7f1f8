//! Unit tests of `builder.rs`: server templates and their variables, base URLs, defaults,
//! names the spec does not declare, the builder's `Debug`.

use super::*;
use crate::runtime::auth::Credential;

/// Two servers: a template with a variable, and a fixed URL with a base path.
pub(crate) static SERVERS: &[ServerSpec] = &[
    ServerSpec {
        name: "support",
        url: "https://{subdomain}.zendesk.com",
        variables: &[ServerVariableSpec {
            name: "subdomain",
            default: "example",
            allowed: &[],
        }],
    },
    ServerSpec {
        name: "chat",
        url: "https://www.zopim.com/api/v2",
        variables: &[],
    },
];

#[test]
fn server_templates_expand_with_defaults_and_values() {
    let client = ClientBuilder::new(SERVERS).build().unwrap();
    assert_eq!(
        client.inner.servers["support"].as_str(),
        "https://example.zendesk.com/"
    );
    let client = ClientBuilder::new(SERVERS)
        .server_variable("subdomain", "acme")
        .build()
        .unwrap();
    assert_eq!(
        client.inner.servers["support"].as_str(),
        "https://acme.zendesk.com/"
    );
}

/// The defaults the builder's documentation and the README promise.
#[test]
fn defaults_are_the_documented_ones() {
    let client = ClientBuilder::new(SERVERS).build().unwrap();
    assert_eq!(client.inner.timeout, Duration::from_secs(60));
    assert_eq!(client.inner.max_response_body, 16 * 1024 * 1024);
    assert_eq!(client.inner.max_pages, 10_000);
}

#[test]
fn variables_cannot_change_the_host_shape() {
    let error = ClientBuilder::new(SERVERS)
        .server_variable("subdomain", "evil.com/x")
        .build()
        .unwrap_err();
    assert!(
        matches!(error, BuildError::InvalidServerVariable { .. }),
        "{error}"
    );
}

#[test]
fn unknown_names_are_rejected() {
    let error = ClientBuilder::new(SERVERS)
        .base_url("nope", "http://localhost")
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown server `nope` (known: support, chat)"
    );
    let error = ClientBuilder::new(SERVERS)
        .server_variable("region", "eu")
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown server variable `region` (known: subdomain)"
    );
}

#[test]
fn base_urls_with_credentials_are_rejected_without_echoing_them() {
    let error = ClientBuilder::new(SERVERS)
        .base_url("chat", "https://user:hunter2@example.com")
        .build()
        .unwrap_err();
    assert!(matches!(error, BuildError::InvalidBaseUrl { .. }));
    assert!(!format!("{error} {error:?}").contains("hunter2"));
}

#[test]
fn servers_without_an_absolute_url_need_one_from_the_builder() {
    static RELATIVE: &[ServerSpec] = &[ServerSpec {
        name: "default",
        url: "/api/v1",
        variables: &[],
    }];
    let error = ClientBuilder::new(RELATIVE).build().unwrap_err();
    assert_eq!(
        error,
        BuildError::MissingBaseUrl {
            server: "default",
            template: "/api/v1"
        }
    );
    let client = ClientBuilder::new(RELATIVE)
        .base_url("default", "https://temporal.example.com/api/v1")
        .build()
        .unwrap();
    assert_eq!(
        client.inner.servers["default"].as_str(),
        "https://temporal.example.com/api/v1"
    );
}

#[test]
fn base_url_overrides_must_be_absolute() {
    let error = ClientBuilder::new(SERVERS)
        .base_url("chat", "/relative")
        .build()
        .unwrap_err();
    assert!(matches!(error, BuildError::InvalidBaseUrl { .. }));
}

#[test]
fn crlf_credentials_are_rejected_at_build() {
    let error = ClientBuilder::new(SERVERS)
        .credential("bearer", Credential::bearer("a\r\nb"))
        .build()
        .unwrap_err();
    assert!(matches!(
        error,
        BuildError::InvalidCredential {
            scheme: "bearer",
            ..
        }
    ));
}

#[test]
fn spec_paths_are_what_follows_the_host() {
    assert_eq!(spec_path("https://{subdomain}.zendesk.com"), "");
    assert_eq!(spec_path("https://oauth-bridge.zendesk.com/sc/"), "/sc");
    assert_eq!(spec_path("https://www.zopim.com/api/v2"), "/api/v2");
}

/// A template variable with an enum: its values, and only those.
#[test]
fn variables_with_allowed_values_take_only_those() {
    static REGIONAL: &[ServerSpec] = &[ServerSpec {
        name: "regional",
        url: "https://{region}.example.com",
        variables: &[ServerVariableSpec {
            name: "region",
            default: "eu",
            allowed: &["eu", "us"],
        }],
    }];
    let client = ClientBuilder::new(REGIONAL)
        .server_variable("region", "us")
        .build()
        .unwrap();
    assert_eq!(
        client.inner.servers["regional"].as_str(),
        "https://us.example.com/"
    );
    let error = ClientBuilder::new(REGIONAL)
        .server_variable("region", "ap")
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "server variable `region`: `ap` is not one of eu, us"
    );
}

/// Each of the base URL's conditions on its own: a scheme other than http(s), a user name
/// without a password and the reverse, a query without a fragment and the reverse.
#[test]
fn base_urls_are_plain_absolute_http_urls() {
    for (url, expected) in [
        ("ftp://example.com", "must be an absolute http(s) URL"),
        (
            "mailto:someone@example.com",
            "must be an absolute http(s) URL",
        ),
        (
            "https://someone@example.com",
            "must not carry a user name or password; use the credential setters",
        ),
        (
            "https://:hunter2@example.com",
            "must not carry a user name or password; use the credential setters",
        ),
        (
            "https://example.com/?page=2",
            "must not have a query or fragment",
        ),
        (
            "https://example.com/#top",
            "must not have a query or fragment",
        ),
    ] {
        let error = ClientBuilder::new(SERVERS)
            .base_url("chat", url)
            .build()
            .unwrap_err();
        match error {
            BuildError::InvalidBaseUrl { reason, .. } => assert_eq!(reason, expected, "{url}"),
            other => panic!("{url}: {other:?}"),
        }
    }
    let client = ClientBuilder::new(SERVERS)
        .base_url("chat", "http://127.0.0.1:8080/api")
        .build()
        .unwrap();
    assert_eq!(
        client.inner.servers["chat"].as_str(),
        "http://127.0.0.1:8080/api"
    );
}

#[test]
fn debug_shows_the_settings_but_no_password() {
    let builder = ClientBuilder::new(SERVERS)
        .base_url("chat", "https://user:hunter2@example.com")
        .on_request(|_, _| Ok(()));
    let shown = format!("{builder:?}");
    assert!(shown.starts_with("ClientBuilder { "), "{shown}");
    assert!(
        shown.contains("\"chat\": \"https://[REDACTED]@example.com\""),
        "{shown}"
    );
    assert!(shown.contains("hooks: 1 hook(s)"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
}
