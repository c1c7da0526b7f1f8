//! Responses: the success outcome of an operation (one body type for all its success
//! statuses) and the typed error response of every other declared status.

use openapiv3::{Operation as SpecOperation, ReferenceOr, Response, StatusCode};

use crate::diagnostics::Pointer;
use crate::ir::{ErrorResponse, Outcome, Payload, RustType, StatusMatch};
use crate::naming::Namespace;
use crate::resolve::bodies::json_content;
use crate::resolve::Resolver;

impl Resolver<'_> {
    pub(super) fn responses(
        &mut self,
        spec_op: &SpecOperation,
        pointer: &Pointer,
        builder: &str,
    ) -> (Outcome, Vec<ErrorResponse>) {
        let responses_pointer = pointer.join("responses");
        let mut success: Option<(u16, Option<Payload>)> = None;
        let mut success_statuses = Vec::new();
        let mut errors = Vec::new();
        let mut variants = Namespace::default();
        let mut entries: Vec<(StatusMatch, String, &ReferenceOr<Response>)> = spec_op
            .responses
            .responses
            .iter()
            .map(|(code, response)| match code {
                StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string(), response),
                StatusCode::Range(range) => {
                    (StatusMatch::Range(*range), format!("{range}XX"), response)
                }
            })
            .collect();
        if let Some(default) = &spec_op.responses.default {
            entries.push((StatusMatch::Default, "default".to_owned(), default));
        }
        entries.sort_by_key(|entry| entry.0);
        // An operation that only redirects (an OAuth authorize endpoint) succeeds with its
        // 3xx: the client does not follow redirects, the `Location` is in the headers.
        let declared: Vec<u16> = entries
            .iter()
            .filter_map(|entry| match entry.0 {
                StatusMatch::Code(code) => Some(code),
                _ => None,
            })
            .collect();
        let redirects_succeed = !entries.iter().any(|entry| {
            matches!(
                entry.0,
                StatusMatch::Code(200..=299) | StatusMatch::Range(2)
            )
        });
        // `101 Switching Protocols` and no 2xx or 3xx: the call hands over the connection.
        let upgrades = redirects_succeed
            && declared.contains(&101)
            && !entries.iter().any(|entry| {
                matches!(
                    entry.0,
                    StatusMatch::Code(300..=399) | StatusMatch::Range(3)
                )
            });
        // Nothing but errors and `default`: `default` describes the success.
        let default_succeeds = redirects_succeed
            && !upgrades
            && !entries.iter().any(|entry| {
                matches!(
                    entry.0,
                    StatusMatch::Code(300..=399) | StatusMatch::Range(3)
                )
            });
        for (status, key, response) in entries {
            if upgrades && status == StatusMatch::Code(101) {
                continue;
            }
            let pointer = responses_pointer.join(&key);
            let Some((response, pointer)) = self.response(response, pointer) else {
                continue;
            };
            let is_success = matches!(status, StatusMatch::Code(200..=299) | StatusMatch::Range(2))
                || (redirects_succeed
                    && matches!(status, StatusMatch::Code(300..=399) | StatusMatch::Range(3)))
                || (default_succeeds && status == StatusMatch::Default);
            if default_succeeds && status == StatusMatch::Default {
                self.diags.warning(
                    &pointer,
                    "no 2xx (or 3xx) response is declared; `default` is taken as the success response of any 2xx status",
                    Some("declare the success response, e.g. `200`".to_owned()),
                );
            }
            let hint = if is_success {
                format!("{builder}Response")
            } else {
                format!("{builder}{}", status_variant(status))
            };
            let payload = self.payload(response, &pointer, &hint);
            if is_success {
                let codes: Vec<u16> = match status {
                    StatusMatch::Code(code) => vec![code],
                    // A range: every status of it not declared on its own.
                    StatusMatch::Range(digit) => (digit * 100..digit * 100 + 100)
                        .filter(|code| !declared.contains(code))
                        .collect(),
                    // Only reached when `default` is the success: any 2xx.
                    StatusMatch::Default => (200..300).collect(),
                };
                match &success {
                    None => success = Some((0, payload)),
                    // One success status with a JSON body, another with none (`200` and
                    // `204`): the body is optional, absent for the empty one.
                    Some((_, first)) if first.is_none() != payload.is_none() => {
                        let json = first.clone().or(payload);
                        let optional = match json {
                            Some(Payload::Json(RustType::Option(inner))) => {
                                Some(Payload::Json(RustType::Option(inner)))
                            }
                            Some(Payload::Json(ty)) => {
                                Some(Payload::Json(RustType::Option(Box::new(ty))))
                            }
                            // Text or bytes: an empty body is an empty text or byte string.
                            other => other,
                        };
                        self.diags.warning(
                            &pointer,
                            format!("success status {key} and an earlier success status differ in having a body; the body is optional (`None` when there is none)"),
                            Some("nothing to do if the API really answers both ways".to_owned()),
                        );
                        success = Some((0, optional));
                    }
                    Some((_, first)) if *first != payload => {
                        self.diags.warning(
                            &pointer,
                            format!("success status {key} has a different body than the first success status; it is decoded as that one"),
                            Some("give every success status of an operation the same body".to_owned()),
                        );
                    }
                    Some(_) => {}
                }
                success_statuses.extend(codes);
            } else {
                errors.push(ErrorResponse {
                    status,
                    variant: variants.claim(status_variant(status)),
                    body: payload,
                    docs: Some(response.description.clone()).filter(|d| !d.is_empty()),
                });
            }
        }
        if upgrades {
            return (Outcome::Upgrade, errors);
        }
        let Some((_, body)) = success else {
            self.diags.error(
                &responses_pointer,
                "operation declares no 2xx (or, for a redirect, 3xx; for a protocol switch, 101) response",
                Some("declare the success response, e.g. `200` or `204`".to_owned()),
            );
            return (
                Outcome::Call {
                    statuses: Vec::new(),
                    body: None,
                },
                errors,
            );
        };
        (
            Outcome::Call {
                statuses: success_statuses,
                body,
            },
            errors,
        )
    }

    fn response<'r>(
        &mut self,
        response: &'r ReferenceOr<Response>,
        pointer: Pointer,
    ) -> Option<(&'r Response, Pointer)>
    where
        Self: 'r,
    {
        match response {
            ReferenceOr::Item(response) => Some((response, pointer)),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|name| {
                        Some((name, self.spec.components.as_ref()?.responses.get(name)?))
                    });
                match found {
                    Some((name, ReferenceOr::Item(response))) => Some((
                        response,
                        Pointer::root()
                            .join("components")
                            .join("responses")
                            .join(name),
                    )),
                    _ => {
                        self.diags.error(&pointer, format!("`$ref: {reference}` does not point at a response in #/components/responses"), Some("point the reference at an existing entry of components.responses".to_owned()));
                        None
                    }
                }
            }
        }
    }

    fn payload(&mut self, response: &Response, pointer: &Pointer, hint: &str) -> Option<Payload> {
        if response.content.is_empty() {
            return None;
        }
        if let Some((media_type, content)) = json_content(&response.content) {
            let pointer = pointer.join("content").join(media_type);
            let Some(schema) = &content.schema else {
                return Some(Payload::Json(crate::ir::RustType::Json));
            };
            let resolved = self.schema_type(schema.into(), &pointer.join("schema"), hint);
            let ty = if resolved.nullable {
                crate::ir::RustType::Option(Box::new(resolved.ty))
            } else {
                resolved.ty
            };
            return Some(Payload::Json(ty));
        }
        if response
            .content
            .keys()
            .any(|media_type| media_type.starts_with("text/"))
        {
            return Some(Payload::Text);
        }
        // Anything else (images, PDFs, archives, XML, ...) is handed over as bytes.
        Some(Payload::Bytes)
    }
}

/// Variant name for an error status: `404` → `NotFound`.
fn status_variant(status: StatusMatch) -> String {
    let code = match status {
        StatusMatch::Default => return "Other".to_owned(),
        StatusMatch::Range(4) => return "ClientError".to_owned(),
        StatusMatch::Range(5) => return "ServerError".to_owned(),
        StatusMatch::Range(digit) => return format!("Status{digit}xx"),
        StatusMatch::Code(code) => code,
    };
    let reason = match code {
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        423 => "Locked",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}
