//! A listing served as several pages: each request gets the page it asks for (by cursor or
//! by page number), linked to the next in the same style, so the client's `stream()` and
//! `pages()` walk them all.

use serde_json::{Map, Value};
use wiremock::ResponseTemplate;

use super::answer::{template, with_body};
use super::route::Route;
use super::MockOperation;

/// Cursors the mock hands out: `page-1` points at the second page.
const CURSOR_PREFIX: &str = "page-";

/// The pages of one listing.
#[derive(Debug)]
pub(crate) struct Pages {
    operation: &'static MockOperation,
    /// A page's other fields (counts, links), taken from the operation's example.
    template: Value,
    pages: Vec<Vec<Value>>,
}

impl Pages {
    pub(crate) fn new(operation: &'static MockOperation, pages: Vec<Vec<Value>>) -> Self {
        let template = serde_json::from_str(operation.example.body)
            .ok()
            .filter(Value::is_object)
            .unwrap_or_else(|| Value::Object(Map::new()));
        Self {
            operation,
            template,
            pages,
        }
    }

    /// The example page, served as the only page.
    pub(crate) fn from_example(operation: &'static MockOperation, page: Value) -> Self {
        let items = operation
            .pagination
            .as_ref()
            .and_then(|pagination| get(&page, pagination.items))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        Self {
            operation,
            template: page,
            pages: vec![items],
        }
    }

    pub(crate) fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let Some(pagination) = &self.operation.pagination else {
            return template(500);
        };
        let query: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        let param = |name: &str| {
            query
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        let offset_requested = pagination.offset.as_ref().is_some_and(|offset| {
            param(offset.page_param).is_some() || param(offset.size_param).is_some()
        });
        let mut page = self.template.clone();
        let last = self.pages.len().saturating_sub(1);
        // The client uses offset pagination when the caller sets one of its parameters.
        let offset = pagination
            .offset
            .as_ref()
            .filter(|_| offset_requested || pagination.cursor.is_none());
        let index = if let Some(offset) = offset {
            let index = param(offset.page_param)
                .and_then(|number| number.parse::<usize>().ok())
                .map_or(0, |number| number.saturating_sub(1));
            let next = (index < last).then(|| {
                Value::String(self.next_url(request, &query, offset.page_param, index + 2))
            });
            set(&mut page, offset.next_url, next.unwrap_or(Value::Null));
            index
        } else if let Some(cursor) = &pagination.cursor {
            let index = param(cursor.param)
                .and_then(|cursor| cursor.strip_prefix(CURSOR_PREFIX))
                .and_then(|number| number.parse::<usize>().ok())
                .unwrap_or(0);
            let more = index < last;
            set(&mut page, cursor.has_more, Value::Bool(more));
            let next = more.then(|| Value::String(format!("{CURSOR_PREFIX}{}", index + 1)));
            set(&mut page, cursor.next_cursor, next.unwrap_or(Value::Null));
            index
        } else {
            0
        };
        let items = self.pages.get(index).cloned().unwrap_or_default();
        set(&mut page, pagination.items, Value::Array(items));
        with_body(
            template(self.operation.example.status),
            "application/json",
            page.to_string().into_bytes(),
        )
    }

    /// The URL of page `number`, shaped as the real server writes it (under the spec's path
    /// of the server), which the client resolves against the mock's base URL.
    fn next_url(
        &self,
        request: &wiremock::Request,
        query: &[(String, String)],
        page_param: &str,
        number: usize,
    ) -> String {
        let route = Route::of(request.method.as_str(), request.url.path());
        let mut url = request.url.clone();
        url.set_path(&format!("{}{}", self.operation.server_path, route.path));
        let mut pairs: Vec<(String, String)> = query
            .iter()
            .filter(|(name, _)| name != page_param)
            .cloned()
            .collect();
        pairs.push((page_param.to_owned(), number.to_string()));
        url.query_pairs_mut().clear().extend_pairs(&pairs);
        url.to_string()
    }
}

fn get<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(value, |value, key| value.get(key))
}

/// Sets the property at `path`, creating (or replacing non-object) parents as needed.
fn set(value: &mut Value, path: &[&str], new: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut current = value;
    for key in parents {
        if !current.is_object() {
            *current = Value::Object(Map::new());
        }
        let Value::Object(fields) = current else {
            return;
        };
        current = fields
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !current.is_object() {
        *current = Value::Object(Map::new());
    }
    if let Value::Object(fields) = current {
        fields.insert((*last).to_owned(), new);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_creates_missing_parents() {
        let mut page = json!({"tokens": [], "meta": null});
        set(&mut page, &["meta", "has_more"], json!(true));
        assert_eq!(page, json!({"tokens": [], "meta": {"has_more": true}}));
        assert_eq!(get(&page, &["meta", "has_more"]), Some(&json!(true)));
        set(&mut page, &[], json!(1));
        assert_eq!(page["meta"]["has_more"], json!(true));
    }
}
