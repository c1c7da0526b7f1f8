//! A `reqwest-middleware` stack as the client's transport (feature `middleware`): it sends
//! every attempt, after the hooks and the credentials, and its own failure is `Error::Hook`.

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_oauth::{reqwest, Error};

use super::{builder, trace_header, Seen, REVOKE_PATH, TOKEN};

/// A middleware as `reqwest-middleware` documents them: tags each request and records what it
/// saw of it, or fails every request.
struct Tagging {
    seen: Seen,
    fails: bool,
}

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Tagging {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        if self.fails {
            let error = std::io::Error::other("the middleware's quota is spent");
            return Err(reqwest_middleware::Error::middleware(error));
        }
        let headers = request.headers();
        self.seen.push(format!(
            "middleware: trace {:?}, credential {}",
            headers.get("x-trace-id"),
            headers.contains_key("authorization")
        ));
        let tag = "by-middleware".parse().expect("header value");
        request.headers_mut().insert("x-middleware", tag);
        next.run(request, extensions).await
    }
}

fn stack(middleware: Tagging) -> reqwest_middleware::ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(middleware)
        .build()
}

#[tokio::test]
async fn a_middleware_stack_sends_every_attempt_after_the_hooks_and_the_credentials() {
    let server = MockServer::start().await;
    let tagged = || {
        Mock::given(method("DELETE"))
            .and(path(REVOKE_PATH))
            .and(header("x-middleware", "by-middleware"))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
    };
    tagged()
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    tagged()
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let seen = Seen::default();
    let client = builder(&server)
        .middleware_client(stack(Tagging {
            seen: seen.clone(),
            fails: false,
        }))
        .on_request(trace_header)
        .build()
        .expect("client");

    let response = client
        .support()
        .revoke_token(7)
        .send()
        .await
        .expect("revoked");

    assert_eq!(response.attempts(), 2);
    assert_eq!(
        seen.entries(),
        [
            "middleware: trace Some(\"trace-1\"), credential true",
            "middleware: trace Some(\"trace-2\"), credential true",
        ]
    );
}

#[tokio::test]
async fn a_failing_middleware_ends_the_call_with_a_hook_error() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let client = builder(&server)
        .middleware_client(stack(Tagging {
            seen: Seen::default(),
            fails: true,
        }))
        .build()
        .expect("client");

    let error = client.support().revoke_token(7).send().await.unwrap_err();

    let Error::Hook {
        attempts, source, ..
    } = &error
    else {
        panic!("expected a hook error, got {error:?}");
    };
    assert_eq!(*attempts, 1, "a middleware failure is not retried");
    assert!(source.to_string().contains("quota is spent"), "{source}");
}
