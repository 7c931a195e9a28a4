//! Shared by the operation tests: a fixture profile built by real Nix in a
//! temporary sandbox, the scenario flake beside it, and a queue whose `nix`
//! runs with the sandbox's environment (temporary HOME and XDG folders,
//! offline). Each test binary uses only part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use frost_core::ops::{
    LogLine, NixContext, OpEvent, OpId, OpQueue, OpResult, OpUpdate, Operation, QueueEvent,
};
use frost_core::profile::Profile;
use frost_core::Manifest;
use frost_testkit::{FixtureProfile, ScenarioFlake};
use tokio::sync::mpsc;

pub struct OpsEnv {
    pub fixture: FixtureProfile,
    pub scenario: ScenarioFlake,
    pub queue: OpQueue,
    pub events: mpsc::Receiver<QueueEvent>,
}

/// Everything one operation reported, `Finished` apart.
pub struct Run {
    pub events: Vec<OpEvent>,
    pub result: OpResult,
}

impl Run {
    pub fn started(&self) -> Option<&str> {
        self.events.iter().find_map(|e| match e {
            OpEvent::Started { command } => Some(command.as_str()),
            _ => None,
        })
    }

    pub fn updates(&self) -> impl Iterator<Item = &OpUpdate> {
        self.events.iter().filter_map(|e| match e {
            OpEvent::Update(u) => Some(u),
            _ => None,
        })
    }

    pub fn log_lines(&self) -> Vec<&LogLine> {
        self.updates().flat_map(|u| u.log.lines.iter()).collect()
    }
}

impl OpsEnv {
    pub async fn new() -> OpsEnv {
        let fixture = FixtureProfile::build().expect("fixture profile");
        let scenario = ScenarioFlake::write_in(&fixture.sandbox).expect("scenario flake");
        let mut ctx = NixContext::detect().await.expect("nix is installed");
        for (key, value) in fixture.sandbox.env() {
            ctx = ctx.env(key, value);
        }
        let (queue, events) = OpQueue::new(ctx, tokio::runtime::Handle::current());
        OpsEnv {
            fixture,
            scenario,
            queue,
            events,
        }
    }

    /// From now on, operations run `binary` as their `nix` (a stand-in),
    /// through a new queue.
    pub async fn use_nix(&mut self, binary: PathBuf) {
        let mut ctx = NixContext::detect()
            .await
            .expect("nix is installed")
            .nix_binary(binary);
        for (key, value) in self.fixture.sandbox.env() {
            ctx = ctx.env(key, value);
        }
        (self.queue, self.events) = OpQueue::new(ctx, tokio::runtime::Handle::current());
    }

    pub fn profile_path(&self) -> PathBuf {
        self.fixture.profile.clone()
    }

    pub fn profile(&self) -> Profile {
        Profile::open(&self.fixture.profile).expect("the profile opens")
    }

    pub fn generation(&self) -> u64 {
        self.profile().current_generation().expect("current").number
    }

    pub fn generation_numbers(&self) -> Vec<u64> {
        let generations = self.profile().generations().expect("generations");
        generations.iter().map(|g| g.number).collect()
    }

    pub fn manifest(&self) -> Manifest {
        self.profile().manifest(None).expect("manifest")
    }

    /// The current generation's manifest.json, byte for byte.
    pub fn manifest_bytes(&self) -> Vec<u8> {
        std::fs::read(self.fixture.profile.join("manifest.json")).expect("manifest.json")
    }

    pub fn version_of(&self, name: &str) -> Option<String> {
        self.manifest().element(name)?.version.clone()
    }

    /// The next event of any operation.
    pub async fn next(&mut self) -> QueueEvent {
        tokio::time::timeout(Duration::from_secs(300), self.events.recv())
            .await
            .expect("an event within 5 minutes")
            .expect("the queue is open")
    }

    /// Events of `id` up to its `Finished`; events of other operations on
    /// the way are dropped.
    pub async fn finish(&mut self, id: OpId) -> Run {
        let mut events = Vec::new();
        loop {
            let QueueEvent { id: of, event } = self.next().await;
            if of != id {
                continue;
            }
            match event {
                OpEvent::Finished(result) => return Run { events, result },
                other => events.push(other),
            }
        }
    }

    pub async fn run(&mut self, op: Operation) -> Run {
        let id = self.queue.submit(op);
        self.finish(id).await
    }
}
