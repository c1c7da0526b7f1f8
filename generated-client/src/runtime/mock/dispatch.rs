//! Which expectation answers a request (a test's own before the examples, the most specific,
//! the last set on a tie); and, for a request nothing matched, which operation it was closest
//! to and what differed from that operation's closest expectation (or its route).

use std::sync::Arc;

use wiremock::{Respond, ResponseTemplate};

use super::constraints::{preview, Constraints};
use super::expectation::Mounted;
use super::route::{distance, literal_chars, Route};
use super::{lock, MockApi, MockOperation, Shared};

/// Status of the answer to an unmatched request: not retried by the client, and not one a
/// spec declares for its operations in practice.
const UNMATCHED_STATUS: u16 = 501;

/// Answers every request the mock server receives.
pub(crate) struct Dispatch {
    pub(crate) api: &'static MockApi,
    pub(crate) shared: Arc<Shared>,
}

impl Respond for Dispatch {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let expectations = lock(&self.shared.expectations).clone();
        let route = Route::of(request.method.as_str(), request.url.path());
        let operation = operation_of(self.api, &route);
        let chosen = expectations
            .iter()
            .enumerate()
            .filter(|(_, mounted)| {
                operation
                    .is_some_and(|operation| std::ptr::eq(mounted.constraints.operation, operation))
                    && mounted.matches(request)
            })
            .max_by_key(|(order, mounted)| (mounted.rank(), *order));
        if let Some((_, mounted)) = chosen {
            return mounted.answer(request);
        }
        let message = diagnose(self.api, &expectations, request);
        lock(&self.shared.unmatched).push(message.clone());
        ResponseTemplate::new(UNMATCHED_STATUS)
            .set_body_raw(message.into_bytes(), "text/plain; charset=utf-8")
    }
}

/// The operation a request is for: of those whose server, method and path template match,
/// the most concrete (`/tokens/current.json` before `/tokens/{id}`), as OpenAPI has servers
/// match concrete paths before templated ones.
pub(crate) fn operation_of(api: &MockApi, route: &Route<'_>) -> Option<&'static MockOperation> {
    let matching = || {
        api.operations()
            .filter(|operation| distance(operation, route) == 0)
    };
    let most_concrete = matching()
        .map(|operation| literal_chars(operation.path))
        .max()?;
    // The first of the most concrete: the choice never depends on the order of ties.
    matching().find(|operation| literal_chars(operation.path) == most_concrete)
}

/// The diagnosis of a request no expectation matched: one line, so error previews show it.
pub(crate) fn diagnose(
    api: &MockApi,
    expectations: &[Arc<Mounted>],
    request: &wiremock::Request,
) -> String {
    let route = Route::of(request.method.as_str(), request.url.path());
    let shown = match request.url.query() {
        Some(query) => format!("{} {}?{}", route.method, request.url.path(), query),
        None => format!("{} {}", route.method, request.url.path()),
    };
    let shown = preview(&shown);
    let closest = operation_of(api, &route).or_else(|| {
        api.operations()
            .min_by_key(|operation| distance(operation, &route))
    });
    let Some(operation) = closest else {
        return format!("mock: no expectation matched {shown} (the API has no operations)");
    };
    let name = format!("{} (mock.{})", operation.id(), operation.accessor);
    let on_operation: Vec<&Constraints> = expectations
        .iter()
        .map(|mounted| &mounted.constraints)
        .filter(|constraints| std::ptr::eq(constraints.operation, operation))
        .collect();
    if distance(operation, &route) == 0 && on_operation.is_empty() {
        return format!(
            "mock: no expectation matched {shown}: it is {name}, for which no expectation is set"
        );
    }
    let differences = if distance(operation, &route) == 0 {
        on_operation
            .iter()
            .map(|constraints| constraints.differences(request))
            .min_by_key(Vec::len)
            .unwrap_or_default()
    } else {
        Constraints::route_only(operation).differences(request)
    };
    let differed: Vec<String> = differences.iter().map(ToString::to_string).collect();
    format!(
        "mock: no expectation matched {shown}; closest operation: {name}; what differed: {}",
        differed.join("; ")
    )
}
