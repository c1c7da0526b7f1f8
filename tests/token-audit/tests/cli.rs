//! The command line: argument parsing, credentials from the environment, exit codes, and the
//! real binary's `--demo` run.

use std::process::Command;

use clap::{CommandFactory, Parser};
use serde_json::Value;
use token_audit::cli::{credentials_from_env, run, Cli, EXIT_CONFIG, EXIT_OK};
use token_audit::demo::{demo_now, Fixture, DEMO_CURRENT_TOKEN_ID, DEMO_OAUTH_TOKEN, FIXTURES};
use token_audit::{Auth, Server};

fn env_of<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    }
}

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("token-audit").chain(args.iter().copied()))
}

#[test]
fn the_arguments_parse_with_their_defaults() {
    let cli = parse(&[]).expect("no arguments is valid");
    assert_eq!(
        cli,
        Cli {
            client_id: None,
            unused_days: 90,
            json: false,
            revoke: false,
            yes: false,
            demo: false,
            chat: false,
            now: None,
        }
    );
    let cli = parse(&[
        "--client-id",
        "7",
        "--unused-days",
        "30",
        "--json",
        "--revoke",
        "--yes",
        "--demo",
        "--now",
        "2026-11-02T10:00:00+01:00",
    ])
    .expect("valid");
    assert_eq!(cli.client_id, Some(7));
    assert_eq!(cli.unused_days, 30);
    assert!(cli.json && cli.revoke && cli.yes && cli.demo);
    assert_eq!(cli.now, Some(demo_now()));
}

#[test]
fn yes_needs_revoke_and_bad_values_are_rejected() {
    assert!(parse(&["--yes"]).is_err());
    assert!(parse(&["--unused-days", "-1"]).is_err());
    assert!(parse(&["--client-id", "abc"]).is_err());
    let error = parse(&["--now", "yesterday"]).expect_err("not RFC 3339");
    assert!(error.to_string().contains("RFC 3339"), "{error}");
}

#[test]
fn now_is_hidden_from_the_help() {
    let help = Cli::command().render_long_help().to_string();
    assert!(!help.contains("--now"), "{help}");
    for flag in [
        "--client-id",
        "--unused-days",
        "--json",
        "--revoke",
        "--yes",
        "--demo",
    ] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
    assert!(help.contains("ZENDESK_OAUTH_TOKEN"), "{help}");
}

#[test]
fn credentials_come_from_the_environment() {
    let (server, auth) = credentials_from_env(&env_of(&[
        ("ZENDESK_SUBDOMAIN", "acme"),
        ("ZENDESK_EMAIL", "admin@acme.com"),
        ("ZENDESK_API_TOKEN", " api-token\n"),
    ]))
    .expect("API token credentials");
    assert_eq!(server, Server::Subdomain("acme".to_owned()));
    let Auth::ApiToken { email, token } = auth else {
        panic!("expected an API token, got {auth:?}");
    };
    assert_eq!(email, "admin@acme.com");
    assert_eq!(
        token.expose(),
        "api-token",
        "surrounding whitespace is dropped"
    );

    let (_, auth) = credentials_from_env(&env_of(&[
        ("ZENDESK_SUBDOMAIN", "acme"),
        ("ZENDESK_EMAIL", "admin@acme.com"),
        ("ZENDESK_API_TOKEN", "api-token"),
        ("ZENDESK_OAUTH_TOKEN", "oauth-token"),
    ]))
    .expect("OAuth credentials");
    assert!(
        matches!(&auth, Auth::OAuth(token) if token.expose() == "oauth-token"),
        "the OAuth token wins: {auth:?}"
    );
}

#[test]
fn missing_credentials_are_named() {
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[], "ZENDESK_SUBDOMAIN is not set"),
        (
            &[("ZENDESK_SUBDOMAIN", "  ")],
            "ZENDESK_SUBDOMAIN is not set",
        ),
        (&[("ZENDESK_SUBDOMAIN", "acme")], "no Zendesk credentials"),
        (
            &[
                ("ZENDESK_SUBDOMAIN", "acme"),
                ("ZENDESK_EMAIL", "a@acme.com"),
            ],
            "ZENDESK_EMAIL is set but ZENDESK_API_TOKEN is not",
        ),
        (
            &[("ZENDESK_SUBDOMAIN", "acme"), ("ZENDESK_API_TOKEN", "t")],
            "ZENDESK_API_TOKEN is set but ZENDESK_EMAIL is not",
        ),
    ];
    for (vars, expected) in cases {
        let error = credentials_from_env(&env_of(vars)).expect_err("incomplete");
        assert!(error.starts_with(expected), "{vars:?}: {error}");
        assert!(error.contains("--demo"), "{error}");
    }
}

#[tokio::test]
async fn run_without_credentials_exits_2_and_sends_nothing() {
    let cli = parse(&["--revoke", "--yes"]).expect("valid");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&cli, &env_of(&[]), &mut out, &mut err, false).await;
    assert_eq!(code, EXIT_CONFIG);
    assert!(out.is_empty());
    let err = String::from_utf8(err).expect("UTF-8");
    assert!(
        err.starts_with("error: ZENDESK_SUBDOMAIN is not set"),
        "{err}"
    );
}

#[tokio::test]
async fn run_with_an_invalid_subdomain_exits_2() {
    let cli = parse(&[]).expect("valid");
    let env = env_of(&[
        ("ZENDESK_SUBDOMAIN", "acme/evil"),
        ("ZENDESK_OAUTH_TOKEN", "t"),
    ]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&cli, &env, &mut out, &mut err, false).await;
    assert_eq!(code, EXIT_CONFIG);
    let err = String::from_utf8(err).expect("UTF-8");
    assert!(err.starts_with("error: invalid configuration:"), "{err}");
}

#[tokio::test]
async fn run_demo_ignores_the_environment_and_prints_json() {
    let cli = parse(&["--demo", "--json", "--revoke"]).expect("valid");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&cli, &env_of(&[]), &mut out, &mut err, true).await;
    assert_eq!(code, EXIT_OK);
    let json: Value = serde_json::from_slice(&out).expect("one JSON document");
    assert_eq!(json["summary"]["flagged"], 8);
    assert_eq!(json["current_token_id"], DEMO_CURRENT_TOKEN_ID);
    assert_eq!(json["revocation"]["dry_run"], true);
    let err = String::from_utf8(err).expect("UTF-8");
    assert!(
        err.starts_with("demo: a local server at http://127.0.0.1:"),
        "{err}"
    );
    assert!(err.contains("fetched page 3 (3 tokens)"), "{err}");
}

#[test]
fn the_binary_runs_the_demo_from_any_directory_without_credentials() {
    let output = Command::new(env!("CARGO_BIN_EXE_token-audit"))
        .arg("--demo")
        .current_dir(std::env::temp_dir())
        .env_clear()
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.starts_with("Support OAuth tokens: 11 in 3 page(s)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Summary: 11 tokens, 8 flagged, 3 not flagged"),
        "{stdout}"
    );
    assert!(stderr.starts_with("demo: "), "{stderr}");
    assert!(
        !stderr.contains("fetched page"),
        "stderr is not a terminal: {stderr}"
    );
}

#[test]
fn the_binary_without_credentials_exits_2_with_a_message_not_a_panic() {
    let output = Command::new(env!("CARGO_BIN_EXE_token-audit"))
        .env_clear()
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(i32::from(EXIT_CONFIG)),
        "{stderr}"
    );
    assert!(
        stderr.starts_with("error: ZENDESK_SUBDOMAIN is not set"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn the_demo_fixtures_are_consistent() {
    let fixtures: Vec<(&str, Fixture)> = FIXTURES
        .iter()
        .map(|(name, _)| (*name, Fixture::load(name).expect("fixture parses")))
        .collect();
    for (name, fixture) in &fixtures {
        assert!(!fixture.description.trim().is_empty(), "{name}");
        assert!(
            fixture.source.starts_with("https://developer.zendesk.com/"),
            "{name}: {}",
            fixture.source
        );
        assert_eq!(fixture.request.body, None, "{name}");
    }
    let pages: Vec<&Fixture> = fixtures
        .iter()
        .filter(|(name, _)| name.starts_with("list_tokens_page"))
        .map(|(_, fixture)| fixture)
        .collect();
    assert_eq!(pages.len(), 3);
    // Each page's request carries the previous page's after_cursor; the last says no more.
    let mut previous_after: Option<String> = None;
    for (index, page) in pages.iter().enumerate() {
        let body = page.response.body.as_ref().expect("a page body");
        let after = page
            .request
            .query
            .iter()
            .find(|(name, _)| name == "page[after]")
            .map(|(_, value)| value.clone());
        assert_eq!(after, previous_after, "page {}", index + 1);
        assert!(page
            .request
            .query
            .contains(&("page[size]".to_owned(), "100".to_owned())));
        let last = index == pages.len() - 1;
        assert_eq!(body["meta"]["has_more"], !last, "page {}", index + 1);
        assert!(body["meta"]["before_cursor"].is_string());
        assert!(body["links"]["prev"].is_string());
        assert_eq!(body["links"]["next"].is_string(), !last);
        if let Some(next) = body["links"]["next"].as_str() {
            let cursor = body["meta"]["after_cursor"].as_str().expect("after_cursor");
            let encoded: String = cursor.replace('=', "%3D");
            assert!(
                next.contains(&format!("page%5Bafter%5D={encoded}")),
                "{next}"
            );
        }
        previous_after = body["meta"]["after_cursor"].as_str().map(str::to_owned);
    }
    // The current token is listed, and its prefix is the start of the demo bearer token.
    let current = &fixtures
        .iter()
        .find(|(name, _)| *name == "show_current_token.json")
        .expect("show current")
        .1;
    let token = &current.response.body.as_ref().expect("body")["token"];
    assert_eq!(token["id"], DEMO_CURRENT_TOKEN_ID);
    let prefix = token["token"].as_str().expect("prefix");
    assert_eq!(prefix.len(), 10);
    assert!(DEMO_OAUTH_TOKEN.starts_with(prefix));
    assert_eq!(
        current.request.headers.get("authorization"),
        Some(&format!("Bearer {DEMO_OAUTH_TOKEN}"))
    );
    let listed = pages.iter().any(|page| {
        page.response.body.as_ref().expect("body")["tokens"]
            .as_array()
            .expect("tokens")
            .contains(token)
    });
    assert!(
        listed,
        "the current token appears, identical, in the listing"
    );
}
