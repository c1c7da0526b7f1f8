//! Runs inside the crate generated from `generator/tests/specs/wide_integers.yaml` (see
//! `generator/tests/focused_crates.rs`): integers whose bounds, enum values or defaults go
//! beyond `i64` hold every value the spec allows, and their bounds are checked before sending.

use serde_json::json;
use wide_integers::models::Counters;
use wide_integers::{Client, Error};

fn counters(total: u64) -> Counters {
    Counters {
        total,
        flags: Some(u64::MAX),
        balance: Some(-5),
        huge: Some(1.0e39),
        small: Some(3),
    }
}

#[test]
fn values_beyond_i64_decode_and_encode_unchanged() {
    let wire = json!({"total": 18446744073709551614_u64, "flags": 18446744073709551615_u64,
        "balance": -5, "huge": 1.0e39, "small": 3});
    let decoded: Counters = serde_json::from_value(wire.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decoded, counters(u64::MAX - 1));
    assert_eq!(serde_json::to_value(&decoded).unwrap_or_default(), wire);
    let text = r#"{"total": 1, "balance": -170141183460469231731687303715884105728}"#;
    let wide: Counters = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wide.balance, Some(i128::MIN));
}

/// The operation's result when nothing answers at the base URL: an invalid request is refused
/// before anything is sent, anything else fails to connect.
async fn send(id: u64, offset: Option<i128>, total: u64) -> String {
    let client = Client::builder()
        // Port 9 (discard) on the loopback: nothing listens in the test environment.
        .api_example_base_url("http://127.0.0.1:9")
        .retry_policy(wide_integers::RetryPolicy::never())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut call = client.general().post_snowflake(id, counters(total));
    if let Some(offset) = offset {
        call = call.offset(offset);
    }
    match call.send().await {
        Ok(_) => "sent".to_owned(),
        Err(Error::InvalidRequest { reason, .. }) => reason,
        Err(_) => "not refused".to_owned(),
    }
}

#[tokio::test]
async fn bounds_beyond_i64_are_checked_before_sending() {
    assert_eq!(
        send(0, None, 1).await,
        "`id` is 0; the API accepts between 1 and 18446744073709551615"
    );
    assert_eq!(send(u64::MAX, None, 1).await, "not refused");
    // `exclusiveMaximum: 18446744073709551615` on a u64: the largest value is refused.
    assert_eq!(
        send(1, None, u64::MAX).await,
        "`total` is 18446744073709551615; the API accepts between 1 and 18446744073709551614"
    );
    assert_eq!(
        send(1, Some(-2), 1).await,
        "`offset` is -2; the API accepts between -1 and 18446744073709551615"
    );
    assert_eq!(
        send(1, Some(1 << 64), 1).await,
        "`offset` is 18446744073709551616; the API accepts between -1 and 18446744073709551615"
    );
    assert_eq!(send(1, Some(u64::MAX.into()), 1).await, "not refused");
}
