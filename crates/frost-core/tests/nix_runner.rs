//! The runner against real Nix, on local flakes, offline, with a temporary
//! HOME and XDG dirs.

mod common;

use std::path::Path;

use common::{within, Sandbox};
use frost_core::nix::{run, ActivityType, Field, LogEvent, NixCommand, NixVersion, ResultType};
use frost_core::Error;

#[tokio::test]
async fn a_real_build_streams_its_start_log_lines_and_stop() {
    let sandbox = Sandbox::new();
    let flake = sandbox.flake("hello");
    let mut nix = sandbox
        .nix(["build", "--no-link", "--print-out-paths", &flake])
        .spawn()
        .expect("spawn");
    let mut events = Vec::new();
    while let Some(event) = within("build log", nix.next_event()).await {
        events.push(event);
    }
    let output = within("nix build", nix.wait())
        .await
        .expect("build succeeds");

    let texts: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, LogEvent::Text(_)))
        .collect();
    assert!(texts.is_empty(), "every line was JSON: {texts:?}");

    let (build_at, build_id, drv) = events
        .iter()
        .enumerate()
        .find_map(|(i, e)| match e {
            LogEvent::Start {
                id,
                activity: ActivityType::Build,
                fields,
                ..
            } => Some((i, *id, fields.first().and_then(Field::as_str)?.to_owned())),
            _ => None,
        })
        .expect("a Build activity starts");
    assert!(drv.ends_with("-hello-frost.drv"), "{drv}");

    let lines: Vec<(usize, &str)> = events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            LogEvent::Result {
                id,
                result: ResultType::BuildLogLine,
                fields,
            } if *id == build_id => Some((i, fields.first()?.as_str()?)),
            _ => None,
        })
        .collect();
    assert_eq!(
        lines.iter().map(|(_, l)| *l).collect::<Vec<_>>(),
        [
            "configuring hello",
            "building hello",
            "\x1b[32mall tests passed\x1b[0m",
            "a warning on stderr"
        ]
    );
    let stop_at = events
        .iter()
        .position(|e| *e == LogEvent::Stop { id: build_id })
        .expect("the Build activity stops");
    assert!(lines.iter().all(|(i, _)| build_at < *i && *i < stop_at));

    let out = String::from_utf8(output.stdout).expect("utf-8 path");
    let out = out.trim_end();
    assert!(
        out.starts_with("/nix/store/") && out.ends_with("-hello-frost"),
        "{out}"
    );
    assert!(Path::new(out).join("bin/hello").is_file());
}

#[tokio::test]
async fn a_failing_build_is_nix_failed_with_nixs_own_words() {
    let sandbox = Sandbox::new();
    let flake = sandbox.flake("broken");
    let err = within(
        "nix build",
        run(sandbox.nix(["build", "--no-link", &flake])),
    )
    .await
    .expect_err("the build fails");
    let Error::NixFailed {
        command,
        code,
        message,
        ..
    } = &err
    else {
        panic!("not NixFailed: {err:?}");
    };
    assert_eq!(*code, Some(1));
    assert_eq!(command, &format!("nix build --no-link {flake}"));
    assert!(message.starts_with("builder for '/nix/store/"), "{message}");
    assert!(
        message.contains("-broken-frost.drv' failed with exit code 3"),
        "{message}"
    );
    assert!(!message.contains('\x1b'), "{message:?}");
    assert!(err.to_string().contains(message.as_str()));
}

#[tokio::test]
async fn an_evaluation_error_keeps_its_location() {
    let sandbox = Sandbox::new();
    let err = within(
        "nix eval",
        run(sandbox.nix(["eval", "--expr", "1 + \"a\""])),
    )
    .await
    .expect_err("evaluation fails");
    let Error::NixFailed { message, .. } = err else {
        panic!("not NixFailed: {err:?}");
    };
    assert!(
        message.starts_with("cannot add a string to an integer"),
        "{message}"
    );
    assert!(message.contains("«string»:1:5"), "{message}");
}

#[tokio::test]
async fn stdout_is_collected_and_stderr_parsed_separately() {
    let sandbox = Sandbox::new();
    let cmd = sandbox.nix([
        "eval",
        "--raw",
        "--expr",
        "builtins.trace \"on stderr\" \"on stdout\"",
    ]);
    let mut nix = cmd.spawn().expect("spawn");
    let mut events = Vec::new();
    while let Some(event) = within("eval log", nix.next_event()).await {
        events.push(event);
    }
    let output = within("nix eval", nix.wait()).await.expect("eval succeeds");
    assert_eq!(output.stdout, b"on stdout");
    assert!(
        events.iter().any(|e| matches!(e,
            LogEvent::Msg { level: 0, msg, raw_msg: None, .. } if msg == "trace: on stderr")),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_missing_nix_is_nix_not_found() {
    let missing = Path::new("/nonexistent/frost/nix");
    let err = run(NixCommand::new(["--version"]).nix_binary(missing)).await;
    assert!(matches!(err, Err(Error::NixNotFound)), "{err:?}");
    let err = run(NixCommand::new(["--version"]).env("PATH", "/nonexistent/frost")).await;
    assert!(matches!(err, Err(Error::NixNotFound)), "{err:?}");
    let err = NixVersion::detect(Some(missing)).await;
    assert!(matches!(err, Err(Error::NixNotFound)), "{err:?}");
    // A missing working directory is a different problem.
    let err = run(NixCommand::new(["--version"]).current_dir("/nonexistent/frost")).await;
    assert!(matches!(err, Err(Error::NixSpawn { .. })), "{err:?}");
}

#[tokio::test]
async fn the_installed_version_is_detected() {
    let printed = std::process::Command::new("nix")
        .arg("--version")
        .output()
        .expect("nix --version");
    let printed = String::from_utf8_lossy(&printed.stdout);
    let version = NixVersion::detect(None).await.expect("detect");
    assert_eq!(
        version.raw,
        printed.lines().next().unwrap_or_default().trim()
    );
    assert!(version.raw.ends_with(&format!(
        "{}.{}.{}",
        version.major, version.minor, version.patch
    )));
    assert!(
        version.supports_manifest_v3(),
        "the platform installs Nix 2.26"
    );
}
