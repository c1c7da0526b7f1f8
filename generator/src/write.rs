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
        if fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
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
        .filter(|(path, contents)| {
            fs::read_to_string(path).ok().as_deref() != Some(contents.as_str())
        })
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
