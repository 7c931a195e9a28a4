//! Discovery over synthetic trees of links in a temporary folder: a fake
//! HOME, XDG folders, nix.conf folder and Nix state folder, never the
//! machine's own.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use super::*;

struct Tree {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Tree {
    fn new() -> Tree {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        for d in ["home", "state", "config", "etc-nix", "var-nix", "store"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        Tree { _dir: dir, root }
    }

    fn p(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// A hermetic environment for user `alice`: every folder Nix reads is
    /// inside the tree.
    fn env(&self) -> NixEnvironment {
        NixEnvironment {
            home: Some(self.p("home")),
            user: Some("alice".into()),
            is_root: false,
            xdg_state_home: Some(self.p("state")),
            xdg_config_home: Some(self.p("config")),
            xdg_config_dirs: Some(self.p("etc-xdg").display().to_string()),
            nix_conf_dir: Some(self.p("etc-nix")),
            nix_state_dir: Some(self.p("var-nix")),
            ..NixEnvironment::default()
        }
    }

    /// Makes profile `rel` with generations `gens`, pointing at `current`.
    /// Each generation's store folder holds a manifest.json.
    fn profile(&self, rel: &str, gens: &[u64], current: u64) -> PathBuf {
        let profile = self.p(rel);
        let dir = profile.parent().unwrap();
        std::fs::create_dir_all(dir).unwrap();
        let name = profile.file_name().unwrap().to_str().unwrap().to_owned();
        for n in gens {
            let store = self.p(&format!("store/{}-{name}-{n}", rel.replace('/', "_")));
            std::fs::create_dir_all(&store).unwrap();
            std::fs::write(store.join("manifest.json"), "{}").unwrap();
            symlink(&store, dir.join(format!("{name}-{n}-link"))).unwrap();
        }
        symlink(format!("{name}-{current}-link"), &profile).unwrap();
        profile
    }

    fn link(&self, rel: &str, target: &Path) {
        let link = self.p(rel);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        symlink(target, link).unwrap();
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.p(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn home_link_leads_to_the_xdg_profile() {
    let t = Tree::new();
    let profile = t.profile("state/nix/profiles/profile", &[1, 2], 2);
    t.link("home/.nix-profile", &profile);
    assert_eq!(default_profile(&t.env()).unwrap(), profile);
}

#[test]
fn relative_home_link_is_read_against_its_folder() {
    let t = Tree::new();
    let profile = t.profile("state/nix/profiles/profile", &[1], 1);
    t.link(
        "home/.nix-profile",
        Path::new("../state/nix/profiles/profile"),
    );
    assert_eq!(default_profile(&t.env()).unwrap(), profile);
}

#[test]
fn xdg_setting_from_nix_config_moves_the_link() {
    let t = Tree::new();
    let home_profile = t.profile("state/nix/profiles/profile", &[1], 1);
    let work = t.profile("state/nix/profiles/work", &[3], 3);
    t.link("home/.nix-profile", &home_profile);
    t.link("state/nix/profile", &work);
    let mut env = t.env();
    assert!(!use_xdg_base_directories(&env));
    assert_eq!(default_profile(&env).unwrap(), home_profile);

    env.nix_config = Some("sandbox = false\nuse-xdg-base-directories = true\n".into());
    assert!(use_xdg_base_directories(&env));
    assert_eq!(profile_link(&env), Some(t.p("state/nix/profile")));
    assert_eq!(default_profile(&env).unwrap(), work);
}

#[test]
fn xdg_setting_from_nix_conf_files_in_nix_order() {
    let t = Tree::new();
    let key = "use-xdg-base-directories";
    let mut env = t.env();
    t.write("etc-nix/nix.conf", &format!("{key} = true\n"));
    assert!(use_xdg_base_directories(&env), "system nix.conf");

    // User files are read after the system one, XDG_CONFIG_DIRS before
    // XDG_CONFIG_HOME: the user's own file has the last word.
    t.write("etc-xdg/nix/nix.conf", &format!("{key} = false\n"));
    assert!(
        !use_xdg_base_directories(&env),
        "XDG_CONFIG_DIRS beats system"
    );
    t.write("config/nix/nix.conf", &format!("{key} = true\n"));
    assert!(
        use_xdg_base_directories(&env),
        "XDG_CONFIG_HOME beats XDG_CONFIG_DIRS"
    );

    env.nix_config = Some(format!("{key} = false"));
    assert!(
        !use_xdg_base_directories(&env),
        "NIX_CONFIG beats every file"
    );
    env.nix_config = None;

    // NIX_USER_CONF_FILES replaces the XDG list.
    t.write("other.conf", &format!("{key} = false\n"));
    env.nix_user_conf_files = Some(t.p("other.conf").display().to_string());
    assert!(!use_xdg_base_directories(&env));
}

#[test]
fn nix_state_home_replaces_the_xdg_state_folder() {
    let t = Tree::new();
    let mut env = t.env();
    env.nix_state_home = Some(t.p("nsh"));
    // No link at all: Nix would create one to NIX_STATE_HOME/profiles/profile.
    let profile = t.profile("nsh/profiles/profile", &[1], 1);
    assert_eq!(profiles_dir(&env), Some(t.p("nsh/profiles")));
    assert_eq!(default_profile(&env).unwrap(), profile);

    env.nix_config = Some("use-xdg-base-directories = true".into());
    assert_eq!(profile_link(&env), Some(t.p("nsh/profile")));
    let other = t.profile("nsh/profiles/other", &[1], 1);
    t.link("nsh/profile", &other);
    assert_eq!(default_profile(&env).unwrap(), other);
}

#[test]
fn legacy_per_user_profile_when_no_link_exists() {
    let t = Tree::new();
    let legacy = t.profile("var-nix/profiles/per-user/alice/profile", &[1, 2, 3], 3);
    assert_eq!(default_profile(&t.env()).unwrap(), legacy);
    // Before 2.14 the home link pointed there; that is the same answer.
    t.link("home/.nix-profile", &legacy);
    assert_eq!(default_profile(&t.env()).unwrap(), legacy);
}

#[test]
fn root_profiles_live_in_the_global_state_folder() {
    let t = Tree::new();
    let mut env = t.env();
    env.is_root = true;
    env.user = Some("root".into());
    assert_eq!(
        profiles_dir(&env),
        Some(t.p("var-nix/profiles/per-user/root"))
    );
    let root_profile = t.profile("var-nix/profiles/per-user/root/profile", &[1], 1);
    // As Nix 2.14+ sets it up (seen on 2.26): default → per-user/root/profile.
    t.link("var-nix/profiles/default", &root_profile);
    t.link("home/.nix-profile", &t.p("var-nix/profiles/default"));
    assert_eq!(default_profile(&env).unwrap(), root_profile);
    // Without the home link, too.
    std::fs::remove_file(t.p("home/.nix-profile")).unwrap();
    assert_eq!(default_profile(&env).unwrap(), root_profile);
}

#[test]
fn old_global_default_is_a_profile_of_its_own() {
    let t = Tree::new();
    let mut env = t.env();
    env.is_root = true;
    let default = t.profile("var-nix/profiles/default", &[4, 5], 5);
    t.link("home/.nix-profile", &default);
    assert_eq!(default_profile(&env).unwrap(), default);
    std::fs::remove_file(t.p("home/.nix-profile")).unwrap();
    assert_eq!(default_profile(&env).unwrap(), default);
}

#[test]
fn missing_profile_names_the_one_nix_would_use() {
    let t = Tree::new();
    let env = t.env();
    match default_profile(&env) {
        Err(Error::ProfileNotFound { path }) => {
            assert_eq!(path, t.p("state/nix/profiles/profile"))
        }
        other => panic!("unexpected {other:?}"),
    }
    t.link(
        "home/.nix-profile",
        &t.p("var-nix/profiles/per-user/alice/profile"),
    );
    match default_profile(&env) {
        Err(Error::ProfileNotFound { path }) => {
            assert_eq!(path, t.p("var-nix/profiles/per-user/alice/profile"))
        }
        other => panic!("unexpected {other:?}"),
    }
    // A dangling home link does not hide a profile that exists.
    let profile = t.profile("state/nix/profiles/profile", &[1], 1);
    assert_eq!(default_profile(&env).unwrap(), profile);
}

#[test]
fn no_home_at_all_is_an_error_not_a_panic() {
    let env = NixEnvironment {
        nix_state_dir: Some(PathBuf::from("/nonexistent-frost-test")),
        nix_conf_dir: Some(PathBuf::from("/nonexistent-frost-test")),
        nix_user_conf_files: Some(String::new()),
        ..NixEnvironment::default()
    };
    assert!(matches!(
        default_profile(&env),
        Err(Error::ProfileNotFound { .. })
    ));
}

#[test]
fn open_follows_user_links_and_lists_generations() {
    let t = Tree::new();
    let profile = t.profile("state/nix/profiles/profile", &[1, 2, 3], 2);
    t.link("home/.nix-profile", &profile);
    let opened = Profile::open(&t.p("home/.nix-profile")).unwrap();
    assert_eq!(opened.path, profile);
    assert_eq!(opened.name(), "profile");
    let numbers: Vec<u64> = opened
        .generations()
        .unwrap()
        .iter()
        .map(|g| g.number)
        .collect();
    assert_eq!(numbers, [1, 2, 3]);
    let current = opened.current_generation().unwrap();
    assert_eq!(current.number, 2);
    assert!(current.current);
    assert_eq!(
        current.store_path,
        t.p("store/state_nix_profiles_profile-profile-2")
    );
    assert!(!opened.generation(3).unwrap().current);
    assert!(matches!(
        opened.generation(7),
        Err(Error::GenerationNotFound { number: 7, .. })
    ));
    assert!(matches!(
        opened.manifest(Some(9)),
        Err(Error::GenerationNotFound { number: 9, .. })
    ));
}

#[test]
fn open_refuses_what_is_no_profile() {
    let t = Tree::new();
    for rel in ["missing", "store", "home"] {
        assert!(matches!(
            Profile::open(&t.p(rel)),
            Err(Error::ProfileNotFound { .. })
        ));
    }
    let profile = t.profile("p/profile", &[1], 1);
    // A generation link is not the profile, and the error says whose it is.
    match Profile::open(&profile.with_file_name("profile-1-link")) {
        Err(Error::GenerationNotProfile {
            profile: owner,
            number: 1,
            ..
        }) => assert_eq!(owner, profile),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn siblings_are_the_other_package_profiles() {
    let t = Tree::new();
    let profile = t.profile("profiles/profile", &[1, 2], 2);
    let work = t.profile("profiles/work", &[1], 1);
    let games = t.profile("profiles/games", &[1], 1);
    t.profile("profiles/channels", &[1], 1);
    // A Home Manager style profile: generations, but no manifest.
    std::fs::create_dir_all(t.p("store/hm-1")).unwrap();
    symlink(t.p("store/hm-1"), t.p("profiles/home-manager-1-link")).unwrap();
    symlink("home-manager-1-link", t.p("profiles/home-manager")).unwrap();
    // A plain link to a profile is not a profile of its own.
    t.link("profiles/alias", &work);
    let siblings = Profile::open(&profile).unwrap().siblings().unwrap();
    assert_eq!(siblings, [games, work]);
}
