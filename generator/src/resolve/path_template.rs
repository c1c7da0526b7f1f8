//! The path template: its `{variables}`, matched to the declared path parameters (real specs
//! spell them in another case, declare them `in: query`, or not at all), and the parts the
//! generated code joins into the request path.

use crate::ir::{Param, ParamLocation, ParamStyle, PathPart, RustType};
use crate::naming::{snake, Namespace};
use crate::resolve::operations::Site;
use crate::resolve::Resolver;

impl Resolver<'_> {
    /// Makes every variable of the template a path parameter: a parameter of the same name
    /// declared in the query (or a header or cookie) is taken as the path's, and an undeclared
    /// variable becomes a required string parameter; each with a warning.
    pub(super) fn complete_path_params(
        &mut self,
        site: &Site<'_>,
        variables: &[&str],
        params: &mut Vec<Param>,
        names: &mut Namespace,
    ) {
        let listed = site.pointer.join("parameters");
        for &variable in variables {
            if params
                .iter()
                .any(|param| param.location == ParamLocation::Path && param.name == variable)
            {
                continue;
            }
            let elsewhere: Vec<usize> = (0..params.len())
                .filter(|&index| {
                    params[index].location != ParamLocation::Path
                        && params[index].name.eq_ignore_ascii_case(variable)
                })
                .collect();
            if let [index] = elsewhere[..] {
                let plain = self.is_plain(&params[index].ty, 0);
                let param = &mut params[index];
                self.diags.warning(
                    &listed,
                    format!(
                        "path template uses `{{{variable}}}`, declared as a {} parameter `{}`; it is sent in the path",
                        match param.location {
                            ParamLocation::Header => "header",
                            ParamLocation::Cookie => "cookie",
                            _ => "query",
                        },
                        param.name
                    ),
                    Some(format!("declare `{variable}` with `in: path, required: true`")),
                );
                param.name = variable.to_owned();
                param.location = ParamLocation::Path;
                param.required = true;
                param.style = if plain {
                    ParamStyle::Plain
                } else {
                    ParamStyle::Simple
                };
                continue;
            }
            self.diags.warning(
                &listed,
                format!("path template uses `{{{variable}}}` but no path parameter `{variable}` is declared; it is a required string argument"),
                Some(format!("declare `- name: {variable}, in: path, required: true`")),
            );
            params.push(Param {
                name: variable.to_owned(),
                rust_name: names.claim(snake(variable)),
                location: ParamLocation::Path,
                style: ParamStyle::Plain,
                required: true,
                ty: RustType::String,
                docs: None,
                minimum: None,
                maximum: None,
                constant: None,
            });
        }
    }

    pub(super) fn path_parts(&mut self, site: &Site<'_>, params: &[Param]) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = site.path;
        while let Some(start) = rest.find('{') {
            if start > 0 {
                parts.push(PathPart::Literal(rest[..start].to_owned()));
            }
            let Some(length) = rest[start..].find('}') else {
                self.diags.error(
                    &site.pointer.parent_path(),
                    "unclosed `{` in path template",
                    Some("close every `{name` with `}`".to_owned()),
                );
                return parts;
            };
            let name = &rest[start + 1..start + length];
            match params.iter().position(|p| p.location == ParamLocation::Path && p.name == name) {
                Some(index) => parts.push(PathPart::Param(index)),
                None => self.diags.error(
                    &site.pointer.join("parameters"),
                    format!("path template uses `{{{name}}}` but no path parameter `{name}` is declared"),
                    Some(format!("declare `- name: {name}, in: path, required: true`")),
                ),
            }
            rest = &rest[start + length + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        parts
    }
}

/// The `{variables}` of a path template, in order (an unclosed `{` ends the list; the path
/// parts report it).
pub(super) fn template_variables(path: &str) -> Vec<&str> {
    let mut variables = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        variables.push(&rest[start + 1..start + length]);
        rest = &rest[start + length + 1..];
    }
    variables
}

/// The variable of the template that `name` matches only ignoring case, when exactly one does.
pub(super) fn other_spelling<'v>(variables: &[&'v str], name: &str) -> Option<&'v str> {
    if variables.contains(&name) {
        return None;
    }
    let mut matches = variables
        .iter()
        .filter(|variable| variable.eq_ignore_ascii_case(name));
    match (matches.next(), matches.next()) {
        (Some(variable), None) => Some(variable),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_and_their_other_spellings() {
        let variables = template_variables("/a/{Id}/b/{execution.workflow_id}/{x");
        assert_eq!(variables, ["Id", "execution.workflow_id"]);
        // An empty `{}` is a variable too, and the search goes on after it.
        assert_eq!(template_variables("/a/{}/b/{c}"), ["", "c"]);
        assert_eq!(other_spelling(&variables, "id"), Some("Id"));
        assert_eq!(other_spelling(&variables, "Id"), None);
        assert_eq!(other_spelling(&["a", "A"], "a"), None);
        assert_eq!(other_spelling(&["ab", "AB"], "Ab"), None);
    }
}
