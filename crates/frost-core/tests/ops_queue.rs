//! The queue with real Nix: changes to one profile wait for each other in
//! order, evaluations run beside them, and cancelling works on waiting and
//! running operations alike. Plus the read-only and flake operations.

mod common;
mod ops_common;

use std::time::Duration;

use common::{eventually, processes_with, KillOnDrop};
use frost_core::ops::{OpEvent, OpId, Operation, PackageMetadata, QueueEvent};
use ops_common::OpsEnv;

/// Waits for the slow build to be running (its builder printed its last
/// line), dropping other operations' events on the way.
async fn until_sleeping(env: &mut OpsEnv, slow: OpId) -> Vec<QueueEvent> {
    let mut others = Vec::new();
    loop {
        let event = env.next().await;
        if event.id != slow {
            others.push(event);
            continue;
        }
        match &event.event {
            OpEvent::Update(u) if u.log.lines.iter().any(|l| &*l.text == "now sleeping") => {
                return others
            }
            OpEvent::Finished(r) => panic!("the slow build ended: {r:?}"),
            _ => {}
        }
    }
}

#[tokio::test]
async fn changes_wait_their_turn_while_evaluations_run_beside_them() {
    let mut env = OpsEnv::new().await;
    let _cleanup = KillOnDrop(env.scenario.nonce.clone());
    let profile = env.profile_path();
    let slow = env.queue.submit(Operation::Install {
        profile: profile.clone(),
        refs: vec![env.scenario.installable("slow")],
        priority: None,
    });
    // Reached through ~/.nix-profile: still the same profile, same lane.
    let remove = env.queue.submit(Operation::Remove {
        profile: env.fixture.sandbox.home().join(".nix-profile"),
        names: vec!["hello".into()],
    });
    // figlet comes from the flake's current revision (a `path:` flake keeps
    // no older ones).
    let figlet = env.manifest().element("figlet").cloned().expect("figlet");
    let describe = env.queue.submit(Operation::describe(
        &figlet.locked_ref.expect("locked").to_url(),
        figlet.attr_path.as_deref().expect("attr path"),
    ));
    assert_eq!(env.queue.unfinished(), 3);

    let others = until_sleeping(&mut env, slow).await;
    let remove_events: Vec<&OpEvent> = others
        .iter()
        .filter(|e| e.id == remove)
        .map(|e| &e.event)
        .collect();
    assert!(
        matches!(
            remove_events.as_slice(),
            [OpEvent::Queued { waiting: true, .. }]
        ),
        "the removal waits: {remove_events:?}"
    );
    // The evaluation may still be running; wait for it, with the slow build
    // still going.
    let mut description = others.into_iter().find_map(|e| match e.event {
        OpEvent::Finished(r) if e.id == describe => Some(r),
        _ => None,
    });
    while description.is_none() {
        let event = env.next().await;
        assert_ne!(
            event.id, slow,
            "the slow build did not move: {:?}",
            event.event
        );
        if event.id == describe {
            if let OpEvent::Finished(r) = event.event {
                description = Some(r);
            }
        } else if event.id == remove {
            panic!("the removal ran beside the slow build: {:?}", event.event);
        }
    }
    let output = description.expect("finished").expect("evaluated");
    let meta = PackageMetadata::from_json(&output.stdout).expect("metadata");
    assert_eq!(meta.description.as_deref(), Some("The figlet test package"));
    assert_eq!(meta.version.as_deref(), Some("2.2.5"));
    assert!(output.generations.is_none() && output.undo.is_none());

    // Cancel the slow build; only then does the removal run.
    assert!(env.queue.cancel(slow));
    let mut order = Vec::new();
    let mut removed = None;
    while removed.is_none() {
        let QueueEvent { id, event } = env.next().await;
        match event {
            OpEvent::Finished(r) if id == slow => {
                assert!(r.expect_err("cancelled").is_cancelled());
                order.push("slow finished");
            }
            OpEvent::Started { .. } if id == remove => order.push("remove started"),
            OpEvent::Finished(r) if id == remove => removed = Some(r),
            _ => {}
        }
    }
    assert_eq!(order, ["slow finished", "remove started"]);
    let done = removed.expect("finished").expect("removed");
    assert_eq!(
        done.generations.map(|g| (g.before, g.after)),
        Some((Some(6), Some(7)))
    );
    assert!(env.manifest().element("hello").is_none());
    assert_eq!(env.queue.unfinished(), 0);
    // Nix was given the profile itself, not the link to it: the link still
    // points at the profile, and no second profile grew beside it.
    let home = env.fixture.sandbox.home();
    assert_eq!(
        std::fs::read_link(home.join(".nix-profile")).unwrap(),
        profile
    );
    assert!(!home.join(".nix-profile-1-link").exists());
}

#[tokio::test]
async fn a_waiting_change_can_be_cancelled_and_never_runs() {
    let mut env = OpsEnv::new().await;
    let _cleanup = KillOnDrop(env.scenario.nonce.clone());
    let profile = env.profile_path();
    let slow = env.queue.submit(Operation::Install {
        profile: profile.clone(),
        refs: vec![env.scenario.installable("slow")],
        priority: None,
    });
    let waiting = env.queue.submit(Operation::Remove {
        profile: profile.clone(),
        names: vec!["hello".into()],
    });
    let after = env.queue.submit(Operation::Remove {
        profile: profile.clone(),
        names: vec!["figlet".into()],
    });
    until_sleeping(&mut env, slow).await;

    assert!(env.queue.cancel(waiting));
    // It finishes at once, cancelled, without Nix, while the build goes on.
    let run = env.finish(waiting).await;
    assert_eq!(run.started(), None);
    assert!(run.result.expect_err("cancelled").is_cancelled());
    assert!(
        processes_with(&env.scenario.nonce).len() >= 2,
        "the build still runs"
    );

    // The one after it still waits for the slow build, not just for the
    // cancelled one.
    env.queue.cancel(slow);
    let mut order = Vec::new();
    loop {
        let QueueEvent { id, event } = env.next().await;
        match event {
            OpEvent::Finished(_) if id == slow => order.push("slow"),
            OpEvent::Started { .. } if id == after => order.push("after started"),
            OpEvent::Finished(r) if id == after => {
                r.expect("figlet removed");
                break;
            }
            _ => {}
        }
    }
    assert_eq!(order, ["slow", "after started"]);
    assert!(
        env.manifest().element("hello").is_some(),
        "the cancelled removal never ran"
    );
    assert!(env.manifest().element("figlet").is_none());
    assert_eq!(env.generation(), 7);
    assert!(eventually(Duration::from_secs(10), || processes_with(
        &env.scenario.nonce
    )
    .is_empty()));
}

#[tokio::test]
async fn flake_lock_pins_inputs_and_flake_update_moves_them() {
    let mut env = OpsEnv::new().await;
    let root = env.fixture.sandbox.root().to_path_buf();
    let dep = root.join("src/dep");
    let frozen = root.join("src/frozen");
    std::fs::create_dir_all(&dep).unwrap();
    std::fs::create_dir_all(&frozen).unwrap();
    std::fs::write(
        dep.join("flake.nix"),
        "{ outputs = { self }: { value = 1; }; }",
    )
    .unwrap();
    std::fs::write(
        frozen.join("flake.nix"),
        format!(
            "{{ inputs.dep.url = \"path:{}\"; outputs = {{ self, dep }}: {{ value = dep.value; }}; }}",
            dep.display()
        ),
    )
    .unwrap();

    let lock = Operation::FlakeLock {
        dir: frozen.clone(),
    };
    env.run(lock.clone()).await.result.expect("locked");
    let first = std::fs::read_to_string(frozen.join("flake.lock")).expect("a lock file");
    assert!(first.contains("\"dep\"") && first.contains("narHash"));

    // The input changes: lock keeps the pin, update moves it.
    std::fs::write(
        dep.join("flake.nix"),
        "{ outputs = { self }: { value = 2; }; }",
    )
    .unwrap();
    env.run(lock).await.result.expect("locked again");
    assert_eq!(
        std::fs::read_to_string(frozen.join("flake.lock")).unwrap(),
        first
    );
    let run = env
        .run(Operation::FlakeUpdate {
            dir: frozen.clone(),
        })
        .await;
    assert!(run
        .started()
        .is_some_and(|c| c.contains("flake update --flake")));
    let done = run.result.expect("updated");
    assert!(done.generations.is_none());
    let second = std::fs::read_to_string(frozen.join("flake.lock")).unwrap();
    assert_ne!(second, first);

    // A read-only evaluation sees the new input.
    let value = env
        .run(Operation::Evaluate {
            installable: format!("path:{}#value", frozen.display()),
            apply: None,
        })
        .await
        .result
        .expect("evaluated");
    assert_eq!(value.stdout, b"2\n");
}
