//! Reading a response body within bounds: a body is read only as far as the client is
//! willing to hold it, whatever the server announces or sends.

/// Most bytes of an error response body kept: enough for any JSON error, bounded against a
/// misbehaving server or proxy.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// How much of a response body one attempt reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    /// Most bytes of a success body; a longer one fails the attempt.
    pub(crate) success: usize,
    /// The success body may hold secrets (see `RawResponse::withhold_body`).
    pub(crate) sensitive: bool,
}

/// The whole body when it has at most `limit` bytes; `None` as soon as it is announced or
/// read to be longer, without reading on.
pub(crate) async fn read_at_most(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Option<Vec<u8>>, reqwest::Error> {
    let announced_too_long = response
        .content_length()
        .is_some_and(|length| u64::try_from(limit).is_ok_and(|limit| length > limit));
    if announced_too_long {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if chunk.len() > limit - body.len() {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// The first `limit` bytes of the body; the rest is not read.
pub(crate) async fn read_truncated(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() == limit {
            break;
        }
    }
    Ok(body)
}
