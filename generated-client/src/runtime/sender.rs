//! What sends each attempt: a `reqwest::Client` (the builder's own or the caller's) or, with
//! the `middleware` feature, the caller's `reqwest-middleware` stack.
//!
//! A middleware stack is the transport: it runs below the client's own attempts, after the
//! hooks and after the credentials are applied. So its middleware sees each attempt's
//! credentials (a middleware that records requests can record them; hooks cannot), and a
//! retrying middleware multiplies the client's own retries and escapes its deadline.

use crate::runtime::hooks::HookError;

/// Why sending failed.
#[derive(Debug)]
pub(crate) enum SendError {
    /// reqwest could not send the request or read the response head.
    Transport(reqwest::Error),
    /// A middleware failed (feature `middleware`): the application's code, like a hook's
    /// failure; the client cannot tell whether a retry would help.
    #[cfg_attr(not(feature = "middleware"), allow(dead_code))]
    Middleware(HookError),
}

/// Sends one attempt's request.
#[derive(Clone)]
pub(crate) enum Sender {
    /// A plain `reqwest::Client`.
    Client(reqwest::Client),
    /// The caller's middleware stack, with its own `reqwest::Client` at the bottom.
    #[cfg(feature = "middleware")]
    Middleware(reqwest_middleware::ClientWithMiddleware),
}

impl Sender {
    /// Sends `request`.
    pub(crate) async fn send(
        &self,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, SendError> {
        match self {
            Self::Client(client) => client.execute(request).await.map_err(SendError::Transport),
            #[cfg(feature = "middleware")]
            Self::Middleware(stack) => stack.execute(request).await.map_err(|error| match error {
                reqwest_middleware::Error::Reqwest(error) => SendError::Transport(error),
                reqwest_middleware::Error::Middleware(error) => SendError::Middleware(error.into()),
            }),
        }
    }
}
