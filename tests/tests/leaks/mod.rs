//! Leak checks shared by the secrets and faults suites.
//!
//! A secret counts as shown when any piece of it of four characters or more appears in a
//! rendering, not only when all of it does: a `Debug` that prints the last four characters of
//! a token, or a URL that keeps half of a key, fails. (Every longer piece contains a piece of
//! exactly four characters, so those are the ones searched for.) The secrets a test uses must
//! therefore be distinctive: no four characters of them may occur in a rendering by chance.
//!
//! Tracing output is captured in memory with [`capture_tracing`], so that it can be searched
//! the same way.

#![allow(dead_code)] // Each test file uses the part of the helper it needs.

use std::sync::{Arc, Mutex};

/// The shortest piece of a secret that counts as a leak.
pub const SHORTEST_LEAK: usize = 4;

/// The first piece of `secret`, [`SHORTEST_LEAK`] characters long, that occurs in `rendered`.
/// A secret shorter than that is looked for whole.
pub fn leaked_piece<'s>(rendered: &str, secret: &'s str) -> Option<&'s str> {
    let mut bounds: Vec<usize> = secret.char_indices().map(|(at, _)| at).collect();
    bounds.push(secret.len());
    if bounds.len() <= SHORTEST_LEAK + 1 {
        return rendered.contains(secret).then_some(secret);
    }
    bounds
        .windows(SHORTEST_LEAK + 1)
        .map(|window| &secret[window[0]..window[SHORTEST_LEAK]])
        .find(|piece| rendered.contains(piece))
}

/// Fails, naming the piece and where it shows, when any piece of four characters or more of
/// any of `secrets` occurs in `rendered`. The port of a local test server is left out of the
/// search: it is random, and a numeric secret could match it by chance.
pub fn assert_no_leak<S: AsRef<str>>(what: &str, rendered: &str, secrets: &[S]) {
    let rendered = &without_local_ports(rendered);
    for secret in secrets {
        let secret = secret.as_ref();
        if let Some(piece) = leaked_piece(rendered, secret) {
            let at = rendered.find(piece).unwrap_or(0);
            let mut before: Vec<char> = rendered[..at].chars().rev().take(60).collect();
            before.reverse();
            let before: String = before.into_iter().collect();
            let after: String = rendered[at..].chars().take(80).collect();
            panic!("{what}: `{piece}` (part of the secret `{secret}`) is shown: …{before}{after}…");
        }
    }
}

/// `rendered` with the random port of a local test server replaced by `PORT`, where a URL
/// (`127.0.0.1:43345`), its `Debug` (`port: Some(43345)`, or pretty, over lines) or the HTTP stack's own tracing
/// (`port=Some(Port(43345))`) shows it.
fn without_local_ports(rendered: &str) -> String {
    let mut out = rendered.to_owned();
    for before_port in ["127.0.0.1:", "localhost:", "port: Some(", "Port("] {
        let mut masked = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = rest.find(before_port) {
            let (head, tail) = rest.split_at(at + before_port.len());
            masked.push_str(head);
            // Pretty `Debug` (`{:#?}`) puts the port on a line of its own.
            let spaces = tail.len() - tail.trim_start().len();
            let (space, tail) = tail.split_at(spaces);
            masked.push_str(space);
            let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 {
                masked.push_str("PORT");
            }
            rest = &tail[digits..];
        }
        masked.push_str(rest);
        out = masked;
    }
    out
}

/// Tracing output captured in memory.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Self;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Captures every tracing event of this thread, at every level (TRACE includes the HTTP
/// stack's own events), until the guard is dropped.
///
/// A global subscriber that discards everything is installed first, once per test binary:
/// with only this thread's subscriber registered, a test running at the same time on another
/// thread (with no subscriber) that reaches a tracing call first caches it as disabled for
/// the whole process, and the event would be missing here
/// (https://github.com/tokio-rs/tracing/issues/3611).
pub fn capture_tracing() -> (Captured, impl Drop) {
    use tracing_subscriber::util::SubscriberInitExt as _;
    static DISCARD_ELSEWHERE: std::sync::Once = std::sync::Once::new();
    DISCARD_ELSEWHERE.call_once(|| {
        tracing_subscriber::fmt()
            .with_writer(std::io::sink)
            .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
            .finish()
            .init();
    });
    let captured = Captured::default();
    // No timestamps: their digits would match numeric secrets by chance.
    let guard = tracing_subscriber::fmt()
        .without_time()
        .with_writer(captured.clone())
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .finish()
        .set_default();
    (captured, guard)
}
