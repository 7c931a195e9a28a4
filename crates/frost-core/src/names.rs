//! Names as Nix computes them: element names for manifests that do not store
//! them (versions 1 and 2), and package name / version split from store paths.
//! STUB: to be implemented.

/// The name part of a store path: `/nix/store/<hash>-hello-2.12.1` →
/// `hello-2.12.1`. `None` when the path is not a store path.
pub fn store_path_name(path: &str) -> Option<&str> {
    let base = path.rsplit('/').next()?;
    base.split_once('-').map(|(_, n)| n)
}

/// Splits a derivation name as Nix's `DrvName` does: the name ends at the
/// first `-` not followed by a letter (`hello-2.12.1` → `hello`, `2.12.1`).
pub fn split_drv_name(name: &str) -> (String, Option<String>) {
    (name.to_owned(), None)
}
