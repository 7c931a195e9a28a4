//! `frost update` of a managed profile: the branch fixture frozen into a
//! Git folder whose name has a space and an accent, adopted, and its
//! nixpkgs-like input given a newer `hello`. The preview shows 2.12.1 →
//! 2.12.2; without a terminal, or answering no on one, flake.lock stays
//! byte for byte; `--yes` installs the new store path as one generation
//! and commits the update with a plain message; `frost rollback` goes
//! back. Real Nix, offline, in a temporary sandbox.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use frost_core::profile::Profile;
use frost_testkit::{BranchFixture, NixSandbox, NEXT_HELLO_VERSION};
use serde_json::Value;

mod common;
use common::{frost_in as frost, succeeded as ok};

fn git(s: &NixSandbox, dir: &Path, args: &[&str]) -> String {
    let d = dir.display().to_string();
    let mut all = vec!["-C", d.as_str()];
    all.extend_from_slice(args);
    let out = s.run("git", &all).expect("git runs");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn history_len(f: &BranchFixture) -> usize {
    let p = f.profile.display().to_string();
    let out = f
        .sandbox
        .nix(&["profile", "history", "--profile", &p])
        .expect("history");
    out.lines().filter(|l| l.starts_with("Version ")).count()
}

/// The store paths of the element `name`.
fn paths_of(f: &BranchFixture, name: &str) -> Vec<String> {
    let manifest = Profile::open(&f.profile).unwrap().manifest(None).unwrap();
    manifest
        .elements
        .into_iter()
        .find(|e| e.name == name)
        .map(|e| e.store_paths)
        .unwrap_or_default()
}

/// `frost ARGS` on a terminal (`script`), typing `typed` once the
/// question is on the screen: whether it succeeded, its exit code, and
/// what the terminal showed.
fn on_terminal(s: &NixSandbox, args: &[&str], typed: &str) -> (Option<i32>, String) {
    let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_frost"))
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect();
    let mut child = s
        .command("script")
        .args(["-q", "-e", "-c", &quoted.join(" "), "/dev/null"])
        .env("LANGUAGE", "en")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script runs");
    let mut stdout = child.stdout.take().unwrap();
    let mut shown = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&shown).contains("[y/N]") {
        match stdout.read(&mut byte) {
            Ok(1) => shown.push(byte[0]),
            _ => break,
        }
    }
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(typed.as_bytes()).unwrap();
    stdout.read_to_end(&mut shown).unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    (status.code(), String::from_utf8_lossy(&shown).into_owned())
}

/// The branch fixture frozen into a Git folder `mein Profil é` under
/// the test's own root, and adopted.
fn adopted(name: &str) -> (BranchFixture, PathBuf) {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    let f = BranchFixture::build_in(NixSandbox::at(&root).unwrap()).unwrap();
    let dir = root.join("mein Profil é");
    let (d, p) = (dir.display().to_string(), f.profile.display().to_string());
    ok(
        frost(
            &f.sandbox,
            &["freeze", "--git", "--out", &d, "--profile", &p],
        ),
        "frost freeze",
    );
    ok(
        frost(&f.sandbox, &["adopt", &d, "--profile", &p]),
        "frost adopt",
    );
    (f, dir)
}

#[test]
fn update_of_a_managed_profile_previews_asks_and_installs_one_generation() {
    let (f, dir) = adopted("managed-update-cli");
    let p = f.profile.display().to_string();
    let old_hello = paths_of(&f, "hello");
    assert_eq!(old_hello.len(), 1, "{old_hello:?}");

    f.newer_hello_on_main().unwrap();

    let lock = || std::fs::read(dir.join("flake.lock")).unwrap();
    let before = lock();
    let head = git(&f.sandbox, &dir, &["rev-parse", "HEAD"]);
    let generations = history_len(&f);

    // No terminal, no --yes: the preview, and the lock put back.
    let out = frost(&f.sandbox, &["update", "--profile", &p]);
    let shown = ok(out.clone(), "frost update (no terminal)");
    assert!(
        shown.contains(&format!("  hello    2.12.1 → {NEXT_HELLO_VERSION}\n")),
        "{shown}"
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("there is no terminal to ask on"), "{said}");
    assert_eq!(lock(), before, "flake.lock byte for byte");
    assert_eq!(history_len(&f), generations);

    // On a terminal, answering no.
    let (code, shown) = on_terminal(&f.sandbox, &["update", "--profile", &p], "n\n");
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("Install these versions? [y/N]"), "{shown}");
    assert!(shown.contains("Nothing was installed"), "{shown}");
    assert_eq!(lock(), before, "flake.lock byte for byte after no");
    assert_eq!(history_len(&f), generations);
    assert_eq!(git(&f.sandbox, &dir, &["rev-parse", "HEAD"]), head);

    // Ctrl+C at the question.
    let (code, shown) = on_terminal(&f.sandbox, &["update", "--profile", &p], "\x03");
    assert_eq!(code, Some(130), "{shown}");
    assert!(
        shown.contains("Cancelled. Nothing was installed"),
        "{shown}"
    );
    assert_eq!(lock(), before, "flake.lock byte for byte after Ctrl+C");
    assert_eq!(history_len(&f), generations);

    // --yes: one generation with the new store path, one commit.
    let report: Value = serde_json::from_str(&ok(
        frost(&f.sandbox, &["update", "--profile", &p, "--yes", "--json"]),
        "frost update --yes",
    ))
    .unwrap();
    assert_eq!(report["installed"], true, "{report}");
    let hello = report["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "hello")
        .unwrap();
    assert_eq!(hello["installedVersion"], "2.12.1");
    assert_eq!(hello["newVersion"], NEXT_HELLO_VERSION);
    let new_path = hello["newPath"].as_str().unwrap().to_owned();
    assert_eq!(history_len(&f), generations + 1, "exactly one generation");
    assert_eq!(paths_of(&f, "hello"), [new_path]);
    assert_ne!(lock(), before);
    let subject = git(&f.sandbox, &dir, &["log", "-1", "--format=%s"]);
    let message = report["commitMessage"].as_str().unwrap();
    assert_eq!(subject, message);
    assert!(
        subject.starts_with("Update ") && subject.contains(" to 20"),
        "{subject}"
    );
    assert_eq!(
        git(&f.sandbox, &dir, &["status", "--porcelain"]),
        "",
        "flake.nix and flake.lock committed"
    );
    // Installed from the commit.
    let manifest = Profile::open(&f.profile).unwrap().manifest(None).unwrap();
    let e = manifest
        .elements
        .iter()
        .find(|e| e.name == "hello")
        .unwrap();
    let url = e.original_ref.as_ref().unwrap().to_url();
    assert!(url.starts_with("git+file:"), "{url}");

    ok(
        frost(&f.sandbox, &["rollback", "--profile", &p]),
        "frost rollback",
    );
    assert_eq!(paths_of(&f, "hello"), old_hello, "Undo returns");
}

#[test]
fn install_and_remove_on_a_managed_profile_edit_the_flake_and_keep_a_comment() {
    let (f, dir) = adopted("managed-edit-cli");
    let p = f.profile.display().to_string();
    // A person's own comment, committed.
    let flake_nix = dir.join("flake.nix");
    let text = std::fs::read_to_string(&flake_nix).unwrap();
    let comment = "# Mine: keep this line exactly as it is.  é\n";
    let mine = format!("{comment}{text}");
    std::fs::write(&flake_nix, &mine).unwrap();
    git(
        &f.sandbox,
        &dir,
        &["commit", "-q", "-a", "-m", "my comment"],
    );
    let lock = std::fs::read(dir.join("flake.lock")).unwrap();
    let generations = history_len(&f);

    let reference = format!("git+file://{}#cowsay", f.repo.display());
    ok(
        frost(&f.sandbox, &["install", "--profile", &p, &reference]),
        "frost install (managed)",
    );
    let added = std::fs::read_to_string(&flake_nix).unwrap();
    assert!(added.starts_with(comment), "{added}");
    assert!(added.contains("cowsay"), "{added}");
    assert_eq!(history_len(&f), generations + 1, "one generation");
    assert_eq!(
        git(&f.sandbox, &dir, &["log", "-1", "--format=%s"]),
        "Add cowsay 3.7.0"
    );
    assert_eq!(git(&f.sandbox, &dir, &["status", "--porcelain"]), "");
    let manifest = Profile::open(&f.profile).unwrap().manifest(None).unwrap();
    let cowsay = manifest
        .elements
        .iter()
        .find(|e| e.name == "cowsay")
        .expect("cowsay installed");
    assert_eq!(
        frost_core::freeze::managed::element_folder(cowsay).as_deref(),
        Some(dir.as_path()),
        "installed from the folder"
    );
    let managed = frost_core::freeze::managed::managed_state_on_disk(&manifest.elements).unwrap();
    assert!(
        managed.in_flake.contains(&"cowsay".to_owned()),
        "{managed:?}"
    );

    ok(
        frost(&f.sandbox, &["remove", "--profile", &p, "cowsay"]),
        "frost remove (managed)",
    );
    assert_eq!(
        std::fs::read_to_string(&flake_nix).unwrap(),
        mine,
        "the add reversed byte for byte"
    );
    assert_eq!(std::fs::read(dir.join("flake.lock")).unwrap(), lock);
    assert_eq!(history_len(&f), generations + 2);
    assert!(paths_of(&f, "cowsay").is_empty());
    assert_eq!(
        git(&f.sandbox, &dir, &["log", "-1", "--format=%s"]),
        "Remove cowsay"
    );

    // A flake.nix Frost cannot edit: nothing changes, and the edit says why.
    let broken = format!("{mine}\n{{ unclosed");
    std::fs::write(&flake_nix, &broken).unwrap();
    let out = frost(&f.sandbox, &["install", "--profile", &p, &reference]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Frost cannot change") && said.contains("it has a syntax error"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&flake_nix).unwrap(), broken);
    assert_eq!(history_len(&f), generations + 2, "no generation");
}

#[test]
fn adopt_add_takes_a_package_from_a_terminal_into_the_flake_with_its_store_paths() {
    let (f, dir) = adopted("managed-add-cli");
    let p = f.profile.display().to_string();
    let reference = format!("git+file://{}#cowsay", f.repo.display());
    f.sandbox
        .nix(&["profile", "install", "--profile", &p, &reference])
        .expect("nix profile install");
    let drifted = paths_of(&f, "cowsay");
    assert_eq!(drifted.len(), 1, "{drifted:?}");
    let listed = ok(frost(&f.sandbox, &["list", "--profile", &p]), "frost list");
    assert!(listed.contains("Not in your flake"), "{listed}");
    let generations = history_len(&f);

    let said = ok(
        frost(&f.sandbox, &["adopt", "--add", "cowsay", "--profile", &p]),
        "frost adopt --add",
    );
    assert!(said.contains("Added cowsay to the flake in"), "{said}");
    let flake = std::fs::read_to_string(dir.join("flake.nix")).unwrap();
    assert!(flake.contains("cowsay = "), "{flake}");
    assert_eq!(
        git(&f.sandbox, &dir, &["log", "-1", "--format=%s"]),
        "Add cowsay 3.7.0"
    );
    assert_eq!(git(&f.sandbox, &dir, &["status", "--porcelain"]), "");
    assert_eq!(history_len(&f), generations + 1, "one generation");
    assert_eq!(paths_of(&f, "cowsay"), drifted, "same store paths");
    let listed = ok(frost(&f.sandbox, &["list", "--profile", &p]), "frost list");
    assert!(!listed.contains("Not in your flake"), "{listed}");

    // In the flake already: refused, and why.
    let out = frost(&f.sandbox, &["adopt", "--add", "cowsay", "--profile", &p]);
    assert!(!out.status.success());
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(
        why.contains("Frost cannot add cowsay to the flake: the flake has it already"),
        "{why}"
    );
    assert_eq!(history_len(&f), generations + 1, "no generation");
}
