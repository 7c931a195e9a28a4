use std::process::Command;

use super::*;
use crate::test_support::block_on;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn write_frozen(dir: &Path, text: &str) {
    for f in FROZEN_FILES {
        std::fs::write(dir.join(f), format!("{text} {f}")).unwrap();
    }
}

fn commits(dir: &Path) -> Vec<String> {
    git(dir, &["log", "--format=%s"])
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_new_folder_becomes_a_repository_with_one_commit_of_the_three_files() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("Mein Profil é");
    std::fs::create_dir(&dir).unwrap();
    write_frozen(&dir, "v1");
    std::fs::write(dir.join("notes.txt"), "mine, not committed").unwrap();
    let r = block_on(commit_freeze(&dir, 3)).unwrap();
    assert!(r.initialized);
    assert_eq!(commits(&dir), ["Freeze profile (3 packages)"]);
    assert_eq!(
        git(&dir, &["ls-tree", "--name-only", "HEAD"]),
        "README.md\nflake.lock\nflake.nix\n"
    );
    assert_eq!(
        r.commit.as_deref(),
        Some(git(&dir, &["rev-parse", "HEAD"]).trim())
    );

    // Unchanged files: nothing to commit, and that is no error.
    let again = block_on(commit_freeze(&dir, 3)).unwrap();
    assert_eq!((again.initialized, again.commit), (false, None));
    // A new freeze is a second commit.
    write_frozen(&dir, "v2");
    let next = block_on(commit_freeze(&dir, 1)).unwrap();
    assert!(next.commit.is_some());
    assert_eq!(
        commits(&dir),
        ["Freeze profile (1 package)", "Freeze profile (3 packages)"]
    );
}

#[test]
fn inside_a_work_tree_only_the_frozen_files_are_committed() {
    let root = tempfile::tempdir().unwrap();
    git(root.path(), &["init", "--quiet"]);
    std::fs::write(root.path().join("staged.txt"), "the user's").unwrap();
    git(root.path(), &["add", "staged.txt"]);
    let dir = root.path().join("frozen");
    std::fs::create_dir(&dir).unwrap();
    write_frozen(&dir, "v1");
    let r = block_on(commit_freeze(&dir, 2)).unwrap();
    assert!(!r.initialized, "no repository inside the repository");
    assert!(!dir.join(".git").exists());
    assert_eq!(
        git(root.path(), &["ls-tree", "-r", "--name-only", "HEAD"]),
        "frozen/README.md\nfrozen/flake.lock\nfrozen/flake.nix\n"
    );
    // The user's staged file is still staged, not committed.
    assert_eq!(
        git(root.path(), &["diff", "--cached", "--name-only"]),
        "staged.txt\n"
    );
}

#[test]
fn a_folder_the_surrounding_repository_ignores_gets_its_own() {
    // As a freeze under a project's target/ folder: `git add` there fails.
    let root = tempfile::tempdir().unwrap();
    git(root.path(), &["init", "--quiet"]);
    std::fs::write(root.path().join(".gitignore"), "/target\n").unwrap();
    let dir = root.path().join("target/frozen");
    std::fs::create_dir_all(&dir).unwrap();
    write_frozen(&dir, "v1");
    let r = block_on(commit_freeze(&dir, 2)).unwrap();
    assert!(r.initialized, "a repository of its own");
    assert!(dir.join(".git").is_dir());
    assert_eq!(commits(&dir), ["Freeze profile (2 packages)"]);
    // The surrounding repository has no commit and nothing staged.
    assert_eq!(
        git(root.path(), &["status", "--porcelain"]),
        "?? .gitignore\n"
    );
}

#[test]
fn missing_git_is_its_own_error_and_the_files_stay() {
    let dir = tempfile::tempdir().unwrap();
    write_frozen(dir.path(), "v1");
    let err = block_on(commit_with(OsStr::new("/nonexistent/git"), dir.path(), 1)).unwrap_err();
    assert!(matches!(err, Error::GitNotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("Install Git"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[test]
fn a_failing_git_command_is_named_with_its_message() {
    let dir = tempfile::tempdir().unwrap();
    // No frozen files: `git add` fails on the missing paths.
    let err = block_on(commit_freeze(dir.path(), 1)).unwrap_err();
    let Error::GitFailed {
        command, message, ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert!(command.starts_with("git add"), "{command}");
    assert!(
        message.contains("flake.lock") || message.contains("pathspec"),
        "{message}"
    );
}

/// A Flatpak's launcher whose flatpak-spawn is the tests' stand-in, linked
/// into `dir` (it records into `dir/record`). A link, not a copy: a copy
/// just written may still be open in another test's fork (ETXTBSY).
fn standin_launcher(dir: &Path) -> crate::nix::host::Launcher {
    let standin = dir.join("flatpak-spawn");
    std::os::unix::fs::symlink(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/flatpak-spawn-standin.py"
        ),
        &standin,
    )
    .unwrap();
    crate::nix::host::Launcher::FlatpakHost(crate::nix::host::FlatpakHost {
        spawn_program: standin,
    })
}

#[test]
fn inside_flatpak_git_runs_on_the_host() {
    let spawn_dir = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_frozen(dir.path(), "v1");
    let launcher = standin_launcher(spawn_dir.path());
    let r = block_on(commit_via(launcher, OsStr::new("git"), dir.path(), 3)).unwrap();
    assert!(r.initialized && r.commit.is_some(), "{r:?}");
    assert_eq!(commits(dir.path()), ["Freeze profile (3 packages)"]);
    let record = std::fs::read_to_string(spawn_dir.path().join("record")).unwrap();
    let first: serde_json::Value = serde_json::from_str(record.lines().next().unwrap()).unwrap();
    let argv: Vec<String> = serde_json::from_value(first["argv"].clone()).unwrap();
    assert_eq!(argv[..2], ["--host", "--watch-bus"]);
    let git_at = argv.iter().position(|a| a == "git").expect("git");
    assert_eq!(
        argv[git_at + 1..git_at + 3],
        ["-C", dir.path().to_str().unwrap()]
    );
}

#[test]
fn a_host_without_git_is_git_not_found() {
    let spawn_dir = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_frozen(dir.path(), "v1");
    let launcher = standin_launcher(spawn_dir.path());
    let err = block_on(commit_via(
        launcher,
        OsStr::new("/nonexistent/git"),
        dir.path(),
        1,
    ))
    .unwrap_err();
    assert!(matches!(err, Error::GitNotFound { .. }), "{err:?}");
}

#[test]
fn a_folder_change_commits_exactly_flake_nix_and_flake_lock_and_shows_in_its_log() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("Mein Profil é");
    std::fs::create_dir(&dir).unwrap();
    // No repository: nothing committed, no history.
    write_frozen(&dir, "v1");
    assert_eq!(
        block_on(commit_folder(&dir, "Update nixpkgs")).unwrap(),
        None
    );
    assert!(block_on(folder_log(&dir, 5)).unwrap().is_empty());

    block_on(commit_freeze(&dir, 2)).unwrap();
    std::fs::write(dir.join("flake.lock"), "v2 lock").unwrap();
    std::fs::write(dir.join("README.md"), "changed, mine").unwrap();
    std::fs::write(dir.join("notes.txt"), "staged by me").unwrap();
    git(&dir, &["add", "notes.txt"]);
    let message = "Update nixpkgs to 2026-11-20";
    let record = block_on(commit_folder(&dir, message)).unwrap().unwrap();
    assert_eq!(
        record.commit.as_deref(),
        Some(git(&dir, &["rev-parse", "HEAD"]).trim())
    );
    assert_eq!(commits(&dir), [message, "Freeze profile (2 packages)"]);
    assert_eq!(
        git(&dir, &["show", "--name-only", "--format=", "HEAD"]),
        "flake.lock\n"
    );
    // What was staged stays staged; what was changed stays changed.
    assert_eq!(
        git(&dir, &["status", "--porcelain"]),
        " M README.md\nA  notes.txt\n"
    );
    // As committed: nothing to commit.
    assert_eq!(block_on(commit_folder(&dir, message)).unwrap(), None);

    let log = block_on(folder_log(&dir, 5)).unwrap();
    let subjects: Vec<&str> = log.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(subjects, [message, "Freeze profile (2 packages)"]);
    assert_eq!(log[0].commit, record.commit.unwrap());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(now.abs_diff(log[0].time) < 600, "{} is now", log[0].time);
    // Strict ISO 8601: 2026-12-07T10:13:06Z, or with the offset.
    let date = &log[0].date;
    assert!(
        date.len() >= 20 && date[..4].parse::<u32>().is_ok() && &date[10..11] == "T",
        "{date}"
    );
    assert_eq!(block_on(folder_log(&dir, 1)).unwrap().len(), 1);

    // A folder inside a larger repository is not committed on its own.
    let inner = dir.join("sub");
    std::fs::create_dir(&inner).unwrap();
    write_frozen(&inner, "inner");
    assert_eq!(block_on(commit_folder(&inner, message)).unwrap(), None);
}
