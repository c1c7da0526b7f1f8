//! The library entry point, `token_audit::audit`, run against the demo fixture server: the
//! table, the flags, the summary, the JSON output, and what is (and is not) revoked, checked
//! against the requests the server received. Tests that change one answer serve the demo's
//! tokens from the mock server generated from the spec (`mock_with_demo_tokens`) and set that
//! answer as a typed expectation.

use chrono::{DateTime, Utc};
use serde_json::Value;
use token_audit::demo::{demo_now, DemoServer, Fixture, DEMO_CURRENT_TOKEN_ID, DEMO_OAUTH_TOKEN};
use token_audit::{
    audit, AuditError, Auth, Connection, Flag, Format, Options, Outcome, Policy, Revoke, Server,
    Summary,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, ResponseTemplate};
use zendesk_oauth::mock::MockServer;
use zendesk_oauth::models::{
    OAuthToken, OAuthTokenResponse, SupportError, SupportErrorDetail, SupportErrorValue,
};
use zendesk_oauth::support::{RevokeTokenError, ShowCurrentTokenError};

#[path = "audit/revocation.rs"]
mod revocation;

const TOKENS_PATH: &str = "/api/v2/oauth/tokens";
const CURRENT_PATH: &str = "/api/v2/oauth/tokens/current.json";
const PAGE1_AFTER: &str = "eyJvIjoiaWQiLCJ2IjoiYVFqVDZnQUFBQUFBIn0=";
const PAGE2_AFTER: &str = "eyJvIjoiaWQiLCJ2IjoiYVFpVDZnQUFBQUFBIn0=";

/// Every listed token, in listing order.
const ALL_IDS: [i64; 11] = [
    223401, 223402, 223403, 223404, 223405, 223406, 223407, 223408, 223409, 223410, 223411,
];
/// The flagged tokens other than the demo's own (223401): what `--revoke --yes` revokes.
const REVOKED_IDS: [i64; 7] = [223403, 223404, 223405, 223406, 223407, 223409, 223410];

fn options(revoke: Revoke, format: Format) -> Options {
    Options {
        client_id: None,
        policy: Policy {
            now: demo_now(),
            unused_days: 90,
        },
        format,
        revoke,
        progress: false,
    }
}

struct Run {
    outcome: Outcome,
    out: String,
    err: String,
}

async fn run_with(connection: &Connection, options: &Options) -> Run {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = audit(connection, options, &mut out, &mut err)
        .await
        .unwrap_or_else(|error| panic!("audit failed: {error}"));
    Run {
        outcome,
        out: String::from_utf8(out).expect("UTF-8 output"),
        err: String::from_utf8(err).expect("UTF-8 errors"),
    }
}

async fn start() -> (DemoServer, Connection) {
    let server = DemoServer::start().await.expect("demo server starts");
    let connection = server.connection().expect("demo connection");
    (server, connection)
}

/// The demo's recorded tokens (three pages) and current token, served by the mock server
/// generated from the spec: typed expectations instead of hand-written matchers.
async fn mock_with_demo_tokens() -> (MockServer, Connection) {
    let body = |name: &str| -> Value {
        Fixture::load(name)
            .expect("fixture")
            .response
            .body
            .expect("a body")
    };
    let page = |name: &str| -> Vec<OAuthToken> {
        serde_json::from_value(body(name)["tokens"].clone()).expect("tokens")
    };
    let server = MockServer::start().await;
    server.support().list_tokens().respond_pages(vec![
        page("list_tokens_page1.json"),
        page("list_tokens_page2.json"),
        page("list_tokens_page3.json"),
    ]);
    let current: OAuthTokenResponse =
        serde_json::from_value(body("show_current_token.json")).expect("current token");
    server.support().show_current_token().respond(current);
    server.support().revoke_token().respond();
    let connection = Connection::new(
        &Server::BaseUrl(server.base_url("support")),
        Auth::OAuth(DEMO_OAUTH_TOKEN.into()),
    )
    .expect("connection");
    (server, connection)
}

fn describe(request: &Request) -> String {
    match request.url.query() {
        Some(query) => format!("{} {}?{query}", request.method, request.url.path()),
        None => format!("{} {}", request.method, request.url.path()),
    }
}

fn deletes(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .filter(|request| request.method.as_str() == "DELETE")
        .map(|request| request.url.path().to_owned())
        .collect()
}

fn delete_paths(ids: &[i64]) -> Vec<String> {
    ids.iter().map(|id| format!("{TOKENS_PATH}/{id}")).collect()
}

fn query_pairs(request: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    pairs.sort();
    pairs
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// The table's body rows, as trimmed cells.
fn table_rows(out: &str) -> Vec<Vec<String>> {
    out.lines()
        .filter(|line| line.starts_with('│'))
        .map(|line| {
            line.trim_matches('│')
                .split('┆')
                .map(|cell| cell.trim().to_owned())
                .collect()
        })
        .collect()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

#[tokio::test]
async fn table_lists_every_token_of_the_three_pages_with_its_flags() {
    let (_server, connection) = start().await;
    let run = run_with(&connection, &options(Revoke::No, Format::Table)).await;

    assert!(
        run.out
            .starts_with("Support OAuth tokens: 11 in 3 page(s), as of 2026-11-02 09:00 UTC\n"),
        "{}",
        run.out
    );
    let expected: Vec<Vec<&str>> = vec![
        vec![
            "ID",
            "User",
            "Client",
            "Token",
            "Scopes",
            "Created",
            "Last used",
            "Expires",
            "Flags",
        ],
        vec![
            "223401",
            "29",
            "41",
            "de40a0d17c",
            "read write",
            "2026-05-11",
            "2026-11-02",
            "-",
            "broad scope, [current token]",
        ],
        vec![
            "223402",
            "31",
            "41",
            "7f2c91ab04",
            "tickets:read",
            "2026-03-09",
            "2026-10-30",
            "-",
            "",
        ],
        vec![
            "223403",
            "35",
            "52",
            "b81e4d0c6a",
            "tickets:read users:read",
            "2025-06-03",
            "2026-05-14",
            "-",
            "unused > 90 days",
        ],
        vec![
            "223404",
            "35",
            "52",
            "0c5a7e3f91",
            "read",
            "2026-09-20",
            "never",
            "-",
            "never used",
        ],
        vec![
            "223405",
            "40",
            "63",
            "e6d29b4a17",
            "tickets:write",
            "2025-11-15",
            "2026-09-28",
            "2026-10-15",
            "expired",
        ],
        vec![
            "223406",
            "42",
            "63",
            "5a3f0e8c2d",
            "read write",
            "2026-07-05",
            "2026-11-01",
            "-",
            "broad scope",
        ],
        vec![
            "223407",
            "29",
            "41",
            "91c4b7e05f",
            "impersonate tickets:write",
            "2026-04-07",
            "2026-10-21",
            "-",
            "broad scope",
        ],
        vec![
            "223408",
            "44",
            "70",
            "3e7a1d9c48",
            "tickets:read organizations:read",
            "2026-08-05",
            "2026-11-01",
            "2027-02-05",
            "",
        ],
        vec![
            "223409",
            "46",
            "70",
            "c27d5f1b93",
            "write",
            "2024-02-01",
            "2025-01-11",
            "2025-02-01",
            "unused > 90 days, expired, broad scope",
        ],
        vec![
            "223410",
            "48",
            "52",
            "f4e8a62b0c",
            "hc:read",
            "2026-01-10",
            "never",
            "2026-04-10",
            "never used, expired",
        ],
        vec![
            "223411",
            "50",
            "41",
            "8b6d03f2e9",
            "tickets:read",
            "2026-10-14",
            "2026-11-02",
            "-",
            "",
        ],
    ];
    assert_eq!(table_rows(&run.out), expected, "{}", run.out);

    let ids: Vec<i64> = run.outcome.tokens.iter().map(|token| token.id).collect();
    assert_eq!(ids, ALL_IDS);
    assert_eq!(run.outcome.pages, 3);
    assert_eq!(run.outcome.current_token_id, Some(DEMO_CURRENT_TOKEN_ID));
    assert_eq!(run.outcome.revocation, None);
    // Refresh tokens (two demo tokens have one) are never printed.
    for refresh in ["9d2f61c0ab", "e04b7d19c3"] {
        assert!(!run.out.contains(refresh), "{}", run.out);
    }
    // stderr is not a terminal here: no progress lines, and nothing else to say.
    assert_eq!(run.err, "");
}

#[tokio::test]
async fn summary_counts_each_flag() {
    let (_server, connection) = start().await;
    let run = run_with(&connection, &options(Revoke::No, Format::Table)).await;

    assert_eq!(
        run.outcome.summary,
        Summary {
            total: 11,
            flagged: 8,
            unused: 2,
            never_used: 2,
            expired: 3,
            broad_scope: 4,
        }
    );
    let summary = run
        .out
        .split_once("\nSummary:")
        .map(|(_, summary)| format!("Summary:{summary}"))
        .expect("a summary");
    assert_eq!(
        summary,
        "Summary: 11 tokens, 8 flagged, 3 not flagged\n\
         \x20 unused > 90 days:   2\n\
         \x20 never used:         2\n\
         \x20 expired:            3\n\
         \x20 broad scope:        4\n\
         \x20 (a token can carry several flags)\n\
         This tool authenticates with token 223401 (de40a0d17c); it is never revoked.\n"
    );
}

#[tokio::test]
async fn it_asks_for_its_own_token_then_follows_the_cursor_across_three_pages() {
    let (server, connection) = start().await;
    run_with(&connection, &options(Revoke::No, Format::Table)).await;

    let requests = server.received_requests().await;
    let summary: Vec<String> = requests.iter().map(describe).collect();
    assert_eq!(requests.len(), 4, "{summary:#?}");
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.path(), CURRENT_PATH);
    assert_eq!(
        requests[0]
            .headers
            .get("authorization")
            .map(|value| value.as_bytes()),
        Some(format!("Bearer {DEMO_OAUTH_TOKEN}").as_bytes())
    );
    let expected_queries = [
        pairs(&[("all", "true"), ("page[size]", "100")]),
        pairs(&[
            ("all", "true"),
            ("page[size]", "100"),
            ("page[after]", PAGE1_AFTER),
        ]),
        pairs(&[
            ("all", "true"),
            ("page[size]", "100"),
            ("page[after]", PAGE2_AFTER),
        ]),
    ];
    for (request, expected) in requests[1..].iter().zip(expected_queries) {
        assert_eq!(request.method.as_str(), "GET", "{summary:#?}");
        assert_eq!(request.url.path(), TOKENS_PATH, "{summary:#?}");
        assert_eq!(query_pairs(request), expected, "{summary:#?}");
    }
}

#[tokio::test]
async fn json_output_is_one_document_with_tokens_flags_and_summary() {
    let (_server, connection) = start().await;
    let run = run_with(&connection, &options(Revoke::No, Format::Json)).await;

    let json: Value = serde_json::from_str(&run.out).expect("stdout is exactly one JSON document");
    assert_eq!(json["as_of"], "2026-11-02T09:00:00Z");
    assert_eq!(json["unused_days"], 90);
    assert_eq!(json["client_id"], Value::Null);
    assert_eq!(json["pages"], 3);
    assert_eq!(json["current_token_id"], DEMO_CURRENT_TOKEN_ID);
    assert_eq!(json["revocation"], Value::Null);
    assert_eq!(
        json["summary"],
        serde_json::json!({
            "total": 11, "flagged": 8, "unused": 2, "never_used": 2, "expired": 3, "broad_scope": 4
        })
    );
    let tokens = json["tokens"].as_array().expect("tokens array");
    let flags: Vec<(i64, Vec<&str>)> = tokens
        .iter()
        .map(|token| {
            (
                token["id"].as_i64().expect("id"),
                token["flags"]
                    .as_array()
                    .expect("flags")
                    .iter()
                    .map(|flag| flag.as_str().expect("flag name"))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        flags,
        [
            (223401, vec!["broad_scope"]),
            (223402, vec![]),
            (223403, vec!["unused"]),
            (223404, vec!["never_used"]),
            (223405, vec!["expired"]),
            (223406, vec!["broad_scope"]),
            (223407, vec!["broad_scope"]),
            (223408, vec![]),
            (223409, vec!["unused", "expired", "broad_scope"]),
            (223410, vec!["never_used", "expired"]),
            (223411, vec![]),
        ]
    );
    assert_eq!(
        tokens[8],
        serde_json::json!({
            "id": 223409,
            "user_id": 46,
            "client_id": 70,
            "token_prefix": "c27d5f1b93",
            "scopes": ["write"],
            "created_at": "2024-02-01T08:00:00Z",
            "used_at": "2025-01-11T18:22:09Z",
            "expires_at": "2025-02-01T08:00:00Z",
            "flags": ["unused", "expired", "broad_scope"],
            "current": false
        })
    );
    let current: Vec<i64> = tokens
        .iter()
        .filter(|token| token["current"] == true)
        .map(|token| token["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(current, [DEMO_CURRENT_TOKEN_ID]);
    assert!(!run.out.contains("refresh"), "{}", run.out);
}

#[tokio::test]
async fn client_id_is_sent_on_every_page_and_filters_the_listing() {
    let (server, connection) = start().await;
    let mut options = options(Revoke::DryRun, Format::Table);
    options.client_id = Some(41);
    let run = run_with(&connection, &options).await;

    let pages: Vec<Request> = server
        .received_requests()
        .await
        .into_iter()
        .filter(|request| request.url.path() == TOKENS_PATH)
        .collect();
    assert_eq!(pages.len(), 3);
    for request in &pages {
        assert!(
            query_pairs(request).contains(&("client_id".to_owned(), "41".to_owned())),
            "{}",
            describe(request)
        );
    }
    let ids: Vec<i64> = run.outcome.tokens.iter().map(|token| token.id).collect();
    assert_eq!(ids, [223401, 223402, 223407, 223411]);
    assert!(run
        .out
        .starts_with("Support OAuth tokens of OAuth client 41: 4 in 3 page(s)"));
    assert_eq!(
        run.outcome.revocation.expect("revocation").targets,
        [223407]
    );
}

#[tokio::test]
async fn the_unused_threshold_and_now_are_parameters() {
    let (_server, connection) = start().await;
    let flagged = |outcome: &Outcome, flag: Flag| -> Vec<i64> {
        outcome
            .tokens
            .iter()
            .filter(|token| token.flags.contains(&flag))
            .map(|token| token.id)
            .collect()
    };

    let mut thirty = options(Revoke::No, Format::Table);
    thirty.policy.unused_days = 30;
    let run = run_with(&connection, &thirty).await;
    // 223405 was last used 35 days before the demo's now.
    assert_eq!(
        flagged(&run.outcome, Flag::Unused),
        [223403, 223405, 223409]
    );
    assert!(run.out.contains("unused > 30 days:"), "{}", run.out);

    // A year later every token that was ever used is unused, and 223408 has expired.
    let mut later = options(Revoke::No, Format::Table);
    later.policy.now = at("2027-11-02T09:00:00Z");
    let run = run_with(&connection, &later).await;
    assert_eq!(
        flagged(&run.outcome, Flag::Unused),
        [223401, 223402, 223403, 223405, 223406, 223407, 223408, 223409, 223411]
    );
    assert_eq!(
        flagged(&run.outcome, Flag::Expired),
        [223405, 223408, 223409, 223410]
    );
    assert!(
        run.out.contains("as of 2027-11-02 09:00 UTC"),
        "{}",
        run.out
    );
}

#[tokio::test]
async fn progress_lines_go_to_the_error_output_only_when_asked() {
    let (_server, connection) = start().await;
    let mut with_progress = options(Revoke::No, Format::Json);
    with_progress.progress = true;
    let run = run_with(&connection, &with_progress).await;
    assert_eq!(
        run.err,
        "fetched page 1 (4 tokens)\nfetched page 2 (4 tokens)\nfetched page 3 (3 tokens)\n"
    );
    serde_json::from_str::<Value>(&run.out).expect("stdout stays pure JSON");
}
