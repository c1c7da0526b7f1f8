//! Per-call settings: what a caller may change for one call without building another client.
//! Every request builder holds a [`Call`] (the client and its [`CallOptions`]) and gets the
//! setters from [`CallSettings`], so a new setting is added here once rather than in every
//! generated builder.

use std::time::Duration;

use crate::runtime::client::Client;
use crate::runtime::request::{Operation, Request};
use crate::runtime::retry::RetryPolicy;

/// What every request builder starts from: the client that sends the call and the call's
/// own settings.
#[derive(Debug, Clone)]
pub struct Call {
    pub(crate) client: Client,
    pub(crate) options: CallOptions,
}

impl Call {
    /// A call through `client`, with the client's settings.
    pub fn new(client: &Client) -> Self {
        Self {
            client: client.clone(),
            options: CallOptions::default(),
        }
    }

    /// A request for `operation` at `path` (expanded and encoded) with this call's settings.
    pub fn request(&self, operation: &'static Operation, path: String) -> Request {
        let mut request = Request::new(operation, path);
        request.options(&self.options);
        request
    }
}

/// Per-call overrides of the client's configuration, held by every request builder.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_response_body: Option<usize>,
}

/// Settings every request builder accepts for its one call. Bring it into scope with
/// `use zendesk_oauth::prelude::*;` (or import it by name).
pub trait CallSettings: Sized {
    /// The builder's per-call options. Builders implement this; callers use the setters.
    #[doc(hidden)]
    fn call_options(&mut self) -> &mut CallOptions;

    /// Uses `policy` for this call instead of the client's retry policy.
    fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.call_options().retry = Some(policy);
        self
    }

    /// Bounds each attempt of this call by `timeout` instead of the client's timeout.
    fn timeout(mut self, timeout: Duration) -> Self {
        self.call_options().timeout = Some(timeout);
        self
    }

    /// Accepts a success body of at most `bytes` bytes for this call instead of the client's
    /// limit.
    fn max_response_body(mut self, bytes: usize) -> Self {
        self.call_options().max_response_body = Some(bytes);
        self
    }
}

/// Implements [`CallSettings`] for a request builder that keeps its [`Call`] in a field named
/// `call`: one line per generated builder instead of an `impl` block.
// Unused in a build with every area feature off, which has no builders.
#[allow(unused_macros)]
macro_rules! call_settings {
    ($builder:ty) => {
        impl $crate::runtime::settings::CallSettings for $builder {
            fn call_options(&mut self) -> &mut $crate::runtime::settings::CallOptions {
                &mut self.call.options
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use call_settings;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::builder::tests::SERVERS;
    use crate::runtime::builder::ClientBuilder;

    struct Builder {
        call: Call,
    }

    call_settings!(Builder);

    fn builder() -> Builder {
        let client = ClientBuilder::new(SERVERS).build().unwrap();
        Builder {
            call: Call::new(&client),
        }
    }

    #[test]
    fn setters_fill_the_builders_options() {
        let builder = builder()
            .retry_policy(RetryPolicy::never())
            .timeout(Duration::from_secs(3))
            .max_response_body(1024);
        let options = &builder.call.options;
        assert_eq!(options.timeout, Some(Duration::from_secs(3)));
        assert_eq!(options.max_response_body, Some(1024));
        assert_eq!(options.retry, Some(RetryPolicy::never()));
    }

    #[test]
    fn unset_options_leave_the_clients_configuration() {
        let options = builder().call.options;
        assert!(options.retry.is_none() && options.timeout.is_none());
        assert!(options.max_response_body.is_none());
    }

    #[test]
    fn requests_carry_the_calls_options() {
        static SHOW: Operation = Operation::get("show", "chat");
        let builder = builder().timeout(Duration::from_secs(7));
        let request = builder.call.request(&SHOW, "/tokens/1".to_owned());
        assert_eq!(request.options.timeout, Some(Duration::from_secs(7)));
        assert_eq!(request.path, "/tokens/1");
        assert_eq!(request.operation.id, "show");
    }
}
