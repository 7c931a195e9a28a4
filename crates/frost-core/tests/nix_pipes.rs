//! What the runner does with awkward output, driven by scripts standing in
//! for `nix`: huge and broken lines, a lot of stdout, plain-text errors, and
//! a process left holding the pipes.

mod common;

use common::{fake_nix, spawn, within};
use frost_core::nix::{runner::MAX_LINE, LogEvent, NixCommand};
use frost_core::Error;

#[tokio::test]
async fn long_and_broken_lines_are_bounded_and_do_not_stop_the_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = fake_nix(
        dir.path(),
        "head -c 3000000 /dev/zero | tr '\\0' a >&2\n\
         echo >&2\n\
         printf '\\377\\376 not utf-8\\n' >&2\n\
         echo '@nix {\"action\":\"stop\",\"id\":18446744073709551615}' >&2\n\
         printf 'no newline at the end' >&2",
    );
    let mut nix = spawn(NixCommand::new(["build"]).nix_binary(script));
    let mut events = Vec::new();
    while let Some(event) = within("log", nix.next_event()).await {
        events.push(event);
    }
    within("wait", nix.wait()).await.expect("exit 0");
    assert_eq!(events.len(), 4, "one event per line");
    let LogEvent::Text(long) = &events[0] else {
        panic!("{:?}", &events[0]);
    };
    assert_eq!(long.len(), MAX_LINE);
    assert!(long.bytes().all(|b| b == b'a'));
    assert_eq!(
        events[1],
        LogEvent::Text("\u{fffd}\u{fffd} not utf-8".into())
    );
    assert_eq!(events[2], LogEvent::Stop { id: u64::MAX });
    assert_eq!(events[3], LogEvent::Text("no newline at the end".into()));
}

#[tokio::test]
async fn a_lot_of_stdout_and_stderr_at_once_does_not_deadlock() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = fake_nix(
        dir.path(),
        "head -c 5000000 /dev/zero &\n\
         i=0; while [ $i -lt 20000 ]; do echo '@nix {\"action\":\"stop\",\"id\":1}'; i=$((i+1)); done >&2\n\
         wait",
    );
    let mut nix = spawn(NixCommand::new(["build"]).nix_binary(script));
    let mut stops = 0;
    while let Some(event) = within("log", nix.next_event()).await {
        assert_eq!(event, LogEvent::Stop { id: 1 });
        stops += 1;
    }
    let output = within("wait", nix.wait()).await.expect("exit 0");
    assert_eq!(stops, 20000);
    assert_eq!(output.stdout.len(), 5_000_000);
}

#[tokio::test]
async fn plain_text_on_stderr_explains_a_failure_without_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = fake_nix(
        dir.path(),
        "echo '@nix {\"action\":\"msg\",\"level\":3,\"msg\":\"this derivation will be built:\"}' >&2\n\
         printf '\\033[31;1merror:\\033[0m unrecognised flag --bogus\\n' >&2\n\
         echo \"Try 'nix --help' for more information.\" >&2\n\
         exit 7",
    );
    let err = within(
        "wait",
        spawn(NixCommand::new(["--bogus"]).nix_binary(script)).wait(),
    )
    .await
    .expect_err("exit 7");
    let Error::NixFailed { code, message, .. } = err else {
        panic!("{err:?}");
    };
    assert_eq!(code, Some(7));
    assert_eq!(
        message,
        "unrecognised flag --bogus\nTry 'nix --help' for more information."
    );
}

#[tokio::test]
async fn a_process_left_holding_the_pipes_does_not_hang_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = fake_nix(
        dir.path(),
        "sleep 1000 &\n\
         echo '@nix {\"action\":\"stop\",\"id\":2}' >&2\n\
         echo result",
    );
    let mut nix = spawn(NixCommand::new(["build"]).nix_binary(script));
    let pgid = nix.id().expect("running");
    assert_eq!(
        within("log", nix.next_event()).await,
        Some(LogEvent::Stop { id: 2 })
    );
    assert_eq!(within("end of log", nix.next_event()).await, None);
    let output = within("wait", nix.wait()).await.expect("exit 0");
    assert_eq!(output.stdout, b"result\n");
    // The run succeeded, so the leftover `sleep` was not the runner's to
    // kill; clean it up here.
    assert!(common::group_exists(pgid));
    unsafe { libc::killpg(libc::pid_t::try_from(pgid).expect("pid"), libc::SIGKILL) };
}
