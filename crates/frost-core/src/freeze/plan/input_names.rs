//! Inputs of the frozen flake: which sources are the same repository,
//! which are pinned, the names inputs get and the refs flake.nix writes.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{PlanContext, NIXPKGS_REGISTRY_URL};
use crate::flakeref::{FlakeRef, FlakeRefKind};
use crate::freeze::nix_syntax;

/// Names the rendered flake binds itself, or that Nix gives a meaning:
/// inputs never take them.
const RESERVED_INPUT_NAMES: [&str; 10] = [
    "self",
    "frozen",
    "packagesFor",
    "system",
    "builtins",
    "import",
    "true",
    "false",
    "null",
    "inputs",
];

/// True when the ref pins one exact tree.
pub(super) fn is_pinned(r: &FlakeRef) -> bool {
    match r.kind {
        FlakeRefKind::Path { .. } | FlakeRefKind::Tarball { .. } | FlakeRefKind::File { .. } => {
            r.nar_hash().is_some()
        }
        FlakeRefKind::Indirect { .. } => false,
        _ => r.rev().is_some(),
    }
}

/// Which repository or folder a ref is, whatever revision or branch:
/// kind plus `dir`.
pub(super) fn identity(r: &FlakeRef) -> FlakeRef {
    let mut id = FlakeRef {
        kind: r.kind.clone(),
        attrs: BTreeMap::new(),
    };
    if let (FlakeRefKind::Github { owner, repo }, true) = (&r.kind, r.is_nixpkgs()) {
        id.kind = FlakeRefKind::Github {
            owner: owner.to_ascii_lowercase(),
            repo: repo.clone(),
        };
    }
    if let Some(d) = r.dir() {
        id.attrs.insert("dir".into(), d.to_owned());
    }
    id
}

/// A readable input name for a source: `nixpkgs`, the repository's name,
/// the folder's name.
pub(super) fn base_name(url: &FlakeRef, locked: Option<&FlakeRef>) -> String {
    if url.is_nixpkgs() || locked.is_some_and(FlakeRef::is_nixpkgs) {
        return "nixpkgs".to_owned();
    }
    let raw = if let Some(dir) = url.dir() {
        dir.rsplit('/').next().unwrap_or(dir).to_owned()
    } else {
        match &url.kind {
            FlakeRefKind::Indirect { id } => id.clone(),
            FlakeRefKind::Github { repo, .. }
            | FlakeRefKind::Gitlab { repo, .. }
            | FlakeRefKind::Sourcehut { repo, .. } => repo.clone(),
            FlakeRefKind::Path { path } => {
                let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                // A store path's name is `<hash>-source`.
                if path.starts_with("/nix/store/") {
                    last.split_once('-').map_or(last, |(_, n)| n).to_owned()
                } else {
                    last.to_owned()
                }
            }
            _ => {
                let short = url.short_name();
                let short = short.trim_end_matches(".git");
                let stem = short.split('.').next().unwrap_or(short);
                stem.to_owned()
            }
        }
    };
    sanitize_input_name(&raw)
}

/// An input name Nix accepts everywhere (`[a-zA-Z][a-zA-Z0-9_-]*`, as in
/// follows paths) that is also a plain Nix identifier and not one the
/// rendered flake uses itself.
pub(crate) fn sanitize_input_name(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let s = s.trim_matches('-');
    let mut s = if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.to_owned()
    } else if s.is_empty() {
        "input".to_owned()
    } else {
        format!("input-{s}")
    };
    if nix_syntax::KEYWORDS.contains(&s.as_str()) || RESERVED_INPUT_NAMES.contains(&s.as_str()) {
        s.push_str("-input");
    }
    s
}

pub(crate) fn unique_name(base: &str, used: &mut BTreeSet<String>) -> String {
    if used.insert(base.to_owned()) {
        return base.to_owned();
    }
    // Each name takes one number at most, so this ends within
    // `used.len() + 1` tries.
    let mut n: u64 = 2;
    loop {
        let candidate = format!("{base}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The ref flake.nix names for a group of elements: what they were
/// installed from, with a registry entry written out.
pub(super) fn written_url(
    original: Option<&FlakeRef>,
    locked: &FlakeRef,
    ctx: &PlanContext,
) -> (FlakeRef, Option<String>) {
    let Some(original) = original else {
        return (locked.unpinned(), None);
    };
    let FlakeRefKind::Indirect { id } = &original.kind else {
        return (original.clone(), None);
    };
    // The repository the entry stood for, as the locked ref shows it;
    // from the registry when it names the same repository (for its branch).
    let mut url = locked.unpinned();
    url.attrs.remove("ref");
    let from_registry = ctx
        .registry
        .get(id)
        .filter(|r| identity(r) == identity(locked))
        .cloned();
    if let Some(r) = from_registry {
        url = r.unpinned();
    } else if locked.is_nixpkgs() {
        if let Ok(r) = FlakeRef::parse(NIXPKGS_REGISTRY_URL) {
            url = r;
        }
    }
    if let Some(r) = original.git_ref() {
        url.attrs.insert("ref".into(), r.to_owned());
    }
    if let Some(r) = original.rev() {
        url.attrs.insert("rev".into(), r.to_owned());
    }
    (url, Some(id.clone()))
}
