//! The sentences of the details page, made from a package without GTK, so
//! they are tested like the core's.

use std::path::Path;

use frost_core::element::DEFAULT_PRIORITY;
use frost_core::i18n::{gettext, gettext_f};
use frost_core::time::local_datetime;
use frost_core::Outputs;

use crate::profile_loader::Package;

/// Which outputs the element installs, in words.
pub fn outputs_text(outputs: &Outputs) -> String {
    match outputs {
        Outputs::Default => gettext("the package’s default outputs"),
        Outputs::All => gettext("all outputs"),
        Outputs::Named(names) => names.join(", "),
    }
}

pub fn priority_text(priority: i64) -> String {
    if priority == DEFAULT_PRIORITY {
        gettext_f(
            "{priority} (the default)",
            &[("priority", &priority.to_string())],
        )
    } else {
        gettext_f(
            "{priority} (when two packages install the same file, the lower number wins)",
            &[("priority", &priority.to_string())],
        )
    }
}

/// "Generation 2, 2024-05-12 14:03".
pub fn since_text(number: u64, created: u64) -> String {
    gettext_f(
        "Generation {number}, {date}",
        &[
            ("number", &number.to_string()),
            ("date", &local_datetime(created)),
        ],
    )
}

/// The name a store path shows in the list of paths: the part after the
/// hash (`hello-2.12.1`, `multi-1.0-man`).
pub fn store_name(path: &str) -> &str {
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path);
    match name.split_once('-') {
        Some((hash, rest)) if hash.len() == 32 => rest,
        _ => name,
    }
}

/// The full, copyable sources: what was asked for, and what it was pinned
/// to, each as a flake reference `nix` accepts. Empty for a bare store path.
pub fn full_sources(package: &Package) -> Vec<(String, String)> {
    let element = &package.element;
    let attr = element.attr_path.as_deref();
    let with_attr = |url: String| match attr {
        Some(attr) => format!("{url}#{attr}"),
        None => url,
    };
    let mut out = Vec::new();
    if let Some(original) = &element.original_ref {
        out.push((gettext("Installed from"), with_attr(original.to_url())));
    }
    if let Some(locked) = &element.locked_ref {
        out.push((gettext("Pinned to"), with_attr(locked.to_url())));
    }
    out
}

/// The commands a Remove or Update button would run, for the tooltip that
/// says what to do until Frost runs them itself.
pub fn remove_hint(name: &str) -> String {
    gettext_f(
        "Removing from Frost is not available in this version. Meanwhile, run “nix profile remove {name}” in a terminal; this page updates by itself.",
        &[("name", name)],
    )
}

pub fn update_hint(name: &str) -> String {
    gettext_f(
        "Updating from Frost is not available in this version. Meanwhile, run “nix profile upgrade {name}” in a terminal; this page updates by itself.",
        &[("name", name)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use frost_core::element::Origin;
    use frost_core::{Element, FlakeRef};
    use std::sync::Arc;

    #[test]
    fn store_names_drop_the_hash() {
        assert_eq!(
            store_name("/nix/store/1hk81fcrwjl56fvmd2a1n6194qyqlx0p-multi-1.0-man"),
            "multi-1.0-man"
        );
        assert_eq!(store_name("/somewhere/else"), "else");
    }

    #[test]
    fn outputs_and_priority_in_words() {
        assert_eq!(outputs_text(&Outputs::All), "all outputs");
        assert_eq!(
            outputs_text(&Outputs::Named(vec!["out".into(), "man".into()])),
            "out, man"
        );
        assert_eq!(priority_text(5), "5 (the default)");
        assert!(priority_text(3).starts_with("3 (when two packages"));
    }

    #[test]
    fn full_sources_are_flake_references_with_the_attribute() {
        let element = Element {
            name: "pip".into(),
            origin: Origin::Flake,
            attr_path: Some("legacyPackages.x86_64-linux.python3Packages.pip".into()),
            original_ref: Some(Arc::new(
                FlakeRef::parse("flake:nixpkgs").unwrap_or_else(|e| panic!("{e}")),
            )),
            locked_ref: Some(Arc::new(
                FlakeRef::parse("github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681")
                    .unwrap_or_else(|e| panic!("{e}")),
            )),
            outputs: Outputs::Default,
            priority: 5,
            active: true,
            store_paths: vec![],
            pname: "pip".into(),
            version: Some("24.0".into()),
        };
        let sources = full_sources(&Package::with_info(element, empty_info()));
        assert_eq!(
            sources,
            [
                (
                    "Installed from".to_owned(),
                    "flake:nixpkgs#legacyPackages.x86_64-linux.python3Packages.pip".to_owned()
                ),
                (
                    "Pinned to".to_owned(),
                    "github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681#legacyPackages.x86_64-linux.python3Packages.pip".to_owned()
                ),
            ]
        );
    }

    fn empty_info() -> frost_core::describe::PackageInfo {
        frost_core::describe::PackageInfo {
            kind: frost_core::describe::PackageKind::Other,
            desktop_entries: vec![],
            icon: None,
            summary: None,
            commands: vec![],
        }
    }
}
