//! Retries: which failures are retried, how long to wait between attempts (exponential
//! backoff with full jitter, or the server's `Retry-After`), and the deadline over all of them.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// When and how often a failed request is sent again.
///
/// By default: up to 3 attempts, for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE)
/// only, on 429, 502, 503, 504 and on connection errors and timeouts; waits grow from 500 ms
/// (doubling, full jitter, at most 30 s) unless the server sends `Retry-After`, which is
/// honoured up to 60 s (a longer one ends the retries at once, so the caller sees it); all
/// attempts and waits together end after 2 minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    total_timeout: Option<Duration>,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            total_timeout: Some(Duration::from_secs(120)),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that sends every request once.
    pub fn never() -> Self {
        Self::default().max_attempts(1)
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first wait, and the most any computed wait may grow to.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest `Retry-After` that is waited out; a longer one stops retrying.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Bounds all attempts and waits together (`None`: no overall bound).
    pub fn total_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.total_timeout = timeout;
        self
    }

    /// Also retries methods that are not idempotent (POST, PATCH). Only do this for requests
    /// that are safe to repeat.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The overall bound on attempts and waits.
    pub(crate) fn deadline(&self) -> Option<Duration> {
        self.total_timeout
    }

    /// Whether requests with `method` may be retried at all.
    pub(crate) fn allows(&self, method: &Method) -> bool {
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
        );
        idempotent || self.retry_non_idempotent
    }

    /// How long to wait after attempt number `attempt` (1-based) failed, or `None` to stop.
    /// `retry_after` is the server's instruction, if it sent one; `jitter` is in `[0, 1)`.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            // `Duration::MAX` stands for a wait too long to represent: beyond any cap.
            return (wait <= self.max_retry_after && wait != Duration::MAX).then_some(wait);
        }
        let exponent = attempt.saturating_sub(1).min(31);
        let backoff = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        // `mul_f64` panics when rounding pushes a huge backoff past `Duration::MAX`.
        let jittered = Duration::try_from_secs_f64(backoff.as_secs_f64() * jitter.clamp(0.0, 1.0))
            .unwrap_or(backoff);
        Some(jittered.min(backoff))
    }
}

/// Statuses that mean "try again later" rather than "this request is wrong".
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// Transport failures worth another attempt: the request may not have reached the server, or
/// the answer was cut off. The runtime reads bodies as raw bytes, so a decode error here is
/// always a body that broke off mid-way (reqwest reports a reset mid-body that way).
pub(crate) fn is_retryable_transport(error: &reqwest::Error) -> bool {
    error.is_connect()
        || error.is_timeout()
        || error.is_request()
        || error.is_body()
        || error.is_decode()
}

/// `Retry-After` as a wait from `now`: delay-seconds or an HTTP date (RFC 9110). A number of
/// seconds too large to represent saturates to `Duration::MAX`, which no policy waits out.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(
            value
                .parse::<u64>()
                .map_or(Duration::MAX, Duration::from_secs),
        );
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(u64::try_from(date.timestamp()).ok()?))?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn only_statuses_that_mean_later_are_retried() {
        let retried: Vec<u16> = (100..600)
            .filter_map(|code| StatusCode::from_u16(code).ok())
            .filter(|status| is_retryable_status(*status))
            .map(|status| status.as_u16())
            .collect();
        assert_eq!(retried, [429, 502, 503, 504]);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .backoff(Duration::from_millis(100), Duration::from_millis(500));
        let full = |attempt| policy.delay(attempt, None, 0.999_999).unwrap();
        assert!(full(1) <= Duration::from_millis(100) && full(1) > Duration::from_millis(99));
        assert!(full(2) > Duration::from_millis(199));
        assert!(full(3) > Duration::from_millis(399));
        assert!(full(4) <= Duration::from_millis(500));
        assert_eq!(policy.delay(1, None, 0.0), Some(Duration::ZERO));
        assert_eq!(policy.delay(10, None, 0.5), None);
    }

    #[test]
    fn never_sends_once() {
        assert_eq!(RetryPolicy::never().delay(1, None, 0.5), None);
        assert_eq!(RetryPolicy::never(), RetryPolicy::default().max_attempts(1));
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(2)), 0.3),
            Some(Duration::from_secs(2))
        );
        // Exactly at the cap is still waited out; one millisecond over is not.
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(5)), 0.3),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_millis(5_001)), 0.3),
            None
        );
        assert_eq!(policy.delay(1, Some(Duration::from_secs(6)), 0.3), None);
    }

    #[test]
    fn only_idempotent_methods_by_default() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(&Method::GET) && policy.allows(&Method::DELETE));
        assert!(!policy.allows(&Method::POST));
        assert!(policy.retry_non_idempotent(true).allows(&Method::POST));
    }

    #[tokio::test]
    async fn transport_failures_are_retried_when_the_request_may_not_have_arrived() {
        let client = reqwest::Client::new();
        // Nothing listens: refused before anything was sent.
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let refused_at = format!("http://{}/", closed.local_addr().unwrap());
        drop(closed);
        let refused = client.get(&refused_at).send().await.unwrap_err();
        assert!(is_retryable_transport(&refused), "{refused:?}");
        // Accepted, then closed before any answer: neither a connect error nor a timeout.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let hung_up_at = format!("http://{}/", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            drop(socket);
        });
        let hung_up = client.get(&hung_up_at).send().await.unwrap_err();
        server.await.unwrap();
        assert!(
            !hung_up.is_connect() && !hung_up.is_timeout(),
            "{hung_up:?}"
        );
        assert!(is_retryable_transport(&hung_up), "{hung_up:?}");
    }

    #[test]
    fn a_request_that_cannot_be_built_is_not_retried() {
        let error = reqwest::Client::new()
            .get("http://exa mple.com/")
            .build()
            .unwrap_err();
        assert!(!is_retryable_transport(&error), "{error:?}");
    }

    #[test]
    fn parses_both_retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:47 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(10)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:00:00 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("99999999999999999999999"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::MAX));
    }

    #[test]
    fn extreme_settings_never_panic_and_overflow_is_beyond_any_cap() {
        let policy = RetryPolicy::default()
            .max_attempts(u32::MAX)
            .backoff(Duration::MAX, Duration::MAX)
            .max_retry_after(Duration::MAX)
            .total_timeout(Some(Duration::MAX));
        for jitter in [0.0, 0.5, 0.999_999_999_999_999_9, 1.0] {
            let delay = policy.delay(40, None, jitter).unwrap();
            assert!(delay <= Duration::MAX);
        }
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(u64::MAX)), 0.5),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(policy.delay(1, Some(Duration::MAX), 0.5), None);
    }
}
