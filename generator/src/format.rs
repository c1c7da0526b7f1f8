//! Format: token streams → source text through `syn` and prettyplease, with the generated-file
//! header.

use proc_macro2::TokenStream;

use crate::diagnostics::{Diagnostics, Pointer};

/// Formats one file. A token stream that does not parse is a generator bug; it is reported
/// as a diagnostic instead of a panic.
pub fn format_file(tokens: TokenStream, header: &str, name: &str) -> Result<String, Diagnostics> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        let mut diagnostics = Diagnostics::default();
        diagnostics.error(
            &Pointer::root(),
            format!("internal error: generated `{name}` does not parse as Rust: {error}"),
            Some("please report this with the spec that triggered it".to_owned()),
        );
        diagnostics
    })?;
    Ok(format!("{header}\n\n{}", prettyplease::unparse(&file)))
}
