//! `.desktop` files (freedesktop Desktop Entry spec 1.5): just the
//! `[Desktop Entry]` group, with localized keys chosen by the user's languages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{read_capped, DesktopEntry, MAX_FILES};

/// A desktop file larger than this is not one.
const MAX_DESKTOP_BYTES: u64 = 256 * 1024;
/// `share/applications/vendor/app.desktop` is legal; deeper is nonsense.
const MAX_DEPTH: usize = 3;

/// Every application entry under `dir` (`share/applications`), with its
/// desktop file ID (`vendor-app.desktop` for `vendor/app.desktop`).
pub(super) fn entries_in(dir: &Path, languages: &[String], out: &mut Vec<DesktopEntry>) {
    let mut files = Vec::new();
    collect(dir, "", 0, &mut files);
    files.sort();
    for (id, path) in files {
        if out.iter().any(|e| e.id == id) {
            continue;
        }
        if let Some(text) = read_capped(&path, MAX_DESKTOP_BYTES) {
            if let Some(entry) = parse(&text, &id, &path, languages) {
                out.push(entry);
            }
        }
    }
}

fn collect(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if out.len() >= MAX_FILES {
            return;
        }
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let path = entry.path();
        if name.ends_with(".desktop") && path.is_file() {
            out.push((format!("{prefix}{name}"), path));
        } else if depth + 1 < MAX_DEPTH && !name.starts_with('.') && path.is_dir() {
            collect(&path, &format!("{prefix}{name}-"), depth + 1, out);
        }
    }
}

/// The `[Desktop Entry]` of `text` if it is a visible-or-not application
/// (`Type=Application`, not `Hidden`).
pub(super) fn parse(
    text: &str,
    id: &str,
    path: &Path,
    languages: &[String],
) -> Option<DesktopEntry> {
    let group = main_group(text);
    if group.get("Type").map(String::as_str) != Some("Application") || is_true(group.get("Hidden"))
    {
        return None;
    }
    let localized = |key: &str| -> Option<String> {
        languages
            .iter()
            .find_map(|lang| group.get(&format!("{key}[{lang}]")))
            .or_else(|| group.get(key))
            .map(|v| unescape(v))
            .filter(|v| !v.is_empty())
    };
    let stem = id.strip_suffix(".desktop").unwrap_or(id);
    Some(DesktopEntry {
        id: id.to_owned(),
        path: path.to_path_buf(),
        name: localized("Name").unwrap_or_else(|| stem.to_owned()),
        comment: localized("Comment").or_else(|| localized("GenericName")),
        icon: group
            .get("Icon")
            .map(|v| unescape(v))
            .filter(|v| !v.is_empty()),
        icon_file: None,
        categories: group
            .get("Categories")
            .map(|v| split_list(v))
            .unwrap_or_default(),
        no_display: is_true(group.get("NoDisplay")),
        exec: group
            .get("Exec")
            .map(|v| unescape(v))
            .filter(|v| !v.is_empty()),
    })
}

/// The raw keys of the first `[Desktop Entry]` group; the first of a
/// repeated key wins, as in GLib.
fn main_group(text: &str) -> HashMap<String, String> {
    let mut keys = HashMap::new();
    let mut inside = false;
    let mut seen_group = false;
    for line in text.lines() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            if seen_group && inside {
                break;
            }
            inside = line.trim_end() == "[Desktop Entry]";
            seen_group |= inside;
            continue;
        }
        if !inside {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            keys.entry(key.trim_end().to_owned())
                .or_insert_with(|| value.trim_start().to_owned());
        }
    }
    keys
}

fn is_true(value: Option<&String>) -> bool {
    matches!(value.map(|v| v.trim()), Some("true" | "1"))
}

/// The spec's escapes for string values: `\s \n \t \r \\`.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('s') => out.push(' '),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                // `\;` belongs to lists and other escapes are not defined:
                // keep them as written.
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A `;`-separated list where `\;` is a literal semicolon.
fn split_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(';') => current.push(';'),
                Some(other) => {
                    current.push('\\');
                    current.push(other);
                }
                None => {}
            },
            ';' => items.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|i| unescape(i.trim()))
        .filter(|i| !i.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_the_main_group_only() {
        let text = "# comment\n[Desktop Action new]\nName=New Window\n\
                    [Desktop Entry]\nType=Application\nName = Text\\sEditor\nName[de]=Texteditor\n\
                    Name[de_AT]=Texteditor (AT)\nComment=Edit\\ttext\nIcon=org.example.Edit\n\
                    Categories=Utility;TextEditor;;\nExec=edit %U\nNoDisplay=false\n\
                    [Desktop Action open]\nName=Open\n";
        let e = parse(
            text,
            "a.desktop",
            Path::new("/x/a.desktop"),
            &langs(&["de_AT", "de"]),
        )
        .unwrap();
        assert_eq!(e.name, "Texteditor (AT)");
        assert_eq!(e.comment.as_deref(), Some("Edit\ttext"));
        assert_eq!(e.icon.as_deref(), Some("org.example.Edit"));
        assert_eq!(e.categories, ["Utility", "TextEditor"]);
        assert_eq!(e.exec.as_deref(), Some("edit %U"));
        assert!(!e.no_display);
        let e = parse(
            text,
            "a.desktop",
            Path::new("/x/a.desktop"),
            &langs(&["fr"]),
        )
        .unwrap();
        assert_eq!(e.name, "Text Editor");
    }

    #[test]
    fn only_visible_or_hidden_applications() {
        let p = Path::new("/x");
        assert!(parse("[Desktop Entry]\nType=Link\nName=L\n", "l.desktop", p, &[]).is_none());
        assert!(parse("[Desktop Entry]\nName=N\n", "n.desktop", p, &[]).is_none());
        assert!(parse(
            "[Desktop Entry]\nType=Application\nHidden=true\n",
            "h.desktop",
            p,
            &[]
        )
        .is_none());
        let e = parse(
            "[Desktop Entry]\nType=Application\nNoDisplay=true\n",
            "v.desktop",
            p,
            &[],
        )
        .unwrap();
        assert!(e.no_display);
        assert_eq!(e.name, "v");
        assert!(parse("garbage\0\u{fffd}=[[\n", "g.desktop", p, &[]).is_none());
    }

    #[test]
    fn lists_keep_escaped_semicolons() {
        assert_eq!(split_list(r"a\;b;c; ;"), ["a;b", "c"]);
        assert_eq!(unescape(r"a\sb\\c\"), "a b\\c\\");
    }
}
