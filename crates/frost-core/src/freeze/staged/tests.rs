//! The staged profile against real Nix on the fixture profile: a removal
//! and an install in the copy become one generation of the real profile,
//! and a change abandoned before the switch leaves the real profile as it
//! was.

use frost_testkit::FixtureProfile;

use super::*;
use crate::nix::NixOutput;
use crate::test_support::block_on;

struct Run;

impl RunNix for Run {
    async fn run(&mut self, cmd: NixCommand) -> Result<NixOutput> {
        cmd.spawn()?.wait().await
    }
}

fn setup(f: &FixtureProfile) -> NixSetup {
    NixSetup {
        binary: None,
        env: f
            .sandbox
            .env()
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect(),
    }
}

fn names(f: &FixtureProfile) -> Vec<String> {
    let list: serde_json::Value =
        serde_json::from_str(&f.nix_profile_list_json().unwrap()).unwrap();
    list["elements"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

fn generations(f: &FixtureProfile) -> usize {
    let dir = f.profile.parent().unwrap();
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with("-link")
        })
        .count()
}

#[test]
fn a_removal_and_an_install_in_the_copy_are_one_generation() {
    let f = FixtureProfile::build().unwrap();
    let setup = setup(&f);
    let before = generations(&f);
    let staged = StagedProfile::copy_of(&f.profile).unwrap();
    block_on(async {
        let mut nix = Run;
        let names = ["hello".to_owned(), "cowsay".to_owned()];
        nix.run(staged.remove_command(&setup, &names))
            .await
            .unwrap();
        let figlet = format!(
            "path:{}#legacyPackages.{}.figlet",
            f.nixpkgs.display(),
            f.system
        );
        let install = setup.command([
            "profile",
            "install",
            "--priority",
            "7",
            "--profile",
            staged.link().to_str().unwrap(),
            &figlet,
        ]);
        nix.run(install).await.unwrap();
        staged.switch(&mut nix, &setup, &f.profile).await.unwrap();
    });
    assert_eq!(generations(&f), before + 1, "one new generation");
    let now = names(&f);
    assert!(!now.contains(&"hello".to_owned()), "{now:?}");
    assert!(!now.contains(&"cowsay".to_owned()), "{now:?}");
    for kept in ["7zip", "figlet", "hello-1", "multi", "painter", "pip"] {
        assert!(now.contains(&kept.to_owned()), "{kept} kept: {now:?}");
    }
    assert!(
        now.iter().any(|n| n.starts_with("figlet-")),
        "the second figlet is there: {now:?}"
    );
}

#[test]
fn a_change_dropped_before_the_switch_leaves_the_profile_as_it_was() {
    let f = FixtureProfile::build().unwrap();
    let setup = setup(&f);
    let before = (generations(&f), std::fs::read_link(&f.profile).unwrap());
    let staged = StagedProfile::copy_of(&f.profile).unwrap();
    let dir = staged.link().parent().unwrap().to_owned();
    block_on(async {
        Run.run(staged.remove_command(&setup, &["hello".to_owned()]))
            .await
            .unwrap();
    });
    drop(staged);
    assert!(!dir.exists(), "the staged profile is deleted");
    assert_eq!(
        (generations(&f), std::fs::read_link(&f.profile).unwrap()),
        before
    );
    assert!(names(&f).contains(&"hello".to_owned()));
}
