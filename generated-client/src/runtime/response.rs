//! What a successful call returns: the decoded body with the response's status and headers.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::runtime::rate_limit::RateLimit;

/// A successful response: the decoded body plus status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: T,
    pub(crate) attempts: u32,
}

impl<T> Response<T> {
    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Response headers (request id, rate-limit headers, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// How many attempts the call took (1 when it succeeded at once).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Rate-limit information from the response headers.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// Consumes the response, returning the decoded body.
    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_of_a_response_are_what_was_received() {
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit", "700".parse().unwrap());
        let response = Response {
            status: StatusCode::CREATED,
            headers,
            body: "created".to_owned(),
            attempts: 2,
        };
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(response.headers().len(), 1);
        assert_eq!((response.body().as_str(), response.len()), ("created", 7));
        assert_eq!(response.attempts(), 2);
        assert_eq!(response.rate_limit().limit, Some(700));
        assert_eq!(response.into_body(), "created");
    }
}
