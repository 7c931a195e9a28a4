use super::*;

fn nix(v: &str) -> NixVersion {
    NixVersion::parse(v).expect("version")
}

fn args(op: &Operation, v: &str) -> Vec<String> {
    op.args(&nix(v))
        .expect("one run of Nix")
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn install_uses_the_verb_the_installed_nix_prefers() {
    let op = Operation::Install {
        profile: "/p/profile".into(),
        refs: vec!["nixpkgs#hello".into(), "path:/x y#a".into()],
        priority: None,
    };
    let tail = [
        "--profile",
        "/p/profile",
        "--",
        "nixpkgs#hello",
        "path:/x y#a",
    ];
    assert_eq!(args(&op, "nix (Nix) 2.26.3")[..2], ["profile", "install"]);
    assert_eq!(args(&op, "nix (Nix) 2.26.3")[2..], tail);
    assert_eq!(args(&op, "nix (Nix) 2.30.0")[..2], ["profile", "add"]);
    assert_eq!(args(&op, "nix (Lix, like Nix) 2.93.0")[1], "install");

    let preferred = Operation::Install {
        profile: "/p/profile".into(),
        refs: vec!["nixpkgs#hello".into()],
        priority: Some(-1),
    };
    assert_eq!(
        args(&preferred, "nix (Nix) 2.26.3")[2..],
        [
            "--profile",
            "/p/profile",
            "--priority",
            "-1",
            "--",
            "nixpkgs#hello"
        ]
    );
}

#[test]
fn remove_and_upgrade_take_names_after_a_separator() {
    let remove = Operation::Remove {
        profile: "/p".into(),
        names: vec!["hello".into(), "--all".into()],
    };
    assert_eq!(
        args(&remove, "nix (Nix) 2.26.3"),
        [
            "profile",
            "remove",
            "--profile",
            "/p",
            "--",
            "hello",
            "--all"
        ]
    );
    let upgrade = Operation::Upgrade {
        profile: "/p".into(),
        names: vec!["python3.12-pip".into()],
    };
    assert_eq!(
        args(&upgrade, "nix (Nix) 2.26.3"),
        [
            "profile",
            "upgrade",
            "--profile",
            "/p",
            "--",
            "python3.12-pip"
        ]
    );
}

#[test]
fn upgrade_all_is_spelled_for_each_nix() {
    let op = Operation::UpgradeAll {
        profile: "/p".into(),
    };
    assert_eq!(args(&op, "nix (Nix) 2.21.0")[4..], ["--all".to_owned()]);
    assert_eq!(args(&op, "nix (Nix) 2.20.5")[4..], ["--", ".*"]);
    assert_eq!(args(&op, "nix (Lix, like Nix) 2.91.1")[4..], ["--", ".*"]);
}

#[test]
fn rollback_flakes_and_evaluations() {
    let to = Operation::Rollback {
        profile: "/p".into(),
        to: Some(3),
    };
    assert_eq!(
        args(&to, "nix (Nix) 2.26.3"),
        ["profile", "rollback", "--profile", "/p", "--to", "3"]
    );
    let back = Operation::Rollback {
        profile: "/p".into(),
        to: None,
    };
    assert_eq!(args(&back, "nix (Nix) 2.26.3").len(), 4);

    let lock = Operation::FlakeLock { dir: "/f".into() };
    assert_eq!(args(&lock, "nix (Nix) 2.26.3"), ["flake", "lock", "/f"]);
    assert_eq!(lock.working_dir(), Some(Path::new("/f")));
    let update = Operation::FlakeUpdate { dir: "/f".into() };
    assert_eq!(
        args(&update, "nix (Nix) 2.26.3"),
        ["flake", "update", "--flake", "/f"]
    );
    assert_eq!(args(&update, "nix (Nix) 2.18.1"), ["flake", "update", "/f"]);

    let eval = Operation::describe("path:/x?narHash=abc", "legacyPackages.x86_64-linux.hello");
    let a = args(&eval, "nix (Nix) 2.26.3");
    assert_eq!(a[..3], ["eval", "--json", "--apply"]);
    assert_eq!(
        a[4..],
        [
            "--",
            "path:/x?narHash=abc#legacyPackages.x86_64-linux.hello"
        ]
    );
    assert_eq!(eval.lane(), None);
    assert_eq!(eval.profile(), None);
}

#[test]
fn one_profile_reached_two_ways_is_one_lane() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = dir.path().join("profiles");
    std::fs::create_dir(&profiles).unwrap();
    std::os::unix::fs::symlink("/nix/store/x-profile", profiles.join("profile-1-link")).unwrap();
    std::os::unix::fs::symlink("profile-1-link", profiles.join("profile")).unwrap();
    let home_link = dir.path().join(".nix-profile");
    std::os::unix::fs::symlink(profiles.join("profile"), &home_link).unwrap();

    let direct = Operation::Remove {
        profile: profiles.join("profile"),
        names: vec!["a".into()],
    };
    let through_home = Operation::Rollback {
        profile: home_link,
        to: None,
    };
    assert_eq!(direct.lane(), through_home.lane());
    assert_eq!(
        through_home.resolved().profile(),
        Some(&*profiles.join("profile"))
    );
    assert_eq!(direct.lane(), Some(Lane::Profile(profiles.join("profile"))));
    // A profile that does not exist yet (a first install) has a lane too.
    let fresh = Operation::Install {
        profile: dir.path().join("new"),
        refs: vec![],
        priority: None,
    };
    assert_eq!(fresh.lane(), Some(Lane::Profile(dir.path().join("new"))));
    let lock = Operation::FlakeLock {
        dir: dir.path().join("profiles/../profiles"),
    };
    assert_eq!(
        lock.lane(),
        Some(Lane::Flake(profiles.canonicalize().unwrap()))
    );
}

#[test]
fn a_frozen_folders_update_lock_and_restore_run_in_its_lane_as_absolute_paths() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mein Profil é");
    std::fs::create_dir(&folder).unwrap();
    let saved = crate::freeze::update::SavedLock::take(&folder).unwrap();
    let lane = Some(Lane::Flake(folder.canonicalize().unwrap()));
    let version = nix("nix (Nix) 2.26.3");
    for op in [
        Operation::UpdateFolder {
            dir: folder.clone(),
        },
        Operation::LockFolder {
            dir: folder.clone(),
        },
        Operation::RestoreLock { saved },
    ] {
        assert_eq!(op.lane(), lane, "{op:?}");
        assert_eq!(op.args(&version), None, "several steps: {op:?}");
        assert_eq!(op.profile(), None);
        assert!(op.title().contains("mein Profil é"), "{}", op.title());
        assert!(op.done_message().contains("mein Profil é"));
    }
    let relative = Operation::UpdateFolder {
        dir: "frozen".into(),
    };
    match relative.resolved() {
        Operation::UpdateFolder { dir } => assert!(dir.is_absolute(), "{}", dir.display()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn titles_name_the_packages() {
    let install = Operation::Install {
        profile: "/p".into(),
        refs: vec![
            "path:/x#legacyPackages.x86_64-linux.hello^out".into(),
            "nixpkgs#\"7zip\"".into(),
            "/nix/store/w2yl4jy4dnh6d38l16507hjjdwfsfy4y-cowsay-3.7.0".into(),
            "github:owner/tool".into(),
        ],
        priority: None,
    };
    assert_eq!(
        install.title(),
        "Installing hello, 7zip, cowsay, owner/tool"
    );
    let remove = Operation::Remove {
        profile: "/p".into(),
        names: vec!["hello".into(), "pip".into()],
    };
    assert_eq!(remove.title(), "Removing hello, pip");
    assert_eq!(remove.done_message(), "Removed hello, pip");
    let back = Operation::Rollback {
        profile: "/p".into(),
        to: Some(4),
    };
    assert_eq!(back.title(), "Rolling back to generation 4");
    assert_eq!(ref_label("not a ref at all"), "not a ref at all");
}

#[test]
fn an_apply_changes_its_profile_and_is_no_single_run_of_nix() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = dir.path().join("profiles");
    std::fs::create_dir(&profiles).unwrap();
    std::os::unix::fs::symlink("/nix/store/x-profile", profiles.join("profile-1-link")).unwrap();
    std::os::unix::fs::symlink("profile-1-link", profiles.join("profile")).unwrap();
    let home_link = dir.path().join(".nix-profile");
    std::os::unix::fs::symlink(profiles.join("profile"), &home_link).unwrap();

    let apply = Operation::Apply {
        source: ApplySource::Folder("frozen".into()),
        only: Vec::new(),
        profile: home_link.clone(),
        replace: false,
    };
    assert_eq!(apply.args(&nix("nix (Nix) 2.26.3")), None);
    assert_eq!(apply.profile(), Some(&*home_link));
    assert_eq!(apply.lane(), Some(Lane::Profile(profiles.join("profile"))));
    let resolved = apply.resolved();
    assert_eq!(resolved.profile(), Some(&*profiles.join("profile")));
    let Operation::Apply { source: frozen, .. } = &resolved else {
        panic!("still an apply: {resolved:?}");
    };
    assert_eq!(
        frozen.folder(),
        Some(&*std::env::current_dir().unwrap().join("frozen")),
        "a path: flake needs an absolute folder"
    );

    let add = Operation::Apply {
        source: ApplySource::Folder("/home/me/frozen".into()),
        only: Vec::new(),
        profile: "/p".into(),
        replace: false,
    };
    assert_eq!(add.title(), "Installing the packages of /home/me/frozen");
    assert_eq!(
        add.done_message(),
        "Installed the packages of /home/me/frozen"
    );
    let replace = Operation::Apply {
        source: ApplySource::Folder("/home/me/frozen".into()),
        only: Vec::new(),
        profile: "/p".into(),
        replace: true,
    };
    assert_eq!(
        replace.title(),
        "Replacing the packages with those of /home/me/frozen"
    );
    assert_eq!(
        replace.done_message(),
        "Replaced the packages with those of /home/me/frozen"
    );
}

#[test]
fn a_preview_reads_and_changes_nothing() {
    let preview = Operation::PreviewApply {
        source: ApplySource::Flake("github:alice/my-profile".into()),
        profile: "/p".into(),
    };
    assert_eq!(preview.args(&nix("nix (Nix) 2.26.3")), None);
    assert_eq!(preview.profile(), None, "it changes no profile");
    assert_eq!(preview.lane(), None, "it may run beside anything");
    assert_eq!(
        preview.title(),
        "Reading the packages of github:alice/my-profile"
    );
    let folder = Operation::PreviewApply {
        source: ApplySource::Folder("frozen".into()),
        profile: "/p".into(),
    };
    let Operation::PreviewApply { source, .. } = folder.resolved() else {
        panic!("still a preview");
    };
    assert_eq!(
        source.folder(),
        Some(&*std::env::current_dir().unwrap().join("frozen"))
    );
}
