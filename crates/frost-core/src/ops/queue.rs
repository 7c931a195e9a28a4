//! The worker every change goes through. Operations that change the same
//! profile (or flake folder) run one after another in the order they were
//! submitted; read-only evaluations run beside them, a few at a time. Any
//! of them can be cancelled, waiting or running.
//!
//! Made for a GUI main loop: [`OpQueue::submit`] and [`OpQueue::cancel`]
//! return at once and may be called from any thread; everything else
//! arrives on one channel of [`QueueEvent`]s, updates batched a few times a
//! second, which a relm4 component forwards as messages.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::runtime::Handle;
use tokio::sync::{mpsc, watch, Semaphore};

use super::context::NixContext;
use super::execute::{cancelled_before_start, execute, Reporter};
use super::monitor::OpUpdate;
use super::operation::{Lane, Operation};
use super::outcome::OpResult;

/// Evaluations that may run at once (they are CPU-heavy; machines with two
/// cores are common).
pub const MAX_PARALLEL_READS: usize = 3;

/// Events waiting for the receiver before updates are held back (they are
/// then merged into the next one, so nothing but latency is lost).
const CHANNEL_CAPACITY: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(u64);

impl OpId {
    pub fn get(self) -> u64 {
        self.0
    }
}

#[derive(Debug)]
pub struct QueueEvent {
    pub id: OpId,
    pub event: OpEvent,
}

/// What happens to one operation, in this order: `Queued`, then `Started`
/// (unless it was cancelled or refused before Nix ran), any number of
/// `Update`s, and always exactly one `Finished`.
#[derive(Debug)]
pub enum OpEvent {
    /// Accepted; `waiting` when another change to the same profile runs
    /// first.
    Queued {
        operation: Operation,
        waiting: bool,
    },
    /// Nix runs: the command line, as a person would type it (an
    /// apply's first of several).
    Started {
        command: String,
    },
    Update(OpUpdate),
    Finished(OpResult),
}

/// Cheap to clone; every clone submits to the same queue. Operations keep
/// running when every clone is dropped: call [`OpQueue::cancel_all`] to
/// stop them (and a running `nix` is also stopped if its task is dropped,
/// e.g. when the runtime shuts down).
#[derive(Clone)]
pub struct OpQueue {
    shared: Arc<Shared>,
}

/// Says how many operations are unfinished, so that a window holding a
/// queue can derive `Debug` (relm4 components must).
impl std::fmt::Debug for OpQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpQueue")
            .field("unfinished", &self.unfinished())
            .finish()
    }
}

struct Shared {
    ctx: NixContext,
    runtime: Handle,
    events: mpsc::Sender<QueueEvent>,
    next_id: AtomicU64,
    state: Mutex<State>,
    reads: Arc<Semaphore>,
}

#[derive(Default)]
struct State {
    /// Per lane, the "done" signal of the operation submitted last.
    lanes: HashMap<Lane, watch::Receiver<bool>>,
    /// Operations not finished yet, and how to cancel them.
    cancels: HashMap<OpId, watch::Sender<bool>>,
}

impl OpQueue {
    /// A queue running `nix` as `ctx` says, its tasks on `runtime`. The
    /// receiver gets every operation's events.
    pub fn new(ctx: NixContext, runtime: Handle) -> (OpQueue, mpsc::Receiver<QueueEvent>) {
        let (events, receiver) = mpsc::channel(CHANNEL_CAPACITY);
        let shared = Arc::new(Shared {
            ctx,
            runtime,
            events,
            next_id: AtomicU64::new(1),
            state: Mutex::new(State::default()),
            reads: Arc::new(Semaphore::new(MAX_PARALLEL_READS)),
        });
        (OpQueue { shared }, receiver)
    }

    pub fn context(&self) -> &NixContext {
        &self.shared.ctx
    }

    /// Queues `op` and returns at once.
    pub fn submit(&self, op: Operation) -> OpId {
        let id = OpId(self.shared.next_id.fetch_add(1, Ordering::Relaxed));
        let lane = op.lane();
        let (cancel_tx, cancel_rx) = watch::channel(false);
        let (done_tx, done_rx) = watch::channel(false);
        let previous = {
            let mut state = self.lock();
            state.cancels.insert(id, cancel_tx);
            // Taking the lane's place here, not in the task, keeps the order
            // of submission whatever order the tasks start in.
            lane.and_then(|lane| state.lanes.insert(lane, done_rx))
        };
        let shared = Arc::clone(&self.shared);
        self.shared.runtime.spawn(async move {
            run(shared, id, op, previous, cancel_rx).await;
            let _ = done_tx.send(true);
        });
        id
    }

    /// Cancels an operation: a waiting one never runs, a running one gets
    /// SIGTERM, then SIGKILL after [`crate::nix::CANCEL_GRACE`]. Its
    /// `Finished` event follows. False when it had already finished.
    pub fn cancel(&self, id: OpId) -> bool {
        match self.lock().cancels.get(&id) {
            Some(cancel) => {
                cancel.send_replace(true);
                true
            }
            None => false,
        }
    }

    pub fn cancel_all(&self) {
        for cancel in self.lock().cancels.values() {
            cancel.send_replace(true);
        }
    }

    /// Operations submitted and not finished.
    pub fn unfinished(&self) -> usize {
        self.lock().cancels.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

async fn run(
    shared: Arc<Shared>,
    id: OpId,
    op: Operation,
    previous: Option<watch::Receiver<bool>>,
    mut cancel: watch::Receiver<bool>,
) {
    let reporter = Reporter {
        id,
        events: &shared.events,
    };
    let waiting = previous.as_ref().is_some_and(|p| !*p.borrow());
    reporter
        .send(OpEvent::Queued {
            operation: op.clone(),
            waiting,
        })
        .await;

    let turn = async {
        if let Some(mut previous) = previous.clone() {
            // An error means the previous task is gone: its turn is over.
            let _ = previous.wait_for(|done| *done).await;
        }
    };
    let permit = async {
        match op.lane() {
            Some(_) => None,
            None => Arc::clone(&shared.reads).acquire_owned().await.ok(),
        }
    };
    let ready = async {
        turn.await;
        permit.await
    };
    let cancelled = async {
        if cancel.wait_for(|c| *c).await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let permit = tokio::select! {
        permit = ready => Some(permit),
        () = cancelled => None,
    };
    let result = match permit {
        Some(_permit) => execute(&op, &shared.ctx, &reporter, &mut cancel).await,
        None => Err(cancelled_before_start(&op)),
    };
    shared
        .state
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .cancels
        .remove(&id);
    reporter.send(OpEvent::Finished(result)).await;
    // A cancelled operation still holds its place until the one before it
    // is done, or the next would start beside that one.
    if let Some(mut previous) = previous {
        let _ = previous.wait_for(|done| *done).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A window hands the queue to its widgets and forwards events from a
    /// runtime thread to the main loop: both must cross threads.
    #[test]
    fn the_queue_and_its_events_cross_threads() {
        fn shareable<T: Send + Sync + 'static>() {}
        fn sendable<T: Send + 'static>() {}
        shareable::<OpQueue>();
        sendable::<QueueEvent>();
    }
}
