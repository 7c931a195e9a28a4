//! Frost as a Flatpak: every `nix` goes to the host through
//! `flatpak-spawn --host`, here a stand-in that behaves as the real one
//! (tests/fixtures/flatpak-spawn-standin.py): the host command in a session
//! of its own, reached only by the signals flatpak-spawn forwards, its exit
//! code passed back, a signal as 128+N. The runner is told it is inside
//! Flatpak by a `.flatpak-info` of the test's own.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{eventually, processes_with, spawn, within, KillOnDrop, Sandbox};
use frost_core::nix::{FlatpakHost, Launcher, LogEvent, NixCommand, CANCEL_GRACE};
use frost_core::Error;
use serde_json::Value;

/// A sandbox's view: a `.flatpak-info`, a HOME whose `~/.nix-profile/bin/nix`
/// is `nix_body` (a shell script), and the stand-in's record.
struct Flatpak {
    dir: tempfile::TempDir,
}

impl Flatpak {
    fn new(nix_body: &str) -> Flatpak {
        let dir = tempfile::Builder::new()
            .prefix("frost-flatpak-test")
            .tempdir()
            .expect("tempdir");
        std::fs::write(dir.path().join("flatpak-info"), "[Application]\n").expect("info");
        let bin = dir.path().join("home/.nix-profile/bin");
        std::fs::create_dir_all(&bin).expect("mkdir");
        // A link: a copy just written may still be open in another
        // test's fork, and would fail to start (ETXTBSY).
        let standin = dir.path().join("flatpak-spawn");
        std::os::unix::fs::symlink(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/flatpak-spawn-standin.py"
            ),
            &standin,
        )
        .expect("link the stand-in");
        let nix = bin.join("nix");
        std::fs::write(
            &nix,
            format!("#!/bin/sh\nexport PATH=/usr/bin:/bin\n{nix_body}\n"),
        )
        .expect("write nix");
        std::fs::set_permissions(&nix, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        Flatpak { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn home(&self) -> PathBuf {
        self.path().join("home")
    }

    fn host_nix(&self) -> PathBuf {
        self.home().join(".nix-profile/bin/nix")
    }

    /// What this sandbox detects: inside Flatpak, with the stand-in.
    fn launcher(&self) -> Launcher {
        let detected = Launcher::detect_at(&self.path().join("flatpak-info"));
        assert_eq!(detected, Launcher::FlatpakHost(FlatpakHost::default()));
        Launcher::FlatpakHost(FlatpakHost {
            spawn_program: self.path().join("flatpak-spawn"),
        })
    }

    /// `nix ARGS` as Frost runs it from this sandbox.
    fn nix(&self, args: &[&str]) -> NixCommand {
        NixCommand::new(args.iter().copied())
            .launcher(self.launcher())
            .env("HOME", self.home())
            .env("FROST_SPAWN_RECORD", self.path().join("record"))
            .env("FROST_TEST_MARKER", self.path())
    }

    fn marker(&self) -> String {
        format!("FROST_TEST_MARKER={}", self.path().display())
    }

    /// The stand-in's record: one JSON value per line.
    fn record(&self) -> Vec<Value> {
        std::fs::read_to_string(self.path().join("record"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }

    fn argv(&self) -> Vec<String> {
        let record = self.record();
        let argv = record
            .iter()
            .find_map(|v| v.get("argv"))
            .expect("flatpak-spawn ran");
        serde_json::from_value(argv.clone()).expect("strings")
    }

    fn forwarded(&self) -> Vec<i64> {
        self.record()
            .iter()
            .filter_map(|v| v.get("forwarded")?.as_i64())
            .collect()
    }

    fn exit(&self) -> Option<i64> {
        self.record().iter().find_map(|v| v.get("exit")?.as_i64())
    }
}

#[tokio::test]
async fn nix_runs_on_the_host_with_what_it_needs() {
    let flatpak = Flatpak::new(
        "echo \"home=$HOME\"\n\
         printf 'config=%s\\n' \"$NIX_CONFIG\"\n\
         echo \"args=$*\"",
    );
    let output = within(
        "nix on the host",
        spawn(
            flatpak
                .nix(&["eval", "--json", "path:/x#y"])
                .env("NIX_CONFIG", "substituters =\nsandbox = false"),
        )
        .wait(),
    )
    .await
    .expect("succeeds");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let home = flatpak.home();
    assert_eq!(
        stdout,
        format!(
            "home={}\nconfig=substituters =\nsandbox = false\n\
             args=--log-format internal-json eval --json path:/x#y\n",
            home.display()
        )
    );

    let argv = flatpak.argv();
    assert_eq!(argv[..2], ["--host", "--watch-bus"], "{argv:?}");
    assert!(argv.contains(&format!("--env=HOME={}", home.display())));
    assert!(argv.contains(&"--env=NIX_CONFIG=substituters =\nsandbox = false".to_owned()));
    assert!(
        !argv.iter().any(|a| a.starts_with("--env=PATH=")),
        "{argv:?}"
    );
    // The first argument that is no option is the host's nix, found in the
    // user's profile; Nix's own arguments follow it.
    let command = argv
        .iter()
        .position(|a| !a.starts_with('-'))
        .expect("a command");
    assert_eq!(argv[command], flatpak.host_nix().to_str().unwrap());
    assert_eq!(
        argv[command + 1..],
        [
            "--log-format",
            "internal-json",
            "eval",
            "--json",
            "path:/x#y"
        ]
    );
    assert_eq!(flatpak.exit(), Some(0));
}

#[tokio::test]
async fn exit_codes_and_nixs_messages_come_back_from_the_host() {
    let flatpak = Flatpak::new(
        "echo '@nix {\"action\":\"msg\",\"level\":0,\"msg\":\"error: flake has no y\",\"raw_msg\":\"flake has no y\"}' >&2\n\
         exit 7",
    );
    let err = within("failing nix", spawn(flatpak.nix(&["eval", "x"])).wait())
        .await
        .expect_err("fails");
    let Error::NixFailed {
        command,
        code,
        signal,
        message,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!((*code, *signal), (Some(7), None));
    assert_eq!(command, "nix eval x");
    assert_eq!(message, "flake has no y");
    assert_eq!(flatpak.exit(), Some(7));
}

#[tokio::test]
async fn a_host_nix_killed_by_a_signal_is_reported_as_that_signal() {
    let body =
        "echo '@nix {\"action\":\"msg\",\"level\":3,\"msg\":\"crashing\"}' >&2\nkill -SEGV $$";
    let flatpak = Flatpak::new(body);
    let on_host = within("crashing nix", spawn(flatpak.nix(&["build"])).wait())
        .await
        .expect_err("fails");
    // flatpak-spawn said 128+11.
    assert_eq!(flatpak.exit(), Some(128 + libc::SIGSEGV as i64));
    let Error::NixFailed { code, signal, .. } = &on_host else {
        panic!("{on_host:?}");
    };
    assert_eq!((*code, *signal), (None, Some(libc::SIGSEGV)));

    // The same crash without Flatpak is the same error.
    let direct = within(
        "crashing nix here",
        spawn(
            NixCommand::new(["build"])
                .launcher(Launcher::Direct)
                .nix_binary(flatpak.host_nix()),
        )
        .wait(),
    )
    .await
    .expect_err("fails");
    assert_eq!(on_host.to_string(), direct.to_string());
    assert!(on_host.to_string().contains("signal 11"), "{on_host}");
}

#[tokio::test]
async fn a_nix_the_host_does_not_have_is_nix_not_found() {
    let flatpak = Flatpak::new("exit 0");
    let err = within(
        "missing nix",
        spawn(
            flatpak
                .nix(&["--version"])
                .nix_binary(flatpak.path().join("no-such-nix")),
        )
        .wait(),
    )
    .await
    .expect_err("fails");
    assert!(matches!(err, Error::NixNotFound), "{err:?}");
}

#[tokio::test]
async fn cancelling_stops_real_nix_and_its_builder_on_the_host() {
    let sandbox = Sandbox::new();
    let flatpak = Flatpak::new("exit 0");
    let _cleanup = KillOnDrop(sandbox.nonce.clone());
    let flake = sandbox.flake("slow");
    // The machine's own nix, as the host's: the profile has none.
    let nix = which_nix();
    let mut cmd = sandbox
        .nix(["build", "--no-link", &flake])
        .launcher(flatpak.launcher())
        .nix_binary(&nix)
        .env("FROST_SPAWN_RECORD", flatpak.path().join("record"));
    cmd = cmd.env("FROST_TEST_MARKER", flatpak.path());
    let mut running = spawn(cmd);
    loop {
        match within("slow build log", running.next_event()).await {
            Some(LogEvent::Result { fields, .. })
                if format!("{fields:?}").contains("starting a long build") =>
            {
                break
            }
            Some(_) => {}
            None => panic!("Nix stopped before the build printed anything"),
        }
    }
    assert!(
        eventually(Duration::from_secs(60), || processes_with(&sandbox.nonce)
            .len()
            >= 2),
        "the builder and its sleep are running"
    );
    running.canceller().cancel();
    let result = within("cancelled build", running.wait()).await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    // SIGTERM went through flatpak-spawn, and flatpak-spawn was not killed:
    // it reported the host command's end.
    assert_eq!(flatpak.forwarded().first(), Some(&i64::from(libc::SIGTERM)));
    assert!(flatpak.exit().is_some(), "{:?}", flatpak.record());
    assert!(eventually(Duration::from_secs(10), || processes_with(
        &sandbox.nonce
    )
    .is_empty()));
    assert_eq!(processes_with(&flatpak.marker()), Vec::<u32>::new());
}

#[tokio::test]
async fn a_host_command_deaf_to_sigterm_is_stopped_with_sigint() {
    // Ignores SIGTERM (and keeps ignoring it as `sleep`), like a Nix stuck
    // in a call that does not look at its interrupt flag.
    let flatpak = Flatpak::new(
        "trap '' TERM\n\
         echo '@nix {\"action\":\"msg\",\"level\":3,\"msg\":\"ready\"}' >&2\n\
         exec sleep 1000",
    );
    let _cleanup = KillOnDrop(flatpak.marker());
    let mut nix = spawn(flatpak.nix(&["build"]));
    let first = within("first line", nix.next_event()).await;
    assert!(
        matches!(&first, Some(LogEvent::Msg { msg, .. }) if msg == "ready"),
        "{first:?}"
    );
    assert!(eventually(Duration::from_secs(10), || processes_with(
        &flatpak.marker()
    )
    .len()
        == 1));
    let started = Instant::now();
    nix.canceller().cancel();
    let result = within("stubborn nix", nix.wait()).await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert!(
        started.elapsed() >= CANCEL_GRACE,
        "SIGTERM alone did not stop it"
    );
    assert_eq!(
        flatpak.forwarded()[..2],
        [i64::from(libc::SIGTERM), i64::from(libc::SIGINT)]
    );
    // Killed by the forwarded SIGINT: flatpak-spawn said 128+2, and lived
    // to say it.
    assert_eq!(flatpak.exit(), Some(128 + i64::from(libc::SIGINT)));
    assert!(eventually(Duration::from_secs(10), || processes_with(
        &flatpak.marker()
    )
    .is_empty()));
}

fn which_nix() -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join("nix"))
        .find(|p| p.is_file())
        .expect("nix on PATH")
}
