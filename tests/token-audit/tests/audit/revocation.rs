//! Revocation: the dry run, `--yes`, what is and is not revoked (never the audit's own token),
//! and failures along the way.

use super::*;

#[tokio::test]
async fn a_dry_run_lists_what_it_would_revoke_and_sends_no_delete() {
    let (server, connection) = start().await;
    let run = run_with(&connection, &options(Revoke::DryRun, Format::Table)).await;

    let requests = server.received_requests().await;
    assert_eq!(deletes(&requests), Vec::<String>::new());
    assert_eq!(requests.len(), 4, "show current + 3 pages only");

    let revocation = run.outcome.revocation.expect("a revocation section");
    assert!(revocation.dry_run);
    assert_eq!(revocation.targets, REVOKED_IDS);
    assert_eq!(revocation.skipped_current, [DEMO_CURRENT_TOKEN_ID]);
    assert!(revocation.revoked.is_empty() && revocation.failed.is_empty());

    let plan = run
        .out
        .split_once("\nNot revoking")
        .map(|(_, plan)| format!("Not revoking{plan}"))
        .expect("the revocation plan follows the summary");
    assert_eq!(
        plan,
        "Not revoking token 223401: this tool authenticates with it.\n\
         Dry run: would revoke 7 flagged token(s); nothing was sent:\n\
         \x20 would revoke 223403  b81e4d0c6a  user 35     client 52     unused > 90 days\n\
         \x20 would revoke 223404  0c5a7e3f91  user 35     client 52     never used\n\
         \x20 would revoke 223405  e6d29b4a17  user 40     client 63     expired\n\
         \x20 would revoke 223406  5a3f0e8c2d  user 42     client 63     broad scope\n\
         \x20 would revoke 223407  91c4b7e05f  user 29     client 41     broad scope\n\
         \x20 would revoke 223409  c27d5f1b93  user 46     client 70     unused > 90 days, expired, broad scope\n\
         \x20 would revoke 223410  f4e8a62b0c  user 48     client 52     never used, expired\n\
         Run again with --revoke --yes to revoke them.\n"
    );
    // The table and summary come first.
    let table_at = run.out.find("┌").expect("table");
    let summary_at = run.out.find("Summary:").expect("summary");
    let plan_at = run.out.find("Dry run:").expect("plan");
    assert!(table_at < summary_at && summary_at < plan_at);
}

#[tokio::test]
async fn revoke_yes_sends_exactly_the_expected_deletes_after_listing_and_never_its_own() {
    let (server, connection) = start().await;
    let run = run_with(&connection, &options(Revoke::Yes, Format::Table)).await;

    let requests = server.received_requests().await;
    let summary: Vec<String> = requests.iter().map(describe).collect();
    assert_eq!(
        deletes(&requests),
        delete_paths(&REVOKED_IDS),
        "{summary:#?}"
    );
    assert!(!deletes(&requests).contains(&format!("{TOKENS_PATH}/{DEMO_CURRENT_TOKEN_ID}")));
    assert!(
        !summary
            .iter()
            .any(|line| line.starts_with("DELETE") && line.contains("current.json")),
        "never revokes the current token via current.json: {summary:#?}"
    );
    // The four GETs (show current, 3 pages) come first, then only the DELETEs.
    assert_eq!(requests.len(), 4 + REVOKED_IDS.len(), "{summary:#?}");
    assert!(requests[..4]
        .iter()
        .all(|request| request.method.as_str() == "GET"));
    for request in &requests[4..] {
        assert!(request.body.is_empty(), "DELETE without a body");
        assert_eq!(
            request
                .headers
                .get("authorization")
                .map(|value| value.as_bytes()),
            Some(format!("Bearer {DEMO_OAUTH_TOKEN}").as_bytes())
        );
    }

    let revocation = run.outcome.revocation.clone().expect("revocation");
    assert!(!revocation.dry_run);
    assert_eq!(revocation.revoked, REVOKED_IDS);
    assert!(revocation.failed.is_empty());
    assert!(!run.outcome.has_failures());
    assert!(
        run.out.contains("Revoking 7 flagged token(s):\n"),
        "{}",
        run.out
    );
    assert!(
        run.out.contains("  revoked 223403 (b81e4d0c6a)\n"),
        "{}",
        run.out
    );
    assert!(run.out.ends_with("Revoked 7 token(s).\n"), "{}", run.out);
}

#[tokio::test]
async fn json_with_revoke_yes_reports_the_revocation() {
    let (server, connection) = start().await;
    let run = run_with(&connection, &options(Revoke::Yes, Format::Json)).await;

    assert_eq!(
        deletes(&server.received_requests().await),
        delete_paths(&REVOKED_IDS)
    );
    let json: Value = serde_json::from_str(&run.out).expect("one JSON document");
    assert_eq!(
        json["revocation"],
        serde_json::json!({
            "dry_run": false,
            "targets": REVOKED_IDS,
            "skipped_current": [DEMO_CURRENT_TOKEN_ID],
            "revoked": REVOKED_IDS,
            "failed": []
        })
    );
}

#[tokio::test]
async fn json_dry_run_sends_no_delete() {
    let (server, connection) = start().await;
    let run = run_with(&connection, &options(Revoke::DryRun, Format::Json)).await;

    assert_eq!(
        deletes(&server.received_requests().await),
        Vec::<String>::new()
    );
    let json: Value = serde_json::from_str(&run.out).expect("one JSON document");
    assert_eq!(json["revocation"]["dry_run"], true);
    assert_eq!(
        json["revocation"]["targets"],
        serde_json::json!(REVOKED_IDS)
    );
    assert_eq!(json["revocation"]["revoked"], serde_json::json!([]));
}

#[tokio::test]
async fn with_an_api_token_there_is_no_current_oauth_token_and_every_flagged_token_is_revoked() {
    let server = DemoServer::start().await.expect("demo server");
    let connection = server
        .connection_with(Auth::ApiToken {
            email: "admin@example.com".to_owned(),
            token: "demo-api-token".into(),
        })
        .expect("connection");
    let run = run_with(&connection, &options(Revoke::Yes, Format::Table)).await;

    let requests = server.received_requests().await;
    let summary: Vec<String> = requests.iter().map(describe).collect();
    // Show Current Token accepts only bearer auth: the client does not send it at all.
    assert!(
        requests
            .iter()
            .all(|request| request.url.path() != CURRENT_PATH),
        "{summary:#?}"
    );
    for request in &requests {
        assert_eq!(
            request
                .headers
                .get("authorization")
                .map(|value| value.as_bytes()),
            Some(&b"Basic YWRtaW5AZXhhbXBsZS5jb20vdG9rZW46ZGVtby1hcGktdG9rZW4="[..]),
            "basic auth as admin@example.com/token"
        );
    }
    assert_eq!(run.outcome.current_token_id, None);
    assert!(run.outcome.tokens.iter().all(|token| !token.current));
    let mut expected = vec![DEMO_CURRENT_TOKEN_ID];
    expected.extend(REVOKED_IDS);
    assert_eq!(deletes(&requests), delete_paths(&expected), "{summary:#?}");
    assert_eq!(
        run.err, "",
        "no warning: this is expected with an API token"
    );
}

#[tokio::test]
async fn an_email_already_ending_in_slash_token_is_not_doubled() {
    let server = DemoServer::start().await.expect("demo server");
    let connection = server
        .connection_with(Auth::ApiToken {
            email: "admin@example.com/token".to_owned(),
            token: "demo-api-token".into(),
        })
        .expect("connection");
    run_with(&connection, &options(Revoke::No, Format::Json)).await;
    let requests = server.received_requests().await;
    assert_eq!(
        requests[0]
            .headers
            .get("authorization")
            .map(|value| value.as_bytes()),
        Some(&b"Basic YWRtaW5AZXhhbXBsZS5jb20vdG9rZW46ZGVtby1hcGktdG9rZW4="[..])
    );
}

#[tokio::test]
async fn when_show_current_token_is_forbidden_its_own_token_is_still_recognised_by_prefix() {
    let (server, connection) = mock_with_demo_tokens().await;
    // Set after the demo's answer, as specific: this one answers.
    server
        .support()
        .show_current_token()
        .respond_error(ShowCurrentTokenError::Forbidden(SupportError {
            error: SupportErrorValue::SupportErrorDetail(SupportErrorDetail {
                title: "Forbidden".into(),
                message: "You do not have access to this page.".into(),
            }),
            description: None,
            details: None,
        }));
    let run = run_with(&connection, &options(Revoke::Yes, Format::Table)).await;

    assert!(
        run.err
            .starts_with("warning: could not learn which token this tool authenticates with"),
        "{}",
        run.err
    );
    assert!(run.err.contains("403"), "{}", run.err);
    assert_eq!(run.outcome.current_token_id, None);
    let current: Vec<i64> = run
        .outcome
        .tokens
        .iter()
        .filter(|token| token.current)
        .map(|token| token.id)
        .collect();
    assert_eq!(current, [DEMO_CURRENT_TOKEN_ID], "matched by its prefix");
    assert_eq!(
        deletes(&server.received_requests().await),
        delete_paths(&REVOKED_IDS)
            .iter()
            .map(|path| format!("/support{path}"))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn the_id_from_show_current_token_is_protected_even_when_the_prefix_differs() {
    let server = DemoServer::start().await.expect("demo server");
    // Another bearer token, which Zendesk says is token 223406 (a flagged one).
    let body = serde_json::json!({"token": {
        "id": 223406, "user_id": 42, "client_id": 63, "token": "5a3f0e8c2d",
        "scopes": ["read", "write"], "created_at": "2026-07-05T12:00:00Z",
        "used_at": "2026-11-01T22:10:31Z", "url": "https://demo.zendesk.com/api/v2/oauth/tokens/223406.json"
    }});
    Mock::given(method("GET"))
        .and(path(CURRENT_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .with_priority(1)
        .mount(server.mock_server())
        .await;
    let connection = server
        .connection_with(Auth::OAuth("another-oauth-token-0123456789".into()))
        .expect("connection");
    let run = run_with(&connection, &options(Revoke::Yes, Format::Table)).await;

    assert_eq!(run.outcome.current_token_id, Some(223406));
    let revocation = run.outcome.revocation.expect("revocation");
    assert_eq!(revocation.skipped_current, [223406]);
    let expected: Vec<i64> = [DEMO_CURRENT_TOKEN_ID]
        .into_iter()
        .chain(REVOKED_IDS)
        .filter(|id| *id != 223406)
        .collect();
    assert_eq!(
        deletes(&server.received_requests().await),
        delete_paths(&expected)
    );
    assert!(run
        .out
        .contains("Not revoking token 223406: this tool authenticates with it."));
}

#[tokio::test]
async fn a_failed_revocation_is_reported_and_the_others_go_ahead() {
    let (server, connection) = mock_with_demo_tokens().await;
    server
        .support()
        .revoke_token()
        .with_oauth_token_id(223405)
        .respond_error(RevokeTokenError::NotFound(SupportError {
            error: SupportErrorValue::String("RecordNotFound".into()),
            description: Some("Not found".into()),
            details: None,
        }));
    let run = run_with(&connection, &options(Revoke::Yes, Format::Table)).await;

    assert_eq!(
        deletes(&server.received_requests().await),
        delete_paths(&REVOKED_IDS)
            .iter()
            .map(|path| format!("/support{path}"))
            .collect::<Vec<_>>(),
        "each DELETE is sent once, the failure does not stop the others"
    );
    let revocation = run.outcome.revocation.clone().expect("revocation");
    let revoked: Vec<i64> = REVOKED_IDS.into_iter().filter(|id| *id != 223405).collect();
    assert_eq!(revocation.revoked, revoked);
    assert_eq!(revocation.failed.len(), 1);
    assert_eq!(revocation.failed[0].id, 223405);
    assert!(
        revocation.failed[0].error.contains("404"),
        "{:?}",
        revocation.failed
    );
    assert!(run.outcome.has_failures());
    assert!(
        run.out.contains("  FAILED  223405 (e6d29b4a17): "),
        "{}",
        run.out
    );
    assert!(
        run.out.ends_with("Revoked 6 of 7 token(s); 1 failed.\n"),
        "{}",
        run.out
    );
}

#[tokio::test]
async fn a_listing_failure_revokes_nothing() {
    let (server, connection) = start().await;
    Mock::given(method("GET"))
        .and(path(TOKENS_PATH))
        .and(wiremock::matchers::query_param("page[after]", PAGE1_AFTER))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"error":"Couldn't authenticate you"}"#,
            "application/json",
        ))
        .with_priority(1)
        .mount(server.mock_server())
        .await;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let result = audit(
        &connection,
        &options(Revoke::Yes, Format::Table),
        &mut out,
        &mut err,
    )
    .await;

    let Err(error @ AuditError::List { pages: 1, .. }) = result else {
        panic!("expected a listing error after one page, got {result:?}");
    };
    let message = error.to_string();
    assert!(
        message.starts_with("listing the OAuth tokens failed after 1 page(s); nothing was revoked"),
        "{message}"
    );
    assert!(
        message.contains("hint: Zendesk did not accept the credentials"),
        "{message}"
    );
    assert_eq!(
        deletes(&server.received_requests().await),
        Vec::<String>::new()
    );
    assert!(out.is_empty(), "no partial table");
}
