//! The example of an operation's success response, kept for the generated mock server's
//! default answers. Broken references here are already reported where the response and its
//! schema are resolved; an example that cannot be found is simply absent (the mock then builds
//! one from the types).

use openapiv3::{Operation as SpecOperation, ReferenceOr, Response, StatusCode};
use serde_json::Value;

use crate::resolve::bodies::json_content;
use crate::resolve::Resolver;

impl Resolver<'_> {
    /// The example of the first success response (by status) that has one.
    pub(crate) fn success_example(&self, spec_op: &SpecOperation) -> Option<Value> {
        let mut successes: Vec<(u16, &ReferenceOr<Response>)> = spec_op
            .responses
            .responses
            .iter()
            .filter_map(|(code, response)| match code {
                StatusCode::Code(code @ 200..=299) => Some((*code, response)),
                StatusCode::Range(2) => Some((200, response)),
                _ => None,
            })
            .collect();
        successes.sort_by_key(|(code, _)| *code);
        successes
            .into_iter()
            .find_map(|(_, response)| self.response_example(response))
    }

    fn response_example(&self, response: &ReferenceOr<Response>) -> Option<Value> {
        let components = self.spec.components.as_ref();
        let response = match response {
            ReferenceOr::Item(response) => response,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                components?.responses.get(name)?.as_item()?
            }
        };
        // The media type the body is read as: JSON when declared, else the first (a text
        // answer's example is its own `text/plain` example).
        let (_, media) = json_content(&response.content).or_else(|| response.content.first())?;
        if let Some(example) = &media.example {
            return Some(example.clone());
        }
        let chosen = media
            .examples
            .get("default")
            .or_else(|| media.examples.values().next());
        if let Some(example) = chosen {
            let example = match example {
                ReferenceOr::Item(example) => Some(example),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/examples/")
                    .and_then(|name| components?.examples.get(name)?.as_item()),
            };
            if let Some(value) = example.and_then(|example| example.value.clone()) {
                return Some(value);
            }
        }
        let schema = match media.schema.as_ref()? {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                components?.schemas.get(name)?.as_item()?
            }
        };
        schema.schema_data.example.clone()
    }
}
