//! A raw HTTP/1.1 server on 127.0.0.1 for what wiremock cannot send: bodies that never end,
//! bodies larger than memory should allow, garbage, trailing data, any header at all. Each
//! connection's request is read (head, then a `Content-Length` body) before the test's
//! handler writes whatever bytes it likes to the socket.

#![allow(dead_code)] // Each test file uses the part of the helper it needs.

use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use fixture_tests::credentials::{
    BRIDGE_BEARER_TOKEN, CHAT_BEARER_TOKEN, SUPPORT_BASIC_PASSWORD, SUPPORT_BASIC_USERNAME,
    SUPPORT_BEARER_TOKEN,
};
use fixture_tests::Fixture;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use zendesk_oauth::{Client, ClientBuilder, RetryPolicy};

/// A running server: its URL, and what it has seen and sent so far.
#[derive(Clone)]
pub struct RawServer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Connections accepted.
    pub connections: Arc<AtomicUsize>,
    /// Every request head received (request line and headers), in order.
    pub requests: Arc<Mutex<Vec<String>>>,
    /// Body bytes the handlers managed to write (see [`Conn::write_counted`]).
    pub written: Arc<AtomicU64>,
}

impl RawServer {
    /// The request heads received so far.
    pub fn request_heads(&self) -> Vec<String> {
        self.requests.lock().expect("request log").clone()
    }

    /// The request line (`GET /path?query HTTP/1.1`) of every request received so far.
    pub fn request_lines(&self) -> Vec<String> {
        self.request_heads()
            .iter()
            .map(|head| head.lines().next().unwrap_or_default().to_owned())
            .collect()
    }

    /// Body bytes written by the handlers so far.
    pub fn bytes_written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }
}

/// One accepted connection, its request already read, handed to the handler.
pub struct Conn {
    /// The socket, for writing the response.
    pub socket: TcpStream,
    /// The request head (request line and headers).
    pub head: String,
    /// 0 for the first connection, 1 for the second, ...
    pub index: usize,
    written: Arc<AtomicU64>,
}

impl Conn {
    /// Writes `bytes` (a whole response); errors (the client hung up) are ignored.
    pub async fn send(&mut self, bytes: &[u8]) {
        let _ = self.socket.write_all(bytes).await;
        let _ = self.socket.flush().await;
    }

    /// Writes `bytes`, counting them in [`RawServer::bytes_written`]; false once the client
    /// has hung up.
    pub async fn write_counted(&mut self, bytes: &[u8]) -> bool {
        match self.socket.write_all(bytes).await {
            Ok(()) => {
                self.written.fetch_add(bytes.len() as u64, Ordering::SeqCst);
                true
            }
            Err(_) => false,
        }
    }
}

/// Starts a server that reads each request and hands the connection to `handler`.
pub async fn serve<F, Fut>(handler: F) -> RawServer
where
    F: Fn(Conn) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let server = RawServer {
        url: format!("http://{}", listener.local_addr().expect("local address")),
        connections: Arc::default(),
        requests: Arc::default(),
        written: Arc::default(),
    };
    let shared = server.clone();
    let handler = Arc::new(handler);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let index = shared.connections.fetch_add(1, Ordering::SeqCst);
            let shared = shared.clone();
            let handler = Arc::clone(&handler);
            tokio::spawn(async move {
                let Some(head) = read_request(&mut socket).await else {
                    return;
                };
                shared
                    .requests
                    .lock()
                    .expect("request log")
                    .push(head.clone());
                handler(Conn {
                    socket,
                    head,
                    index,
                    written: shared.written,
                })
                .await;
            });
        }
    });
    server
}

/// Reads a request head and its `Content-Length` body; `None` if the client hung up.
async fn read_request(socket: &mut TcpStream) -> Option<String> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = received.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
        }
    };
    let head = String::from_utf8_lossy(&received[..head_end]).into_owned();
    let body_length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    while received.len() < head_end + body_length {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
        }
    }
    Some(head)
}

/// A whole response: status line, `headers` (`name: value` lines), `Content-Length`,
/// `Connection: close`, body.
pub fn response(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for header in headers {
        out.push_str(header);
        out.push_str("\r\n");
    }
    out.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A JSON response with `status`.
pub fn json(status: &str, body: &str) -> Vec<u8> {
    response(status, &["content-type: application/json"], body.as_bytes())
}

/// The recorded Show Token 200 body, as text.
pub fn show_token_body() -> String {
    let fixture = Fixture::load("support/show_token.json");
    serde_json::to_string(fixture.response.body.as_ref().expect("a JSON body")).expect("JSON")
}

/// A client builder whose every server is `url` (plus the server's real path prefix), with
/// the harness credentials, and retries after 1–5 ms instead of seconds.
pub fn client_for(url: &str) -> ClientBuilder {
    Client::builder()
        .support_base_url(url)
        .chat_base_url(format!("{url}/api/v2"))
        .oauth_bridge_base_url(format!("{url}/sc"))
        .sunshine_api_base_url(url)
        .support_basic_auth(SUPPORT_BASIC_USERNAME, SUPPORT_BASIC_PASSWORD)
        .support_bearer_auth(SUPPORT_BEARER_TOKEN)
        .chat_bearer_auth(CHAT_BEARER_TOKEN)
        .bridge_bearer_auth(BRIDGE_BEARER_TOKEN)
        .retry_policy(RetryPolicy::default().backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(5),
        ))
}

/// Peak resident memory of this process so far (`VmHWM`), in bytes; `None` where
/// `/proc/self/status` does not exist.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
