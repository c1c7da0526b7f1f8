//! The pagination driver: a lazy stream of pages, one request at a time, from a builder's
//! first request and a generated function that reads where the next page is.

use std::collections::hash_map::RandomState;
use std::collections::VecDeque;
use std::hash::BuildHasher;

use futures::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use crate::runtime::client::Client;
use crate::runtime::error::{Error, OperationError};
use crate::runtime::request::Request;
use crate::runtime::response::Response;
use crate::runtime::statuses::Statuses;

/// Where the page after this one is, as read from a page by generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Send the first request again with query parameter `param` set to `cursor`.
    Cursor {
        /// The request parameter that carries the cursor, e.g. `page[after]`.
        param: &'static str,
        /// The cursor the server returned.
        cursor: String,
    },
    /// Fetch this URL (offset pagination's `next_page`), keeping its query as the server
    /// wrote it. Only its path and query are used: it is always sent to the configured server,
    /// so credentials never go to a host named in a response.
    Url(String),
    /// This was the last page.
    Done,
}

/// Cursor pagination: `has_more` and the cursor to pass as `param`.
pub fn cursor(
    param: &'static str,
    has_more: Option<bool>,
    cursor: Option<&str>,
) -> Result<Next, String> {
    match (has_more, cursor) {
        (Some(true), Some(cursor)) if !cursor.is_empty() => Ok(Next::Cursor {
            param,
            cursor: cursor.to_owned(),
        }),
        (Some(true), _) => {
            Err("the server says there are more pages but sent no cursor".to_owned())
        }
        _ => Ok(Next::Done),
    }
}

/// Offset pagination: the next page's URL, absent or null on the last page.
pub fn next_url(next_page: Option<&str>) -> Next {
    match next_page {
        Some(url) if !url.is_empty() => Next::Url(url.to_owned()),
        _ => Next::Done,
    }
}

/// How many of the latest cursors and URLs are remembered to detect a loop. A loop longer than
/// this is ended by the client's `max_pages` instead.
const LOOP_WINDOW: usize = 1024;

/// The latest cursors or URLs, as keyed 64-bit hashes: memory stays at `LOOP_WINDOW` hashes
/// however long each cursor is and however many pages there are. The key is random per
/// listing, so a server cannot craft cursors whose hashes collide.
struct RecentKeys {
    hasher: RandomState,
    latest: VecDeque<u64>,
}

impl RecentKeys {
    fn new() -> Self {
        Self {
            hasher: RandomState::new(),
            latest: VecDeque::with_capacity(LOOP_WINDOW),
        }
    }

    /// Records `key`; false if it is among the latest `LOOP_WINDOW` ones.
    fn insert(&mut self, key: &str) -> bool {
        let hash = self.hasher.hash_one(key);
        if self.latest.contains(&hash) {
            return false;
        }
        if self.latest.len() == LOOP_WINDOW {
            self.latest.pop_front();
        }
        self.latest.push_back(hash);
        true
    }
}

struct State<T, E> {
    client: Client,
    next_request: Option<Request>,
    /// Reported after the page that revealed it, ending the stream.
    failure: Option<Error<E>>,
    /// Recent cursors and URLs: one seen again would loop forever.
    seen: RecentKeys,
    /// The first request's query: the caller's filters, kept on every page.
    filters: Vec<(String, String)>,
    /// Pages requested so far.
    fetched: u64,
    read_next: fn(&T) -> Result<Next, String>,
    success: Statuses,
}

/// At most this many characters of a cursor or URL are quoted in an error.
const QUOTED_CHARS: usize = 100;

/// Pages from `first` on. Each page is requested only when the previous one has been
/// consumed; an error ends the stream after the pages already yielded. At most the client's
/// `max_pages` pages are fetched.
pub fn pages<T, E>(
    client: Client,
    first: Request,
    success: impl Into<Statuses>,
    read_next: fn(&T) -> Result<Next, String>,
) -> BoxStream<'static, Result<Response<T>, Error<E>>>
where
    T: DeserializeOwned + Send + 'static,
    E: OperationError + Send + 'static,
{
    let state = State {
        client,
        filters: first.query.clone(),
        next_request: Some(first),
        failure: None,
        seen: RecentKeys::new(),
        fetched: 0,
        read_next,
        success: success.into(),
    };
    stream::unfold(state, |mut state| async move {
        if let Some(failure) = state.failure.take() {
            return Some((Err(failure), state));
        }
        let request = state.next_request.take()?;
        let operation = request.operation.id;
        let template = request.clone();
        state.fetched += 1;
        let page = match state.client.send_json::<T, E>(request, state.success).await {
            Ok(page) => page,
            Err(error) => return Some((Err(error), state)),
        };
        let stuck = |reason: String| Error::Pagination { operation, reason };
        match (state.read_next)(page.body()) {
            Ok(Next::Done) => {}
            Ok(next) => {
                let key = match &next {
                    Next::Cursor { cursor, .. } => format!("cursor {cursor}"),
                    Next::Url(url) => format!("URL {url}"),
                    Next::Done => String::new(),
                };
                let max_pages = state.client.inner.max_pages;
                if state.fetched >= max_pages {
                    state.failure = Some(stuck(format!(
                        "stopped after {max_pages} pages, the client's `max_pages`; the server \
                         still says there are more"
                    )));
                } else if !state.seen.insert(&key) {
                    let shown: String = state
                        .client
                        .redacted(&key)
                        .chars()
                        .take(QUOTED_CHARS)
                        .collect();
                    state.failure = Some(stuck(format!(
                        "the server sent the same {shown} twice; stopping instead of looping"
                    )));
                } else {
                    match state.client.follow(template, next, &state.filters) {
                        Ok(request) => state.next_request = Some(request),
                        Err(reason) => state.failure = Some(stuck(reason)),
                    }
                }
            }
            Err(reason) => state.failure = Some(stuck(reason)),
        }
        Some((Ok(page), state))
    })
    .boxed()
}

/// The items of every page, in order, holding one page at a time.
pub fn items<T, I, E>(
    pages: impl Stream<Item = Result<Response<T>, Error<E>>> + Send + 'static,
    items_of: fn(T) -> Vec<I>,
) -> BoxStream<'static, Result<I, Error<E>>>
where
    T: Send + 'static,
    I: Send + 'static,
    E: Send + 'static,
{
    pages
        .map_ok(move |page| stream::iter(items_of(page.into_body()).into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

impl Client {
    /// The request for the page `next` points at, built from the previous page's request.
    /// A `next_page` URL's query is kept as the server wrote it, and each of the caller's
    /// `filters` it leaves out is added back (never one it carries, so nothing is duplicated
    /// or overridden).
    fn follow(
        &self,
        mut request: Request,
        next: Next,
        filters: &[(String, String)],
    ) -> Result<Request, String> {
        match next {
            Next::Cursor { param, cursor } => {
                request.set_query(param, cursor);
                Ok(request)
            }
            Next::Url(url) => {
                let (path, mut query) = self.relative_to_server(request.operation.server, &url)?;
                let missing: Vec<(String, String)> = filters
                    .iter()
                    .filter(|(name, _)| !query.iter().any(|(present, _)| present == name))
                    .cloned()
                    .collect();
                query.extend(missing);
                request.path = path;
                request.query = query;
                Ok(request)
            }
            Next::Done => Ok(request),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_rules() {
        assert_eq!(
            cursor("page[after]", Some(true), Some("abc")),
            Ok(Next::Cursor {
                param: "page[after]",
                cursor: "abc".to_owned()
            })
        );
        assert_eq!(
            cursor("page[after]", Some(false), Some("abc")),
            Ok(Next::Done)
        );
        assert_eq!(cursor("page[after]", None, None), Ok(Next::Done));
        assert!(cursor("page[after]", Some(true), None).is_err());
        assert!(cursor("page[after]", Some(true), Some("")).is_err());
    }

    #[test]
    fn loop_detection_remembers_a_bounded_window() {
        let mut seen = RecentKeys::new();
        let long = "c".repeat(10_000);
        for page in 0..(3 * LOOP_WINDOW) {
            assert!(seen.insert(&format!("{long}{page}")), "page {page}");
            assert!(seen.latest.len() <= LOOP_WINDOW);
        }
        assert!(!seen.insert(&format!("{long}{}", 3 * LOOP_WINDOW - 1)));
        assert!(!seen.insert(&format!("{long}{}", 2 * LOOP_WINDOW)));
        // Beyond the window: forgotten (max_pages ends such a loop).
        assert!(seen.insert(&format!("{long}0")));
    }

    #[test]
    fn next_url_rules() {
        assert_eq!(next_url(None), Next::Done);
        assert_eq!(next_url(Some("")), Next::Done);
        assert_eq!(
            next_url(Some("https://x/a?page=2")),
            Next::Url("https://x/a?page=2".to_owned())
        );
    }
}
