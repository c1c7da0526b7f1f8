//! `--chat` lists the Chat OAuth tokens from the account host, and a token file
//! (`ZENDESK_OAUTH_TOKEN_FILE`) gives the audit a refreshing credential whose rotated pair is
//! written back.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
use token_audit::chat::{audit_chat, chat_client, AuditedChatToken};
use token_audit::cli::{credentials_from_env, run, Cli};
use token_audit::demo::{demo_now, DemoServer, DEMO_OAUTH_TOKEN};
use token_audit::{
    audit, token_file, Auth, Connection, Format, Options, Policy, RefreshingAuth, Revoke, Server,
};
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_oauth::oauth::TokenPair;
use zendesk_oauth::Secret;

const CHAT_TOKEN: &str = "SECRET-chat-oauth-token";

/// The Chat reference's example token, and one with a `write` scope that expired.
fn chat_listing() -> serde_json::Value {
    json!([
        {
            "access_token": "SECRET-L0m2pVzxYpiVZOnzuWfGTHJjUxMicmbsEeGh4QSBqTTaScnprJNC8DusW5RwFTuo",
            "agent_id": 100000204,
            "client_identifier": "zopim",
            "create_date": "2014-09-09T07:49:20Z",
            "expire_date": "2030-09-09T17:49:20Z",
            "id": 38,
            "refresh_token": "SECRET-pLZYNfA082RVrUt6ArGiKroVrN6CS9ZJ2glbty5rA1CejmSVlGPk5GjfKarDR5VS",
            "scopes": "read",
            "token_type": "Bearer"
        },
        {"id": 39, "scopes": "read write", "expire_date": "2014-09-09T17:49:20Z"}
    ])
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

async fn chat_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/chat/oauth/tokens"))
        .and(header(
            "authorization",
            format!("Bearer {CHAT_TOKEN}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(chat_listing()))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn chat_tokens_are_listed_from_the_account_host_and_flagged() {
    let server = chat_server().await;
    let client =
        chat_client(&Server::BaseUrl(server.uri()), Secret::new(CHAT_TOKEN)).expect("client");
    let mut out = Vec::new();

    let tokens = audit_chat(&client, demo_now(), Format::Table, &mut out)
        .await
        .expect("listed");
    server.verify().await;

    assert_eq!(
        tokens,
        vec![
            AuditedChatToken {
                id: Some(38),
                agent_id: Some(100000204),
                client: Some("zopim".to_owned()),
                scopes: vec!["read".to_owned()],
                created_at: Some(at("2014-09-09T07:49:20Z")),
                expires_at: Some(at("2030-09-09T17:49:20Z")),
                expired: false,
                write_scope: false,
            },
            AuditedChatToken {
                id: Some(39),
                agent_id: None,
                client: None,
                scopes: vec!["read".to_owned(), "write".to_owned()],
                created_at: None,
                expires_at: Some(at("2014-09-09T17:49:20Z")),
                expired: true,
                write_scope: true,
            },
        ]
    );
    let out = String::from_utf8(out).expect("UTF-8");
    assert!(
        out.starts_with("Chat OAuth tokens: 2, as of 2026-11-02 09:00 UTC"),
        "{out}"
    );
    assert!(out.contains("expired, write scope"), "{out}");
    assert!(!out.contains("SECRET-"), "{out}");
}

#[tokio::test]
async fn chat_json_output_holds_no_token() {
    let server = chat_server().await;
    let client =
        chat_client(&Server::BaseUrl(server.uri()), Secret::new(CHAT_TOKEN)).expect("client");
    let mut out = Vec::new();

    audit_chat(&client, demo_now(), Format::Json, &mut out)
        .await
        .expect("listed");

    let document: serde_json::Value = serde_json::from_slice(&out).expect("one JSON document");
    assert_eq!(document["chat_tokens"][1]["write_scope"], json!(true));
    assert!(!String::from_utf8_lossy(&out).contains("SECRET-"));
}

#[tokio::test]
async fn chat_without_a_chat_token_exits_2_and_sends_nothing() {
    let cli = <Cli as clap::Parser>::try_parse_from(["token-audit", "--chat"]).expect("valid");
    let env = |name: &str| (name == "ZENDESK_SUBDOMAIN").then(|| "acme".to_owned());
    let (mut out, mut err) = (Vec::new(), Vec::new());

    let code = run(&cli, &env, &mut out, &mut err, false).await;

    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&err).contains("ZENDESK_CHAT_OAUTH_TOKEN"));
}

#[test]
fn chat_does_not_combine_with_the_support_options() {
    for args in [["--chat", "--demo"], ["--chat", "--revoke"]] {
        let parsed =
            <Cli as clap::Parser>::try_parse_from(std::iter::once("token-audit").chain(args));
        assert!(parsed.is_err(), "{args:?}");
    }
}

#[test]
fn a_token_file_needs_the_client_id() {
    let env = |name: &str| match name {
        "ZENDESK_SUBDOMAIN" => Some("acme".to_owned()),
        "ZENDESK_OAUTH_TOKEN_FILE" => Some("/tmp/tokens.json".to_owned()),
        _ => None,
    };
    let error = credentials_from_env(&env).expect_err("no client id");
    assert!(error.contains("ZENDESK_OAUTH_CLIENT_ID"), "{error}");

    let env = |name: &str| match name {
        "ZENDESK_SUBDOMAIN" => Some("acme".to_owned()),
        "ZENDESK_OAUTH_TOKEN_FILE" => Some("/tmp/tokens.json".to_owned()),
        "ZENDESK_OAUTH_CLIENT_ID" => Some("my_app".to_owned()),
        "ZENDESK_OAUTH_TOKEN" => Some("ignored".to_owned()),
        _ => None,
    };
    let (_, auth) = credentials_from_env(&env).expect("token file");
    assert!(
        matches!(auth, Auth::Refreshing(RefreshingAuth { ref client_id, .. }) if client_id == "my_app")
    );
}

/// An expired pair in the token file is refreshed before the audit's first request, the
/// audit runs with the new token, and the file holds the rotated pair afterwards.
#[tokio::test]
async fn an_expired_token_file_is_refreshed_and_rewritten() {
    let demo = DemoServer::start().await.expect("demo server");
    Mock::given(method("POST"))
        .and(path("/oauth/tokens"))
        .and(body_partial_json(json!({
            "grant_type": "refresh_token",
            "client_id": "my_app",
            "refresh_token": "SECRET-old-refresh",
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "access_token": DEMO_OAUTH_TOKEN,
            "refresh_token": "SECRET-rotated-refresh",
            "expires_in": 86400,
            "token_type": "bearer",
        })))
        .with_priority(1)
        .expect(1)
        .mount(demo.mock_server())
        .await;
    let file = std::env::temp_dir().join(format!("token-audit-{}.json", std::process::id()));
    token_file::save(
        &file,
        &TokenPair {
            access_token: Secret::new("SECRET-expired-access"),
            refresh_token: Some(Secret::new("SECRET-old-refresh")),
            expires_at: Some(Utc::now() - TimeDelta::hours(1)),
        },
    )
    .expect("token file written");
    let connection = Connection::new(
        &Server::BaseUrl(demo.uri()),
        Auth::Refreshing(RefreshingAuth {
            path: file.clone(),
            client_id: "my_app".to_owned(),
            client_secret: None,
        }),
    )
    .expect("connection");
    let options = Options {
        client_id: None,
        policy: Policy {
            now: demo_now(),
            unused_days: 90,
        },
        format: Format::Table,
        revoke: Revoke::No,
        progress: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());

    let outcome = audit(&connection, &options, &mut out, &mut err)
        .await
        .expect("audit with the refreshed token");
    demo.mock_server().verify().await;

    assert_eq!(outcome.tokens.len(), 11);
    let saved = token_file::load(&file).expect("rewritten");
    std::fs::remove_file(&file).expect("cleaned up");
    assert_eq!(saved.access_token, Secret::new(DEMO_OAUTH_TOKEN));
    assert_eq!(
        saved.refresh_token,
        Some(Secret::new("SECRET-rotated-refresh"))
    );
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&err)
    );
    assert!(!output.contains("SECRET-"), "{output}");
}
