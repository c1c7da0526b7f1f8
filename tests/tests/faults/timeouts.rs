//! Timeouts: the per-attempt timeout (client-wide or per call) and the total deadline over
//! every attempt and the waits between them.

use super::*;

/// 8a. A response slower than the client's per-attempt timeout: `Transport` with a timeout
/// source, after one attempt when the policy never retries.
#[tokio::test]
async fn slow_response_times_out() {
    let server = serve(vec![show_token_ok().set_delay(Duration::from_secs(3))]).await;
    let client = client_for(&server.uri())
        .timeout(Duration::from_millis(200))
        // No overall deadline: see `client_timeout_bounds_each_attempt_under_the_default_deadline`.
        .retry_policy(fast_policy!().max_attempts(1).total_timeout(None))
        .build()
        .expect("client");

    // Without the 200 ms timeout the 3 s response would arrive: the error alone proves it
    // was applied, with no assertion on how long it took.
    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("the response is too slow");

    assert_eq!(error.status(), None);
    match error {
        Error::Transport {
            operation: "ShowOAuthToken",
            attempts: 1,
            ref source,
        } => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout Error::Transport, got {other:?}"),
    }
}

/// 8b. The same with the timeout and the never-retry policy set on the call.
#[tokio::test]
async fn slow_response_times_out_with_a_per_call_timeout() {
    let server = serve(vec![show_token_ok().set_delay(Duration::from_secs(3))]).await;
    let client = client_for(&server.uri()).build().expect("client");

    let outcome = client
        .support()
        .show_token(223443)
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_policy!().max_attempts(1))
        .send()
        .await;

    match outcome {
        Err(Error::Transport {
            attempts: 1,
            ref source,
            ..
        }) => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout Error::Transport, got {other:?}"),
    }
}

/// 8c. The total deadline bounds several attempts and the waits between them: two quick
/// 503s, then a response that would take 3 s is cut off when the 500 ms are up.
#[tokio::test]
async fn total_timeout_bounds_all_attempts() {
    let server = serve(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(503),
        show_token_ok().set_delay(Duration::from_secs(3)),
    ])
    .await;
    let client = client_for(&server.uri())
        .retry_policy(
            fast_policy!()
                .max_attempts(10)
                .total_timeout(Some(Duration::from_millis(500))),
        )
        .build()
        .expect("client");

    let started = Instant::now();
    let error = client
        .support()
        .show_token(223443)
        .send()
        .await
        .expect_err("the deadline passes during the third attempt");
    let elapsed = started.elapsed();

    // The deadline is never early (the 3 s response would otherwise arrive).
    assert!(elapsed >= Duration::from_millis(500), "took {elapsed:?}");
    assert_eq!(received(&server).await, 3);
    match error {
        Error::Transport {
            attempts: 3,
            ref source,
            ..
        } => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout Error::Transport after 3 attempts, got {other:?}"),
    }
}

/// 8d. The same deadline with every attempt slow, and a per-call timeout shorter than the
/// deadline: several attempts fit, and the deadline still ends them.
#[tokio::test]
async fn total_timeout_bounds_several_slow_attempts() {
    let server = serve(vec![show_token_ok().set_delay(Duration::from_secs(3))]).await;
    let client = client_for(&server.uri()).build().expect("client");
    let (traced, _tracing) = leaks::capture_tracing();

    let started = Instant::now();
    let outcome = client
        .support()
        .show_token(223443)
        .timeout(Duration::from_millis(200))
        .retry_policy(
            fast_policy!()
                .max_attempts(10)
                .total_timeout(Some(Duration::from_millis(500))),
        )
        .send()
        .await;
    let elapsed = started.elapsed();

    assert!(elapsed >= Duration::from_millis(500), "took {elapsed:?}");
    let sleeps = requested_sleeps(&traced);
    assert!(sleeps.iter().all(|&ms| ms <= 5), "backoffs: {sleeps:?}");
    match outcome {
        Err(Error::Transport {
            attempts,
            ref source,
            ..
        }) => {
            assert!(source.is_timeout(), "{source:?}");
            // One attempt more than waits, and fewer than max_attempts: the deadline ended
            // them. (How many 200 ms attempts fit in 500 ms depends on the machine's timers;
            // normally 3.)
            assert_eq!(attempts as usize, sleeps.len() + 1, "{sleeps:?}");
            assert!(attempts < 10, "attempts: {attempts}");
        }
        other => panic!("expected a timeout Error::Transport, got {other:?}"),
    }
}

/// The client-wide `timeout(..)` bounds each attempt under the default policy too (whose
/// overall deadline is 2 minutes).
#[tokio::test]
async fn client_timeout_bounds_each_attempt_under_the_default_deadline() {
    let server = serve(vec![show_token_ok().set_delay(Duration::from_secs(3))]).await;
    let client = client_for(&server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_policy!().max_attempts(1))
        .build()
        .expect("client");

    // Without the client's 200 ms timeout the 3 s response would arrive (the default
    // deadline is 2 minutes).
    let outcome = client.support().show_token(223443).send().await;

    match outcome {
        Err(Error::Transport {
            attempts: 1,
            ref source,
            ..
        }) => assert!(source.is_timeout(), "{source:?}"),
        other => panic!("expected a timeout Error::Transport, got {other:?}"),
    }
}
