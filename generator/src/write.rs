//! Write: put generated files on disk, or compare them with what is there (`--check`).

use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use crate::GeneratedFiles;

/// Writes `files` under `dir`, removing `.rs` files there that are no longer generated.
/// Files whose contents are unchanged are not touched, so their timestamps stay put.
pub fn write(files: &GeneratedFiles, dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for stale in obsolete(files, dir)? {
        fs::remove_file(stale)?;
    }
    for (name, contents) in &files.files {
        let path = dir.join(name);
        if !same_contents(&path, contents) {
            fs::write(&path, contents)?;
        }
    }
    Ok(())
}

/// The files under `dir` that differ from `files`: changed, missing or no longer generated.
pub fn stale(files: &GeneratedFiles, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for (name, contents) in &files.files {
        let path = dir.join(name);
        if !same_contents(&path, contents) {
            stale.push(path);
        }
    }
    if dir.exists() {
        stale.extend(obsolete(files, dir)?);
    }
    stale.sort();
    Ok(stale)
}

/// Writes a whole crate (`files` by `/`-separated relative path) under `dir`, removing `.rs`
/// files under its `src/generated/` and `src/runtime/` that are no longer part of it.
/// Unchanged files are not touched.
pub fn write_tree(files: &[(String, String)], dir: &Path) -> io::Result<()> {
    for stale in obsolete_in_tree(files, dir)? {
        fs::remove_file(stale)?;
    }
    for (name, contents) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        if !same_contents(&path, contents) {
            fs::write(&path, contents)?;
        }
    }
    Ok(())
}

/// The files of a crate written by [`write_tree`] that differ from `files`.
pub fn stale_tree(files: &[(String, String)], dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut stale: Vec<PathBuf> = files
        .iter()
        .map(|(name, contents)| (dir.join(name), contents))
        .filter(|(path, contents)| !same_contents(path, contents))
        .map(|(path, _)| path)
        .collect();
    stale.extend(obsolete_in_tree(files, dir)?);
    stale.sort();
    Ok(stale)
}

fn obsolete_in_tree(files: &[(String, String)], dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut obsolete = Vec::new();
    for sub in ["src/generated", "src/runtime"] {
        let sub_dir = dir.join(sub);
        if !sub_dir.is_dir() {
            continue;
        }
        for entry in fs::read_dir(&sub_dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let relative = format!("{sub}/{name}");
            if path.extension().is_some_and(|e| e == "rs")
                && !files.iter().any(|(n, _)| *n == relative)
            {
                obsolete.push(path);
            }
        }
    }
    Ok(obsolete)
}

fn obsolete(files: &GeneratedFiles, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut obsolete = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if path.extension().is_some_and(|e| e == "rs")
            && !files.files.iter().any(|(n, _)| *n == name)
        {
            obsolete.push(path);
        }
    }
    Ok(obsolete)
}

/// Whether the file at `path` holds exactly `contents`. Read a block at a time: the files of a
/// large API are tens of megabytes, and reading each whole was a good part of the generator's
/// memory.
fn same_contents(path: &Path, contents: &str) -> bool {
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    if file.metadata().map(|meta| meta.len()).ok() != Some(contents.len() as u64) {
        return false;
    }
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut expected = contents.as_bytes();
    loop {
        let Ok(block) = reader.fill_buf() else {
            return false;
        };
        if block.is_empty() {
            return expected.is_empty();
        }
        let Some(next) = expected.strip_prefix(block) else {
            return false;
        };
        let read = block.len();
        expected = next;
        reader.consume(read);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    /// An empty directory of this test's own under the system's temporary directory.
    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("generator-write-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn generated(files: &[(&str, &str)]) -> GeneratedFiles {
        GeneratedFiles {
            files: files
                .iter()
                .map(|(name, contents)| ((*name).to_owned(), (*contents).to_owned()))
                .collect(),
            warnings: Diagnostics::default(),
            title: "T".to_owned(),
            operations: 0,
            skipped: Vec::new(),
            areas: Vec::new(),
        }
    }

    fn read(path: &Path) -> Option<String> {
        fs::read_to_string(path).ok()
    }

    #[test]
    fn contents_are_compared_whole_across_read_blocks() {
        let dir = scratch("compare");
        let path = dir.join("big.rs");
        // Several of the 64 KiB blocks it is read in, and a difference in the last one only.
        let contents = "x".repeat(200 * 1024);
        fs::write(&path, &contents).unwrap();
        assert!(same_contents(&path, &contents));
        let mut late_change = contents.clone();
        late_change.replace_range(199 * 1024..199 * 1024 + 1, "y");
        assert!(!same_contents(&path, &late_change));
        // Same bytes but one more or one fewer: a length the file does not have.
        assert!(!same_contents(&path, &format!("{contents}x")));
        assert!(!same_contents(&path, &contents[1..]));
        assert!(!same_contents(&dir.join("missing.rs"), ""));
        fs::write(&path, "").unwrap();
        assert!(same_contents(&path, ""));
    }

    #[test]
    fn written_files_replace_the_stale_ones_and_only_those() {
        let dir = scratch("flat");
        let out = dir.join("generated");
        let files = generated(&[("a.rs", "// a\n"), ("b.rs", "// b\n")]);
        // Nothing there yet: every file is stale, and writing creates the directory.
        assert_eq!(
            stale(&files, &out).unwrap(),
            [out.join("a.rs"), out.join("b.rs")]
        );
        write(&files, &out).unwrap();
        assert_eq!(read(&out.join("a.rs")).as_deref(), Some("// a\n"));
        assert_eq!(read(&out.join("b.rs")).as_deref(), Some("// b\n"));
        assert_eq!(stale(&files, &out).unwrap(), Vec::<PathBuf>::new());

        // A changed file, a file no longer generated, and a file that is not Rust.
        fs::write(out.join("b.rs"), "// edited\n").unwrap();
        fs::write(out.join("old.rs"), "// old\n").unwrap();
        fs::write(out.join("notes.txt"), "kept\n").unwrap();
        assert_eq!(
            stale(&files, &out).unwrap(),
            [out.join("b.rs"), out.join("old.rs")]
        );
        write(&files, &out).unwrap();
        assert_eq!(read(&out.join("b.rs")).as_deref(), Some("// b\n"));
        assert_eq!(read(&out.join("old.rs")), None);
        assert_eq!(read(&out.join("notes.txt")).as_deref(), Some("kept\n"));
        assert_eq!(stale(&files, &out).unwrap(), Vec::<PathBuf>::new());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_crate_tree_is_written_and_checked_under_its_generated_directories() {
        let dir = scratch("tree");
        let files = vec![
            ("Cargo.toml".to_owned(), "[package]\n".to_owned()),
            (
                "src/generated/models.rs".to_owned(),
                "// models\n".to_owned(),
            ),
            ("src/runtime/mod.rs".to_owned(), "// runtime\n".to_owned()),
        ];
        assert_eq!(
            stale_tree(&files, &dir).unwrap(),
            [
                dir.join("Cargo.toml"),
                dir.join("src/generated/models.rs"),
                dir.join("src/runtime/mod.rs")
            ]
        );
        write_tree(&files, &dir).unwrap();
        for (name, contents) in &files {
            assert_eq!(read(&dir.join(name)).as_ref(), Some(contents), "{name}");
        }
        assert_eq!(stale_tree(&files, &dir).unwrap(), Vec::<PathBuf>::new());

        // Only `.rs` files under `src/generated/` and `src/runtime/` belong to the generator.
        fs::write(dir.join("src/runtime/mod.rs"), "// edited\n").unwrap();
        fs::write(dir.join("src/generated/gone.rs"), "// gone\n").unwrap();
        fs::write(dir.join("src/runtime/gone.rs"), "// gone\n").unwrap();
        fs::write(dir.join("src/generated/README.md"), "kept\n").unwrap();
        fs::write(dir.join("src/mine.rs"), "// kept\n").unwrap();
        assert_eq!(
            stale_tree(&files, &dir).unwrap(),
            [
                dir.join("src/generated/gone.rs"),
                dir.join("src/runtime/gone.rs"),
                dir.join("src/runtime/mod.rs")
            ]
        );
        write_tree(&files, &dir).unwrap();
        assert_eq!(
            read(&dir.join("src/runtime/mod.rs")).as_deref(),
            Some("// runtime\n")
        );
        assert_eq!(read(&dir.join("src/generated/gone.rs")), None);
        assert_eq!(read(&dir.join("src/runtime/gone.rs")), None);
        assert_eq!(
            read(&dir.join("src/generated/README.md")).as_deref(),
            Some("kept\n")
        );
        assert_eq!(read(&dir.join("src/mine.rs")).as_deref(), Some("// kept\n"));
        assert_eq!(stale_tree(&files, &dir).unwrap(), Vec::<PathBuf>::new());
        fs::remove_dir_all(&dir).unwrap();
    }
}
