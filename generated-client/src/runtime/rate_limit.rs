//! Rate-limit information read from response headers, on success and on error alike.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// What the server said about its rate limit. Fields are `None` when the header is absent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// Requests allowed per window (`X-Rate-Limit` or `ratelimit-limit`).
    pub limit: Option<u64>,
    /// Requests left in the window (`X-Rate-Limit-Remaining` or `ratelimit-remaining`).
    pub remaining: Option<u64>,
    /// Seconds until the window resets (`ratelimit-reset`).
    pub reset: Option<Duration>,
    /// How long the server asks to wait (`Retry-After`).
    pub retry_after: Option<Duration>,
    /// Endpoint-specific limits (`zendesk-ratelimit-{name}: total=N; remaining=N; resets=N`),
    /// in header order.
    pub endpoints: Vec<EndpointRateLimit>,
}

/// One endpoint-specific limit, from a `zendesk-ratelimit-{name}` header such as
/// `zendesk-ratelimit-tickets-index: total=100; remaining=99; resets=41`. A member that is
/// missing or not a number is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointRateLimit {
    /// The header name after `zendesk-ratelimit-`, e.g. `tickets-index`.
    pub name: String,
    /// Requests allowed in the window (`total`).
    pub total: Option<u64>,
    /// Requests left in the window (`remaining`).
    pub remaining: Option<u64>,
    /// Time until the window resets (`resets`, in seconds).
    pub resets: Option<Duration>,
}

impl EndpointRateLimit {
    const HEADER_PREFIX: &'static str = "zendesk-ratelimit-";

    /// Every `zendesk-ratelimit-*` header of `headers`.
    fn all(headers: &HeaderMap) -> Vec<Self> {
        headers
            .iter()
            .filter_map(|(name, value)| {
                let name = name.as_str().strip_prefix(Self::HEADER_PREFIX)?;
                Some(Self::parse(name, value.to_str().ok()?))
            })
            .collect()
    }

    fn parse(name: &str, value: &str) -> Self {
        let member = |wanted: &str| {
            value.split(';').find_map(|pair| {
                let (key, number) = pair.split_once('=')?;
                (key.trim() == wanted)
                    .then(|| number.trim().parse::<u64>().ok())
                    .flatten()
            })
        };
        Self {
            name: name.to_owned(),
            total: member("total"),
            remaining: member("remaining"),
            resets: member("resets").map(Duration::from_secs),
        }
    }
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
            endpoints: EndpointRateLimit::all(headers),
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
        headers.insert(
            "zendesk-ratelimit-tickets-index",
            HeaderValue::from_static("total=100; remaining=99; resets=41"),
        );
        assert_eq!(
            RateLimit::from_headers(&headers),
            RateLimit {
                limit: Some(700),
                remaining: Some(699),
                reset: Some(Duration::from_secs(12)),
                retry_after: Some(Duration::from_secs(3)),
                endpoints: vec![EndpointRateLimit {
                    name: "tickets-index".to_owned(),
                    total: Some(100),
                    remaining: Some(99),
                    resets: Some(Duration::from_secs(41)),
                }],
            }
        );
        assert_eq!(
            RateLimit::from_headers(&HeaderMap::new()),
            RateLimit::default()
        );
    }

    #[test]
    fn reads_the_ietf_spellings_and_tolerates_odd_endpoint_values() {
        let mut headers = HeaderMap::new();
        headers.insert("ratelimit-limit", HeaderValue::from_static("400"));
        headers.insert("ratelimit-remaining", HeaderValue::from_static("3"));
        headers.insert(
            "zendesk-ratelimit-search",
            HeaderValue::from_static("remaining=x;total=10;junk"),
        );
        let limit = RateLimit::from_headers(&headers);
        assert_eq!((limit.limit, limit.remaining), (Some(400), Some(3)));
        assert_eq!(
            limit.endpoints,
            vec![EndpointRateLimit {
                name: "search".to_owned(),
                total: Some(10),
                remaining: None,
                resets: None,
            }]
        );
    }
}
