//! A diff in words for people who do not know Nix: the sentence a History
//! row leads with ("Added figlet and cowsay"), and what going back to an
//! earlier generation would remove, bring back and change, for the
//! question asked before it happens. The GUI and the CLI say the same.

use super::{list_at_most, n, ElementChange, ManifestDiff};
use crate::i18n::{gettext, ngettext_f};

/// Names a History row lists before counting the rest ("and 3 more").
const HEADLINE_LISTED: usize = 2;

/// `hello to 2.12.2`, or the name alone when a version is missing.
fn to_version(c: &ElementChange) -> String {
    match &c.new.version {
        Some(version) => crate::i18n::gettext_f(
            // Translators: a package and its new version, "hello to 2.12.2".
            "{name} to {version}",
            &[("name", &c.name), ("version", version)],
        ),
        None => c.name.clone(),
    }
}

/// The changed packages, sorted into updated, downgraded and changed in
/// another way (source, outputs, priority, a rebuild).
fn sorted(changed: &[ElementChange]) -> [Vec<&ElementChange>; 3] {
    let mut out: [Vec<&ElementChange>; 3] = Default::default();
    for c in changed {
        let versions = c.version_changed && c.old.version.is_some() && c.new.version.is_some();
        let slot = match (versions, c.is_downgrade()) {
            (true, false) => 0,
            (true, true) => 1,
            (false, _) => 2,
        };
        out[slot].push(c);
    }
    out
}

fn element_names(elements: &[crate::Element]) -> Vec<String> {
    elements.iter().map(|e| e.name.clone()).collect()
}

impl ManifestDiff {
    /// What a generation changed, as its History row says it: "Added
    /// figlet and cowsay", "Updated hello to 2.12.2, removed vim", "Added
    /// figlet, cowsay and 3 more". `first`: the profile's oldest generation
    /// left, diffed from nothing, "Started with hello and 7zip".
    pub fn headline(&self, first: bool) -> String {
        let listed = |names: &[String]| list_at_most(names, HEADLINE_LISTED);
        if first && self.removed.is_empty() && self.changed.is_empty() {
            let added = element_names(&self.added);
            if added.is_empty() {
                return gettext("Started with no packages");
            }
            return ngettext_f(
                // Translators: the first generation's packages, "hello and 7zip".
                "Started with {names}",
                "Started with {names}",
                n(&added),
                &[("names", &listed(&added))],
            );
        }
        if self.is_empty() {
            return gettext("Nothing changed");
        }
        // Each kind of change has a form that starts the sentence and one
        // that continues it, so that translations can order their words.
        let [updated, downgraded, other] = sorted(&self.changed);
        let added = element_names(&self.added);
        let updated: Vec<String> = updated.iter().map(|c| to_version(c)).collect();
        let downgraded: Vec<String> = downgraded.iter().map(|c| to_version(c)).collect();
        let other: Vec<String> = other.iter().map(|c| c.name.clone()).collect();
        let removed = element_names(&self.removed);
        let mut parts: Vec<String> = Vec::new();
        let mut part = |names: &[String], start: String, go_on: String| {
            if !names.is_empty() {
                parts.push(if parts.is_empty() { start } else { go_on });
            }
        };
        let a = listed(&added);
        part(
            &added,
            ngettext_f(
                "Added {names}",
                "Added {names}",
                n(&added),
                &[("names", &a)],
            ),
            ngettext_f(
                "added {names}",
                "added {names}",
                n(&added),
                &[("names", &a)],
            ),
        );
        let u = listed(&updated);
        part(
            &updated,
            // Translators: {names} lists packages with their new versions, "hello to 2.12.2".
            ngettext_f(
                "Updated {names}",
                "Updated {names}",
                n(&updated),
                &[("names", &u)],
            ),
            ngettext_f(
                "updated {names}",
                "updated {names}",
                n(&updated),
                &[("names", &u)],
            ),
        );
        let d = listed(&downgraded);
        part(
            &downgraded,
            // Translators: {names} lists packages with their older versions, "hello to 2.12.1".
            ngettext_f(
                "Downgraded {names}",
                "Downgraded {names}",
                n(&downgraded),
                &[("names", &d)],
            ),
            ngettext_f(
                "downgraded {names}",
                "downgraded {names}",
                n(&downgraded),
                &[("names", &d)],
            ),
        );
        let o = listed(&other);
        part(
            &other,
            // Translators: packages whose source, outputs or priority changed.
            ngettext_f(
                "Changed {names}",
                "Changed {names}",
                n(&other),
                &[("names", &o)],
            ),
            ngettext_f(
                "changed {names}",
                "changed {names}",
                n(&other),
                &[("names", &o)],
            ),
        );
        let r = listed(&removed);
        part(
            &removed,
            ngettext_f(
                "Removed {names}",
                "Removed {names}",
                n(&removed),
                &[("names", &r)],
            ),
            ngettext_f(
                "removed {names}",
                "removed {names}",
                n(&removed),
                &[("names", &r)],
            ),
        );
        // Translators: separates the parts of a change summary.
        parts.join(&gettext(", "))
    }

    /// What making an earlier generation current again does, one sentence
    /// per kind of change, every package named: `self` is the diff from
    /// the current generation to the one gone back to. "Removes figlet and
    /// cowsay", "Brings back hello", "Changes hello from 2.12.2 to 2.12.1".
    pub fn going_back(&self) -> Vec<String> {
        if self.is_empty() {
            return vec![gettext("The packages stay the same.")];
        }
        let mut lines = Vec::new();
        let removed = element_names(&self.removed);
        if !removed.is_empty() {
            lines.push(ngettext_f(
                "Removes {names}",
                "Removes {names}",
                n(&removed),
                &[("names", &full_list(&removed))],
            ));
        }
        let added = element_names(&self.added);
        if !added.is_empty() {
            lines.push(ngettext_f(
                // Translators: packages that the generation gone back to had.
                "Brings back {names}",
                "Brings back {names}",
                n(&added),
                &[("names", &full_list(&added))],
            ));
        }
        let [updated, downgraded, other] = sorted(&self.changed);
        let versions: Vec<String> = downgraded
            .iter()
            .chain(&updated)
            .map(|c| {
                crate::i18n::gettext_f(
                    // Translators: "hello from 2.12.2 to 2.12.1".
                    "{name} from {old} to {new}",
                    &[
                        ("name", &c.name),
                        ("old", c.old.version.as_deref().unwrap_or_default()),
                        ("new", c.new.version.as_deref().unwrap_or_default()),
                    ],
                )
            })
            .collect();
        if !versions.is_empty() {
            lines.push(ngettext_f(
                // Translators: {names} lists version changes, "hello from 2.12.2 to 2.12.1".
                "Changes {names}",
                "Changes {names}",
                n(&versions),
                &[("names", &full_list(&versions))],
            ));
        }
        let other: Vec<String> = other.iter().map(|c| c.name.clone()).collect();
        if !other.is_empty() {
            lines.push(ngettext_f(
                // Translators: packages whose source, outputs or priority differ.
                "Changes where {names} comes from or how it is installed",
                "Changes where {names} come from or how they are installed",
                n(&other),
                &[("names", &full_list(&other))],
            ));
        }
        lines
    }
}

/// Every name: the question before going back hides none.
fn full_list(items: &[String]) -> String {
    list_at_most(items, items.len())
}
