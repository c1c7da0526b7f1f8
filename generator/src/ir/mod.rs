//! The intermediate representation: every `$ref` resolved, every Rust name chosen and
//! de-duplicated, every type decided. Emitters read only this.

mod walk;

/// The whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Servers, sorted by name.
    pub servers: Vec<Server>,
    /// Security schemes, sorted by spec name.
    pub security_schemes: Vec<SecurityScheme>,
    /// Operation groups (one per tag), sorted by module name.
    pub areas: Vec<Area>,
    /// Operations left out because they cannot be generated faithfully, in spec order.
    pub skipped: Vec<Skipped>,
}

/// Something the generator left out or could only approximate, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// JSON pointer of the operation (or schema) in the spec.
    pub pointer: String,
    /// What it is, for people: `GET /pets/{id} (getPet)`.
    pub what: String,
    /// Why, in one sentence: the first problem found.
    pub reason: String,
}

/// A Rust type used in a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u64`: an integer whose bounds, enum values or default go beyond `i64`, never negative.
    U64,
    /// `i128`: an integer whose bounds, enum values or default go beyond `i64` and `u64`.
    I128,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `String`
    String,
    /// The runtime's redacting `Secret`.
    Secret,
    /// `chrono::DateTime<chrono::Utc>`
    DateTime,
    /// `chrono::NaiveDate`
    Date,
    /// `serde_json::Value`: any JSON.
    Json,
    /// `serde_json::Map<String, serde_json::Value>`: a free-form object.
    JsonObject,
    /// `Vec<T>`
    Vec(Box<RustType>),
    /// `BTreeMap<String, T>`
    Map(Box<RustType>),
    /// `Option<T>` (nullable inside a container).
    Option(Box<RustType>),
    /// `Vec<u8>`: a `format: binary` string (a file in a multipart body, a raw body).
    Bytes,
    /// `Box<T>`: a field or alternative on a `$ref` cycle, so the type has a finite size.
    Boxed(Box<RustType>),
    /// A generated type, by its Rust name.
    Named(String),
}

/// A generated named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name (UpperCamelCase, unique).
    pub name: String,
    /// rustdoc.
    pub docs: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// Which ways it crosses the wire: the serde traits it needs.
    pub directions: Directions,
}

/// Whether a model is sent (in a request body or a serialized parameter, directly or inside
/// another model) and whether it is received (in a success or error body). Neither: no
/// operation uses it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Directions {
    /// Encoded with `Serialize`.
    pub request: bool,
    /// Decoded with `Deserialize`.
    pub response: bool,
}

/// The shape of a generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Vec<Field>),
    /// A string enum, with an `Unknown(String)` fallback for values added later.
    StringEnum(Vec<EnumValue>),
    /// `oneOf`/`anyOf`: the first alternative that decodes wins.
    Untagged(Vec<Alternative>),
    /// `oneOf`/`anyOf` with a `discriminator`, or a base schema whose `discriminator` names
    /// the schemas extending it: the tag property picks the variant.
    Tagged(TaggedUnion),
    /// A named schema that is just another type (array, map, primitive).
    Alias(RustType),
    /// A named schema that is another type and refers to itself through it (an array of
    /// itself): a transparent newtype, since a type alias cannot be recursive.
    Newtype(RustType),
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name (snake_case, unique in the struct).
    pub rust_name: String,
    /// JSON property name.
    pub json_name: String,
    /// rustdoc.
    pub docs: Option<String>,
    /// Type of the value when present and not null.
    pub ty: RustType,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// The members not named in `properties`, kept because the schema says
    /// `additionalProperties: true` (`#[serde(flatten)]` into a JSON map).
    pub flatten: bool,
    /// Inclusive bounds of an integer field; a request body's are checked before sending.
    pub minimum: Option<i128>,
    /// See `minimum`.
    pub maximum: Option<i128>,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// Variant name.
    pub rust_name: String,
    /// The JSON string.
    pub value: String,
}

/// One alternative of an untagged union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// Variant name.
    pub rust_name: String,
    /// Its payload.
    pub ty: RustType,
}

/// A union told apart by a tag property, with an `Unknown(serde_json::Value)` fallback for
/// tags this client does not know (added to the API later) and for objects without a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedUnion {
    /// The discriminator's `propertyName`.
    pub property: String,
    /// One per tag value, in spec order (several tags may share a type).
    pub variants: Vec<TaggedVariant>,
}

/// One tag value of a tagged union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedVariant {
    /// The tag value on the wire.
    pub tag: String,
    /// Variant name (from the tag; never `Unknown`).
    pub rust_name: String,
    /// The object's type, which usually declares the tag property too.
    pub ty: RustType,
}

/// A server operations are sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// Stable name (`x-server-name`, or derived from the host).
    pub name: String,
    /// URL template.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// Name of the client builder method that overrides its base URL.
    pub setter: String,
    /// Template variables, in template order.
    pub variables: Vec<ServerVariable>,
    /// Other hosts serving the same operations (the servers listed after the first), each
    /// selectable by a builder method.
    pub alternatives: Vec<AlternativeServer>,
}

/// A server listed after an operation's first one: the same operations on another host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlternativeServer {
    /// Stable name (`x-server-name`, or derived from the host).
    pub name: String,
    /// URL (without variables).
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// Name of the client builder method that selects it.
    pub setter: String,
}

/// A server URL template variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    /// Name between braces.
    pub name: String,
    /// Default value.
    pub default: String,
    /// Allowed values (empty: any).
    pub allowed: Vec<String>,
    /// Name of the client builder method that sets it.
    pub setter: String,
    /// `description`.
    pub description: Option<String>,
}

/// How a security scheme authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP Basic.
    Basic,
    /// HTTP Bearer (also OAuth 2 access tokens).
    Bearer,
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Where it goes.
        location: ApiKeyLocation,
        /// Header, parameter or cookie name.
        name: String,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Key in `components.securitySchemes`.
    pub name: String,
    /// Name of the client builder method that sets its credential.
    pub setter: String,
    /// How it authenticates.
    pub kind: SchemeKind,
    /// `description`.
    pub description: Option<String>,
}

/// A group of operations sharing a tag: `client.support()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// The tag name.
    pub tag: String,
    /// Module and accessor name (snake_case).
    pub module: String,
    /// Accessor struct name (UpperCamelCase).
    pub struct_name: String,
    /// Tag description.
    pub docs: Option<String>,
    /// Operations, sorted by method name.
    pub operations: Vec<Operation>,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Builder type name: UpperCamelCase of the method name, unique in the area's module.
    pub builder: String,
    /// Accessor method name.
    pub method_name: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `externalDocs.url`: the reference page the operation rests on.
    pub external_docs: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// Path template as in the spec.
    pub path: String,
    /// Path template split into literal text and parameter references.
    pub path_parts: Vec<PathPart>,
    /// Parameters, required first then optional, each in spec order.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub outcome: Outcome,
    /// Declared error responses, ordered by status.
    pub errors: Vec<ErrorResponse>,
    /// Error enum name: the builder's, with `Error`.
    pub error_enum: String,
    /// Name of the server the operation is sent to.
    pub server: String,
    /// Accepted scheme combinations (OR of ANDs); empty means anonymous.
    pub security: Vec<Vec<String>>,
    /// How to walk the pages of a listing (`x-pagination`).
    pub pagination: Option<Pagination>,
    /// The success body holds a secret somewhere: never show it in error messages.
    pub sensitive_response: bool,
    /// The spec's example of the success response body (the media type's `example`, its
    /// `default` or first `examples` entry, or the schema's `example`), for mock answers.
    pub example: Option<serde_json::Value>,
}

/// A paginated listing: where the items are and how to reach the next page, in one or both
/// styles. Offset is used when the caller sets one of its parameters, cursor otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Top-level response field holding the page's items.
    pub items: FieldPath,
    /// The item type.
    pub item_type: RustType,
    /// Cursor style.
    pub cursor: Option<CursorPagination>,
    /// Offset style.
    pub offset: Option<OffsetPagination>,
}

/// Cursor pagination.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorPagination {
    /// Index in `Operation::params` of the page size parameter.
    pub size_param: usize,
    /// Page size sent when the caller sets none (cursor mode only starts with a size).
    pub default_size: i64,
    /// Wire name of the parameter carrying the cursor.
    pub cursor_param: String,
    /// Response field saying whether more pages follow (boolean).
    pub has_more: FieldPath,
    /// Response field holding the cursor of the next page (string).
    pub next_cursor: FieldPath,
}

/// Offset pagination.
#[derive(Debug, Clone, PartialEq)]
pub struct OffsetPagination {
    /// Indexes in `Operation::params` of the page number and page size parameters.
    pub params: Vec<usize>,
    /// Response field holding the next page's URL (string).
    pub next_url: FieldPath,
}

/// A path of fields into a response body, e.g. `meta.has_more`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(pub Vec<FieldStep>);

/// One field of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// Rust field name.
    pub rust_name: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// Literal text or a path parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text as written.
    Literal(String),
    /// A parameter, by index in `Operation::params`.
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// How a parameter's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// With `Display` (a query array: one pair per item). Plain values only.
    Plain,
    /// Serialized, then laid out by the runtime as OpenAPI's `form` (exploded).
    Form,
    /// `form` with `explode: false`.
    FormUnexploded,
    /// `deepObject`.
    DeepObject,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// Serialized in `simple` style (path segments, headers, cookies).
    Simple,
    /// `simple` with `explode: true` (path segments, headers): objects as `k=v,k=v`.
    SimpleExploded,
    /// A path segment in `label` style: `.a.b`.
    Label,
    /// `label` with `explode: true`.
    LabelExploded,
    /// A path segment in `matrix` style: `;name=a,b`.
    Matrix,
    /// `matrix` with `explode: true`: `;name=a;name=b`.
    MatrixExploded,
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// Rust name (builder field and setter).
    pub rust_name: String,
    /// Path, query, header or cookie.
    pub location: ParamLocation,
    /// How the value is written.
    pub style: ParamStyle,
    /// Required parameters are builder constructor arguments.
    pub required: bool,
    /// Value type.
    pub ty: RustType,
    /// rustdoc.
    pub docs: Option<String>,
    /// Inclusive bounds of an integer parameter, checked before sending.
    pub minimum: Option<i128>,
    /// See `minimum`.
    pub maximum: Option<i128>,
    /// The one value the schema allows, for a required parameter: always sent, never asked
    /// of the caller.
    pub constant: Option<String>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: RustType,
    /// How it is sent.
    pub encoding: BodyEncoding,
    /// `required`.
    pub required: bool,
    /// rustdoc.
    pub docs: Option<String>,
    /// The integer fields of a JSON object body that have bounds, checked before sending.
    pub bounded_fields: Vec<Field>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`, from the body object's fields.
    Form,
    /// `multipart/form-data`, one part per field of the body struct.
    Multipart(Vec<MultipartField>),
    /// Raw bytes with this content type.
    Binary(String),
}

/// A field of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartField {
    /// Part name.
    pub json_name: String,
    /// Struct field.
    pub rust_name: String,
    /// The struct field is an `Option`.
    pub optional: bool,
    /// A file (`format: binary`) rather than a value.
    pub binary: bool,
}

/// What a successful call yields.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// An HTTP call whose success statuses are `statuses`; `body` is the JSON type, if any.
    Call {
        /// Success statuses.
        statuses: Vec<u16>,
        /// Decoded body; `None` for no content.
        body: Option<Payload>,
    },
    /// A URL for a browser to visit (`x-browser-redirect`): the client never calls it.
    BrowserRedirect,
    /// A call whose only success is `101 Switching Protocols`: it returns the upgraded
    /// connection.
    Upgrade,
}

/// Which statuses an error response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status.
    Code(u16),
    /// `4XX` and friends: the hundreds digit.
    Range(u16),
    /// `default`: anything not declared otherwise.
    Default,
}

/// A declared error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// Statuses it covers.
    pub status: StatusMatch,
    /// Variant name.
    pub variant: String,
    /// Decoded body; `None` when it has no content.
    pub body: Option<Payload>,
    /// rustdoc.
    pub docs: Option<String>,
}

/// How a response body is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// JSON into this type.
    Json(RustType),
    /// Text, kept as a `String` (`text/*` content).
    Text,
    /// Any other content type, kept as raw bytes.
    Bytes,
}
