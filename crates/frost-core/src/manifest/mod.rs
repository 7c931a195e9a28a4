//! Profile manifests: `manifest.json` (nix profile, versions 1–3) and
//! `manifest.nix` (nix-env), read into one element list.
//!
//! Elements come out the way `nix profile list` (Nix 2.20+) shows them:
//! named as Nix names them (stored in version 3, computed for the others),
//! made unique as `name`, `name-1`, … in file order, then sorted by name
//! (Nix keeps them in a `std::map`, so byte order).

mod json;
pub(crate) mod nix_env;

use std::path::Path;

use serde::Serialize;

use crate::element::Element;
use crate::error::{Error, Result};
use crate::fasthash::{FastMap, FastSet};
use crate::names::dedup_name_from;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ManifestFormat {
    /// `manifest.json` of the given version (1, 2 or 3).
    Json { version: u32 },
    /// nix-env's `manifest.nix`.
    NixEnv,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub format: ManifestFormat,
    /// Sorted by name, names unique.
    pub elements: Vec<Element>,
}

impl Manifest {
    /// Reads the manifest of one generation: `dir` is the generation's store
    /// path (or any folder holding `manifest.json` or `manifest.nix`).
    /// `manifest.json` wins when both exist, as in Nix.
    pub fn read_dir(dir: &Path) -> Result<Manifest> {
        let json_path = dir.join("manifest.json");
        match std::fs::read(&json_path) {
            Ok(bytes) => return Self::parse_json(&bytes, &json_path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(json_path, e)),
        }
        let nix_path = dir.join("manifest.nix");
        match std::fs::read(&nix_path) {
            // Nix strings are bytes; only text in `meta` could be other
            // than UTF-8, and nothing Frost reads from there needs it exact.
            Ok(bytes) => Self::parse_nix_env(&String::from_utf8_lossy(&bytes), &nix_path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::ManifestMissing {
                dir: dir.to_owned(),
            }),
            Err(e) => Err(Error::io(nix_path, e)),
        }
    }

    /// Parses a `manifest.json` of version 1, 2 or 3. `path` only names the
    /// file in errors.
    pub fn parse_json(bytes: &[u8], path: &Path) -> Result<Manifest> {
        json::parse(bytes, path)
    }

    /// Parses nix-env's `manifest.nix`. `path` only names the file in errors.
    pub fn parse_nix_env(text: &str, path: &Path) -> Result<Manifest> {
        nix_env::parse(text, path)
    }

    /// The element with this name (as `nix profile remove NAME` means it).
    pub fn element(&self, name: &str) -> Option<&Element> {
        self.elements
            .binary_search_by(|e| e.name.as_str().cmp(name))
            .ok()
            .and_then(|i| self.elements.get(i))
            // A manifest built by hand need not be sorted.
            .or_else(|| self.elements.iter().find(|e| e.name == name))
    }
}

fn corrupt(path: &Path, detail: String) -> Error {
    Error::ManifestCorrupt {
        path: path.to_owned(),
        detail,
    }
}

/// Names elements in file order as Nix's `ProfileManifest::addElement` does.
#[derive(Default)]
struct ElementNames {
    taken: FastSet<String>,
    /// Per candidate, the suffix its next duplicate tries first.
    next_suffix: FastMap<String, u64>,
    elements: Vec<Element>,
}

impl ElementNames {
    /// Room for `n` more elements: growing the sets as they fill rehashes
    /// every name several times.
    fn reserve(&mut self, n: usize) {
        self.taken.reserve(n);
        self.elements.reserve(n);
    }

    fn add(&mut self, candidate: &str, mut element: Element) {
        let start = self.next_suffix.get(candidate).copied().unwrap_or(1);
        let (name, next) = dedup_name_from(&|n: &str| self.taken.contains(n), candidate, start);
        if next != start {
            self.next_suffix.insert(candidate.to_owned(), next);
        }
        self.taken.insert(name.clone());
        if element.pname.is_empty() {
            element.pname.clone_from(&name);
        }
        element.name = name;
        self.elements.push(element);
    }

    fn into_sorted(mut self) -> Vec<Element> {
        self.elements.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        self.elements
    }
}
