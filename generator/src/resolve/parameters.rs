//! Operation parameters: path, query, header and cookie parameters (merged from the path item
//! and the operation), their serialisation styles, and the path template they fill.

use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, Schema,
    SchemaKind, Type,
};

use crate::diagnostics::Pointer;
use crate::ir::{Param, ParamLocation, ParamStyle, RustType, TypeKind};
use crate::naming::{camel, snake, Namespace};
use crate::resolve::operations::Site;
use crate::resolve::path_template::{other_spelling, template_variables};
use crate::resolve::schemas::SchemaRef;
use crate::resolve::Resolver;

/// Builder methods every generated request builder has; parameters must not shadow them.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "send",
    "url",
    "client",
    "call",
    "body",
    "options",
    "request",
    "retry_policy",
    "timeout",
    "max_response_body",
    "pages",
    "stream",
];

impl Resolver<'_> {
    pub(super) fn params(&mut self, site: &Site<'_>, builder: &str) -> Vec<Param> {
        // Operation-level parameters override path-level ones with the same name and location.
        // (parameter, where it is defined, where this operation lists it)
        let mut merged: IndexMap<(String, &'static str), (&Parameter, Pointer, Pointer)> =
            IndexMap::new();
        let sources = [
            (&site.item.parameters, site.pointer.parent_path()),
            (&site.operation.parameters, site.pointer.clone()),
        ];
        for (list, base) in sources {
            for (index, parameter) in list.iter().enumerate() {
                let listed = base.join("parameters").join(index);
                let Some((parameter, pointer)) = self.parameter(parameter, listed.clone()) else {
                    continue;
                };
                let location = match parameter {
                    Parameter::Query { .. } => "query",
                    Parameter::Path { .. } => "path",
                    Parameter::Header { .. } => "header",
                    Parameter::Cookie { .. } => "cookie",
                };
                merged.insert(
                    (parameter.parameter_data_ref().name.clone(), location),
                    (parameter, pointer, listed),
                );
            }
        }
        let mut names = Namespace::with_reserved(BUILDER_METHODS);
        let mut params = Vec::new();
        let variables = template_variables(site.path);
        for ((mut name, _), (parameter, pointer, listed)) in merged {
            let data = parameter.parameter_data_ref();
            let explode = data.explode;
            let (location, wanted_style) = match parameter {
                Parameter::Path { style, .. } => {
                    if let Some(variable) = other_spelling(&variables, &name) {
                        self.diags.warning(
                            &listed,
                            format!("path parameter `{name}` is spelled `{{{variable}}}` in the path `{}`; taken as that variable", site.path),
                            Some(format!("name the parameter `{variable}`, as the path does")),
                        );
                        name = variable.to_owned();
                    }
                    if !variables.contains(&name.as_str()) {
                        self.diags.warning(
                            &listed,
                            format!(
                                "path parameter `{name}` is declared but the path `{}` has no `{{{name}}}`; it is ignored",
                                site.path
                            ),
                            Some(format!(
                                "remove the parameter from this operation, or add `{{{name}}}` to the path"
                            )),
                        );
                        continue;
                    }
                    let style = match (style, explode.unwrap_or(false)) {
                        (PathStyle::Simple, false) => ParamStyle::Simple,
                        (PathStyle::Simple, true) => ParamStyle::SimpleExploded,
                        (PathStyle::Label, false) => ParamStyle::Label,
                        (PathStyle::Label, true) => ParamStyle::LabelExploded,
                        (PathStyle::Matrix, false) => ParamStyle::Matrix,
                        (PathStyle::Matrix, true) => ParamStyle::MatrixExploded,
                    };
                    (ParamLocation::Path, style)
                }
                Parameter::Query { style, .. } => {
                    let style = match (style, explode.unwrap_or(true)) {
                        (QueryStyle::Form, true) => ParamStyle::Form,
                        (QueryStyle::Form, false) => ParamStyle::FormUnexploded,
                        (QueryStyle::DeepObject, _) => ParamStyle::DeepObject,
                        (QueryStyle::SpaceDelimited, _) => ParamStyle::SpaceDelimited,
                        (QueryStyle::PipeDelimited, _) => ParamStyle::PipeDelimited,
                    };
                    (ParamLocation::Query, style)
                }
                Parameter::Header { .. } if explode == Some(true) => {
                    (ParamLocation::Header, ParamStyle::SimpleExploded)
                }
                Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Simple),
            };
            let docs = data
                .description
                .clone()
                // An empty description (`description: ''`) says nothing: the default docs apply.
                .filter(|docs| !docs.trim().is_empty());
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(content) => {
                    let mut media_types: Vec<&str> = content.keys().map(String::as_str).collect();
                    media_types.sort_unstable();
                    self.diags.warning(
                        &pointer.join("content"),
                        format!("parameter `{name}` is described by `content` ({}): it is a string the caller encodes that way", media_types.join(", ")),
                        Some("describe the parameter with `schema` to get a typed argument".to_owned()),
                    );
                    params.push(Param {
                        rust_name: names.claim(snake(&name)),
                        name,
                        location,
                        style: ParamStyle::Plain,
                        required: data.required || location == ParamLocation::Path,
                        ty: RustType::String,
                        docs,
                        minimum: None,
                        maximum: None,
                        constant: None,
                    });
                    continue;
                }
            };
            // A required parameter that can only be one value is the client's to send, not the
            // caller's to supply (and needs no enum type of its own).
            let constant = single_string_value(schema, self.spec)
                .filter(|_| data.required || location == ParamLocation::Path);
            let ty = match &constant {
                Some(_) => RustType::String,
                None => {
                    self.schema_type(
                        SchemaRef::from(schema),
                        &pointer.join("schema"),
                        &format!("{builder}{}", camel(&name)),
                    )
                    .ty
                }
            };
            if location == ParamLocation::Path && !data.required {
                self.diags.warning(
                    &pointer,
                    format!("path parameter `{name}` is not marked required; path parameters always are, so it is treated as required"),
                    Some("set required: true".to_owned()),
                );
            }
            // Values `Display` writes correctly keep the plain (and most readable) code.
            let style = match (location, wanted_style) {
                (ParamLocation::Path, ParamStyle::Simple | ParamStyle::SimpleExploded)
                    if self.is_plain(&ty, 0) =>
                {
                    ParamStyle::Plain
                }
                (ParamLocation::Query, ParamStyle::Form) => match &ty {
                    RustType::Vec(item) if self.is_plain(item, 0) => ParamStyle::Plain,
                    ty if self.is_plain(ty, 0) => ParamStyle::Plain,
                    _ => ParamStyle::Form,
                },
                // `explode` changes only how objects are written.
                (ParamLocation::Header, ParamStyle::SimpleExploded) if self.is_plain(&ty, 0) => {
                    ParamStyle::Simple
                }
                (_, style) => style,
            };
            // Cookies are `form` style, exploded unless the spec says otherwise; OpenAPI does not
            // say how an exploded array or object is written in a `Cookie` header.
            if location == ParamLocation::Cookie
                && explode.unwrap_or(true)
                && !self.is_plain(&ty, 0)
            {
                self.diags.warning(
                    &pointer,
                    format!("cookie `{name}` is an array or object with `explode: true` (the default for cookies); it is sent as `form` without `explode` (`{name}=a,b`)"),
                    Some("set `explode: false`, which says what is sent".to_owned()),
                );
            }
            let (minimum, maximum) = integer_bounds(schema, self.spec);
            params.push(Param {
                rust_name: names.claim(snake(&name)),
                name,
                location,
                style,
                required: data.required || location == ParamLocation::Path,
                ty,
                docs,
                minimum,
                maximum,
                constant,
            });
        }
        self.complete_path_params(site, &variables, &mut params, &mut names);
        // Constructor arguments first; otherwise spec order.
        params.sort_by_key(|param| !param.required);
        params
    }

    /// Whether `Display` writes a value of `ty` as OpenAPI expects: numbers, booleans,
    /// strings, dates, secrets and string enums.
    pub(super) fn is_plain(&self, ty: &RustType, depth: usize) -> bool {
        match ty {
            RustType::Bool
            | RustType::I32
            | RustType::I64
            | RustType::U64
            | RustType::I128
            | RustType::F32
            | RustType::F64
            | RustType::String
            | RustType::Secret
            | RustType::DateTime
            | RustType::Date => true,
            RustType::Named(name) if depth < 8 => {
                match self
                    .types
                    .iter()
                    .find(|def| &def.name == name)
                    .map(|def| &def.kind)
                {
                    Some(TypeKind::StringEnum(_)) => true,
                    Some(TypeKind::Alias(
                        inner @ (RustType::Bool
                        | RustType::I32
                        | RustType::I64
                        | RustType::U64
                        | RustType::I128
                        | RustType::F32
                        | RustType::F64
                        | RustType::String
                        | RustType::Date
                        | RustType::Named(_)),
                    )) => self.is_plain(inner, depth + 1),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    fn parameter<'p>(
        &mut self,
        parameter: &'p ReferenceOr<Parameter>,
        pointer: Pointer,
    ) -> Option<(&'p Parameter, Pointer)>
    where
        Self: 'p,
    {
        match parameter {
            ReferenceOr::Item(parameter) => Some((parameter, pointer)),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| {
                        Some((name, self.spec.components.as_ref()?.parameters.get(name)?))
                    });
                match found {
                    Some((name, ReferenceOr::Item(parameter))) => Some((
                        parameter,
                        Pointer::root()
                            .join("components")
                            .join("parameters")
                            .join(name),
                    )),
                    _ => {
                        self.diags.error(&pointer, format!("`$ref: {reference}` does not point at a parameter in #/components/parameters"), Some("point the reference at an existing entry of components.parameters".to_owned()));
                        None
                    }
                }
            }
        }
    }
}

/// The one value a string schema allows (`enum: [code]`), if it allows exactly one.
fn single_string_value(schema: &ReferenceOr<Schema>, spec: &OpenAPI) -> Option<String> {
    let schema = match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| spec.components.as_ref()?.schemas.get(name))
            .and_then(|schema| schema.as_item()),
    }?;
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Inclusive bounds of an integer schema, following a component `$ref`.
fn integer_bounds(schema: &ReferenceOr<Schema>, spec: &OpenAPI) -> (Option<i128>, Option<i128>) {
    let schema = match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| spec.components.as_ref()?.schemas.get(name))
            .and_then(|schema| schema.as_item()),
    };
    schema.map_or((None, None), crate::resolve::schemas::integer_bounds)
}
