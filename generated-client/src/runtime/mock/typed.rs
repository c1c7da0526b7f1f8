//! The typed expectation every generated operation gets: the answers that do not depend on
//! the operation are written once here, generic over the operation's request builder; the
//! generated code adds only the typed constraints (`with_*`) and answers (`respond`,
//! `respond_error`, `respond_pages`) of each operation.

use std::fmt;
use std::marker::PhantomData;

use super::Expectation;

/// An expectation on the operation whose request builder is `B`: `with_*` methods narrow
/// which requests it matches, a `respond` method sets the answer and mounts it. Each
/// operation's module names it (`ShowTokenExpectation`) and adds its typed methods.
#[must_use = "an expectation does nothing until it is answered (`respond...`)"]
pub struct OperationExpectation<'m, B> {
    /// The untyped expectation the typed methods fill in.
    pub(crate) expectation: Expectation<'m>,
    /// `fn() -> B`: the marker says which operation without owning or borrowing a `B`.
    builder: PhantomData<fn() -> B>,
}

impl<B> fmt::Debug for OperationExpectation<'_, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.expectation.fmt(f)
    }
}

impl<'m, B> OperationExpectation<'m, B> {
    /// Wraps `expectation`, which must be on the operation `B` builds.
    pub(crate) fn new(expectation: Expectation<'m>) -> Self {
        Self {
            expectation,
            builder: PhantomData,
        }
    }

    /// Requires exactly `times` matching requests, checked when the server is dropped.
    pub fn times(mut self, times: u64) -> Self {
        self.expectation.times(times);
        self
    }

    /// Answers with `status` and no body.
    pub fn respond_status(self, status: u16) {
        self.expectation.respond_status(status);
    }

    /// Answers with raw bytes, a content type (none if empty) and `status`.
    pub fn respond_raw(self, status: u16, content_type: &str, body: impl AsRef<[u8]>) {
        self.expectation
            .respond_bytes(status, content_type, body.as_ref());
    }

    /// Answers with the operation's example from the spec (a listing: as a single page).
    pub fn respond_example(self) {
        self.expectation.respond_example();
    }
}
