//! Profiles made and read by the real `nix` (2.26 here), checked against
//! Frost's reading of them. Every run uses a temporary HOME, XDG folders and
//! `--profile`; the discovery tests also give Nix a temporary NIX_STATE_DIR
//! and NIX_CONF_DIR, so Nix writes nothing outside the temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use frost_core::flakeref::iso_date;
use frost_core::profile::{
    default_profile, profile_link, profiles_dir, use_xdg_base_directories, NixEnvironment, Profile,
};
use frost_core::Error;

const OFFLINE: &str = "experimental-features = nix-command flakes\nsandbox = false\nsubstituters =";

struct Sandbox {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Extra variables for every `nix` run.
    vars: Vec<(String, PathBuf)>,
    nix_config: String,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        for d in ["home", "state", "config", "cache", "profiles"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let vars = vec![
            ("HOME".into(), root.join("home")),
            ("XDG_STATE_HOME".into(), root.join("state")),
            ("XDG_CONFIG_HOME".into(), root.join("config")),
            ("XDG_CACHE_HOME".into(), root.join("cache")),
        ];
        Sandbox {
            _dir: dir,
            root,
            vars,
            nix_config: OFFLINE.into(),
        }
    }

    /// Also moves Nix's global state and system nix.conf into the sandbox.
    /// Only for commands that build nothing: the store's database lives there.
    fn isolate_global_state(&mut self) {
        for (var, d) in [
            ("NIX_STATE_DIR", "var-nix"),
            ("NIX_CONF_DIR", "etc-nix"),
            ("XDG_CONFIG_DIRS", "etc-xdg"),
        ] {
            std::fs::create_dir_all(self.root.join(d)).unwrap();
            self.vars.push((var.into(), self.root.join(d)));
        }
    }

    fn var(&self, name: &str) -> Option<PathBuf> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    /// The environment Frost sees when run where this sandbox's `nix` runs.
    fn env(&self) -> NixEnvironment {
        NixEnvironment {
            home: self.var("HOME"),
            user: NixEnvironment::from_process().user,
            is_root: NixEnvironment::from_process().is_root,
            xdg_state_home: self.var("XDG_STATE_HOME"),
            xdg_config_home: self.var("XDG_CONFIG_HOME"),
            xdg_config_dirs: self.var("XDG_CONFIG_DIRS").map(|p| p.display().to_string()),
            nix_state_home: self.var("NIX_STATE_HOME"),
            nix_config: Some(self.nix_config.clone()),
            nix_conf_dir: self.var("NIX_CONF_DIR"),
            nix_state_dir: self.var("NIX_STATE_DIR"),
            ..NixEnvironment::default()
        }
    }

    fn nix(&self, program: &str, args: &[&str]) -> String {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TZ", "UTC")
            .env("NIX_CONFIG", &self.nix_config);
        for (name, value) in &self.vars {
            cmd.env(name, value);
        }
        let out = cmd
            .output()
            .expect("nix must be installed to run these tests");
        assert!(
            out.status.success(),
            "{program} {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn profile(&self) -> PathBuf {
        self.root.join("profiles/profile")
    }

    fn write_flake(&self) -> String {
        let system = format!("{}-linux", std::env::consts::ARCH);
        let flake = format!(
            r#"{{
  outputs = {{ self }}: let
    system = "{system}";
    pkg = name: version: derivation {{
      inherit system;
      name = "${{name}}-${{version}}";
      builder = "/bin/sh";
      args = [ "-c" "PATH=/usr/bin:/bin; mkdir -p $out/bin; printf '#!/bin/sh\\necho ${{name}}\\n' > $out/bin/${{name}}; chmod +x $out/bin/${{name}}" ];
    }};
  in {{
    packages.${{system}} = {{
      frost-alpha = pkg "frost-alpha" "1.0";
      frost-beta = pkg "frost-beta" "2.0";
      frost-gamma = pkg "frost-gamma" "0.1";
    }};
  }};
}}
"#
        );
        let dir = self.root.join("flake");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("flake.nix"), flake).unwrap();
        format!("path:{}", dir.display())
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// `YYYY-MM-DD HH:MM:SS` in UTC, as `nix-env --list-generations` prints with TZ=UTC.
fn utc(secs: u64) -> String {
    let day = secs % 86_400;
    format!(
        "{} {:02}:{:02}:{:02}",
        iso_date(secs),
        day / 3600,
        day % 3600 / 60,
        day % 60
    )
}

#[test]
fn generations_of_a_real_profile_match_nix() {
    let sandbox = Sandbox::new();
    let flake = sandbox.write_flake();
    let profile_arg = sandbox.profile().display().to_string();
    let started = now();
    for attr in ["frost-alpha", "frost-beta", "frost-gamma"] {
        let installable = format!("{flake}#{attr}");
        sandbox.nix(
            "nix",
            &[
                "profile",
                "install",
                "--profile",
                &profile_arg,
                &installable,
            ],
        );
    }
    sandbox.nix("nix", &["profile", "rollback", "--profile", &profile_arg]);
    let finished = now();

    let profile = Profile::open(&sandbox.profile()).unwrap();
    assert_eq!(profile.name(), "profile");
    let gens = profile.generations().unwrap();
    let numbers: Vec<u64> = gens.iter().map(|g| g.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(profile.current_generation().unwrap().number, 2);
    for g in &gens {
        assert!(g.store_path.starts_with("/nix/store"), "{:?}", g.store_path);
        assert!(g.store_path.join("manifest.json").is_file());
        assert!((started.saturating_sub(1)..=finished + 1).contains(&g.created));
    }
    assert!(profile.manifest(None).is_ok());

    // Nix's own view of the same generations: number, date, current.
    let listing = sandbox.nix("nix-env", &["--list-generations", "-p", &profile_arg]);
    let from_nix: Vec<(u64, String, bool)> = listing
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            (
                words[0].parse().unwrap(),
                format!("{} {}", words[1], words[2]),
                l.contains("(current)"),
            )
        })
        .collect();
    let ours: Vec<(u64, String, bool)> = gens
        .iter()
        .map(|g| (g.number, utc(g.created), g.current))
        .collect();
    assert_eq!(ours, from_nix);

    // A deleted generation leaves a gap that Frost reports as Nix does.
    sandbox.nix(
        "nix-env",
        &["--delete-generations", "1", "-p", &profile_arg],
    );
    let numbers: Vec<u64> = profile
        .generations()
        .unwrap()
        .iter()
        .map(|g| g.number)
        .collect();
    assert_eq!(numbers, [2, 3]);
    assert!(matches!(
        profile.generation(1),
        Err(Error::GenerationNotFound { number: 1, .. })
    ));
}

/// Runs a read-only `nix profile` command, which makes Nix create the user's
/// profile link (getDefaultProfile), and checks that Frost names the same
/// link and the same profile.
fn nix_creates_the_link_frost_expects(sandbox: &Sandbox, expected_link: &Path) {
    let env = sandbox.env();
    assert_eq!(profile_link(&env).as_deref(), Some(expected_link));
    assert!(std::fs::symlink_metadata(expected_link).is_err());
    let scratch = sandbox.root.join("scratch-profile").display().to_string();
    sandbox.nix("nix", &["profile", "list", "--profile", &scratch]);
    let target = std::fs::read_link(expected_link).expect("nix created the link");
    let nix_profile = profiles_dir(&env).unwrap().join("profile");
    assert_eq!(target, nix_profile);
    // The profile has no generation yet: Frost reports the very path Nix uses.
    match default_profile(&env) {
        Err(Error::ProfileNotFound { path }) => assert_eq!(path, nix_profile),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn home_link_where_nix_puts_it() {
    let mut sandbox = Sandbox::new();
    sandbox.isolate_global_state();
    assert!(!use_xdg_base_directories(&sandbox.env()));
    let link = sandbox.root.join("home/.nix-profile");
    nix_creates_the_link_frost_expects(&sandbox, &link);
}

#[test]
fn xdg_link_from_nix_config_where_nix_puts_it() {
    let mut sandbox = Sandbox::new();
    sandbox.isolate_global_state();
    sandbox.nix_config = format!("{OFFLINE}\nuse-xdg-base-directories = true");
    assert!(use_xdg_base_directories(&sandbox.env()));
    let link = sandbox.root.join("state/nix/profile");
    nix_creates_the_link_frost_expects(&sandbox, &link);
    assert!(!sandbox.root.join("home/.nix-profile").exists());
}

#[test]
fn xdg_link_from_user_nix_conf_and_nix_state_home() {
    let mut sandbox = Sandbox::new();
    sandbox.isolate_global_state();
    let conf = sandbox.root.join("config/nix/nix.conf");
    std::fs::create_dir_all(conf.parent().unwrap()).unwrap();
    std::fs::write(&conf, "use-xdg-base-directories = true\n").unwrap();
    let state_home = sandbox.root.join("nix-state-home");
    sandbox
        .vars
        .push(("NIX_STATE_HOME".into(), state_home.clone()));
    assert!(use_xdg_base_directories(&sandbox.env()));
    nix_creates_the_link_frost_expects(&sandbox, &state_home.join("profile"));
}
