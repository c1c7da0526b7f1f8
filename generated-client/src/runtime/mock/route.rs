//! Which operation a request is for: its server prefix, method and path template, with the
//! path parameters' values; and how far a request is from an operation it does not match.

use super::MockOperation;

/// A request's route: the server its path is under, and the path below that server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route<'r> {
    pub(crate) method: &'r str,
    /// The server name (first path segment, as the mock's base URLs put it).
    pub(crate) server: &'r str,
    /// The rest of the path, starting with `/` (or empty).
    pub(crate) path: &'r str,
}

impl<'r> Route<'r> {
    /// Splits `/{server}/rest/of/path`.
    pub(crate) fn of(method: &'r str, full_path: &'r str) -> Self {
        let trimmed = full_path.strip_prefix('/').unwrap_or(full_path);
        let (server, path) = match trimmed.find('/') {
            Some(slash) => (&trimmed[..slash], &trimmed[slash..]),
            None => (trimmed, ""),
        };
        Self {
            method,
            server,
            path,
        }
    }
}

/// The values of `template`'s parameters in `path` (both percent-encoded), if it matches.
pub(crate) fn match_path(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let templates: Vec<&str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    if templates.len() != segments.len() {
        return None;
    }
    let mut values = Vec::new();
    for (template, segment) in templates.iter().zip(&segments) {
        values.extend(match_segment(&pieces(template), segment)?);
    }
    Some(values)
}

/// How many path segments differ (a missing or extra segment counts as one).
pub(crate) fn path_distance(template: &str, path: &str) -> usize {
    let templates: Vec<&str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    let differing = templates
        .iter()
        .zip(&segments)
        .filter(|(template, segment)| match_segment(&pieces(template), segment).is_none())
        .count();
    differing + templates.len().abs_diff(segments.len())
}

/// How far `route` is from `operation`: 0 when the route is the operation's.
pub(crate) fn distance(operation: &MockOperation, route: &Route<'_>) -> usize {
    let server = if operation.server() == route.server {
        0
    } else {
        3
    };
    let method = if operation.method().eq_ignore_ascii_case(route.method) {
        0
    } else {
        2
    };
    server + method + path_distance(operation.path, route.path)
}

/// How much of `template` is literal text: more is more concrete.
pub(crate) fn literal_chars(template: &str) -> usize {
    template
        .split('/')
        .flat_map(pieces)
        .map(|piece| match piece {
            Piece::Literal(text) => text.len() + 1,
            Piece::Param(_) => 0,
        })
        .sum()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'t> {
    Literal(&'t str),
    Param(&'t str),
}

/// `{id}.json` → `[Param(id), Literal(.json)]`. An unclosed brace is literal text.
fn pieces(segment: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else {
            break;
        };
        if open > 0 {
            pieces.push(Piece::Literal(&rest[..open]));
        }
        pieces.push(Piece::Param(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    pieces
}

/// Matches one path segment; a parameter takes at least one character.
fn match_segment(pieces: &[Piece<'_>], segment: &str) -> Option<Vec<(String, String)>> {
    match pieces.split_first() {
        None => segment.is_empty().then(Vec::new),
        Some((Piece::Literal(text), rest)) => match_segment(rest, segment.strip_prefix(text)?),
        Some((Piece::Param(name), rest)) => segment
            .char_indices()
            .skip(1)
            .map(|(end, _)| end)
            .chain(std::iter::once(segment.len()))
            .filter(|&end| end > 0)
            .find_map(|end| {
                let mut values = match_segment(rest, &segment[end..])?;
                values.insert(0, ((*name).to_owned(), segment[..end].to_owned()));
                Some(values)
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_split_off_the_server() {
        assert_eq!(
            Route::of("GET", "/support/api/v2/x"),
            Route {
                method: "GET",
                server: "support",
                path: "/api/v2/x"
            }
        );
        assert_eq!(Route::of("GET", "/chat").path, "");
    }

    #[test]
    fn templates_capture_parameters() {
        assert_eq!(
            match_path("/tokens/{id}", "/tokens/42"),
            Some(vec![("id".to_owned(), "42".to_owned())])
        );
        assert_eq!(
            match_path("/tokens/{id}.json", "/tokens/a.b.json"),
            Some(vec![("id".to_owned(), "a.b".to_owned())])
        );
        assert_eq!(match_path("/tokens/{id}", "/tokens/"), None);
        assert_eq!(match_path("/tokens/{id}", "/tokens/1/2"), None);
        assert_eq!(
            match_path("/tokens/current.json", "/tokens/current.json"),
            Some(vec![])
        );
        assert_eq!(match_path("/a/{unclosed", "/a/{unclosed"), Some(vec![]));
        assert_eq!(
            match_path("/v{n}", "/v2"),
            Some(vec![("n".to_owned(), "2".to_owned())])
        );
        assert_eq!(match_path("/v{n}", "/w2"), None);
    }

    #[test]
    fn concrete_paths_have_more_literal_text() {
        assert!(literal_chars("/tokens/current.json") > literal_chars("/tokens/{id}"));
        assert!(literal_chars("/tokens/{id}.json") > literal_chars("/tokens/{id}"));
        // Each literal piece counts, not only its characters: `a…d` fixes more than `…cd`.
        assert!(literal_chars("/a{x}d") > literal_chars("/{x}cd"));
        assert_eq!(literal_chars("/{a}/{b}"), 0);
    }

    #[test]
    fn distance_counts_differing_segments() {
        assert_eq!(path_distance("/api/v2/tokens/{id}", "/api/v2/token/5"), 1);
        assert_eq!(path_distance("/api/v2/tokens", "/api/v2/tokens/5"), 1);
        assert_eq!(path_distance("/a/b", "/a/b"), 0);
    }
}
