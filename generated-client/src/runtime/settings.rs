//! Per-call settings: what a caller may change for one call without building another client.
//! Every request builder holds a [`CallOptions`] and gets the setters from [`CallSettings`],
//! so a new setting is added here once rather than in every generated builder.

use std::time::Duration;

use crate::runtime::retry::RetryPolicy;

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

/// Implements [`CallSettings`] for a request builder that keeps its [`CallOptions`] in a
/// field named `options`: one line per generated builder instead of an `impl` block.
// Unused in a build with every area feature off, which has no builders.
#[allow(unused_macros)]
macro_rules! call_settings {
    ($builder:ty) => {
        impl $crate::runtime::settings::CallSettings for $builder {
            fn call_options(&mut self) -> &mut $crate::runtime::settings::CallOptions {
                &mut self.options
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use call_settings;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Builder {
        options: CallOptions,
    }

    call_settings!(Builder);

    #[test]
    fn setters_fill_the_builders_options() {
        let builder = Builder::default()
            .retry_policy(RetryPolicy::never())
            .timeout(Duration::from_secs(3))
            .max_response_body(1024);
        assert_eq!(builder.options.timeout, Some(Duration::from_secs(3)));
        assert_eq!(builder.options.max_response_body, Some(1024));
        assert_eq!(builder.options.retry, Some(RetryPolicy::never()));
    }

    #[test]
    fn unset_options_leave_the_clients_configuration() {
        let options = Builder::default().options;
        assert!(options.retry.is_none() && options.timeout.is_none());
        assert!(options.max_response_body.is_none());
    }
}
