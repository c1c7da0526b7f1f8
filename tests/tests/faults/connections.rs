//! Connection-level faults: nothing listening, a connection cut in the middle of a body.

use super::*;

/// 6. Nothing listens: every attempt fails to connect, the error is `Transport` after all
/// attempts, with no status.
#[tokio::test]
async fn connection_refused_is_a_transport_error_after_every_attempt() {
    let uri = format!("http://127.0.0.1:{}", closed_port().await);
    let client = client_for(&uri).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("nothing listens");

    assert_eq!(error.status(), None);
    assert!(error.response().is_none());
    assert_eq!(error.attempts(), 3);
    match error {
        Error::Transport {
            operation: "ShowOAuthToken",
            attempts: 3,
            ref source,
        } => assert!(source.is_connect(), "{source:?}"),
        other => panic!("expected Error::Transport after 3 attempts, got {other:?}"),
    }
}

/// 7a. The connection drops in the middle of a 200 body: a `Transport` error, no status.
#[tokio::test]
async fn connection_cut_mid_body_is_a_transport_error() {
    let (uri, accepted) = cut_off_server().await;
    let client = client_for(&uri)
        .retry_policy(fast_policy!().max_attempts(1))
        .build()
        .expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("the body is cut off");

    assert_eq!(error.status(), None);
    assert!(error.response().is_none());
    match &error {
        Error::Transport {
            operation: "ShowOAuthToken",
            attempts: 1,
            source,
        } => assert!(!source.is_connect() && !source.is_timeout(), "{source:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

/// 7b. A GET whose body is cut off is retried, and when every attempt is cut off the error
/// is `Transport` after all of them.
#[tokio::test]
async fn connection_cut_mid_body_is_retried_then_a_transport_error() {
    let (uri, accepted) = cut_off_server().await;
    let client = client_for(&uri).build().expect("client");

    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("every body is cut off");

    assert_eq!(error.status(), None);
    match &error {
        Error::Transport {
            operation: "ShowOAuthToken",
            attempts,
            ..
        } => assert_eq!(*attempts, 3, "{error:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
}
