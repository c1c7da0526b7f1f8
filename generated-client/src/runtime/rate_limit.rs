//! Rate-limit information read from response headers, on success and on error alike.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// What the server said about its rate limit. Fields are `None` when the header is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// Requests allowed per window (`X-Rate-Limit` or `ratelimit-limit`).
    pub limit: Option<u64>,
    /// Requests left in the window (`X-Rate-Limit-Remaining` or `ratelimit-remaining`).
    pub remaining: Option<u64>,
    /// Seconds until the window resets (`ratelimit-reset`).
    pub reset: Option<Duration>,
    /// How long the server asks to wait (`Retry-After`).
    pub retry_after: Option<Duration>,
}

impl RateLimit {
    /// Reads the rate-limit headers Zendesk sends.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let number = |names: &[&str]| {
            names.iter().find_map(|name| {
                headers
                    .get(*name)?
                    .to_str()
                    .ok()?
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
        };
        Self {
            limit: number(&["x-rate-limit", "ratelimit-limit"]),
            remaining: number(&["x-rate-limit-remaining", "ratelimit-remaining"]),
            reset: number(&["ratelimit-reset"]).map(Duration::from_secs),
            retry_after: crate::runtime::retry::retry_after(headers, SystemTime::now()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn reads_zendesk_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit", HeaderValue::from_static("700"));
        headers.insert("x-rate-limit-remaining", HeaderValue::from_static("699"));
        headers.insert("ratelimit-reset", HeaderValue::from_static("12"));
        headers.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(
            RateLimit::from_headers(&headers),
            RateLimit {
                limit: Some(700),
                remaining: Some(699),
                reset: Some(Duration::from_secs(12)),
                retry_after: Some(Duration::from_secs(3)),
            }
        );
        assert_eq!(
            RateLimit::from_headers(&HeaderMap::new()),
            RateLimit::default()
        );
    }
}
