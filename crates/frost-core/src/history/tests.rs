//! History over synthetic profiles in a temporary folder: generation links
//! to folders holding manifest.json files, read through `Profile`.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use super::*;

/// A v3 manifest of store-path elements, `name` → `pname-version`.
fn manifest_json(elements: &[(&str, &str)]) -> String {
    let items: Vec<String> = elements
        .iter()
        .map(|(name, store_name)| {
            format!(
                r#""{name}":{{"active":true,"priority":5,"storePaths":["/nix/store/{:0<32}-{store_name}"]}}"#,
                name.len()
            )
        })
        .collect();
    format!(r#"{{"version":3,"elements":{{{}}}}}"#, items.join(","))
}

/// Writes generations `gens` (number, manifest text) and points the profile
/// at `current`.
fn profile(dir: &Path, gens: &[(u64, &str)], current: u64) -> Profile {
    for (n, text) in gens {
        let store = dir.join(format!("store-{n}"));
        std::fs::create_dir_all(&store).unwrap();
        std::fs::write(store.join("manifest.json"), text).unwrap();
        symlink(&store, dir.join(format!("profile-{n}-link"))).unwrap();
    }
    symlink(format!("profile-{current}-link"), dir.join("profile")).unwrap();
    Profile::open(&dir.join("profile")).unwrap()
}

fn numbers(history: &History) -> Vec<u64> {
    history
        .entries
        .iter()
        .map(|e| e.generation.number)
        .collect()
}

fn since(history: &History, name: &str) -> Option<u64> {
    history.installed_since(name).map(|g| g.number)
}

#[test]
fn summaries_compare_each_generation_with_the_one_before() {
    let dir = tempfile::tempdir().unwrap();
    let p = profile(
        dir.path(),
        &[
            (1, &manifest_json(&[("hello", "hello-2.12")])),
            (
                2,
                &manifest_json(&[("hello", "hello-2.13"), ("gimp", "gimp-2.10")]),
            ),
            (4, &manifest_json(&[("gimp", "gimp-2.10")])),
        ],
        4,
    );
    let history = History::read(&p).unwrap();
    assert_eq!(numbers(&history), [1, 2, 4]);
    let summaries: Vec<String> = history.entries.iter().map(HistoryEntry::headline).collect();
    assert_eq!(
        summaries,
        [
            "Started with hello",
            "Added gimp, updated hello to 2.13",
            "Removed hello"
        ]
    );
    // Going back from generation 4 (gimp) to 1 (hello 2.12).
    let back = history.going_back_to(1).map(|d| d.going_back());
    assert_eq!(
        back.as_deref(),
        Some(&["Removes gimp".to_owned(), "Brings back hello".to_owned()][..])
    );
    assert!(history.going_back_to(3).is_none());
    let previous: Vec<Option<u64>> = history.entries.iter().map(|e| e.previous).collect();
    assert_eq!(previous, [None, Some(1), Some(2)]);
    assert_eq!(history.entry(4).map(|e| e.generation.current), Some(true));
    assert!(history.entry(3).is_none());
}

#[test]
fn installed_since_is_the_start_of_the_unbroken_run() {
    let dir = tempfile::tempdir().unwrap();
    let hello = manifest_json(&[("hello", "hello-2.12")]);
    let both = manifest_json(&[("hello", "hello-2.13"), ("vim", "vim-9.1")]);
    let vim = manifest_json(&[("vim", "vim-9.1")]);
    let p = profile(
        dir.path(),
        &[(1, &hello), (2, &both), (3, &vim), (4, &both), (5, &vim)],
        4,
    );
    let history = History::read(&p).unwrap();
    // An update keeps the date; a removal and a new install start again.
    assert_eq!(since(&history, "vim"), Some(2));
    assert_eq!(since(&history, "hello"), Some(4));
    // Generation 5 came after the current one (a rollback): not counted.
    assert_eq!(since(&history, "gimp"), None);
    let g = history.installed_since("vim").unwrap();
    assert!(g.link.ends_with("profile-2-link"), "{g:?}");
}

#[test]
fn an_unreadable_manifest_is_that_generations_error_only() {
    let dir = tempfile::tempdir().unwrap();
    let p = profile(
        dir.path(),
        &[
            (1, &manifest_json(&[("hello", "hello-2.12")])),
            (2, "{ not json"),
            (
                3,
                &manifest_json(&[("hello", "hello-2.12"), ("vim", "vim-9.1")]),
            ),
        ],
        3,
    );
    let history = History::read(&p).unwrap();
    let second = history.entry(2).unwrap();
    assert!(second.diff.is_none());
    let error = second.error.clone().unwrap_or_default();
    let manifest: PathBuf = dir.path().join("store-2/manifest.json");
    assert!(error.contains(&manifest.display().to_string()), "{error}");
    assert_eq!(second.headline(), "Cannot tell what changed");
    assert!(history.going_back_to(2).is_none());
    // The next generation cannot be compared with a damaged one either.
    assert!(history.entry(3).unwrap().error.is_some());
    // The damaged generation breaks the run: hello counts from 3.
    assert_eq!(since(&history, "hello"), Some(3));
}

#[test]
fn a_profile_without_generations_has_no_history() {
    let dir = tempfile::tempdir().unwrap();
    let p = Profile {
        path: dir.path().join("profile"),
    };
    let history = History::read(&p).unwrap();
    assert!(history.entries.is_empty());
    assert_eq!(since(&history, "hello"), None);
}

#[test]
fn going_back_from_a_damaged_current_generation_brings_everything_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = profile(
        dir.path(),
        &[
            (
                1,
                &manifest_json(&[("hello", "hello-2.12"), ("vim", "vim-9.1")]),
            ),
            (2, "{ \"version\": 3, \"elements\": "),
        ],
        2,
    );
    let history = History::read(&p).unwrap();
    assert_eq!(numbers(&history), [1, 2]);
    assert_eq!(
        history.entry(1).unwrap().headline(),
        "Started with hello and vim"
    );
    let back = history.going_back_to(1).map(|d| d.going_back());
    assert_eq!(
        back.as_deref(),
        Some(&["Brings back hello and vim".to_owned()][..])
    );
}
