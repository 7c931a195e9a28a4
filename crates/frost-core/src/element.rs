//! One entry of a profile: what `nix profile list` calls an element, or one
//! package of a nix-env profile.

use std::sync::Arc;

use serde::Serialize;

use crate::flakeref::{iso_date, FlakeRef, FlakeRefKind};
use crate::i18n::{gettext, gettext_f};

/// Which outputs of the package the element installs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "names")]
pub enum Outputs {
    /// `null` in the manifest: the package's `meta.outputsToInstall`.
    Default,
    /// `["*"]`: every output.
    All,
    /// The named outputs, e.g. `["out", "man"]`.
    Named(Vec<String>),
}

impl Outputs {
    /// The manifest's JSON form (`null`, `["*"]`, `["out","man"]`).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Outputs::Default => serde_json::Value::Null,
            Outputs::All => serde_json::json!(["*"]),
            Outputs::Named(v) => serde_json::json!(v),
        }
    }
}

/// Nix's default element priority (lower wins a file conflict).
pub const DEFAULT_PRIORITY: i64 = 5;

/// What an element was installed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// `nix profile install FLAKE#attr`: attr path and flake refs are known.
    Flake,
    /// `nix profile install /nix/store/…`, or converted from nix-env: only
    /// store paths are known.
    StorePath,
    /// A package in a nix-env `manifest.nix`: name and store paths, no source.
    NixEnv,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Element {
    /// The name `nix profile` uses for it (`hello`, `hello-1`, …).
    pub name: String,
    pub origin: Origin,
    /// `legacyPackages.x86_64-linux.hello`; `None` without a flake source.
    pub attr_path: Option<String>,
    /// The ref the user typed (`flake:nixpkgs`). Shared (`Arc`): most
    /// elements of a profile have the same few sources, and copying them
    /// was a fifth of the time `frost list` took on 1,000 elements.
    pub original_ref: Option<Arc<FlakeRef>>,
    /// The ref pinned at install time (`github:NixOS/nixpkgs/<rev>?narHash=…`).
    pub locked_ref: Option<Arc<FlakeRef>>,
    pub outputs: Outputs,
    pub priority: i64,
    pub active: bool,
    pub store_paths: Vec<String>,
    /// Package name and version, split from the store path's name the way
    /// Nix splits derivation names (`hello-2.12.1` → `hello`, `2.12.1`).
    pub pname: String,
    pub version: Option<String>,
}

impl Element {
    /// The system the attribute path was evaluated for, when it says
    /// (`packages.x86_64-linux.hello` → `x86_64-linux`).
    pub fn system(&self) -> Option<&str> {
        let path = self.attr_path.as_deref()?;
        let mut parts = path.split('.');
        let first = parts.next()?;
        if matches!(
            first,
            "packages" | "legacyPackages" | "apps" | "devShells" | "checks"
        ) {
            parts.next().filter(|s| s.contains('-'))
        } else {
            None
        }
    }

    /// The attribute path without the leading `packages.<system>.` or
    /// `legacyPackages.<system>.` (`python3Packages.pip`).
    pub fn short_attr_path(&self) -> Option<&str> {
        let path = self.attr_path.as_deref()?;
        for prefix in ["legacyPackages.", "packages."] {
            if let Some(rest) = path.strip_prefix(prefix) {
                if let Some((_system, attr)) = rest.split_once('.') {
                    return Some(attr);
                }
            }
        }
        Some(path)
    }

    /// Where the element came from, in words a person understands:
    /// "nixpkgs, revision 9693852, 2024-05-12", "local folder /home/me/tool",
    /// "no source recorded".
    pub fn source_description(&self) -> String {
        let Some(locked) = self.locked_ref.as_deref().or(self.original_ref.as_deref()) else {
            return match self.origin {
                Origin::NixEnv => gettext("installed with nix-env, no source recorded"),
                _ => gettext("no source recorded"),
            };
        };
        describe_source(self.original_ref.as_deref(), locked)
    }

    /// Where the element came from, short enough for a row's subtitle at
    /// 360 px: "from nixpkgs", "from a local folder", "from
    /// owner/repo on GitHub". [`Element::source_description`] has the
    /// revision and date, the details page the full flake references.
    pub fn origin_in_words(&self) -> String {
        let Some(locked) = self.locked_ref.as_deref().or(self.original_ref.as_deref()) else {
            return match self.origin {
                Origin::NixEnv => gettext("installed with nix-env"),
                _ => gettext("no source recorded"),
            };
        };
        let shown = shown_ref(self.original_ref.as_deref(), locked);
        if shown.is_nixpkgs() {
            return gettext("from nixpkgs");
        }
        let name = shown.short_name();
        match &shown.kind {
            _ if shown.is_local() => match shown.kind {
                FlakeRefKind::Tarball { .. } | FlakeRefKind::File { .. } => {
                    gettext("from a local file")
                }
                _ => gettext("from a local folder"),
            },
            FlakeRefKind::Github { .. } => gettext_f("from {name} on GitHub", &[("name", &name)]),
            FlakeRefKind::Gitlab { .. } => gettext_f("from {name} on GitLab", &[("name", &name)]),
            FlakeRefKind::Sourcehut { .. } => {
                gettext_f("from {name} on SourceHut", &[("name", &name)])
            }
            FlakeRefKind::Tarball { .. } | FlakeRefKind::File { .. } => {
                gettext_f("downloaded from {site}", &[("site", &name)])
            }
            _ => gettext_f("from {name}", &[("name", &name)]),
        }
    }
}

/// The ref that says best where a package came from: the original names
/// the local folder the user knows (the locked ref of a folder points into
/// the store) and a registry name like `nixpkgs`; the locked one the rest.
fn shown_ref<'a>(original: Option<&'a FlakeRef>, locked: &'a FlakeRef) -> &'a FlakeRef {
    match original {
        Some(o) if o.local_path().is_some() || matches!(o.kind, FlakeRefKind::Indirect { .. }) => {
            if matches!(o.kind, FlakeRefKind::Indirect { .. }) && !locked.is_nixpkgs() {
                locked
            } else {
                o
            }
        }
        _ => locked,
    }
}

/// Words for a source: the original ref says what the user asked for (a local
/// folder rather than its copy in the store), the locked ref says which
/// revision they got.
pub fn describe_source(original: Option<&FlakeRef>, locked: &FlakeRef) -> String {
    let mut pins = Vec::new();
    if let Some(rev) = locked.short_rev() {
        pins.push(gettext_f("revision {rev}", &[("rev", rev)]));
    } else if let Some(r) = locked.git_ref() {
        pins.push(gettext_f("branch {ref}", &[("ref", r)]));
    }
    if let Some(ts) = locked.last_modified() {
        pins.push(iso_date(ts));
    }
    let shown = shown_ref(original, locked);
    let what = match &shown.kind {
        FlakeRefKind::Path { path } => gettext_f("local folder {path}", &[("path", path)]),
        FlakeRefKind::Git { url } if shown.is_local() => gettext_f(
            "local Git repository {path}",
            &[("path", &shown.local_folder().unwrap_or_else(|| url.clone()))],
        ),
        FlakeRefKind::Git { url } | FlakeRefKind::Mercurial { url } => {
            gettext_f("repository {url}", &[("url", url)])
        }
        FlakeRefKind::Tarball { url } | FlakeRefKind::File { url } => {
            gettext_f("download {url}", &[("url", url)])
        }
        _ => shown.short_name(),
    };
    if pins.is_empty() {
        what
    } else {
        format!("{what}, {}", pins.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(original: Option<&str>, locked: Option<&str>) -> Element {
        Element {
            name: "x".into(),
            origin: if locked.is_some() {
                Origin::Flake
            } else {
                Origin::StorePath
            },
            attr_path: Some("legacyPackages.x86_64-linux.python3Packages.pip".into()),
            original_ref: original.map(|s| Arc::new(FlakeRef::parse(s).unwrap())),
            locked_ref: locked.map(|s| Arc::new(FlakeRef::parse(s).unwrap())),
            outputs: Outputs::Default,
            priority: DEFAULT_PRIORITY,
            active: true,
            store_paths: vec![],
            pname: "x".into(),
            version: None,
        }
    }

    #[test]
    fn nixpkgs_in_words() {
        let e = element(
            Some("flake:nixpkgs"),
            Some("github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681?lastModified=1715472000&narHash=sha256-A%3D"),
        );
        assert_eq!(
            e.source_description(),
            "nixpkgs, revision 9693852, 2024-05-12"
        );
        assert_eq!(e.system(), Some("x86_64-linux"));
        assert_eq!(e.short_attr_path(), Some("python3Packages.pip"));
    }

    #[test]
    fn local_folder_uses_the_original_path() {
        let e = element(
            Some("path:/home/me/tool"),
            Some("path:/nix/store/aaaa-source?lastModified=1715472000&narHash=sha256-A%3D"),
        );
        assert_eq!(
            e.source_description(),
            "local folder /home/me/tool, 2024-05-12"
        );
    }

    #[test]
    fn origins_in_plain_words() {
        let words = |original: Option<&str>, locked: Option<&str>| {
            element(original, locked).origin_in_words()
        };
        assert_eq!(
            words(
                Some("flake:nixpkgs"),
                Some("github:NixOS/nixpkgs/9693852a2070b398ee123a329e68f0dab5526681")
            ),
            "from nixpkgs"
        );
        assert_eq!(
            words(
                Some("path:/home/me/my tool"),
                Some("path:/nix/store/aaaa-source?narHash=sha256-A%3D")
            ),
            "from a local folder"
        );
        assert_eq!(
            words(
                Some("git+file:///home/me/tool"),
                Some("git+file:///home/me/tool?rev=9693852a2070b398ee123a329e68f0dab5526681")
            ),
            "from a local folder"
        );
        assert_eq!(
            words(
                Some("github:me/tools"),
                Some("github:me/tools/9693852a2070b398ee123a329e68f0dab5526681")
            ),
            "from me/tools on GitHub"
        );
        assert_eq!(
            words(None, Some("https://example.org/releases/tool.tar.gz")),
            "downloaded from example.org"
        );
        assert_eq!(words(None, None), "no source recorded");
        let mut nix_env = element(None, None);
        nix_env.origin = Origin::NixEnv;
        assert_eq!(nix_env.origin_in_words(), "installed with nix-env");
    }

    #[test]
    fn no_source() {
        assert_eq!(
            element(None, None).source_description(),
            "no source recorded"
        );
    }
}
