//! Reading one boolean setting from nix.conf files the way Nix's
//! `parseConfigFiles` (src/libutil/config.cc) reads them: `#` comments,
//! whitespace-separated tokens, `name = value`, `include` / `!include` relative
//! to the including file. Nix aborts on a syntax error; Frost only looks, so a
//! bad line is skipped instead.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A nix.conf bigger than this is not a nix.conf; never read a huge file.
const MAX_CONF_BYTES: u64 = 1 << 20;
/// Nix follows includes without a limit (and loops forever on a cycle).
const MAX_INCLUDE_DEPTH: usize = 16;

/// The last value given to `setting` in `contents` (and the files it
/// includes), if any. `path` is where `contents` came from: includes are
/// relative to its folder.
pub(crate) fn last_bool_setting(contents: &str, path: &Path, setting: &str) -> Option<bool> {
    let mut value = None;
    scan(contents, path, setting, 0, &mut value);
    value
}

/// Like [`last_bool_setting`] for a file; a missing or unreadable file has no
/// settings, as in Nix's `applyConfigFile`.
pub(crate) fn file_bool_setting(path: &Path, setting: &str) -> Option<bool> {
    let contents = read_small(path)?;
    last_bool_setting(&contents, path, setting)
}

fn scan(contents: &str, path: &Path, setting: &str, depth: usize, value: &mut Option<bool>) {
    for line in contents.split('\n') {
        let line = line.split('#').next().unwrap_or("");
        let tokens: Vec<&str> = line
            .split([' ', '\t', '\n', '\r'])
            .filter(|t| !t.is_empty())
            .collect();
        match tokens.as_slice() {
            [] => {}
            ["include" | "!include", file] if depth < MAX_INCLUDE_DEPTH => {
                let included = include_path(path, file);
                if let Some(text) = read_small(&included) {
                    scan(&text, &included, setting, depth + 1, value);
                }
            }
            [name, "=", rest @ ..] if *name == setting => {
                if let Some(v) = parse_bool(&rest.join(" ")) {
                    *value = Some(v);
                }
            }
            _ => {}
        }
    }
}

/// Nix's `BaseSetting<bool>::parse`.
fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

fn include_path(including: &Path, file: &str) -> PathBuf {
    let file = Path::new(file);
    if file.is_absolute() {
        file.to_path_buf()
    } else {
        // Nix: absPath(file, dirOf(path)); dirOf("NIX_CONFIG") is ".".
        let dir = including.parent().filter(|d| !d.as_os_str().is_empty());
        dir.unwrap_or(Path::new(".")).join(file)
    }
}

fn read_small(path: &Path) -> Option<String> {
    let file = File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_CONF_BYTES).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "use-xdg-base-directories";

    #[test]
    fn last_assignment_wins_and_comments_are_ignored() {
        let text = "use-xdg-base-directories = true\n# use-xdg-base-directories = false\n\
                    sandbox = false\n  use-xdg-base-directories\t=\tno  # trailing\n";
        assert_eq!(last_bool_setting(text, Path::new("x"), KEY), Some(false));
        let text = "use-xdg-base-directories = yes\nuse-xdg-base-directories = maybe\n";
        assert_eq!(last_bool_setting(text, Path::new("x"), KEY), Some(true));
    }

    #[test]
    fn other_settings_and_bad_lines_do_not_count() {
        let text = "extra-use-xdg-base-directories = true\nuse-xdg-base-directories true\n\
                    use-xdg-base-directories-x = true\n=\n";
        assert_eq!(last_bool_setting(text, Path::new("x"), KEY), None);
    }

    #[test]
    fn includes_are_relative_to_the_including_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(
            dir.path().join("sub/extra.conf"),
            "use-xdg-base-directories = 1\n",
        )
        .unwrap();
        let main = dir.path().join("nix.conf");
        std::fs::write(
            &main,
            "use-xdg-base-directories = false\n!include missing.conf\ninclude sub/extra.conf\n",
        )
        .unwrap();
        assert_eq!(file_bool_setting(&main, KEY), Some(true));
        // An include loop ends instead of recursing forever.
        std::fs::write(&main, "include nix.conf\nuse-xdg-base-directories = true\n").unwrap();
        assert_eq!(file_bool_setting(&main, KEY), Some(true));
        assert_eq!(file_bool_setting(&dir.path().join("absent"), KEY), None);
    }
}
