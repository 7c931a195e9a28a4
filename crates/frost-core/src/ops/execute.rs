//! Running one operation: checks that need the profile as it is now, then
//! Nix (once, or each step of an apply), its events turned into batched
//! updates, and the result.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::context::NixContext;
use super::failure::explain;
use super::log::LogLine;
use super::monitor::Monitor;
use super::operation::Operation;
use super::outcome::{Completed, Failed, Frozen, GenerationChange, OpResult};
use super::queue::{OpEvent, OpId, QueueEvent};
use super::unchanged::Guarded;
use crate::error::{Error, Result};
use crate::freeze::adopt::{
    adopt, adopt_folder, check_adoptable, stop_managing, upgrade_managed, ManageReport,
};
use crate::freeze::apply::{apply, holds_flake, ApplyRequest, RunNix};
use crate::freeze::export::export;
use crate::freeze::managed_edit::{
    add_to_flake, add_to_managed, remove_from_managed, revert_managed,
};
use crate::freeze::restore_preview::{preview, RestorePreview};
use crate::freeze::update::{lock_folder, update_folder, FolderUpdate};
use crate::i18n::gettext;
use crate::nix::{NixCommand, NixOutput, Retry};
use crate::profile::{Profile, ProfileView};
use crate::search::{IndexCache, LockedIndex};

/// How often a running operation sends an update: about every third frame,
/// so a window applies a few batches a second instead of every line.
pub const UPDATE_INTERVAL: Duration = Duration::from_millis(50);

/// Where a run sends its updates.
pub(crate) struct Reporter<'a> {
    pub id: OpId,
    pub events: &'a mpsc::Sender<QueueEvent>,
}

impl Reporter<'_> {
    pub(crate) async fn send(&self, event: OpEvent) {
        // A closed channel means nobody listens any more; the run goes on.
        let _ = self.events.send(QueueEvent { id: self.id, event }).await;
    }

    /// Sends an update only if the channel has room; the monitor keeps
    /// collecting (bounded) until the next try.
    fn try_update(&self, monitor: &mut Monitor) -> bool {
        match self.events.try_reserve() {
            Ok(permit) => {
                permit.send(QueueEvent {
                    id: self.id,
                    event: OpEvent::Update(monitor.take_update()),
                });
                true
            }
            Err(mpsc::error::TrySendError::Closed(())) => true,
            Err(mpsc::error::TrySendError::Full(())) => false,
        }
    }
}

pub(crate) fn current_generation(profile: Option<&Path>) -> Option<u64> {
    let profile = Profile::open(profile?).ok()?;
    profile.current_generation().ok().map(|g| g.number)
}

/// What can be told before running Nix, from the profile as it is now.
fn check(op: &Operation) -> Result<()> {
    // Nix would take a generation link for a profile of its own and replace
    // it (seen with 2.26), or build and then fail on a folder. A path that
    // does not exist yet is fine: installing makes the profile.
    if let Some(path) = op.profile() {
        if let Ok(view) = ProfileView::open(path) {
            view.changeable()?;
        }
    }
    match op {
        Operation::Install { refs: list, .. }
        | Operation::Remove { names: list, .. }
        | Operation::Upgrade { names: list, .. }
            if list.is_empty() =>
        {
            Err(Error::NoPackagesGiven)
        }
        // Nix only warns about names it does not know and changes nothing,
        // which would look like success.
        Operation::Remove { profile, names }
        | Operation::Upgrade { profile, names }
        | Operation::RemoveFromManaged { profile, names, .. } => {
            let profile = Profile::open(profile)?;
            let manifest = profile.manifest(None)?;
            let missing: Vec<String> = names
                .iter()
                .filter(|n| manifest.element(n).is_none())
                .cloned()
                .collect();
            if missing.is_empty() {
                Ok(())
            } else {
                Err(Error::NotInProfile {
                    profile: profile.path,
                    names: missing,
                })
            }
        }
        Operation::Rollback {
            profile,
            to: Some(n),
        } => Profile::open(profile)?.generation(*n).map(|_| ()),
        // Nix's own words would name a flake.nix in the store.
        Operation::Apply { source, .. } | Operation::PreviewApply { source, .. } => {
            match source.folder() {
                Some(dir) if !holds_flake(dir) => Err(Error::NotAFlake {
                    dir: dir.to_owned(),
                }),
                _ => Ok(()),
            }
        }
        Operation::Adopt { source, .. } => match adopt_folder(source)? {
            Some(dir) => check_adoptable(&dir),
            // Fetched and copied first: checked then.
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The result of an operation cancelled before it ran.
pub(crate) fn cancelled_before_start(op: &Operation) -> Failed {
    let current = current_generation(op.profile());
    Failed {
        error: Error::Cancelled,
        explanation: None,
        log_tail: Vec::new(),
        generations: op.profile().map(|_| GenerationChange {
            before: current,
            after: current,
        }),
        command: None,
    }
}

/// The runs of Nix that make one operation, watched as one: the first
/// start is reported as `Started`, every run's events feed one progress
/// and one log, sent in batches, and a cancel stops the run going on and
/// any run after it.
struct Watched<'r, 'c> {
    reporter: &'r Reporter<'r>,
    cancel: &'c mut watch::Receiver<bool>,
    /// False once the queue is gone: nobody can cancel any more.
    listening: bool,
    monitor: Monitor,
    /// The monitor holds what no update has carried yet.
    dirty: bool,
    /// The command running or run last, for a failure's details.
    command: Option<String>,
    /// What must stay as it was for a failed run to be tried again.
    guarded: Guarded,
}

impl<'r, 'c> Watched<'r, 'c> {
    fn new(
        reporter: &'r Reporter<'r>,
        cancel: &'c mut watch::Receiver<bool>,
        guarded: Guarded,
    ) -> Self {
        Watched {
            reporter,
            cancel,
            listening: true,
            monitor: Monitor::default(),
            dirty: false,
            command: None,
            guarded,
        }
    }

    /// Runs `cmd` to the end, unless the operation was cancelled before
    /// it could start. A transient failure (the store was busy) that left
    /// what the operation changes as it was is tried again after a wait,
    /// said in the log; a cancel during the wait ends it.
    async fn run(&mut self, cmd: NixCommand) -> Result<NixOutput> {
        let mut retry = Retry::default();
        loop {
            let before = self.guarded.snapshot();
            let result = self.run_once(cmd.clone()).await;
            let Err(error) = &result else {
                return result;
            };
            let Some(wait) = retry.after(error, self.guarded.snapshot() == before) else {
                return result;
            };
            self.monitor
                .note(&gettext("Nix’s store was busy; trying again…"));
            self.dirty = true;
            if !self.wait_unless_cancelled(wait).await {
                return Err(Error::Cancelled);
            }
        }
    }

    /// Waits `wait`, sending updates meanwhile; false when the operation
    /// was cancelled instead.
    async fn wait_unless_cancelled(&mut self, wait: Duration) -> bool {
        let sleep = tokio::time::sleep(wait);
        tokio::pin!(sleep);
        loop {
            if *self.cancel.borrow() {
                return false;
            }
            tokio::select! {
                biased;
                changed = self.cancel.changed(), if self.listening => {
                    if changed.is_err() {
                        self.listening = false;
                    }
                }
                () = &mut sleep => return true,
                _ = tokio::time::sleep(UPDATE_INTERVAL), if self.dirty => {
                    self.dirty = !self.reporter.try_update(&mut self.monitor);
                }
            }
        }
    }

    /// One run of `cmd`.
    async fn run_once(&mut self, cmd: NixCommand) -> Result<NixOutput> {
        if *self.cancel.borrow() {
            return Err(Error::Cancelled);
        }
        let command = cmd.display();
        if self.command.is_none() {
            self.reporter
                .send(OpEvent::Started {
                    command: command.clone(),
                })
                .await;
        }
        self.command = Some(command);
        let mut nix = cmd.spawn()?;
        let canceller = nix.canceller();
        let mut ticks = tokio::time::interval(UPDATE_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                biased;
                changed = self.cancel.changed(), if self.listening => match changed {
                    Ok(()) if *self.cancel.borrow() => canceller.cancel(),
                    Ok(()) => {}
                    Err(_) => self.listening = false,
                },
                _ = ticks.tick(), if self.dirty => {
                    self.dirty = !self.reporter.try_update(&mut self.monitor);
                }
                event = nix.next_event() => match event {
                    Some(event) => {
                        self.monitor.observe(&event);
                        self.dirty = true;
                    }
                    None => break,
                },
            }
        }
        nix.wait().await
    }

    /// Runs the steps of an operation that takes more than one run of Nix;
    /// returns what it installed or froze.
    async fn steps(&mut self, op: &Operation, ctx: &NixContext) -> Result<Done> {
        match op {
            Operation::Apply {
                source,
                profile,
                replace,
                only,
            } => {
                let req = ApplyRequest {
                    source,
                    profile,
                    replace: *replace,
                    only,
                };
                let plan = apply(self, ctx.setup(), ctx.version(), &req).await?;
                Ok(Done {
                    installed: plan.packages,
                    ..Done::default()
                })
            }
            Operation::Adopt {
                source,
                into,
                profile,
            } => {
                let report = adopt(
                    self,
                    ctx.setup(),
                    ctx.version(),
                    source,
                    into.as_deref(),
                    profile,
                )
                .await?;
                Ok(Done {
                    installed: report.replaced.clone(),
                    managed: Some(Box::new(report)),
                    ..Done::default()
                })
            }
            Operation::StopManaging { profile } => {
                let report = stop_managing(self, ctx.setup(), ctx.version(), profile).await?;
                Ok(Done {
                    installed: report.replaced.clone(),
                    managed: Some(Box::new(report)),
                    ..Done::default()
                })
            }
            Operation::UpgradeManaged {
                profile,
                dir,
                message,
            } => {
                let report = upgrade_managed(
                    self,
                    ctx.setup(),
                    ctx.version(),
                    profile,
                    dir,
                    message.as_deref(),
                )
                .await?;
                Ok(Done {
                    installed: report.replaced.clone(),
                    managed: Some(Box::new(report)),
                    ..Done::default()
                })
            }
            Operation::AddToManaged {
                profile,
                dir,
                reference,
            } => {
                let report =
                    add_to_managed(self, ctx.setup(), ctx.version(), profile, dir, reference)
                        .await?;
                Ok(Done {
                    installed: report.replaced.clone(),
                    managed: Some(Box::new(report)),
                    ..Done::default()
                })
            }
            Operation::RemoveFromManaged {
                profile,
                dir,
                names,
            } => {
                let report = remove_from_managed(self, ctx.setup(), profile, dir, names).await?;
                Ok(Done {
                    managed: Some(Box::new(report)),
                    ..Done::default()
                })
            }
            Operation::AddToFlake { profile, dir, name } => {
                let report =
                    add_to_flake(self, ctx.setup(), ctx.version(), profile, dir, name).await?;
                Ok(Done {
                    installed: report.replaced.clone(),
                    managed: Some(Box::new(report)),
                    ..Done::default()
                })
            }
            Operation::RevertManaged { profile, dir, undo } => {
                let report = revert_managed(self, ctx.setup(), profile, dir, undo).await?;
                Ok(Done {
                    installed: report.replaced.clone(),
                    managed: Some(Box::new(report)),
                    ..Done::default()
                })
            }
            Operation::PreviewApply { source, profile } => {
                let preview = preview(self, ctx.setup(), source, profile).await?;
                Ok(Done {
                    preview: Some(Box::new(preview)),
                    ..Done::default()
                })
            }
            Operation::Freeze {
                source,
                generation,
                request,
                verify,
                known,
            } => {
                let (report, verify) = export(
                    self,
                    ctx.setup(),
                    source,
                    *generation,
                    (request, known),
                    *verify,
                )
                .await?;
                Ok(Done {
                    frozen: Some(Box::new(Frozen { report, verify })),
                    ..Done::default()
                })
            }
            Operation::UpdateFolder { dir } => {
                let update = update_folder(self, ctx.setup(), ctx.version(), dir).await?;
                Ok(Done {
                    folder_update: Some(Box::new(update)),
                    ..Done::default()
                })
            }
            Operation::LockFolder { dir } => {
                lock_folder(self, ctx.setup(), dir).await?;
                Ok(Done::default())
            }
            Operation::RestoreLock { saved } => {
                saved.restore()?;
                Ok(Done::default())
            }
            Operation::BuildSearchIndex { source } => {
                let cache = IndexCache::open_default();
                let index = crate::search::source::build(self, ctx.setup(), source, &cache).await?;
                Ok(Done {
                    search: Some(Arc::new(index)),
                    ..Done::default()
                })
            }
            // Every other operation is one run of Nix (its `args` are
            // `Some`) and never comes here.
            _ => Ok(Done::default()),
        }
    }

    /// Sends what no update has carried yet.
    async fn flush(&mut self) {
        if self.dirty {
            self.dirty = false;
            let update = self.monitor.take_update();
            self.reporter.send(OpEvent::Update(update)).await;
        }
    }
}

impl RunNix for Watched<'_, '_> {
    async fn run(&mut self, cmd: NixCommand) -> Result<NixOutput> {
        Watched::run(self, cmd).await
    }

    fn cancelled(&self) -> bool {
        *self.cancel.borrow()
    }

    async fn until_cancelled(&mut self) {
        // An error means the queue is gone: nobody can cancel any more.
        if !self.listening || self.cancel.wait_for(|c| *c).await.is_err() {
            self.listening = false;
            std::future::pending::<()>().await;
        }
    }
}

/// What an operation of several runs leaves besides its stdout.
#[derive(Default)]
struct Done {
    stdout: Vec<u8>,
    installed: Vec<String>,
    frozen: Option<Box<Frozen>>,
    preview: Option<Box<RestorePreview>>,
    search: Option<Arc<LockedIndex>>,
    managed: Option<Box<ManageReport>>,
    folder_update: Option<Box<FolderUpdate>>,
}

/// Runs `op` to the end, reporting `Started` and updates; the caller sends
/// `Finished` with the result.
pub(crate) async fn execute(
    op: &Operation,
    ctx: &NixContext,
    reporter: &Reporter<'_>,
    cancel: &mut watch::Receiver<bool>,
) -> OpResult {
    let op = &op.resolved();
    let profile = op.profile();
    let before = current_generation(profile);
    let unchanged = profile.map(|_| GenerationChange {
        before,
        after: before,
    });
    let fail = |error: Error, command: Option<String>, log_tail: Vec<LogLine>| {
        let explanation = match &error {
            Error::NixFailed { message, .. } | Error::ApplyConflict { message, .. } => {
                explain(message)
            }
            _ => None,
        };
        Failed {
            error,
            explanation,
            log_tail,
            generations: unchanged,
            command,
        }
    };
    if *cancel.borrow() {
        return Err(cancelled_before_start(op));
    }
    if let Err(error) = check(op) {
        return Err(fail(error, None, Vec::new()));
    }

    let mut watched = Watched::new(reporter, cancel, Guarded::of(op));
    let output = match ctx.command(op) {
        Some(cmd) => watched.run(cmd).await.map(|o| Done {
            stdout: o.stdout,
            ..Done::default()
        }),
        None => watched.steps(op, ctx).await,
    };
    watched.flush().await;
    let after = current_generation(profile);
    let generations = profile.map(|_| GenerationChange { before, after });
    match output {
        Ok(Done {
            stdout,
            installed,
            frozen,
            preview,
            search,
            managed,
            folder_update,
        }) => {
            let revert = managed.as_ref().and_then(|m| {
                let undo = m.undo.clone()?;
                Some(Operation::RevertManaged {
                    profile: op.profile()?.to_owned(),
                    dir: m.folder.clone(),
                    undo,
                })
            });
            let undo = match (op.profile(), generations) {
                // Going back a generation alone would leave flake.nix as
                // the change made it.
                _ if revert.is_some() => revert,
                _ if matches!(op, Operation::RevertManaged { .. }) => None,
                (Some(profile), Some(g)) if g.changed() && g.before.is_some() => {
                    Some(Operation::Rollback {
                        profile: profile.to_owned(),
                        to: g.before,
                    })
                }
                _ => None,
            };
            Ok(Completed {
                stdout,
                generations,
                undo,
                warnings: watched.monitor.warnings().to_vec(),
                message: managed
                    .as_deref()
                    .and_then(ManageReport::copy_message)
                    .unwrap_or_else(|| op.done_message()),
                installed,
                frozen,
                preview,
                search,
                managed,
                folder_update,
            })
        }
        Err(error) => {
            let mut failed = fail(error, watched.command, watched.monitor.tail());
            failed.generations = generations;
            Err(failed)
        }
    }
}
