//! Client benchmarks: pagination throughput, per-request overhead and peak memory of the
//! generated client against a hand-written reqwest + serde_json baseline, on loopback.
//!
//! Run through `cargo xtask bench`, which collects the `BENCH_RESULT {json}` lines this prints.
//! The HTTP server runs in a child process (this binary with `BENCH_ROLE=server`) so that the
//! memory figures are the client's alone; memory is measured in child processes too
//! (`BENCH_ROLE=memory-stream` / `memory-page`), each reporting its peak resident set.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PAGES: usize = 1_000;
const PAGE_SIZE: usize = 100;
const SHOW_CALLS: usize = 10_000;
/// Rounds per client; the fastest round of each is reported (noise only ever adds time).
const ROUNDS: usize = 7;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    match std::env::var("BENCH_ROLE").as_deref() {
        Ok("server") => runtime.block_on(serve()),
        Ok(role @ ("memory-stream" | "memory-page")) => {
            let base = std::env::var("BENCH_BASE").expect("BENCH_BASE");
            runtime.block_on(memory(role, &base));
        }
        _ => runtime.block_on(orchestrate()),
    }
}

// ----- the server ---------------------------------------------------------------------------

fn token_json(id: usize) -> String {
    format!(
        r#"{{"client_id":41,"created_at":"2009-05-13T00:07:08Z","expires_at":"2011-07-22T00:11:12Z","id":{id},"refresh_token":null,"scopes":["read","tickets:write"],"token":"af3345kdj3","url":"https://example.zendesk.com/api/v2/tokens/{id}.json","used_at":"2010-01-22T00:11:12Z","user_id":29}}"#
    )
}

fn page_json(page: usize) -> String {
    let tokens: Vec<String> = (0..PAGE_SIZE)
        .map(|i| token_json(page * PAGE_SIZE + i + 1))
        .collect();
    let has_more = page + 1 < PAGES;
    let after = if has_more {
        format!(r#""c{}""#, page + 1)
    } else {
        "null".to_owned()
    };
    let next = if has_more {
        format!(
            r#""https://example.zendesk.com/api/v2/oauth/tokens.json?page%5Bafter%5D=c{}&page%5Bsize%5D=100""#,
            page + 1
        )
    } else {
        "null".to_owned()
    };
    format!(
        r#"{{"tokens":[{}],"meta":{{"has_more":{has_more},"after_cursor":{after},"before_cursor":"c{page}"}},"links":{{"next":{next},"prev":null}}}}"#,
        tokens.join(",")
    )
}

/// A minimal HTTP/1.1 keep-alive server: cursor pages of the token listing, and one token.
async fn serve() {
    let pages: std::sync::Arc<Vec<String>> =
        std::sync::Arc::new((0..PAGES).map(page_json).collect());
    let single = std::sync::Arc::new(format!(r#"{{"token":{}}}"#, token_json(223443)));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!("{}", listener.local_addr().expect("addr").port());
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (pages, single) = (pages.clone(), single.clone());
        tokio::spawn(async move { connection(stream, &pages, &single).await });
    }
}

async fn connection(mut stream: TcpStream, pages: &[String], single: &str) {
    stream.set_nodelay(true).ok();
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let head_end = loop {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        buffer.drain(..head_end);
        let target = head.split_whitespace().nth(1).unwrap_or("/");
        let body = if target.starts_with("/api/v2/oauth/tokens/") {
            single
        } else {
            let page = target
                .split("page%5Bafter%5D=c")
                .nth(1)
                .and_then(|rest| rest.split('&').next())
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
            pages.get(page).map_or("{}", String::as_str)
        };
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

// ----- the baseline: what a careful engineer writes by hand ---------------------------------

#[derive(Deserialize)]
#[allow(dead_code)]
struct BaselineToken {
    id: i64,
    user_id: i64,
    client_id: i64,
    token: String,
    refresh_token: Option<String>,
    scopes: Vec<String>,
    url: String,
    created_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    refresh_token_expires_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct BaselineMeta {
    has_more: bool,
    after_cursor: Option<String>,
}

#[derive(Deserialize)]
struct BaselinePage {
    tokens: Vec<BaselineToken>,
    meta: BaselineMeta,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct BaselineShow {
    token: BaselineToken,
}

async fn baseline_stream(http: &reqwest::Client, base: &str) -> usize {
    let mut count = 0;
    let mut after: Option<String> = None;
    loop {
        let mut request = http
            .get(format!("{base}/api/v2/oauth/tokens"))
            .basic_auth("admin@example.com/token", Some("api-token"))
            .header("accept", "application/json")
            .query(&[("page[size]", "100")]);
        if let Some(cursor) = &after {
            request = request.query(&[("page[after]", cursor.as_str())]);
        }
        let response = request.send().await.expect("baseline send");
        assert!(response.status().is_success());
        let bytes = response.bytes().await.expect("baseline body");
        let page: BaselinePage = serde_json::from_slice(&bytes).expect("baseline decode");
        // Hand each token to the caller, as the generated stream does.
        for token in page.tokens {
            std::hint::black_box(&token);
            count += 1;
        }
        match (page.meta.has_more, page.meta.after_cursor) {
            (true, Some(cursor)) => after = Some(cursor),
            _ => return count,
        }
    }
}

async fn baseline_show(http: &reqwest::Client, base: &str) {
    let response = http
        .get(format!("{base}/api/v2/oauth/tokens/223443"))
        .basic_auth("admin@example.com/token", Some("api-token"))
        .header("accept", "application/json")
        .send()
        .await
        .expect("baseline send");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("baseline body");
    let _: BaselineShow = serde_json::from_slice(&bytes).expect("baseline decode");
}

// ----- the generated client -------------------------------------------------------------------

fn generated_client(base: &str) -> zendesk_oauth::Client {
    zendesk_oauth::Client::builder()
        .support_base_url(base)
        .support_basic_auth("admin@example.com/token", "api-token")
        .build()
        .expect("client")
}

async fn generated_stream(client: &zendesk_oauth::Client) -> usize {
    let mut count = 0;
    let mut tokens = client.support().list_tokens().page_size(100).stream();
    while let Some(token) = tokens.try_next().await.expect("generated stream") {
        std::hint::black_box(&token);
        count += 1;
    }
    count
}

// ----- orchestration ------------------------------------------------------------------------

fn result(name: &str, fields: &[(&str, f64)]) {
    let fields: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!(r#""{k}":{v}"#))
        .collect();
    println!(r#"BENCH_RESULT {{"name":"{name}",{}}}"#, fields.join(","));
}

fn fastest(samples: Vec<Duration>) -> Duration {
    samples.into_iter().min().unwrap_or_default()
}

async fn orchestrate() {
    let exe = std::env::current_exe().expect("current exe");
    let mut server = Command::new(&exe)
        .env("BENCH_ROLE", "server")
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn server");
    let mut port = String::new();
    BufReader::new(server.stdout.take().expect("server stdout"))
        .read_line(&mut port)
        .expect("server port");
    let base = format!("http://127.0.0.1:{}", port.trim());

    let client = generated_client(&base);
    let http = reqwest::Client::builder().build().expect("baseline client");
    // Warm up both (connections, allocator), then alternate rounds so drift hits both alike.
    assert_eq!(generated_stream(&client).await, PAGES * PAGE_SIZE);
    assert_eq!(baseline_stream(&http, &base).await, PAGES * PAGE_SIZE);
    let (mut generated, mut baseline) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let start = Instant::now();
        generated_stream(&client).await;
        generated.push(start.elapsed());
        let start = Instant::now();
        baseline_stream(&http, &base).await;
        baseline.push(start.elapsed());
    }
    let items = (PAGES * PAGE_SIZE) as f64;
    let (generated, baseline) = (fastest(generated), fastest(baseline));
    result(
        "pagination",
        &[
            ("items", items),
            ("generated_items_per_s", items / generated.as_secs_f64()),
            ("baseline_items_per_s", items / baseline.as_secs_f64()),
            (
                "generated_over_baseline_time",
                generated.as_secs_f64() / baseline.as_secs_f64(),
            ),
        ],
    );

    let (mut generated, mut baseline) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for _ in 0..SHOW_CALLS {
            client
                .support()
                .show_token(223443)
                .send()
                .await
                .expect("show");
        }
        generated.push(start.elapsed());
        let start = Instant::now();
        for _ in 0..SHOW_CALLS {
            baseline_show(&http, &base).await;
        }
        baseline.push(start.elapsed());
    }
    let (generated, baseline) = (fastest(generated), fastest(baseline));
    result(
        "show_token",
        &[
            ("calls", SHOW_CALLS as f64),
            (
                "generated_us_per_call",
                generated.as_secs_f64() * 1e6 / SHOW_CALLS as f64,
            ),
            (
                "baseline_us_per_call",
                baseline.as_secs_f64() * 1e6 / SHOW_CALLS as f64,
            ),
            (
                "generated_over_baseline_time",
                generated.as_secs_f64() / baseline.as_secs_f64(),
            ),
        ],
    );

    let mut peaks = Vec::new();
    for role in ["memory-page", "memory-stream"] {
        let output = Command::new(&exe)
            .env("BENCH_ROLE", role)
            .env("BENCH_BASE", &base)
            .output()
            .expect("memory child");
        let text = String::from_utf8_lossy(&output.stdout);
        let kib: f64 = text.trim().parse().expect("peak RSS in KiB");
        peaks.push(kib);
    }
    result(
        "memory",
        &[
            ("one_page_peak_rss_kib", peaks[0]),
            ("stream_all_peak_rss_kib", peaks[1]),
            ("stream_over_page", peaks[1] / peaks[0]),
        ],
    );
    server.kill().ok();
    server.wait().ok();
}

/// Fetches one page, or streams every item, then prints this process's peak RSS in KiB.
async fn memory(role: &str, base: &str) {
    let client = generated_client(base);
    if role == "memory-page" {
        let page = client
            .support()
            .list_tokens()
            .page_size(100)
            .send()
            .await
            .expect("page");
        assert_eq!(page.tokens.len(), PAGE_SIZE);
    } else {
        assert_eq!(generated_stream(&client).await, PAGES * PAGE_SIZE);
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or("0");
    println!("{peak}");
}
