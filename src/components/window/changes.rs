//! The changes the user asks for, on the operations worker: asking first
//! when one removes or goes back, the worker's events routed to the bar
//! (and a package description's to the details page that asked for it),
//! and how each change ends: the list refreshed and a toast with Undo, an
//! alert that explains a failure, or a word about a cancellation.

use frost_core::freeze::source::ApplySource;
use frost_core::freeze::update::FolderUpdate;
use frost_core::i18n::{gettext, gettext_f, ngettext_f};
use frost_core::ops::{Completed, Failed, OpEvent, OpId, OpResult, Operation};
use relm4::adw::prelude::*;
use relm4::gtk::glib;
use relm4::prelude::*;

use super::page::Page;
use super::{Window, WindowInput};
use crate::components::details_page::DetailsInput;
use crate::components::folder_update;
use crate::components::freeze_wizard::FreezeWizardInput;
use crate::components::frozen_folder::folder_name;
use crate::components::install_dialog::InstallInput;
use crate::components::operations::bar::BarInput;
use crate::components::operations::dialogs::{self, escaped};
use crate::components::operations::worker::{OpsInput, OpsOutput, Purpose};
use crate::components::restore::RestoreInput;
use crate::components::search_page::SearchInput;
use crate::profile_loader::LoadError;

/// Long enough to reach Undo after reading the message.
const UNDO_SECONDS: u32 = 10;

/// Closing the window while a change runs asks first (closing stops it).
pub(super) fn ask_before_closing(
    root: &adw::ApplicationWindow,
    window: &Window,
    sender: &ComponentSender<Window>,
) {
    let (running, input) = (window.running.clone(), sender.input_sender().clone());
    root.connect_close_request(move |_| {
        if running.get() == 0 {
            return glib::Propagation::Proceed;
        }
        input.emit(WindowInput::AskQuit);
        glib::Propagation::Stop
    });
}

impl Window {
    /// Every change of the window goes through here: on a profile a
    /// frozen folder manages (as the header shows it), installing a package
    /// or removing one of the folder's goes through its flake.nix (see
    /// [`Managed::route`](frost_core::freeze::managed::Managed::route)).
    pub(super) fn submit(&self, operation: Operation) {
        let managed = self
            .loaded
            .as_ref()
            .filter(|l| operation.profile() == Some(l.path.as_path()))
            .and_then(|l| l.managed.as_ref());
        let operation = match managed {
            Some(managed) => managed.route(operation),
            None => operation,
        };
        self.ops
            .sender()
            .emit(OpsInput::Submit(operation, Purpose::Change));
    }

    /// Asks the install dialog for a package to install. Only into a
    /// profile Frost may change (see details_text's note on nix-env); the
    /// action is off for the others.
    pub(super) fn ask_install(&self, root: &adw::ApplicationWindow) {
        let Some(loaded) = self.loaded.as_ref().filter(|l| !l.nix_env) else {
            return;
        };
        self.install.sender().emit(InstallInput::Open {
            profile: loaded.path.clone(),
            name: loaded.name.clone(),
            parent: root.clone().upcast(),
        });
    }

    pub(super) fn ask_remove(&self, name: String, root: &adw::ApplicationWindow) {
        let Some(profile) = self.loaded.as_ref().map(|l| l.path.clone()) else {
            return;
        };
        let input = self.input.clone();
        dialogs::confirm_remove(root, &name.clone(), move || {
            input.emit(WindowInput::Submit(Operation::Remove {
                profile,
                names: vec![name],
            }));
        });
    }

    /// Asks, then hands each package of the managed profile back to its
    /// own source (one generation, with Undo).
    pub(super) fn ask_stop_managing(&self, root: &adw::ApplicationWindow) {
        let Some((profile, managed)) = self
            .loaded
            .as_ref()
            .and_then(|l| Some((l.path.clone(), l.managed.as_ref()?)))
        else {
            return;
        };
        let input = self.input.clone();
        dialogs::confirm_stop_managing(root, &folder_name(&managed.folder), move || {
            input.emit(WindowInput::Submit(Operation::StopManaging { profile }));
        });
    }

    /// The frozen folder of `source` manages the profile from now on (a
    /// reference that is no folder here is copied into a new folder first).
    pub(super) fn manage_with(&self, source: ApplySource) {
        let Some(loaded) = self.loaded.as_ref().filter(|l| !l.nix_env) else {
            return;
        };
        self.submit(Operation::Adopt {
            source,
            into: None,
            profile: loaded.path.clone(),
        });
    }

    /// Updates the inputs of the folder that manages the profile; what is
    /// new shows once it is done (see [`Window::show_folder_update`]).
    pub(super) fn update_managed(&self) {
        if let Some(managed) = self.loaded.as_ref().and_then(|l| l.managed.as_ref()) {
            self.submit(Operation::UpdateFolder {
                dir: managed.folder.clone(),
            });
        }
    }

    /// What the folder's update would install: *Install These Versions*
    /// upgrades the folder's packages in the profile (one generation);
    /// anything else puts flake.lock back as it was.
    fn show_folder_update(&self, update: &FolderUpdate, root: &adw::ApplicationWindow) {
        let upgrade = self.loaded.as_ref().and_then(|l| {
            let managed = l.managed.as_ref().filter(|m| m.folder == update.dir)?;
            Some(Operation::Upgrade {
                profile: l.path.clone(),
                names: managed.in_flake.clone(),
            })
        });
        let restore = Operation::RestoreLock {
            saved: update.saved.clone(),
        };
        let input = self.input.clone();
        folder_update::show(root, update, move |choice| {
            let operation = match (choice, upgrade) {
                (folder_update::Choice::Install, Some(upgrade)) => upgrade,
                _ => restore,
            };
            input.emit(WindowInput::Submit(operation));
        });
    }

    pub(super) fn update_one(&self, name: String) {
        if let Some(loaded) = &self.loaded {
            self.submit(Operation::Upgrade {
                profile: loaded.path.clone(),
                names: vec![name],
            });
        }
    }

    /// Adds the package `name`, installed from elsewhere, to the flake of
    /// the folder that manages the profile, from its own source.
    pub(super) fn add_to_flake(&self, name: String) {
        if let Some((profile, managed)) = self
            .loaded
            .as_ref()
            .and_then(|l| Some((l.path.clone(), l.managed.as_ref()?)))
        {
            self.submit(Operation::AddToFlake {
                profile,
                dir: managed.folder.clone(),
                name,
            });
        }
    }

    pub(super) fn update_all(&self) {
        if let Some(loaded) = self.loaded.as_ref().filter(|l| !l.nix_env) {
            self.submit(Operation::UpgradeAll {
                profile: loaded.path.clone(),
            });
        }
    }

    /// Asks before going back to generation `number`, with what that
    /// changes. Also from a damaged profile's History: the profile cannot
    /// be listed, but it can go back.
    pub(super) fn ask_rollback(&self, number: u64, root: &adw::ApplicationWindow) {
        let damaged = self.error.as_ref().and_then(LoadError::damaged_profile);
        let profile = match (&self.loaded, damaged) {
            (Some(loaded), _) => loaded.path.clone(),
            (None, Some(damaged)) => damaged.profile.clone(),
            (None, None) => return,
        };
        let changes = self.history.as_ref().and_then(|h| h.going_back_to(number));
        let input = self.input.clone();
        dialogs::confirm_go_back(root, number, changes.as_ref(), move || {
            input.emit(WindowInput::Submit(Operation::Rollback {
                profile,
                to: Some(number),
            }));
        });
    }

    pub(super) fn ask_quit(&self, root: &adw::ApplicationWindow) {
        let titles: Vec<String> = self.changes.values().map(Operation::title).collect();
        let queue = self.queue.clone();
        let window = root.clone();
        dialogs::confirm_quit(root, &titles, move || {
            if let Some(queue) = queue.get() {
                queue.cancel_all();
            }
            window.destroy();
        });
    }

    pub(super) fn on_ops(
        &mut self,
        output: OpsOutput,
        sender: &ComponentSender<Self>,
        root: &adw::ApplicationWindow,
    ) {
        match output {
            OpsOutput::Refused {
                operation,
                purpose: Purpose::Change,
                message,
            } => dialogs::show_refused(root, &operation, &message),
            OpsOutput::Refused {
                purpose: Purpose::Describe { store_path },
                ..
            } => self
                .details
                .sender()
                .emit(DetailsInput::Described(store_path, None)),
            OpsOutput::Refused {
                purpose: Purpose::Freeze,
                message,
                ..
            } => self.freeze.emit(FreezeWizardInput::Refused(message)),
            OpsOutput::Refused {
                purpose: Purpose::FreezePreview,
                message,
                ..
            } => self.freeze.emit(FreezeWizardInput::PreviewRefused(message)),
            OpsOutput::Refused {
                operation,
                purpose: Purpose::Restore,
                message,
            } => {
                dialogs::show_refused(root, &operation, &message);
                self.restore.emit(RestoreInput::Refused(message));
            }
            OpsOutput::Refused {
                purpose: Purpose::SearchIndex { source },
                message,
                ..
            } => self.search.emit(SearchInput::Built {
                source,
                result: Err(message),
            }),
            OpsOutput::Event {
                id,
                purpose: Purpose::SearchIndex { source },
                event,
            } => self.on_search_index(id, source, *event, root),
            OpsOutput::Event {
                id,
                purpose: Purpose::Change,
                event,
            } => self.on_change(id, *event, sender, root),
            OpsOutput::Event {
                id,
                purpose: Purpose::Restore,
                event,
            } => self.restore.emit(RestoreInput::Event(id, event)),
            OpsOutput::Event {
                id,
                purpose: Purpose::Freeze,
                event,
            } => self.freeze.emit(FreezeWizardInput::Event(id, event)),
            OpsOutput::Event {
                id,
                purpose: Purpose::FreezePreview,
                event,
            } => self.freeze.emit(FreezeWizardInput::PreviewEvent(id, event)),
            OpsOutput::Event {
                purpose: Purpose::Describe { store_path },
                event,
                ..
            } => {
                if let OpEvent::Finished(result) = *event {
                    self.details
                        .sender()
                        .emit(DetailsInput::Described(store_path, Some(result)));
                }
            }
        }
    }

    /// An index for Add Software: in the operations bar like a change
    /// (progress, log, Cancel, and closing the window asks first), its
    /// result to the page; a failure also in the alert every failure uses.
    fn on_search_index(
        &mut self,
        id: OpId,
        source: String,
        event: OpEvent,
        root: &adw::ApplicationWindow,
    ) {
        let Some((operation, result)) = self.in_bar(id, event) else {
            return;
        };
        let result = match result {
            Ok(done) => done.search.ok_or_else(|| gettext("Nix gave no packages.")),
            Err(failed) if failed.is_cancelled() => Err(gettext(
                "Cancelled. Choose the source again to read its packages.",
            )),
            Err(failed) => {
                let message = dialogs::failure_message(&failed);
                if let Some(operation) = &operation {
                    let input = self.input.clone();
                    dialogs::show_failure(root, operation, &failed, move |retry| {
                        input.emit(WindowInput::Submit(retry));
                    });
                }
                Err(message)
            }
        };
        self.search.emit(SearchInput::Built { source, result });
    }

    /// Queued, started and progress of a change, in the operations bar.
    fn show_in_bar(&self, id: OpId, event: OpEvent) {
        match event {
            OpEvent::Queued { operation, .. } => self.ops_bar.sender().emit(BarInput::Queued {
                id,
                title: operation.title(),
            }),
            OpEvent::Started { .. } => self.ops_bar.sender().emit(BarInput::Started(id)),
            OpEvent::Update(update) => self
                .ops_bar
                .sender()
                .emit(BarInput::Update(id, Box::new(update))),
            OpEvent::Finished(_) => self.ops_bar.sender().emit(BarInput::Finished(id)),
        }
    }

    fn on_change(
        &mut self,
        id: OpId,
        event: OpEvent,
        sender: &ComponentSender<Self>,
        root: &adw::ApplicationWindow,
    ) {
        let Some((Some(operation), result)) = self.in_bar(id, event) else {
            return;
        };
        if matches!(
            operation,
            Operation::Install { .. } | Operation::AddToManaged { .. }
        ) {
            self.search.emit(SearchInput::InstallEnded);
        }
        #[cfg(feature = "test-hooks")]
        crate::bench_log::finished(result.is_ok());
        match result {
            Ok(done) => match done.folder_update {
                Some(update) => self.show_folder_update(&update, root),
                None => self.succeeded(&operation, done, sender),
            },
            Err(failed) if failed.is_cancelled() => self.cancelled(&operation, &failed),
            Err(failed) => {
                let input = self.input.clone();
                dialogs::show_failure(root, &operation, &failed, move |retry| {
                    input.emit(WindowInput::Submit(retry));
                });
            }
        }
    }

    /// The operations bar's part of a change's event, and the count of
    /// running changes: a queued change is remembered and shown, progress
    /// is shown; a finished one leaves the bar and comes back with the
    /// operation it was, for the caller to act on.
    fn in_bar(&mut self, id: OpId, event: OpEvent) -> Option<(Option<Operation>, OpResult)> {
        match event {
            OpEvent::Finished(result) => {
                self.ops_bar.sender().emit(BarInput::Finished(id));
                let operation = self.changes.remove(&id);
                self.running.set(self.changes.len());
                Some((operation, result))
            }
            event => {
                if let OpEvent::Queued { operation, .. } = &event {
                    self.changes.insert(id, operation.clone());
                    self.running.set(self.changes.len());
                }
                self.show_in_bar(id, event);
                None
            }
        }
    }

    fn succeeded(
        &mut self,
        operation: &Operation,
        done: Completed,
        sender: &ComponentSender<Self>,
    ) {
        // The page of a package the user just removed would otherwise close
        // itself with "no longer in the profile" once the list reloads.
        if let Operation::Remove { names, .. } | Operation::RemoveFromManaged { names, .. } =
            operation
        {
            if self.visible_package().is_some_and(|n| names.contains(&n)) {
                self.navigation.pop_to(Page::Main);
            }
        }
        let unchanged = done.generations.is_some_and(|g| !g.changed());
        // A change to a managing folder's flake.nix is undone with its
        // files (Operation::RevertManaged), as the core says.
        let undo = done.undo;
        let text = match operation {
            Operation::Upgrade { names, .. } if unchanged => gettext_f(
                "{names}: already the newest version",
                &[("names", &names.join(", "))],
            ),
            Operation::UpgradeAll { .. } if unchanged => {
                gettext("Every package is already at its newest version")
            }
            Operation::Rollback { to: Some(n), .. } => {
                gettext_f("Went back to generation {n}", &[("n", &n.to_string())])
            }
            // The alert named the whole path; the folder's name is enough.
            Operation::FlakeUpdate { dir } => gettext_f(
                "Updated the inputs of “{folder}”",
                &[("folder", &folder_name(dir))],
            ),
            Operation::FlakeLock { dir } => gettext_f(
                "Checked the lock of “{folder}”: every input is locked",
                &[("folder", &folder_name(dir))],
            ),
            Operation::Apply {
                source,
                replace: true,
                ..
            } => ngettext_f(
                "This profile now holds the {n} package of “{folder}”",
                "This profile now holds the {n} packages of “{folder}”",
                done.installed.len() as u64,
                &[
                    ("n", &done.installed.len().to_string()),
                    ("folder", &source.short_name()),
                ],
            ),
            Operation::Apply { source, .. } => ngettext_f(
                "Installed {n} package from “{folder}”",
                "Installed {n} packages from “{folder}”",
                done.installed.len() as u64,
                &[
                    ("n", &done.installed.len().to_string()),
                    ("folder", &source.short_name()),
                ],
            ),
            Operation::AddToManaged { dir, .. } | Operation::AddToFlake { dir, .. } => gettext_f(
                "Added {names} to the flake in “{folder}”",
                &[
                    ("names", &done.installed.join(", ")),
                    ("folder", &folder_name(dir)),
                ],
            ),
            Operation::RemoveFromManaged { names, dir, .. } => gettext_f(
                "Removed {names} from the flake in “{folder}”",
                &[("names", &names.join(", ")), ("folder", &folder_name(dir))],
            ),
            Operation::RevertManaged { dir, undo, .. } => gettext_f(
                "Undone: {names} and the flake in “{folder}” are as they were",
                &[
                    ("names", &undo.names.join(", ")),
                    ("folder", &folder_name(dir)),
                ],
            ),
            _ => done.message,
        };
        let toast = adw::Toast::new(&escaped(&text));
        toast.set_timeout(UNDO_SECONDS);
        if let Some(undo) = undo {
            toast.set_button_label(Some(&gettext("_Undo")));
            let input = self.input.clone();
            toast.connect_button_clicked(move |_| {
                input.emit(WindowInput::Submit(undo.clone()));
            });
        }
        self.toasts.add_toast(toast);
        self.start_loading(sender);
    }

    fn cancelled(&self, operation: &Operation, failed: &Failed) {
        let generation = failed.generations.and_then(|g| g.after);
        let text = match generation {
            Some(n) => gettext_f(
                "Cancelled “{what}”. Nothing changed: the profile is still at generation {n}.",
                &[("what", &operation.title()), ("n", &n.to_string())],
            ),
            None => gettext_f(
                "Cancelled “{what}”. Nothing changed.",
                &[("what", &operation.title())],
            ),
        };
        self.toast(text);
    }
}
