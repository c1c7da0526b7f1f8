//! Write: put generated files on disk, or compare them with what is there (`--check`).

use std::fs;
use std::io;
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
        if fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
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
        if fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            stale.push(path);
        }
    }
    if dir.exists() {
        stale.extend(obsolete(files, dir)?);
    }
    stale.sort();
    Ok(stale)
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
