//! Pagination against a server that drops the caller's filters from `next_page`, loops its
//! cursors, or never ends. Responses come from a raw TCP server (tests/raw_server).

mod raw_server;

use std::sync::atomic::Ordering;

use futures::StreamExt;
use raw_server::{client_for, json, serve};
use zendesk_oauth::Error;

/// A page of the offset listing with this `next_page` (JSON `null` when `None`).
fn offset_page(next_page: Option<String>) -> String {
    serde_json::json!({"tokens": [], "next_page": next_page, "previous_page": null, "count": 3})
        .to_string()
}

/// A page of the cursor listing with more to come after `cursor`.
fn cursor_page(cursor: &str) -> String {
    serde_json::json!({
        "tokens": [],
        "meta": {"has_more": true, "after_cursor": cursor, "before_cursor": null}
    })
    .to_string()
}

/// The query of a request line (`GET /path?query HTTP/1.1`), split into pairs (the values in
/// these tests need no decoding).
fn query_of(request_line: &str) -> Vec<(String, String)> {
    let target = request_line.split(' ').nth(1).unwrap_or_default();
    let query = target.split_once('?').map_or("", |(_, query)| query);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

#[tokio::test]
async fn offset_pagination_keeps_the_callers_filters_when_next_page_drops_them() {
    let server = serve(|mut conn| async move {
        let base = conn
            .head
            .lines()
            .find_map(|line| line.strip_prefix("host: "))
            .map(|host| format!("http://{host}"))
            .unwrap_or_default();
        let body = match conn.index {
            // Drops every filter.
            0 => offset_page(Some(format!("{base}/api/v2/oauth/tokens.json?page=2"))),
            // Carries its own `per_page` and `all`: those are kept as the server wrote them.
            1 => offset_page(Some(format!(
                "{base}/api/v2/oauth/tokens.json?page=3&per_page=5&all=false"
            ))),
            _ => offset_page(None),
        };
        conn.send(&json("200 OK", &body)).await;
    })
    .await;
    let client = client_for(&server.url).build().expect("client");

    let pages: Vec<_> = client
        .support()
        .list_tokens()
        .all(true)
        .client_id(7)
        .per_page(2)
        .pages()
        .collect()
        .await;

    assert_eq!(pages.len(), 3);
    assert!(pages.iter().all(Result::is_ok), "{pages:?}");
    let lines = server.request_lines();
    assert_eq!(
        query_of(&lines[0]),
        pairs(&[("all", "true"), ("client_id", "7"), ("per_page", "2")])
    );
    assert_eq!(
        query_of(&lines[1]),
        pairs(&[
            ("page", "2"),
            ("all", "true"),
            ("client_id", "7"),
            ("per_page", "2")
        ])
    );
    assert_eq!(
        query_of(&lines[2]),
        pairs(&[
            ("page", "3"),
            ("per_page", "5"),
            ("all", "false"),
            ("client_id", "7")
        ])
    );
}

#[tokio::test]
async fn a_cursor_loop_with_long_cursors_is_detected() {
    let server = serve(|mut conn| async move {
        // A, B, C, A, ...: each cursor 10 000 characters long.
        let cursor = format!("{}{}", ["a", "b", "c"][conn.index % 3], "x".repeat(10_000));
        conn.send(&json("200 OK", &cursor_page(&cursor))).await;
    })
    .await;
    let client = client_for(&server.url).build().expect("client");

    let pages: Vec<_> = client.support().list_tokens().pages().collect().await;

    // Pages 1-3 point at cursors A, B, C; page 4 points at A again: it is yielded, then the
    // loop is reported instead of fetching page 5.
    assert_eq!(pages.len(), 5, "four pages, then the error");
    assert!(pages[..4].iter().all(Result::is_ok));
    match &pages[4] {
        Err(Error::Pagination { operation, reason }) => {
            assert_eq!(*operation, "ListOAuthTokens");
            assert!(reason.contains("twice"), "{reason}");
            assert!(reason.len() < 250, "the cursor is quoted in part: {reason}");
        }
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn an_endless_listing_stops_at_max_pages() {
    let server = serve(|mut conn| async move {
        let cursor = format!("cursor-{}", conn.index);
        conn.send(&json("200 OK", &cursor_page(&cursor))).await;
    })
    .await;
    let client = client_for(&server.url)
        .max_pages(25)
        .build()
        .expect("client");

    let pages: Vec<_> = client.support().list_tokens().pages().collect().await;

    assert_eq!(pages.len(), 26, "25 pages, then the error");
    assert!(pages[..25].iter().all(Result::is_ok));
    match &pages[25] {
        Err(Error::Pagination { reason, .. }) => {
            assert!(reason.contains("stopped after 25 pages"), "{reason}");
        }
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), 25);
}
