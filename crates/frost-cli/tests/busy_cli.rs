//! `frost` on a Nix store that another Nix command keeps busy: a change
//! is tried again and says so, and when the store stays busy the end says
//! what it means in words, with the profile as it was. A stand-in `nix`
//! first on PATH (frost_testkit::BusyNix) fails as Nix does, then runs the
//! real one.

mod common;
use common::Env;
use frost_testkit::{BusyNix, BusyTry};

const TRYING_AGAIN: &str = "Nix’s store was busy; trying again…";

fn install_greeter(env: &Env, busy: &BusyNix) -> (bool, String) {
    let out = env
        .command(&["install", &env.scenario.installable("greeter")])
        .env("PATH", busy.path_var())
        .output()
        .expect("run frost");
    (
        out.status.success(),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

#[test]
fn a_busy_store_is_tried_again_and_the_install_happens() {
    let env = Env::new();
    let busy = BusyNix::write(&env.fixture.sandbox, 1, BusyTry::ChangesNothing).expect("stand-in");
    let (ok, stderr) = install_greeter(&env, &busy);
    assert!(ok, "{stderr}");
    assert_eq!(stderr.matches(TRYING_AGAIN).count(), 1, "{stderr}");
    assert!(stderr.contains("(generation 6 → 7)"), "{stderr}");
    assert_eq!(busy.profile_runs(), 2);
}

#[test]
fn a_store_that_stays_busy_is_explained_and_the_profile_is_unchanged() {
    let env = Env::new();
    let busy =
        BusyNix::write(&env.fixture.sandbox, u32::MAX, BusyTry::ChangesNothing).expect("stand-in");
    let manifest = env.manifest_bytes();
    let (ok, stderr) = install_greeter(&env, &busy);
    assert!(!ok);
    let report = &stderr[stderr.find("frost: ").expect("the report")..];
    for part in [
        "SQLite database '/nix/var/nix/db/db.sqlite' is busy",
        "Another Nix command is using the store, and it was still busy after Frost tried again several times. Wait for the other command to finish, then try again.",
        "The profile is unchanged: still generation 6.",
    ] {
        assert!(report.contains(part), "{part:?} in:\n{report}");
    }
    assert_eq!(env.manifest_bytes(), manifest);
    assert_eq!(env.generation(), 6);
}
