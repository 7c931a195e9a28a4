//! Profile manifests: `manifest.json` (nix profile, versions 1–3) and
//! `manifest.nix` (nix-env). STUB: to be implemented.

use std::path::Path;

use serde::Serialize;

use crate::element::Element;
use crate::error::Result;

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
    pub elements: Vec<Element>,
}

impl Manifest {
    /// Reads the manifest of one generation: `dir` is the generation's store
    /// path (or any folder holding `manifest.json` or `manifest.nix`).
    pub fn read_dir(dir: &Path) -> Result<Manifest> {
        let _ = dir;
        Ok(Manifest {
            format: ManifestFormat::Json { version: 3 },
            elements: vec![],
        })
    }
}
