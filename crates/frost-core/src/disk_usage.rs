//! How much space a store path takes: the sizes of the files and links in
//! it, each file counted once even when Nix's store optimisation hard-links
//! it from several places. Reads the whole tree, so callers run it off any
//! UI thread.

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The size in bytes of everything under `path`, without following links.
/// Entries that cannot be read are skipped: a partial figure is more useful
/// than none. Fails only when `path` itself cannot be read.
pub fn disk_usage(path: &Path) -> std::io::Result<u64> {
    let root = std::fs::symlink_metadata(path)?;
    let mut seen: HashSet<(u64, u64)> = HashSet::new();
    let mut total = 0u64;
    let mut pending: Vec<PathBuf> = Vec::new();
    let mut visit = |meta: &std::fs::Metadata, at: &Path, pending: &mut Vec<PathBuf>| {
        if meta.is_dir() {
            pending.push(at.to_path_buf());
        } else if meta.nlink() < 2 || seen.insert((meta.dev(), meta.ino())) {
            total = total.saturating_add(meta.len());
        }
    };
    visit(&root, path, &mut pending);
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let at = entry.path();
            // DirEntry::metadata does not follow links, like lstat.
            if let Ok(meta) = entry.metadata() {
                visit(&meta, &at, &mut pending);
            }
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn sums_files_and_links_once_without_following_links() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("pkg/bin")).unwrap();
        std::fs::create_dir_all(d.join("elsewhere")).unwrap();
        std::fs::write(d.join("pkg/bin/tool"), vec![0u8; 1000]).unwrap();
        std::fs::write(d.join("pkg/README"), vec![0u8; 24]).unwrap();
        // A hard link is the same file: counted once.
        std::fs::hard_link(d.join("pkg/README"), d.join("pkg/bin/README")).unwrap();
        // A link counts as its own (short) length, never its target's size.
        std::fs::write(d.join("elsewhere/big"), vec![0u8; 100_000]).unwrap();
        symlink(d.join("elsewhere"), d.join("pkg/link")).unwrap();
        let link_len = std::fs::symlink_metadata(d.join("pkg/link")).unwrap().len();

        let size = disk_usage(&d.join("pkg")).unwrap();
        assert_eq!(size, 1000 + 24 + link_len);
        assert_eq!(disk_usage(&d.join("pkg/bin/tool")).unwrap(), 1000);
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(disk_usage(&dir.path().join("gone")).is_err());
    }
}
