//! Shared by the manifest tests: fixtures, and the comparison with what
//! `nix profile list --json` printed for the same profile.

#![allow(dead_code)]

use std::path::PathBuf;

use frost_core::{FlakeRef, Manifest};
use serde_json::Value;

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

pub fn names(m: &Manifest) -> Vec<&str> {
    m.elements.iter().map(|e| e.name.as_str()).collect()
}

/// What to compare beyond names and order.
pub struct Compare {
    /// Store paths, flags, sources and outputs must equal Nix's. Off for
    /// nix-env profiles, where Nix's conversion drops outputs and flags.
    pub everything: bool,
}

/// Checks `m` against Nix's own listing `nix` of the same profile: the same
/// names in the same order, and the same content for each.
pub fn assert_same_as_nix(m: &Manifest, nix: &Value, cmp: Compare) {
    let nix_elements = nix["elements"]
        .as_object()
        .expect("Nix lists elements by name");
    let nix_names: Vec<&str> = nix_elements.keys().map(String::as_str).collect();
    assert_eq!(names(m), nix_names, "names and order differ from Nix's");
    for (name, n) in nix_elements {
        let e = m.element(name).unwrap();
        let nix_paths: Vec<&str> = n["storePaths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        let mut ours: Vec<&str> = e.store_paths.iter().map(String::as_str).collect();
        if !cmp.everything {
            assert!(
                nix_paths.iter().all(|p| ours.contains(p)),
                "{name}: {nix_paths:?} ⊄ {ours:?}"
            );
            continue;
        }
        // Nix keeps store paths in a set ordered by path.
        ours.sort_unstable();
        assert_eq!(ours, nix_paths, "{name}: store paths");
        assert_eq!(Value::Bool(e.active), n["active"], "{name}: active");
        assert_eq!(Value::from(e.priority), n["priority"], "{name}: priority");
        match n.get("url") {
            Some(url) => {
                let parse = |v: &Value| FlakeRef::parse(v.as_str().unwrap()).unwrap();
                assert_eq!(e.locked_ref.as_deref(), Some(&parse(url)), "{name}: url");
                assert_eq!(
                    e.original_ref.as_deref(),
                    Some(&parse(&n["originalUrl"])),
                    "{name}: originalUrl"
                );
                assert_eq!(
                    e.attr_path.as_deref(),
                    n["attrPath"].as_str(),
                    "{name}: attrPath"
                );
                assert_eq!(e.outputs.to_json(), n["outputs"], "{name}: outputs");
            }
            None => {
                assert!(
                    e.locked_ref.is_none() && e.original_ref.is_none() && e.attr_path.is_none()
                );
            }
        }
    }
}
