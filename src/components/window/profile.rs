//! The profile the window shows: read on a worker thread (the answer comes
//! back as a command output, so the main loop never waits on the disk),
//! its folder watched for changes from outside, and what arrives handed to
//! the pages (the list, an open details page, the history and an open
//! generation). Messages go through `sender().emit`, which, unlike a
//! controller's `emit`, does not panic when the app is quitting and the
//! page is already gone.

use std::path::PathBuf;
use std::rc::Rc;

use frost_core::freeze::git::{folder_log, FolderCommit};
use frost_core::history::History;
use frost_core::i18n::gettext_f;
use relm4::prelude::*;

use super::page::Page;
use super::{Loaded, Window, WindowInput};
use crate::components::details_page::{DetailsInput, Since};
use crate::components::frozen_folder::FrozenFolderInput;
use crate::components::generation_page::GenerationInput;
use crate::components::history_page::HistoryInput;
use crate::components::main_page::MainPageInput;
use crate::components::search_page::SearchInput;
use crate::components::status_page::Status;
use crate::live_refresh::FolderWatch;
use crate::profile_loader::{self, LoadError, LoadedProfile};

/// How many of the managing folder's commits the History page lists.
const CHANGES_SHOWN: usize = 20;

/// Where reading the profile stands.
#[derive(Debug, Default)]
pub(super) struct Loading {
    /// Bumped per load, so an answer for a profile no longer shown is
    /// dropped.
    token: u64,
    running: bool,
    /// Something changed while a load ran: read once more after it.
    again: bool,
    watch: Option<FolderWatch>,
    watched: Option<PathBuf>,
}

impl Window {
    /// Starts reading the profile on a worker thread.
    pub(super) fn start_loading(&mut self, sender: &ComponentSender<Self>) {
        if self.loading.running {
            self.loading.again = true;
            return;
        }
        self.loading.running = true;
        self.loading.token += 1;
        if self.loaded.is_none() {
            self.main_page
                .sender()
                .emit(MainPageInput::Status(Status::Loading));
        }
        let (token, path) = (self.loading.token, self.requested.clone());
        sender.spawn_oneshot_command(move || Loaded::Profile(token, profile_loader::load(path)));
    }

    /// Shows another profile; a load still running is for the old one, and
    /// its answer is dropped by the new load's number.
    pub(super) fn switch_to(&mut self, path: PathBuf, sender: &ComponentSender<Self>) {
        self.requested = Some(path);
        self.loaded = None;
        self.navigation.pop_to(Page::Main);
        self.loading.running = false;
        // A folder chosen now waits for the new profile, unless the one
        // before it failed to read: then it is offered at once, as before.
        if self.error.is_none() {
            self.frozen.emit(FrozenFolderInput::Ready(false));
        }
        self.start_loading(sender);
    }

    /// The profile (or why there is none) has been read.
    pub(super) fn profile_read(
        &mut self,
        token: u64,
        result: Result<LoadedProfile, LoadError>,
        sender: &ComponentSender<Self>,
    ) {
        if token != self.loading.token {
            // An answer for a profile the window no longer shows.
            return;
        }
        self.loading.running = false;
        match result {
            Ok(profile) => self.show_profile(profile, sender),
            Err(error) => self.show_error(error, sender),
        }
        let changeable = self.loaded.as_ref().filter(|l| !l.nix_env);
        self.change_actions.set_enabled(changeable.is_some());
        self.frozen.emit(FrozenFolderInput::Ready(true));
        if std::mem::take(&mut self.loading.again) {
            self.start_loading(sender);
        }
    }

    pub(super) fn history_read(&mut self, token: u64, result: Result<History, String>) {
        if token != self.loading.token {
            return;
        }
        match result {
            Ok(history) => self.show_history(history),
            Err(e) => self.history_page.sender().emit(HistoryInput::Show(Err(e))),
        }
    }

    pub(super) fn changes_read(
        &mut self,
        token: u64,
        changes: Option<(PathBuf, Vec<FolderCommit>)>,
    ) {
        if token == self.loading.token {
            self.history_page
                .sender()
                .emit(HistoryInput::Changes(changes));
        }
    }

    /// Reads the recent commits of the folder managing the profile, when
    /// it is a Git repository, off the GTK thread; the History page shows
    /// them below the generations. A folder Git cannot read shows none.
    fn read_changes(&self, sender: &ComponentSender<Self>) {
        let folder = self
            .loaded
            .as_ref()
            .and_then(|l| l.managed.as_ref())
            .map(|m| m.folder.clone());
        let token = self.loading.token;
        let Some(folder) = folder else {
            self.history_page.sender().emit(HistoryInput::Changes(None));
            return;
        };
        sender.oneshot_command(async move {
            let commits = folder_log(&folder, CHANGES_SHOWN).await.unwrap_or_default();
            Loaded::Changes(token, Some((folder, commits)))
        });
    }

    /// Watches `folder`. A folder other than the one watched so far may
    /// have changed before the watch began (the profile appearing right
    /// after its folder did): look once more.
    fn watch(&mut self, folder: Option<PathBuf>, sender: &ComponentSender<Self>) {
        let moved = folder != self.loading.watched;
        let input = sender.input_sender().clone();
        self.loading.watch = folder
            .as_ref()
            .and_then(|f| FolderWatch::new(f, move || input.emit(WindowInput::Changed)));
        if moved && self.loading.watched.is_some() && folder.is_some() {
            sender.input(WindowInput::Changed);
        }
        self.loading.watched = folder;
    }

    fn show_profile(&mut self, profile: LoadedProfile, sender: &ComponentSender<Self>) {
        let switched = self
            .loaded
            .as_ref()
            .is_none_or(|old| old.path != profile.path);
        if switched {
            self.watch(profile.path.parent().map(PathBuf::from), sender);
            self.history = None;
            self.navigation.pop_to(Page::Main);
        }
        self.error = None;
        if self.requested.is_some() && !self.opened.contains(&profile.path) {
            self.opened.push(profile.path.clone());
        }
        self.details
            .sender()
            .emit(DetailsInput::NixEnv(profile.nix_env));
        // What Add Software marks as installed, and searches by default.
        if self.navigation.holds(Page::Search) {
            self.search.emit(SearchInput::Profile {
                profile: Some(profile.path.clone()),
                elements: profile.packages.iter().map(|p| p.element.clone()).collect(),
            });
        }
        // The open details page follows its package, or closes if it left.
        if let Some(name) = self.visible_package() {
            match profile.packages.iter().find(|p| p.element.name == name) {
                Some(package) => self
                    .details
                    .sender()
                    .emit(DetailsInput::Show(Box::new(package.clone()))),
                None => {
                    self.navigation.pop_to(Page::Main);
                    self.toast(gettext_f(
                        "“{name}” is no longer in the profile.",
                        &[("name", &name)],
                    ));
                }
            }
        }
        self.main_page
            .sender()
            .emit(MainPageInput::Show(Box::new(profile.clone())));
        crate::search_provider::set_profile(Some(&profile));
        self.loaded = Some(profile);
        self.update_profiles();
        #[cfg(feature = "test-hooks")]
        if let Some(name) = crate::bench_log::take_element() {
            let show_log = crate::components::operations::bar::BarInput::ShowLog(true);
            self.ops_bar.sender().emit(show_log);
            self.update_one(name);
        }
        #[cfg(feature = "test-hooks")]
        if crate::bench_export::open_wizard() {
            sender.input(WindowInput::Freeze);
        }
        // The history only matters once the list shows; read it afterwards.
        if let Some(loaded) = &self.loaded {
            self.history_page.sender().emit(HistoryInput::Loading);
            let (token, path) = (self.loading.token, loaded.path.clone());
            sender.spawn_oneshot_command(move || {
                Loaded::History(token, profile_loader::load_history(&path))
            });
        }
        self.read_changes(sender);
    }

    fn show_error(&mut self, error: LoadError, sender: &ComponentSender<Self>) {
        self.watch(error.folder_to_watch(), sender);
        self.loaded = None;
        crate::search_provider::set_profile(None);
        self.history = None;
        self.history_page.sender().emit(HistoryInput::Changes(None));
        self.navigation.pop_to(Page::Main);
        // A damaged profile still has its History, to go back from.
        if let Some(damaged) = error.damaged_profile() {
            self.history_page.sender().emit(HistoryInput::Loading);
            let (token, path) = (self.loading.token, damaged.profile.clone());
            sender.spawn_oneshot_command(move || {
                Loaded::History(token, profile_loader::load_history(&path))
            });
        }
        self.main_page
            .sender()
            .emit(MainPageInput::Status(Status::Error(error.clone())));
        self.error = Some(error);
        self.update_profiles();
    }

    fn show_history(&mut self, history: History) {
        let history = Rc::new(history);
        self.history_page
            .sender()
            .emit(HistoryInput::Show(Ok(Rc::clone(&history))));
        if let Some(name) = self.visible_package() {
            self.details
                .sender()
                .emit(DetailsInput::Since(since(&history, &name)));
        }
        if self.navigation.visible() == Some(Page::Generation) {
            let shown = self.generation_page.model().number();
            match history.entry(shown) {
                Some(entry) => self
                    .generation_page
                    .sender()
                    .emit(GenerationInput::Show(Box::new(entry.clone()))),
                None => self.navigation.pop_to(Page::History),
            }
        }
        self.history = Some(history);
    }

    /// Since when `name` has been in the profile, as far as known yet.
    pub(super) fn since(&self, name: &str) -> Since {
        self.history
            .as_ref()
            .map_or(Since::Loading, |h| since(h, name))
    }

    /// The package whose details page is in the navigation stack.
    pub(super) fn visible_package(&self) -> Option<String> {
        self.navigation
            .holds(Page::Details)
            .then(|| self.details.model().name())
    }
}

fn since(history: &History, name: &str) -> Since {
    match history.installed_since(name) {
        Some(g) => Since::Known(g.number, g.created),
        None => Since::Unknown,
    }
}
