//! Every Rust keyword, used as a spec name, comes out as a valid identifier: raw (`r#async`)
//! where Rust allows it, suffixed (`self_`) where it does not. The list is the Rust
//! Reference's (https://doc.rust-lang.org/reference/keywords.html), written out here rather
//! than taken from the generator, so that a keyword dropped from the generator's list fails.

/// Strict and reserved keywords (all editions up to 2024). Weak keywords (`union`, `raw`,
/// `safe`, `macro_rules`) are ordinary identifiers and need no escaping.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", // strict
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield", // reserved
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// A spec whose one schema has every keyword as a property and whose one operation has every
/// keyword as a query parameter.
fn keyword_spec() -> String {
    let properties: Vec<String> = KEYWORDS
        .iter()
        .map(|keyword| format!("        \"{keyword}\": {{type: string}}"))
        .collect();
    let parameters: Vec<String> = KEYWORDS
        .iter()
        .map(|keyword| {
            format!("        - {{name: \"{keyword}\", in: query, schema: {{type: string}}}}")
        })
        .collect();
    format!(
        "openapi: 3.0.3
info: {{title: Keywords, version: \"1\"}}
servers: [{{url: \"https://api.example.com\"}}]
paths:
  /things:
    get:
      operationId: listThings
      parameters:
{}
      responses:
        \"200\":
          description: ok
          content:
            application/json:
              schema: {{$ref: \"#/components/schemas/Thing\"}}
components:
  schemas:
    Thing:
      type: object
      properties:
{}
",
        parameters.join("\n"),
        properties.join("\n")
    )
}

/// Every generated file, concatenated (file layout is not this test's concern).
fn generated() -> String {
    let options = generator::Options {
        spec_name: "keywords.yaml".to_owned(),
    };
    let files = generator::generate_from_text(&keyword_spec(), &options)
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    files
        .files
        .into_iter()
        .map(|(name, contents)| format!("// ===== {name}\n{contents}"))
        .collect()
}

#[test]
fn keyword_fields_are_escaped() {
    let code = generated();
    for keyword in KEYWORDS {
        let field = if NOT_RAW.contains(keyword) {
            format!("pub {}_:", keyword.to_lowercase())
        } else {
            format!("pub r#{keyword}:")
        };
        assert!(code.contains(&field), "no `{field}` in:\n{code}");
    }
}

#[test]
fn keyword_parameters_are_escaped() {
    let code = generated();
    for keyword in KEYWORDS.iter().filter(|keyword| !NOT_RAW.contains(keyword)) {
        let setter = format!("pub fn r#{keyword}(");
        assert!(code.contains(&setter), "no `{setter}` in:\n{code}");
    }
}
