//! The one worker every change goes through: it owns the core's
//! [`OpQueue`] on relm4's Tokio runtime and passes each operation's events
//! on to the window, tagged with what the window asked it for. It has no
//! widgets and runs on a thread of its own, so nothing it does can hold up
//! the main loop.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use frost_core::ops::{NixContext, OpEvent, OpId, OpQueue, Operation, QueueEvent};
use relm4::prelude::*;
use relm4::{ComponentParts, ComponentSender};

/// Why the window submitted an operation: what to do with its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A change the user asked for: shown in the operations bar, ends in a
    /// toast or an alert.
    Change,
    /// The description of the package installed as `store_path`, for its
    /// details page: quiet, and its failure only means no description.
    Describe { store_path: String },
    /// The Freeze to Flake wizard's export: its progress and result go to
    /// the wizard, which shows them on its own pages.
    Freeze,
    /// The wizard's preview of a move to another branch: the same freeze
    /// into a scratch folder, for the versions each package moves to.
    FreezePreview,
    /// The restore page's preview of applying a flake: its progress and
    /// result go to that page.
    Restore,
    /// The search index of `source` for the Add Software page: shown in
    /// the operations bar like a change (progress, log, Cancel), its result
    /// goes to the page.
    SearchIndex { source: String },
}

#[derive(Debug)]
pub enum OpsInput {
    Submit(Operation, Purpose),
    Cancel(OpId),
}

#[derive(Debug)]
pub enum OpsOutput {
    Event {
        id: OpId,
        purpose: Purpose,
        /// Boxed: progress updates are large, and messages are moved.
        event: Box<OpEvent>,
    },
    /// Nix cannot run at all (not installed, or its version unreadable):
    /// the operation was never queued.
    Refused {
        operation: Operation,
        purpose: Purpose,
        message: String,
    },
}

#[derive(Debug)]
pub enum OpsCommand {
    Ready(Result<OpQueue, String>),
    Event(Box<QueueEvent>),
}

/// Where the worker puts its queue once it has one, so that the window can
/// stop every running `nix` synchronously when it closes (the worker's own
/// thread may not get to run again before the process exits).
pub type SharedQueue = Arc<OnceLock<OpQueue>>;

pub struct OpsWorker {
    /// `None` until Nix's version is known (a `nix --version` away).
    queue: Option<Result<OpQueue, String>>,
    shared: SharedQueue,
    /// Submitted before the queue was ready.
    early: Vec<(Operation, Purpose)>,
    purposes: HashMap<OpId, Purpose>,
    /// The changes queued or running, to drop the same change asked for
    /// again meanwhile (a double click): it would only fail, or do nothing,
    /// once the first is done.
    changes: HashMap<OpId, Operation>,
}

impl std::fmt::Debug for OpsWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpsWorker")
            .field("ready", &self.queue.is_some())
            .field("unfinished", &self.purposes.len())
            .finish()
    }
}

impl OpsWorker {
    fn submit(&mut self, operation: Operation, purpose: Purpose, sender: &ComponentSender<Self>) {
        if purpose == Purpose::Change
            && (self.changes.values().any(|c| *c == operation)
                || self
                    .early
                    .iter()
                    .any(|(o, p)| *p == Purpose::Change && *o == operation))
        {
            return;
        }
        match &self.queue {
            None => self.early.push((operation, purpose)),
            Some(Ok(queue)) => {
                let change = (purpose == Purpose::Change).then(|| operation.clone());
                let id = queue.submit(operation);
                if let Some(change) = change {
                    self.changes.insert(id, change);
                }
                self.purposes.insert(id, purpose);
            }
            Some(Err(message)) => {
                let _ = sender.output(OpsOutput::Refused {
                    operation,
                    purpose,
                    message: message.clone(),
                });
            }
        }
    }
}

impl Component for OpsWorker {
    type Init = SharedQueue;
    type Input = OpsInput;
    type Output = OpsOutput;
    type CommandOutput = OpsCommand;
    type Root = ();
    type Widgets = ();

    fn init_root() -> Self::Root {}

    fn init(shared: SharedQueue, _root: (), sender: ComponentSender<Self>) -> ComponentParts<Self> {
        sender.command(|out, shutdown| {
            shutdown
                .register(async move {
                    let ctx = match NixContext::detect().await {
                        Ok(ctx) => ctx,
                        Err(e) => {
                            let _ = out.send(OpsCommand::Ready(Err(e.to_string())));
                            return;
                        }
                    };
                    let (queue, mut events) = OpQueue::new(ctx, tokio::runtime::Handle::current());
                    if out.send(OpsCommand::Ready(Ok(queue))).is_err() {
                        return;
                    }
                    while let Some(event) = events.recv().await {
                        if out.send(OpsCommand::Event(Box::new(event))).is_err() {
                            break;
                        }
                    }
                })
                .drop_on_shutdown()
        });
        let model = OpsWorker {
            queue: None,
            shared,
            early: Vec::new(),
            purposes: HashMap::new(),
            changes: HashMap::new(),
        };
        ComponentParts { model, widgets: () }
    }

    fn update(&mut self, message: OpsInput, sender: ComponentSender<Self>, _root: &()) {
        match message {
            OpsInput::Submit(operation, purpose) => self.submit(operation, purpose, &sender),
            OpsInput::Cancel(id) => {
                if let Some(Ok(queue)) = &self.queue {
                    queue.cancel(id);
                }
            }
        }
    }

    fn update_cmd(&mut self, message: OpsCommand, sender: ComponentSender<Self>, _root: &()) {
        match message {
            OpsCommand::Ready(queue) => {
                if let Ok(queue) = &queue {
                    let _ = self.shared.set(queue.clone());
                }
                self.queue = Some(queue);
                for (operation, purpose) in std::mem::take(&mut self.early) {
                    self.submit(operation, purpose, &sender);
                }
            }
            OpsCommand::Event(boxed) => {
                let QueueEvent { id, event } = *boxed;
                let finished = matches!(event, OpEvent::Finished(_));
                let purpose = if finished {
                    self.changes.remove(&id);
                    self.purposes.remove(&id)
                } else {
                    self.purposes.get(&id).cloned()
                };
                let _ = sender.output(OpsOutput::Event {
                    id,
                    purpose: purpose.unwrap_or(Purpose::Change),
                    event: Box::new(event),
                });
            }
        }
    }
}
