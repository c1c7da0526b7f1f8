//! Format: token streams → source text through `syn` and prettyplease, with the generated-file
//! header. A file may come item by item: prettyplease formats each top-level item on its own
//! (no blank line between them), so formatting the items apart and joining the text gives
//! what formatting the whole file would, without holding every item's tokens and syntax tree
//! at once.

use proc_macro2::TokenStream;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::emit::Sink;

/// Formats the files an emitter hands it, and collects their text.
pub struct Formatter {
    header: String,
    files: Vec<(String, String)>,
    /// The text of the items of the file being built item by item.
    items: String,
    errors: Diagnostics,
}

impl Formatter {
    /// A formatter that starts every file with `header` (the generated-file comment).
    pub fn new(header: String) -> Self {
        Self {
            header,
            files: Vec::new(),
            items: String::new(),
            errors: Diagnostics::default(),
        }
    }

    /// Every file's name and text, or the errors of those that did not parse.
    pub fn finish(self) -> Result<Vec<(String, String)>, Diagnostics> {
        if self.errors.has_errors() {
            return Err(self.errors);
        }
        Ok(self.files)
    }

    /// The formatted text of `tokens`, a file or part of one; a token stream that does not
    /// parse is a generator bug, reported as a diagnostic naming `name` instead of a panic.
    fn format(&mut self, tokens: TokenStream, name: &str) -> Option<String> {
        match syn::parse2::<syn::File>(tokens) {
            Ok(file) => Some(prettyplease::unparse(&file)),
            Err(error) => {
                self.errors.error(
                    &Pointer::root(),
                    format!("internal error: generated `{name}` does not parse as Rust: {error}"),
                    Some("please report this with the spec that triggered it".to_owned()),
                );
                None
            }
        }
    }
}

impl Sink for Formatter {
    fn file(&mut self, name: String, tokens: TokenStream) {
        if let Some(text) = self.format(tokens, &name) {
            let text = format!("{}\n\n{text}", self.header);
            self.files.push((name, text));
        }
    }

    fn item(&mut self, file: &str, tokens: TokenStream) {
        if let Some(text) = self.format(tokens, file) {
            self.items.push_str(&text);
        }
    }

    fn end_file(&mut self, name: String, head: TokenStream) {
        let items = std::mem::take(&mut self.items);
        if let Some(head) = self.format(head, &name) {
            let text = format!("{}\n\n{head}{items}", self.header);
            self.files.push((name, text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn a_file_built_item_by_item_reads_as_the_whole_file_formatted_at_once() {
        let head = quote! { #![doc = " Models."] use std::fmt; };
        let items = [
            quote! { pub struct A { pub x: i64 } },
            quote! { impl fmt::Display for A { fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "{}", self.x) } } },
        ];
        let mut parts = Formatter::new("// header".to_owned());
        for item in &items {
            parts.item("models.rs", item.clone());
        }
        parts.end_file("models.rs".to_owned(), head.clone());
        let mut whole = Formatter::new("// header".to_owned());
        whole.file("models.rs".to_owned(), quote! { #head #(#items)* });
        let (parts, whole) = (parts.finish().unwrap(), whole.finish().unwrap());
        assert_eq!(parts, whole);
        assert!(whole[0]
            .1
            .starts_with("// header\n\n//! Models.\nuse std::fmt;\npub struct A"));
    }

    #[test]
    fn macro_arguments_are_formatted_as_code() {
        let mut formatter = Formatter::new(String::new());
        formatter.file(
            "area.rs".to_owned(),
            quote! { fn path(&self) -> String { format!("/items/{}", path_segment(&self.id)) } },
        );
        let text = &formatter.finish().unwrap()[0].1;
        assert!(
            text.contains(r#"format!("/items/{}", path_segment(&self.id))"#),
            "{text}"
        );
    }

    #[test]
    fn tokens_that_do_not_parse_are_an_error_naming_their_file() {
        let mut formatter = Formatter::new(String::new());
        formatter.file("fine.rs".to_owned(), quote! { pub struct Fine; });
        formatter.item("models.rs", quote! { pub struct });
        formatter.end_file("models.rs".to_owned(), TokenStream::new());
        let errors = formatter.finish().unwrap_err().to_string();
        assert!(
            errors.contains("internal error: generated `models.rs` does not parse as Rust"),
            "{errors}"
        );
    }
}
