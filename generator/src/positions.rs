//! Where each node of a YAML (or JSON) document starts: JSON pointer → line and column, so a
//! diagnostic can say where in the file its pointer is.
//!
//! serde_yaml's values keep no positions, so the text is read a second time with a parser
//! that reports them. A node reached only through an alias, or a document this parser does
//! not accept, has no position; diagnostics then show the pointer alone.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostics, Location};

/// The text of a document, read for positions only when a diagnostic needs one: most runs
/// have no finding to locate, and indexing every node of a big spec costs as much as
/// loading it.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    text: String,
}

enum Frame {
    Mapping {
        pointer: String,
        /// The key just read, waiting for its value.
        key: Option<(String, Marker)>,
        /// A sequence item's pointer, placed at this mapping's first key.
        first_key_of: Option<String>,
    },
    Sequence {
        pointer: String,
        next: usize,
    },
    /// A complex (non-scalar) mapping key, or a node no wanted pointer is in: nothing inside
    /// it is looked at.
    Skip,
}

/// The pointers asked for, and every pointer on the way to one of them (the nodes worth
/// descending into).
struct Wanted<'a> {
    pointers: HashSet<&'a str>,
    ancestors: HashSet<&'a str>,
}

impl<'a> Wanted<'a> {
    fn new(pointers: impl IntoIterator<Item = &'a str>) -> Self {
        let pointers: HashSet<&str> = pointers.into_iter().collect();
        let mut ancestors = HashSet::new();
        for pointer in &pointers {
            ancestors.insert(*pointer);
            for (slash, _) in pointer.match_indices('/') {
                ancestors.insert(&pointer[..slash]);
            }
        }
        Self {
            pointers,
            ancestors,
        }
    }
}

impl Positions {
    /// Keeps `text` to find positions in later. Never fails: what cannot be parsed is simply
    /// not found.
    pub fn index(text: &str) -> Self {
        Self {
            text: text.to_owned(),
        }
    }

    /// Where the node at `pointer` starts, if known.
    pub fn get(&self, pointer: &str) -> Option<Location> {
        find(&self.text, &Wanted::new([pointer])).remove(pointer)
    }

    /// Fills in the line and column of every finding in `diagnostics` whose pointer is known
    /// here and that has no location yet, reading the text once for all of them.
    pub fn locate(&self, diagnostics: &mut Diagnostics) {
        let unlocated = diagnostics
            .0
            .iter()
            .filter(|diagnostic| diagnostic.location.is_none())
            .map(|diagnostic| diagnostic.pointer.as_str());
        let wanted = Wanted::new(unlocated);
        if wanted.pointers.is_empty() {
            return;
        }
        let found = find(&self.text, &wanted);
        for diagnostic in &mut diagnostics.0 {
            if diagnostic.location.is_none() {
                diagnostic.location = found.get(&diagnostic.pointer).copied();
            }
        }
    }
}

/// JSON pointer (as displayed, `#/a/b`) → where its node (for a mapping entry: its key)
/// starts, for the `wanted` pointers found in `text`.
fn find(text: &str, wanted: &Wanted<'_>) -> HashMap<String, Location> {
    let text = &without_surrogate_escapes(text);
    let mut positions = HashMap::new();
    let place = |positions: &mut HashMap<String, Location>, pointer: String, at: Location| {
        if wanted.pointers.contains(pointer.as_str()) {
            positions.insert(pointer, at);
        }
    };
    place(
        &mut positions,
        "#".to_owned(),
        Location { line: 1, column: 1 },
    );
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut documents = 0;
    while let Ok((event, marker)) = parser.next_token() {
        let starts_node = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        );
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    break;
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(Frame::Mapping {
                    first_key_of: Some(item),
                    ..
                }) = stack.pop()
                {
                    place(&mut positions, item, location(marker));
                }
            }
            _ => {}
        }
        if !starts_node {
            continue;
        }
        let is_container = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
        // Where this node sits: its pointer, or `None` when it is a key or inside one.
        let pointer = match stack.last_mut() {
            None => Some("#".to_owned()),
            Some(Frame::Skip) => None,
            Some(Frame::Sequence { pointer, next }) => {
                let child = format!("{pointer}/{next}");
                *next += 1;
                // A mapping item is placed at its first key (the parser marks a block
                // mapping's start after it).
                if !matches!(event, Event::MappingStart(..)) {
                    place(&mut positions, child.clone(), location(marker));
                }
                Some(child)
            }
            Some(Frame::Mapping {
                pointer,
                key,
                first_key_of,
            }) => match key.take() {
                Some((name, key_marker)) => {
                    let child = format!("{pointer}/{}", escape(&name));
                    place(&mut positions, child.clone(), location(key_marker));
                    Some(child)
                }
                None => {
                    // This node is a key.
                    if let Some(item) = first_key_of.take() {
                        place(&mut positions, item, location(marker));
                    }
                    match &event {
                        Event::Scalar(text, ..) => *key = Some((text.clone(), marker)),
                        Event::Alias(_) => *key = Some(("*".to_owned(), marker)),
                        _ => {
                            *key = Some(("?".to_owned(), marker));
                            stack.push(Frame::Skip);
                        }
                    }
                    continue;
                }
            },
        };
        if is_container {
            stack.push(match (pointer, &event) {
                (Some(pointer), _) if !wanted.ancestors.contains(pointer.as_str()) => Frame::Skip,
                (None, _) => Frame::Skip,
                (Some(pointer), Event::MappingStart(..)) => Frame::Mapping {
                    first_key_of: (!positions.contains_key(&pointer)).then(|| pointer.clone()),
                    pointer,
                    key: None,
                },
                (Some(pointer), _) => Frame::Sequence { pointer, next: 0 },
            });
        }
    }
    positions
}

/// A JSON pointer segment: `~` and `/` escaped.
fn escape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains(['~', '/']) {
        std::borrow::Cow::Owned(segment.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(segment)
    }
}

/// `text` with each JSON surrogate escape (`\ud83d`) replaced by an escape of the same length
/// (`\u0020`): JSON allows surrogate pairs, YAML does not, and this copy is only read for
/// positions, which keep their line and column.
fn without_surrogate_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    let is_surrogate = |escape: &[u8]| {
        escape.len() == 6
            && escape[0] == b'\\'
            && escape[1] == b'u'
            && escape[2].eq_ignore_ascii_case(&b'd')
            && matches!(escape[3].to_ascii_lowercase(), b'8'..=b'9' | b'a'..=b'f')
            && escape[4..].iter().all(u8::is_ascii_hexdigit)
    };
    let bytes = text.as_bytes();
    if !bytes.windows(6).any(is_surrogate) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        // A backslash escaping a backslash is not the start of an escape.
        if bytes[index] == b'\\' && bytes.get(index + 1) == Some(&b'\\') {
            out.extend_from_slice(b"\\\\");
            index += 2;
        } else if bytes.get(index..index + 6).is_some_and(is_surrogate) {
            out.extend_from_slice(b"\\u0020");
            index += 6;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    // Only ASCII was replaced by ASCII, so the text is still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_owned()))
}

fn location(marker: Marker) -> Location {
    Location {
        line: marker.line(),
        column: marker.col() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_items() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      parameters:\n        - name: x\n          in: query\n        - {name: y, in: path}\n";
        let positions = Positions::index(text);
        let at = |p: &str| positions.get(p).map(|l| (l.line, l.column));
        assert_eq!(at("#/openapi"), Some((1, 1)));
        assert_eq!(at("#/paths/~1a"), Some((3, 3)));
        assert_eq!(at("#/paths/~1a/get/parameters/0"), Some((6, 11)));
        assert_eq!(at("#/paths/~1a/get/parameters/0/in"), Some((7, 11)));
        assert_eq!(at("#/paths/~1a/get/parameters/1"), Some((8, 12)));
        assert_eq!(at("#/paths/~1a/get/parameters/1/in"), Some((8, 21)));
        assert_eq!(at("#/paths/~1b"), None);
    }

    #[test]
    fn json_is_indexed_too() {
        let positions = Positions::index("{\"a\": {\"b\": [1, {\"c\": 2}]}}");
        assert_eq!(
            positions.get("#/a/b/1/c").map(|l| (l.line, l.column)),
            Some((1, 18))
        );
    }

    #[test]
    fn json_surrogate_escapes_keep_every_position_and_nothing_else_is_changed() {
        // An escaped backslash before `ud83d`, and `ud83d` with no backslash, are not surrogate
        // escapes.
        let positions = Positions::index(
            r#"{"a\\ud83d": 1, "Xud83d": 2, "b": "\ud83d\ude00", "c": 3, "q\"x": 4}"#,
        );
        let at = |p: &str| positions.get(p).map(|l| (l.line, l.column));
        assert_eq!(at("#/a\\ud83d"), Some((1, 2)));
        assert_eq!(at("#/Xud83d"), Some((1, 17)));
        assert_eq!(at("#/b"), Some((1, 30)));
        assert_eq!(at("#/c"), Some((1, 51)));
        // Other escapes are kept as they are.
        assert_eq!(at("#/q\"x"), Some((1, 59)));
    }

    #[test]
    fn only_the_first_document_of_a_stream_is_indexed() {
        let positions = Positions::index("a: 1\n---\nb: 2\n");
        assert_eq!(positions.get("#/a"), Some(Location { line: 1, column: 1 }));
        assert_eq!(positions.get("#/b"), None);
    }

    #[test]
    fn an_alias_as_a_key_is_one_key() {
        let positions = Positions::index("a: &k x\n*k : 1\nb: 2\n");
        assert_eq!(positions.get("#/*"), Some(Location { line: 2, column: 1 }));
        assert_eq!(positions.get("#/b"), Some(Location { line: 3, column: 1 }));
    }

    #[test]
    fn broken_documents_index_what_they_can() {
        let positions = Positions::index("a: 1\nb: [\n");
        assert!(positions.get("#/a").is_some());
    }
}
