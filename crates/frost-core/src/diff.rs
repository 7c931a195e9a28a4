//! What changed between two manifests (two generations, or a profile and a
//! frozen flake), from the manifests alone: no Nix, no store access.
//!
//! Elements are paired by name, as `nix profile` names them; nix-env
//! packages have no element name, so they pair by package name, which is
//! also what `nix profile` names them when it converts a nix-env profile.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::Serialize;

use crate::element::{Element, Origin};
use crate::i18n::{gettext, gettext_f, ngettext_f};
use crate::manifest::Manifest;

/// One element present in both manifests, with what differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementChange {
    /// The element's name in the newer manifest.
    pub name: String,
    pub old: Element,
    pub new: Element,
    pub version_changed: bool,
    /// Attribute path, original or locked flake ref differ.
    pub source_changed: bool,
    pub outputs_changed: bool,
    pub priority_changed: bool,
    pub active_changed: bool,
    /// Different store paths: a rebuild even when nothing above changed.
    pub paths_changed: bool,
}

impl ElementChange {
    /// Whether the new version sorts before the old one in Nix's order
    /// (`nix-env --upgrade` would not go there): a downgrade or rollback.
    pub fn is_downgrade(&self) -> bool {
        match (&self.old.version, &self.new.version) {
            (Some(old), Some(new)) => compare_versions(new, old) == Ordering::Less,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ManifestDiff {
    /// Sorted by name, like the other two lists.
    pub added: Vec<Element>,
    pub removed: Vec<Element>,
    pub changed: Vec<ElementChange>,
}

fn key(e: &Element) -> &str {
    if e.origin == Origin::NixEnv {
        &e.pname
    } else {
        &e.name
    }
}

/// The differences from `old` to `new`.
pub fn diff(old: &Manifest, new: &Manifest) -> ManifestDiff {
    let mut unmatched_old: Vec<Option<&Element>> = old.elements.iter().map(Some).collect();
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in old.elements.iter().enumerate() {
        by_key.entry(key(e)).or_default().push(i);
    }
    let mut pairs = Vec::new();
    let mut unmatched_new = Vec::new();
    for e in &new.elements {
        let found = by_key
            .get_mut(key(e))
            .and_then(|list| (!list.is_empty()).then(|| list.remove(0)));
        match found.and_then(|i| unmatched_old[i].take()) {
            Some(o) => pairs.push((o, e)),
            None => unmatched_new.push(e),
        }
    }
    // An element renamed between formats (nix-env → nix profile, or names
    // recomputed from another URL) is still the same package when exactly
    // one removed and one added element share the package name.
    let mut added = Vec::new();
    for e in unmatched_new {
        let same_pname: Vec<usize> = unmatched_old
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_some_and(|o| o.pname == e.pname))
            .map(|(i, _)| i)
            .collect();
        let unique_new = new.elements.iter().filter(|n| n.pname == e.pname).count() == 1;
        match same_pname.as_slice() {
            [i] if unique_new => {
                if let Some(o) = unmatched_old[*i].take() {
                    pairs.push((o, e));
                }
            }
            _ => added.push(e.clone()),
        }
    }
    let mut removed: Vec<Element> = unmatched_old.into_iter().flatten().cloned().collect();
    let mut changed: Vec<ElementChange> = pairs
        .into_iter()
        .filter_map(|(o, n)| compare(o, n))
        .collect();
    added.sort_by(|a, b| a.name.cmp(&b.name));
    removed.sort_by(|a, b| a.name.cmp(&b.name));
    changed.sort_by(|a, b| a.name.cmp(&b.name));
    ManifestDiff {
        added,
        removed,
        changed,
    }
}

fn compare(old: &Element, new: &Element) -> Option<ElementChange> {
    let change = ElementChange {
        name: new.name.clone(),
        old: old.clone(),
        new: new.clone(),
        version_changed: old.version != new.version,
        source_changed: old.attr_path != new.attr_path
            || old.original_ref != new.original_ref
            || old.locked_ref != new.locked_ref,
        outputs_changed: old.outputs != new.outputs,
        priority_changed: old.priority != new.priority,
        active_changed: old.active != new.active,
        paths_changed: old.store_paths != new.store_paths,
    };
    let any = change.version_changed
        || change.source_changed
        || change.outputs_changed
        || change.priority_changed
        || change.active_changed
        || change.paths_changed;
    any.then_some(change)
}

/// Names listed in a summary before the rest is counted ("and 5 more").
const LISTED: usize = 4;

impl ManifestDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// One translated line: "added gimp, updated hello 2.12 → 2.13, removed vim".
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return gettext("no changes");
        }
        let mut parts = Vec::new();
        let added: Vec<String> = self.added.iter().map(|e| e.name.clone()).collect();
        if !added.is_empty() {
            let names = list_of(&added);
            parts.push(ngettext_f(
                // Translators: {names} is a list of packages, "gimp and inkscape".
                "added {names}",
                "added {names}",
                n(&added),
                &[("names", &names)],
            ));
        }
        let (mut upgraded, mut downgraded, mut other) = (Vec::new(), Vec::new(), Vec::new());
        for c in &self.changed {
            match (&c.old.version, &c.new.version) {
                (Some(old), Some(new)) if c.version_changed => {
                    let item = gettext_f(
                        // Translators: one package's version change, "hello 2.12 → 2.13".
                        "{name} {old} → {new}",
                        &[("name", &c.name), ("old", old), ("new", new)],
                    );
                    if c.is_downgrade() {
                        downgraded.push(item);
                    } else {
                        upgraded.push(item);
                    }
                }
                _ => other.push(c.name.clone()),
            }
        }
        if !upgraded.is_empty() {
            let names = list_of(&upgraded);
            parts.push(ngettext_f(
                // Translators: {names} lists packages with versions, "hello 2.12 → 2.13".
                "updated {names}",
                "updated {names}",
                n(&upgraded),
                &[("names", &names)],
            ));
        }
        if !downgraded.is_empty() {
            let names = list_of(&downgraded);
            parts.push(ngettext_f(
                // Translators: {names} lists packages with versions, "hello 2.13 → 2.12".
                "downgraded {names}",
                "downgraded {names}",
                n(&downgraded),
                &[("names", &names)],
            ));
        }
        if !other.is_empty() {
            let names = list_of(&other);
            parts.push(ngettext_f(
                // Translators: packages whose source, outputs or priority changed.
                "changed {names}",
                "changed {names}",
                n(&other),
                &[("names", &names)],
            ));
        }
        let removed: Vec<String> = self.removed.iter().map(|e| e.name.clone()).collect();
        if !removed.is_empty() {
            let names = list_of(&removed);
            parts.push(ngettext_f(
                // Translators: {names} is a list of packages, "vim and emacs".
                "removed {names}",
                "removed {names}",
                n(&removed),
                &[("names", &names)],
            ));
        }
        // Translators: separates the parts of a change summary.
        parts.join(&gettext(", "))
    }
}

fn n(items: &[String]) -> u64 {
    items.len() as u64
}

/// "a", "a and b", "a, b and c", "a, b, c, d and 3 more".
fn list_of(items: &[String]) -> String {
    list_at_most(items, LISTED)
}

/// [`list_of`] naming at most `listed` items before "and 3 more"; a list
/// one longer than that is named in full ("and 1 more" says no less).
fn list_at_most(items: &[String], listed: usize) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        _ if items.len() > listed + 1 => {
            let rest = (items.len() - listed) as u64;
            ngettext_f(
                // Translators: a shortened list, "gimp, inkscape, krita, vim and 3 more".
                "{list} and {n} more",
                "{list} and {n} more",
                rest,
                &[
                    ("list", &items[..listed].join(&gettext(", "))),
                    ("n", &rest.to_string()),
                ],
            )
        }
        [head @ .., last] => {
            let head = head.join(&gettext(", "));
            // Translators: the end of a list, "gimp, inkscape and krita".
            gettext_f("{list} and {last}", &[("list", &head), ("last", last)])
        }
    }
}

/// Nix's `compareVersions` (src/libstore/names.cc): components split at `.`
/// and `-` and between digits and letters; numbers compare as numbers, `pre`
/// sorts before anything, a missing component before a number, letters
/// before numbers (`2.3a` < `2.3.1`).
pub fn compare_versions(v1: &str, v2: &str) -> Ordering {
    let (mut a, mut b) = (v1, v2);
    while !a.is_empty() || !b.is_empty() {
        let c1 = next_component(&mut a);
        let c2 = next_component(&mut b);
        if component_lt(c1, c2) {
            return Ordering::Less;
        }
        if component_lt(c2, c1) {
            return Ordering::Greater;
        }
    }
    Ordering::Equal
}

fn next_component<'a>(s: &mut &'a str) -> &'a str {
    let rest = s.trim_start_matches(['.', '-']);
    let digits = rest.starts_with(|c: char| c.is_ascii_digit());
    let end = rest
        .find(|c: char| {
            if digits {
                !c.is_ascii_digit()
            } else {
                c.is_ascii_digit() || c == '.' || c == '-'
            }
        })
        .unwrap_or(rest.len());
    *s = &rest[end..];
    &rest[..end]
}

fn is_number(c: &str) -> bool {
    !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit())
}

/// Numbers of any length compare by value, without overflow.
fn number_lt(a: &str, b: &str) -> bool {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    (a.len(), a) < (b.len(), b)
}

fn component_lt(c1: &str, c2: &str) -> bool {
    let (n1, n2) = (is_number(c1), is_number(c2));
    if n1 && n2 {
        number_lt(c1, c2)
    } else if (c1.is_empty() && n2) || (c1 == "pre" && c2 != "pre") {
        true
    } else if c2 == "pre" {
        false
    } else if n2 || n1 {
        // `2.3a` < `2.3.1`: letters before numbers.
        n2
    } else {
        c1 < c2
    }
}

mod words;

#[cfg(test)]
mod tests;
