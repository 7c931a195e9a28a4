//! `frost update --folder DIR`: a frozen folder's inputs moved to their
//! newest, with each package's installed version beside its new one, and
//! `--dry-run` putting flake.lock back byte for byte. Real Nix, offline,
//! on the branch fixture frozen into a folder whose name has a space and an
//! accent; its nixpkgs-like input then gets a newer `hello` on `main`.

use std::path::Path;

use frost_testkit::{BranchFixture, NixSandbox, NEXT_HELLO_VERSION};
use serde_json::Value;

mod common;
use common::{frost_in as frost, succeeded as ok};

#[test]
fn update_previews_the_new_versions_and_dry_run_keeps_the_lock() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("update-cli");
    let _ = std::fs::remove_dir_all(&root);
    let f = BranchFixture::build_in(NixSandbox::at(&root).unwrap()).unwrap();
    let frozen = root.join("mein Profil é");
    let (o, p) = (
        frozen.display().to_string(),
        f.profile.display().to_string(),
    );
    ok(
        frost(&f.sandbox, &["freeze", "--out", &o, "--profile", &p]),
        "frost freeze",
    );
    let lock = || std::fs::read(frozen.join("flake.lock")).unwrap();
    let before = lock();

    let same = ok(
        frost(&f.sandbox, &["update", "--folder", &o, "--dry-run"]),
        "frost update (nothing moved)",
    );
    assert!(same.contains("  hello    2.12.1 (unchanged)\n"), "{same}");

    f.newer_hello_on_main().unwrap();

    let dry = ok(
        frost(&f.sandbox, &["update", "--folder", &o, "--dry-run"]),
        "frost update --dry-run",
    );
    assert!(
        dry.contains(&format!("  hello    2.12.1 → {NEXT_HELLO_VERSION}\n")),
        "{dry}"
    );
    assert!(dry.contains("  7zip     24.08 (unchanged)\n"), "{dry}");
    assert!(dry.contains("Nothing was changed (--dry-run)"), "{dry}");
    assert_eq!(lock(), before, "--dry-run puts flake.lock back");

    let report: Value = serde_json::from_str(&ok(
        frost(&f.sandbox, &["update", "--folder", &o, "--json"]),
        "frost update --json",
    ))
    .unwrap();
    let hello = report["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "hello")
        .unwrap();
    assert_eq!(hello["change"], "updated");
    assert_eq!(hello["installedVersion"], "2.12.1");
    assert_eq!(hello["newVersion"], NEXT_HELLO_VERSION);
    assert_ne!(lock(), before, "without --dry-run the lock moves on");

    let again = ok(
        frost(&f.sandbox, &["update", "--folder", &o]),
        "frost update (up to date)",
    );
    assert!(
        again.contains(&format!("  hello    {NEXT_HELLO_VERSION} (unchanged)\n")),
        "{again}"
    );
    assert!(
        again.contains("Every package is already at its newest version."),
        "{again}"
    );
}
