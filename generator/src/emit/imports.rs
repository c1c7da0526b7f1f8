//! Imports: generated files name what they use by its short name and import it once at the
//! top, as a person writes Rust. A scope records the names a file uses and emits its `use`
//! items; a name that would clash with a generated type is written out in full instead.
//!
//! Short paths are also what keeps generation fast: `syn` parses every path in the output, and
//! fully qualified ones were most of its work.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::ident;
use crate::ir::Api;

/// An item from the runtime, a dependency or `std` that generated code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Item {
    Client,
    ClientBuilder,
    Response,
    ServerSpec,
    ServerVariableSpec,
    Credential,
    ApiKeyLocation,
    Error,
    UrlError,
    DecodeError,
    OperationError,
    DecodeJson,
    Operation,
    Request,
    Call,
    CallSettingsMacro,
    Multipart,
    Style,
    PathSegment,
    PathSerialized,
    PathStyled,
    PathStyle,
    Pagination,
    Secret,
    Method,
    StatusCode,
    Bytes,
    Upgraded,
    Url,
    BoxStream,
    Future,
    DateTime,
    Utc,
    SecondsFormat,
    NaiveDate,
    Value,
    Map,
    BTreeMap,
    Deserialize,
    Deserializer,
    Serialize,
    Serializer,
    MapAccess,
    ObjectModule,
    ObjectMember,
    TagOf,
    DecodeVariant,
    SerializeTagged,
    Fmt,
    MockApi,
    MockServer,
    MockOperation,
    MockExample,
    MockPagination,
    MockCursor,
    MockOffset,
    MockScheme,
    MockSchemeKind,
    OperationExpectation,
}

impl Item {
    /// The module the item lives in and its name there.
    fn path(self) -> (&'static str, &'static str) {
        match self {
            Item::Client => ("crate::runtime::client", "Client"),
            Item::ClientBuilder => ("crate::runtime::builder", "ClientBuilder"),
            Item::Response => ("crate::runtime::response", "Response"),
            Item::ServerSpec => ("crate::runtime::builder", "ServerSpec"),
            Item::ServerVariableSpec => ("crate::runtime::builder", "ServerVariableSpec"),
            Item::Credential => ("crate::runtime::auth", "Credential"),
            Item::ApiKeyLocation => ("crate::runtime::auth", "ApiKeyLocation"),
            Item::Error => ("crate::runtime::error", "Error"),
            Item::UrlError => ("crate::runtime::error", "UrlError"),
            Item::DecodeError => ("crate::runtime::error", "DecodeError"),
            Item::OperationError => ("crate::runtime::error", "OperationError"),
            Item::DecodeJson => ("crate::runtime::error", "decode_json"),
            Item::Operation => ("crate::runtime::request", "Operation"),
            Item::Request => ("crate::runtime::request", "Request"),
            Item::Call => ("crate::runtime::settings", "Call"),
            Item::CallSettingsMacro => ("crate::runtime::settings", "call_settings"),
            Item::Multipart => ("crate::runtime::multipart", "Multipart"),
            Item::Style => ("crate::runtime::params", "Style"),
            Item::PathSegment => ("crate::runtime::params", "path_segment"),
            Item::PathSerialized => ("crate::runtime::params", "path_serialized"),
            Item::PathStyled => ("crate::runtime::params", "path_styled"),
            Item::PathStyle => ("crate::runtime::params", "PathStyle"),
            Item::Pagination => ("crate::runtime", "pagination"),
            Item::Secret => ("crate::runtime::secret", "Secret"),
            Item::Method => ("reqwest", "Method"),
            Item::StatusCode => ("reqwest", "StatusCode"),
            Item::Bytes => ("bytes", "Bytes"),
            Item::Upgraded => ("reqwest", "Upgraded"),
            Item::Url => ("url", "Url"),
            Item::BoxStream => ("futures::stream", "BoxStream"),
            Item::Future => ("std::future", "Future"),
            Item::DateTime => ("chrono", "DateTime"),
            Item::Utc => ("chrono", "Utc"),
            Item::SecondsFormat => ("chrono", "SecondsFormat"),
            Item::NaiveDate => ("chrono", "NaiveDate"),
            Item::Value => ("serde_json", "Value"),
            Item::Map => ("serde_json", "Map"),
            Item::BTreeMap => ("std::collections", "BTreeMap"),
            Item::Deserialize => ("serde", "Deserialize"),
            Item::Deserializer => ("serde", "Deserializer"),
            Item::Serialize => ("serde", "Serialize"),
            Item::Serializer => ("serde", "Serializer"),
            Item::MapAccess => ("serde::de", "MapAccess"),
            Item::ObjectModule => ("crate::runtime", "object"),
            Item::ObjectMember => ("crate::runtime::object", "Member"),
            Item::TagOf => ("crate::runtime::tagged", "tag_of"),
            Item::DecodeVariant => ("crate::runtime::tagged", "decode_variant"),
            Item::SerializeTagged => ("crate::runtime::tagged", "serialize_tagged"),
            Item::Fmt => ("std", "fmt"),
            Item::MockApi => ("crate::runtime::mock", "MockApi"),
            Item::MockServer => ("crate::runtime::mock", "MockServer"),
            Item::MockOperation => ("crate::runtime::mock", "MockOperation"),
            Item::MockExample => ("crate::runtime::mock", "MockExample"),
            Item::MockPagination => ("crate::runtime::mock", "MockPagination"),
            Item::MockCursor => ("crate::runtime::mock", "MockCursor"),
            Item::MockOffset => ("crate::runtime::mock", "MockOffset"),
            Item::MockScheme => ("crate::runtime::mock", "MockScheme"),
            Item::MockSchemeKind => ("crate::runtime::mock", "MockSchemeKind"),
            Item::OperationExpectation => ("crate::runtime::mock", "OperationExpectation"),
        }
    }
}

/// Where a generated file's module sits, which decides how it reaches the models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Home {
    /// `models.rs`: the model types are its own.
    Models,
    /// A module beside `models` (`client.rs`, an area).
    Generated,
    /// A module of `mock` (`mock_{area}.rs`), a level further down.
    Mock,
}

/// The names one generated file uses.
pub(crate) struct Scope<'a> {
    /// Every type name the generator made up (models, builders, errors, areas): an item with
    /// one of these names is written with its full path.
    generated: &'a BTreeSet<String>,
    home: Home,
    items: RefCell<BTreeSet<Item>>,
    models: RefCell<BTreeSet<String>>,
    /// Types of the client's area modules that a mock module uses: module → names.
    area_items: RefCell<BTreeMap<String, BTreeSet<String>>>,
}

impl<'a> Scope<'a> {
    pub(crate) fn new(generated: &'a BTreeSet<String>, home: Home) -> Self {
        Self {
            generated,
            home,
            items: RefCell::default(),
            models: RefCell::default(),
            area_items: RefCell::default(),
        }
    }

    /// Tokens naming `item`: its short name, imported, unless a generated type takes it.
    pub(crate) fn name(&self, item: Item) -> TokenStream {
        let (module, name) = item.path();
        if self.generated.contains(name) {
            let path: TokenStream = format!("{module}::{name}").parse().unwrap_or_default();
            return path;
        }
        self.items.borrow_mut().insert(item);
        let name = ident(name);
        quote!(#name)
    }

    /// Tokens naming the generated model type `name`.
    pub(crate) fn model(&self, name: &str) -> TokenStream {
        if self.home != Home::Models {
            self.models.borrow_mut().insert(name.to_owned());
        }
        let name = ident(name);
        quote!(#name)
    }

    /// Tokens naming type `name` of the client's area module `module`, from a mock module
    /// (`generated::mock::{module}`).
    pub(crate) fn area_item(&self, module: &str, name: &str) -> TokenStream {
        self.area_items
            .borrow_mut()
            .entry(module.to_owned())
            .or_default()
            .insert(name.to_owned());
        let name = ident(name);
        quote!(#name)
    }

    /// The file's `use` items, one per module, sorted.
    pub(crate) fn uses(&self) -> TokenStream {
        // `std` first, then other crates, then this crate, as rustfmt users group them.
        let mut by_module: BTreeMap<(u8, &str), Vec<&str>> = BTreeMap::new();
        for item in self.items.borrow().iter() {
            let (module, name) = item.path();
            let group = if module.starts_with("std") {
                0
            } else if module.starts_with("crate") {
                2
            } else {
                1
            };
            by_module.entry((group, module)).or_default().push(name);
        }
        let mut uses: Vec<TokenStream> = by_module
            .into_iter()
            .map(|((_, module), mut names)| {
                names.sort_unstable();
                let module: TokenStream = module.parse().unwrap_or_default();
                let names = names.into_iter().map(ident);
                if names.len() == 1 {
                    quote!(use #module::#(#names)*;)
                } else {
                    quote!(use #module::{#(#names),*};)
                }
            })
            .collect();
        let models = self.models.borrow();
        if !models.is_empty() {
            let names = models.iter().map(|name| ident(name));
            let module = match self.home {
                Home::Mock => quote!(super::super::models),
                Home::Models | Home::Generated => quote!(super::models),
            };
            uses.push(if models.len() == 1 {
                quote!(use #module::#(#names)*;)
            } else {
                quote!(use #module::{#(#names),*};)
            });
        }
        for (module, names) in self.area_items.borrow().iter() {
            let module = ident(module);
            let names: Vec<_> = names.iter().map(|name| ident(name)).collect();
            uses.push(match names.as_slice() {
                [name] => quote!(use super::super::#module::#name;),
                names => quote!(use super::super::#module::{#(#names),*};),
            });
        }
        quote!(#(#uses)*)
    }
}

/// Every type name the generator chose for `api`.
pub fn generated_names(api: &Api) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = api.types.iter().map(|def| def.name.clone()).collect();
    for area in &api.areas {
        names.insert(area.struct_name.clone());
        for operation in &area.operations {
            names.insert(operation.builder.clone());
            names.insert(operation.error_enum.clone());
        }
    }
    names
}
