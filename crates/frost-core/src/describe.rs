//! What an element is, read from its store paths alone: its applications
//! (desktop entries), icon, one-line summary (AppStream metainfo) and
//! commands. No evaluation and no Nix: fast enough for every row of a list,
//! and it never fails: a strange file gives less information, not an error.
//!
//! Store paths of `buildEnv`-style packages are mostly links into other store
//! paths; every read follows links, and loops or dangling links just count as
//! missing files.

mod cache;
mod desktop;
mod icon;
mod metainfo;

pub use cache::DescribeCache;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// No folder a package installs holds more entries than this; stop there.
const MAX_FILES: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageKind {
    /// Has a desktop entry that shows in the app grid.
    App,
    /// Has commands in `bin/` but no visible application.
    Tool,
    /// A library, font, theme, …
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DesktopEntry {
    /// Desktop file ID: `org.gnome.TextEditor.desktop`.
    pub id: String,
    pub path: PathBuf,
    /// Localized for the user's languages when the file has a translation.
    pub name: String,
    /// `Comment`, else `GenericName`, localized like `name`.
    pub comment: Option<String>,
    /// The `Icon` value as written: a theme icon name or an absolute path.
    pub icon: Option<String>,
    /// The file `icon` resolves to inside the package, if any.
    pub icon_file: Option<PathBuf>,
    pub categories: Vec<String>,
    pub no_display: bool,
    pub exec: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageInfo {
    pub kind: PackageKind,
    /// The main application first (the one the metainfo describes, else the
    /// first visible one), then the rest by ID.
    pub desktop_entries: Vec<DesktopEntry>,
    /// The main application's icon file.
    pub icon: Option<PathBuf>,
    /// The metainfo summary, else the main application's comment.
    pub summary: Option<String>,
    /// Executables in `bin/`, sorted, without hidden wrapper files.
    pub commands: Vec<String>,
}

/// Describes the package whose outputs are `store_paths`, for the user's
/// languages (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`).
pub fn describe(store_paths: &[String]) -> PackageInfo {
    describe_for_languages(store_paths, &preferred_languages())
}

/// Like [`describe`], with localized keys chosen from `languages`
/// (`["de_AT", "de"]`, most wanted first).
pub fn describe_for_languages(store_paths: &[String], languages: &[String]) -> PackageInfo {
    let roots: Vec<PathBuf> = store_paths.iter().map(PathBuf::from).collect();
    let mut entries = Vec::new();
    let mut components = Vec::new();
    for root in &roots {
        // Most command-line packages have no share/ at all: one failed stat
        // instead of three failed opens (measured: it matters for `frost
        // list` on a 1,000-element profile).
        let share = root.join("share");
        if !share.is_dir() {
            continue;
        }
        desktop::entries_in(&share.join("applications"), languages, &mut entries);
        for dir in ["metainfo", "appdata"] {
            metainfo::components_in(&share.join(dir), &mut components);
        }
    }
    for entry in &mut entries {
        entry.icon_file = entry.icon.as_deref().and_then(|i| icon::find(&roots, i));
    }
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    let main_at = entries
        .iter()
        .position(|e| !e.no_display && components.iter().any(|c| c.launches(&e.id)))
        .or_else(|| entries.iter().position(|e| !e.no_display));
    if let Some(i) = main_at {
        let main = entries.remove(i);
        entries.insert(0, main);
    }
    let main = main_at.and_then(|_| entries.first());
    let component = main
        .and_then(|m| components.iter().find(|c| c.launches(&m.id)))
        .or_else(|| components.first());
    let summary = component
        .and_then(|c| c.summary(languages))
        .map(str::to_owned)
        .or_else(|| main.and_then(|m| m.comment.clone()));
    let commands = commands(&roots);
    let kind = if main.is_some() {
        PackageKind::App
    } else if !commands.is_empty() {
        PackageKind::Tool
    } else {
        PackageKind::Other
    };
    PackageInfo {
        kind,
        icon: main.and_then(|m| m.icon_file.clone()),
        desktop_entries: entries,
        summary,
        commands,
    }
}

fn commands(roots: &[PathBuf]) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let mut names = Vec::new();
    for root in roots {
        let Ok(entries) = std::fs::read_dir(root.join("bin")) else {
            continue;
        };
        for entry in entries.flatten().take(MAX_FILES * 8) {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            // `.foo-wrapped` and friends are the real programs behind
            // wrappers, not commands anyone types.
            if name.starts_with('.') {
                continue;
            }
            let executable = std::fs::metadata(entry.path())
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0);
            if executable {
                names.push(name);
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Reads at most `max` bytes of a file as text; `None` when it cannot be read.
fn read_capped(path: &Path, max: u64) -> Option<String> {
    let file = File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(max).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The user's languages, most wanted first, each with its less specific
/// forms as the Desktop Entry spec matches them (`de_AT@euro`, `de_AT`,
/// `de@euro`, `de`). `LANGUAGE` counts only when a locale is set, as in gettext.
pub fn preferred_languages() -> Vec<String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let locale = var("LC_ALL")
        .or_else(|| var("LC_MESSAGES"))
        .or_else(|| var("LANG"));
    languages_from(var("LANGUAGE").as_deref(), locale.as_deref())
}

fn languages_from(language: Option<&str>, locale: Option<&str>) -> Vec<String> {
    let Some(locale) = locale.filter(|l| *l != "C" && *l != "POSIX" && !l.starts_with("C.")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let wanted = language
        .into_iter()
        .flat_map(|l| l.split(':'))
        .chain(std::iter::once(locale));
    for name in wanted.filter(|n| !n.is_empty()) {
        for variant in locale_variants(name) {
            if !out.contains(&variant) {
                out.push(variant);
            }
        }
    }
    out
}

fn locale_variants(name: &str) -> Vec<String> {
    let (base, modifier) = match name.split_once('@') {
        Some((b, m)) => (b, Some(m)),
        None => (name, None),
    };
    let base = base.split('.').next().unwrap_or(base);
    let (lang, country) = match base.split_once('_') {
        Some((l, c)) => (l, Some(c)),
        None => (base, None),
    };
    let mut out = Vec::new();
    if let (Some(c), Some(m)) = (country, modifier) {
        out.push(format!("{lang}_{c}@{m}"));
    }
    if let Some(c) = country {
        out.push(format!("{lang}_{c}"));
    }
    if let Some(m) = modifier {
        out.push(format!("{lang}@{m}"));
    }
    out.push(lang.to_owned());
    out
}

#[cfg(test)]
mod tests;
