//! Evaluating a package's `meta` takes Nix seconds (a whole Nixpkgs), but a
//! store path always comes from the same derivation, so the answer is kept
//! on disk, one small file per store path, and never asked again.
//!
//! One file per entry, not one file for all: a window and `frost` may
//! write at once without losing each other's answers, and reading one
//! package's answer costs one small read.

use std::path::{Path, PathBuf};

use super::metadata::PackageMetadata;
use crate::names::store_path_name;

/// Bumped when [`PackageMetadata`] or the expression that fills it changes,
/// so older answers are not reused.
const VERSION: &str = "1";

#[derive(Debug, Clone)]
pub struct MetadataCache {
    dir: Option<PathBuf>,
}

impl MetadataCache {
    /// `$XDG_CACHE_HOME/frost/metadata` (else `~/.cache/…`); without either,
    /// a cache that keeps nothing.
    pub fn open_default() -> MetadataCache {
        MetadataCache {
            dir: crate::cache_dir::frost_cache_dir().map(|d| d.join("metadata")),
        }
    }

    /// A cache in `dir`, created when the first answer is stored.
    pub fn in_dir(dir: impl Into<PathBuf>) -> MetadataCache {
        MetadataCache {
            dir: Some(dir.into()),
        }
    }

    /// The file for `store_path`: its hash and name are unique in the
    /// store and safe as a file name. `None` for anything else.
    fn file(&self, store_path: &str) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        store_path_name(store_path)?;
        let base = Path::new(store_path).file_name()?.to_str()?;
        Some(dir.join(format!("{base}.v{VERSION}.json")))
    }

    /// What was stored for `store_path`; a missing or damaged file is no
    /// answer (it is only ever a shortcut).
    pub fn get(&self, store_path: &str) -> Option<PackageMetadata> {
        let bytes = std::fs::read(self.file(store_path)?).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Stores the answer for `store_path`, through a temporary file so a
    /// reader never sees half of it. False when it could not be written,
    /// which nobody needs to be told about.
    pub fn put(&self, store_path: &str, metadata: &PackageMetadata) -> bool {
        let Some(file) = self.file(store_path) else {
            return false;
        };
        let Some(dir) = file.parent() else {
            return false;
        };
        let Ok(json) = serde_json::to_vec(metadata) else {
            return false;
        };
        let Some(name) = file.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        let tmp = dir.join(format!(".{name}.{}", std::process::id()));
        let ok = std::fs::create_dir_all(dir).is_ok()
            && std::fs::write(&tmp, json).is_ok()
            && std::fs::rename(&tmp, &file).is_ok();
        if !ok {
            let _ = std::fs::remove_file(&tmp);
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELLO: &str = "/nix/store/1hk81fcrwjl56fvmd2a1n6194qyqlx0p-hello-2.12.1";

    fn hello() -> PackageMetadata {
        PackageMetadata {
            description: Some("Prints a friendly greeting".into()),
            homepage: Some("https://www.gnu.org/software/hello/".into()),
            licenses: vec!["GPL-3.0-or-later".into()],
            ..PackageMetadata::default()
        }
    }

    #[test]
    fn an_answer_comes_back_for_the_same_store_path_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = MetadataCache::in_dir(dir.path().join("metadata"));
        assert_eq!(cache.get(HELLO), None);
        assert!(cache.put(HELLO, &hello()));
        assert_eq!(cache.get(HELLO), Some(hello()));
        // Another process, another cache value: same files.
        let again = MetadataCache::in_dir(dir.path().join("metadata"));
        assert_eq!(again.get(HELLO), Some(hello()));
        let other = "/nix/store/2hk81fcrwjl56fvmd2a1n6194qyqlx0p-hello-2.12.1";
        assert_eq!(again.get(other), None);
        // No temporary files are left behind.
        let files: Vec<_> = std::fs::read_dir(dir.path().join("metadata"))
            .unwrap()
            .collect();
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn paths_that_are_not_store_paths_are_never_files() {
        let dir = tempfile::tempdir().unwrap();
        let cache = MetadataCache::in_dir(dir.path());
        for bad in ["/etc/passwd", "../../x", "/nix/store/../../etc/passwd", ""] {
            assert!(!cache.put(bad, &hello()), "{bad}");
            assert_eq!(cache.get(bad), None);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_damaged_file_is_no_answer() {
        let dir = tempfile::tempdir().unwrap();
        let cache = MetadataCache::in_dir(dir.path());
        assert!(cache.put(HELLO, &hello()));
        let file = cache.file(HELLO).unwrap();
        std::fs::write(&file, b"{\"description\": ").unwrap();
        assert_eq!(cache.get(HELLO), None);
        assert!(cache.put(HELLO, &hello()));
        assert_eq!(cache.get(HELLO), Some(hello()));
    }
}
