//! Pagination: `stream()` and `pages()` walk cursor and offset listings across pages, send the
//! builder's filters on every page, and stop with a clear error instead of looping.

use chrono::{TimeZone, Utc};
use fixture_tests::Replay;
use futures::{StreamExt, TryStreamExt};
use zendesk_oauth::models::OAuthToken;
use zendesk_oauth::{Error, ResponseProblem, Secret};

fn token(id: i64) -> OAuthToken {
    OAuthToken {
        client_id: Some(41),
        created_at: Some(Utc.with_ymd_and_hms(2009, 5, 13, 0, 7, 8).unwrap()),
        expires_at: None,
        id: Some(id),
        refresh_token: None,
        refresh_token_expires_at: None,
        scopes: Some(vec!["read".to_owned()]),
        token: Some(Secret::new(format!("tok{id:07}"))),
        url: Some(format!(
            "https://example.zendesk.com/api/v2/tokens/{id}.json"
        )),
        used_at: Some(Utc.with_ymd_and_hms(2010, 1, 22, 0, 11, 12).unwrap()),
        user_id: Some(29),
        additional_properties: serde_json::Map::new(),
    }
}

fn tokens(ids: &[i64]) -> Vec<OAuthToken> {
    ids.iter().copied().map(token).collect()
}

#[tokio::test]
async fn cursor_listing_streams_every_item_across_three_pages() {
    let replay = Replay::start(&[
        "support/pagination/cursor_page_1.json",
        "support/pagination/cursor_page_2.json",
        "support/pagination/cursor_page_3.json",
    ])
    .await;
    let client = replay.client().build().unwrap();
    let items: Vec<OAuthToken> = client
        .support()
        .list_tokens()
        .all(true)
        .client_id(41)
        .page_size(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    replay.verify().await;
    assert_eq!(items, tokens(&[101, 102, 103, 104, 105]));
}

#[tokio::test]
async fn cursor_pages_expose_the_page_metadata() {
    let replay = Replay::start(&[
        "support/pagination/cursor_page_1.json",
        "support/pagination/cursor_page_2.json",
        "support/pagination/cursor_page_3.json",
    ])
    .await;
    let client = replay.client().build().unwrap();
    let pages: Vec<_> = client
        .support()
        .list_tokens()
        .all(true)
        .client_id(41)
        .page_size(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    replay.verify().await;
    let cursors: Vec<_> = pages
        .iter()
        .map(|page| {
            let meta = page.meta.as_ref().unwrap();
            (page.tokens.len(), meta.has_more, meta.after_cursor.clone())
        })
        .collect();
    assert_eq!(
        cursors,
        vec![
            (2, true, Some("c1".to_owned())),
            (2, true, Some("c2".to_owned())),
            (1, false, None),
        ]
    );
}

#[tokio::test]
async fn offset_listing_follows_next_page_with_its_filters() {
    let replay = Replay::start(&[
        "support/pagination/offset_page_1.json",
        "support/pagination/offset_page_2.json",
        "support/pagination/offset_page_3.json",
    ])
    .await;
    let client = replay.client().build().unwrap();
    let items: Vec<OAuthToken> = client
        .support()
        .list_tokens()
        .all(true)
        .per_page(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    replay.verify().await;
    assert_eq!(items, tokens(&[501, 502, 503, 504, 505]));
}

#[tokio::test]
async fn an_empty_listing_yields_nothing() {
    let replay = Replay::start(&["support/pagination/cursor_empty.json"]).await;
    let client = replay.client().build().unwrap();
    let items: Vec<OAuthToken> = client
        .support()
        .list_tokens()
        .stream()
        .try_collect()
        .await
        .unwrap();
    replay.verify().await;
    assert_eq!(items, vec![]);
}

#[tokio::test]
async fn a_single_page_listing_uses_the_largest_page_size() {
    let replay = Replay::start(&["support/pagination/cursor_single.json"]).await;
    let client = replay.client().build().unwrap();
    let items: Vec<OAuthToken> = client
        .support()
        .list_tokens()
        .stream()
        .try_collect()
        .await
        .unwrap();
    replay.verify().await;
    assert_eq!(items, tokens(&[201, 202, 203]));
}

#[tokio::test]
async fn a_failure_on_page_two_ends_the_stream_after_page_one() {
    let replay = Replay::start(&[
        "support/pagination/cursor_page_1.json",
        "support/pagination/cursor_page_2_fails.json",
    ])
    .await;
    let client = replay.client().build().unwrap();
    let results: Vec<_> = client
        .support()
        .list_tokens()
        .all(true)
        .client_id(41)
        .page_size(2)
        .stream()
        .collect()
        .await;
    replay.verify().await;
    assert_eq!(results.len(), 3, "two items, then the error, then the end");
    assert_eq!(results[0].as_ref().unwrap(), &token(101));
    assert_eq!(results[1].as_ref().unwrap(), &token(102));
    match &results[2] {
        Err(Error::UnexpectedResponse {
            operation,
            problem,
            response,
        }) => {
            assert_eq!(*operation, "ListOAuthTokens");
            assert_eq!(problem, &ResponseProblem::UndeclaredStatus);
            assert_eq!(response.status.as_u16(), 500);
            assert!(response.text().contains("500 Internal Server Error"));
        }
        other => panic!("expected the page-2 failure, got {other:?}"),
    }
}

#[tokio::test]
async fn a_repeated_cursor_stops_the_stream_instead_of_looping() {
    let replay = Replay::start(&[
        "support/pagination/cursor_repeat_page_1.json",
        "support/pagination/cursor_repeat_page_2.json",
    ])
    .await;
    let client = replay.client().build().unwrap();
    let results: Vec<_> = client
        .support()
        .list_tokens()
        .all(true)
        .client_id(41)
        .page_size(2)
        .stream()
        .collect()
        .await;
    replay.verify().await;
    let items: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .cloned()
        .collect();
    assert_eq!(items, tokens(&[301, 302, 303, 304]));
    assert_eq!(results.len(), 5);
    match &results[4] {
        Err(Error::Pagination { operation, reason }) => {
            assert_eq!(*operation, "ListOAuthTokens");
            assert_eq!(
                reason,
                "the server sent the same cursor r twice; stopping instead of looping"
            );
        }
        other => panic!("expected a pagination error, got {other:?}"),
    }
}

#[tokio::test]
async fn has_more_without_a_cursor_is_an_error() {
    let replay = Replay::start(&["support/pagination/cursor_missing_cursor.json"]).await;
    let client = replay.client().build().unwrap();
    let results: Vec<_> = client
        .support()
        .list_tokens()
        .all(true)
        .client_id(41)
        .page_size(2)
        .stream()
        .collect()
        .await;
    replay.verify().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap(), &token(401));
    assert!(
        matches!(&results[1], Err(Error::Pagination { reason, .. }) if reason == "the server says there are more pages but sent no cursor"),
        "{:?}",
        results[1]
    );
}

#[tokio::test]
async fn page_sizes_outside_the_spec_bounds_are_rejected_before_sending() {
    let replay = Replay::start(&[]).await;
    let client = replay.client().build().unwrap();
    for size in [0, 101] {
        let error = client
            .support()
            .list_tokens()
            .page_size(size)
            .send()
            .await
            .unwrap_err();
        match error {
            Error::InvalidRequest { operation, reason } => {
                assert_eq!(operation, "ListOAuthTokens");
                assert_eq!(
                    reason,
                    format!("`page[size]` is {size}; the API accepts between 1 and 100")
                );
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
        let streamed: Vec<_> = client
            .support()
            .list_tokens()
            .per_page(size)
            .stream()
            .collect()
            .await;
        assert!(
            matches!(streamed.as_slice(), [Err(Error::InvalidRequest { .. })]),
            "{streamed:?}"
        );
    }
    replay.verify().await;
}
