//! The queue used the way a GTK window uses it: the main thread has no
//! Tokio runtime (the runtime runs on threads of its own), yet submits,
//! cancels and reads events without blocking on any operation. A script
//! stands in for `nix`, so the timing is the queue's own. Alone in its test
//! binary: writing the script while other tests fork could make it busy
//! (ETXTBSY) when the queue starts it.

mod common;

use std::time::{Duration, Instant};

use common::{fake_nix, processes_with, KillOnDrop};
use frost_core::nix::NixVersion;
use frost_core::ops::{NixContext, OpEvent, OpQueue, Operation, QueueEvent};

#[test]
fn a_thread_without_a_runtime_submits_cancels_and_reads_events() {
    let dir = tempfile::tempdir().expect("tempdir");
    let marker = format!("FROST_TEST_MARKER={}", dir.path().display());
    let _cleanup = KillOnDrop(marker.clone());
    let script = fake_nix(
        dir.path(),
        r#"echo '@nix {"action":"msg","level":3,"msg":"fake nix runs"}' >&2
case "$*" in
  *slow*) exec sleep 1000 ;;
  *) echo '{"answer":42}' ;;
esac"#,
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let version = NixVersion::parse("nix (Nix) 2.26.3").expect("version");
    let ctx = NixContext::new(version)
        .nix_binary(&script)
        .env("FROST_TEST_MARKER", dir.path());
    let (queue, mut events) = OpQueue::new(ctx, runtime.handle().clone());
    assert!(
        tokio::runtime::Handle::try_current().is_err(),
        "no runtime here"
    );

    let evaluate = |what: &str| Operation::Evaluate {
        installable: what.into(),
        apply: None,
    };
    let slow = queue.submit(evaluate("slow"));
    let fast = queue.submit(evaluate("fast"));
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut next = || {
        assert!(Instant::now() < deadline, "events stopped coming");
        events.blocking_recv().expect("the queue is open")
    };

    // Both run at once (evaluations change nothing); the fast one ends
    // while the slow one still runs.
    let mut slow_started = false;
    loop {
        let QueueEvent { id, event } = next();
        match event {
            OpEvent::Started { command } if id == slow => {
                assert_eq!(command, "fake-nix eval --json -- slow");
                slow_started = true;
            }
            OpEvent::Update(update) if id == fast => {
                let texts: Vec<&str> = update.log.lines.iter().map(|l| &*l.text).collect();
                assert_eq!(texts, ["fake nix runs"]);
            }
            OpEvent::Finished(result) if id == fast => {
                assert_eq!(result.expect("evaluated").stdout, b"{\"answer\":42}\n");
                break;
            }
            OpEvent::Finished(result) => panic!("the slow one ended: {result:?}"),
            _ => {}
        }
    }
    assert!(slow_started);
    while processes_with(&marker).is_empty() {
        assert!(Instant::now() < deadline, "the slow script never ran");
        std::thread::sleep(Duration::from_millis(20));
    }

    let asked = Instant::now();
    assert!(queue.cancel(slow));
    assert!(
        asked.elapsed() < Duration::from_millis(100),
        "cancel returns at once"
    );
    loop {
        let QueueEvent { id, event } = next();
        if let (true, OpEvent::Finished(result)) = (id == slow, event) {
            assert!(result.expect_err("cancelled").is_cancelled());
            break;
        }
    }
    assert_eq!(queue.unfinished(), 0);
    assert!(processes_with(&marker).is_empty());
}
