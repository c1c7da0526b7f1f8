//! Peak memory while a server sends a success body far larger than the client's limit. Alone
//! in its own test binary, so no other test's allocations move the process's peak.

mod raw_server;

use raw_server::{client_for, peak_rss, serve};
use zendesk_oauth::Error;

/// What the server sends: 200 MiB, with no `Content-Length` (the body ends when the server
/// closes), so only the running count can stop the client.
const SENT: u64 = 200 * 1024 * 1024;

/// Default limit (16 MiB) plus room for the runtime, the server's buffers and the allocator.
const ALLOWED_GROWTH: u64 = 48 * 1024 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_success_body_stops_at_the_limit_in_bounded_memory() {
    let Some(before) = peak_rss() else {
        println!("SKIPPED: /proc/self/status is not available to measure memory");
        return;
    };
    let server = serve(|mut conn| async move {
        conn.send(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
        )
        .await;
        let chunk = vec![b' '; 64 * 1024];
        let mut sent = 0;
        while sent < SENT && conn.write_counted(&chunk).await {
            sent += chunk.len() as u64;
        }
    })
    .await;
    let client = client_for(&server.url).build().expect("client");

    let error = client
        .support()
        .show_token(42)
        .send()
        .await
        .expect_err("the body is over the limit");

    let growth = peak_rss().unwrap_or(before).saturating_sub(before);
    println!(
        "peak RSS growth {} KiB; server wrote {} KiB before the client hung up",
        growth / 1024,
        server.bytes_written() / 1024
    );
    assert!(
        matches!(
            error,
            Error::BodyTooLarge {
                limit: 16_777_216,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        growth < ALLOWED_GROWTH,
        "peak RSS grew by {} MiB",
        growth / (1024 * 1024)
    );
    assert!(
        server.bytes_written() < SENT,
        "the client read the whole body"
    );
}
