//! The window's side of reading a profile: loading it on a worker thread,
//! watching its folder, and showing what arrives on the pages (the list,
//! an open details page, the history and an open generation), and what
//! the status page's buttons ask for when reading failed. Messages go
//! through `sender().emit`, which, unlike a controller's `emit`, does not
//! panic when the app is quitting and the page is already gone.

use std::path::PathBuf;
use std::rc::Rc;

use frost_core::history::History;
use frost_core::i18n::{gettext, gettext_f};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::{Loaded, Window, WindowInput};
use crate::components::details_page::{DetailsInput, Since};
use crate::components::generation_page::GenerationInput;
use crate::components::history_page::HistoryInput;
use crate::components::main_page::MainPageInput;
use crate::components::operations::bar::BarInput;
use crate::components::status_page::{Status, StatusPageOutput, NIX_INSTALL_URL};
use crate::components::window_actions;
use crate::live_refresh::FolderWatch;
use crate::profile_loader::{self, LoadError, LoadedProfile};
use crate::{dialogs, launch};

impl Window {
    /// Starts reading the profile on a worker thread; the answer comes back
    /// as a command output, so the main loop never waits on the disk.
    pub(super) fn start_loading(&mut self, sender: &ComponentSender<Self>) {
        if self.loading {
            self.load_again = true;
            return;
        }
        self.loading = true;
        self.generation_of_load += 1;
        if self.loaded.is_none() {
            self.main_page
                .sender()
                .emit(MainPageInput::Status(Status::Loading));
        }
        let (token, path) = (self.generation_of_load, self.requested.clone());
        sender.spawn_oneshot_command(move || Loaded::Profile(token, profile_loader::load(path)));
    }

    /// Watches `folder`. A folder other than the one watched so far may
    /// have changed before the watch began (the profile appearing right
    /// after its folder did): look once more.
    pub(super) fn watch(&mut self, folder: Option<PathBuf>, sender: &ComponentSender<Self>) {
        let moved = folder != self.watched;
        let input = sender.input_sender().clone();
        self.watch = folder
            .as_ref()
            .and_then(|f| FolderWatch::new(f, move || input.emit(WindowInput::Changed)));
        if moved && self.watched.is_some() && folder.is_some() {
            sender.input(WindowInput::Changed);
        }
        self.watched = folder;
    }

    pub(super) fn show_profile(&mut self, profile: LoadedProfile, sender: &ComponentSender<Self>) {
        let switched = self
            .loaded
            .as_ref()
            .is_none_or(|old| old.path != profile.path);
        if switched {
            self.watch(profile.path.parent().map(PathBuf::from), sender);
            self.history = None;
            self.navigation.pop_to_tag("main");
        }
        self.error = None;
        if self.requested.is_some() && !self.opened.contains(&profile.path) {
            self.opened.push(profile.path.clone());
        }
        self.details
            .sender()
            .emit(DetailsInput::NixEnv(profile.nix_env));
        // The open details page follows its package, or closes if it left.
        if let Some(name) = self.visible_package() {
            match profile.packages.iter().find(|p| p.element.name == name) {
                Some(package) => self
                    .details
                    .sender()
                    .emit(DetailsInput::Show(Box::new(package.clone()))),
                None => {
                    self.navigation.pop_to_tag("main");
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
        self.loaded = Some(profile);
        window_actions::update_profiles(self);
        if let Some(name) = crate::bench_log::take_element() {
            self.ops_bar.sender().emit(BarInput::ShowLog(true));
            self.update_one(name);
        }
        // The history only matters once the list shows; read it afterwards.
        if let Some(loaded) = &self.loaded {
            self.history_page.sender().emit(HistoryInput::Loading);
            let (token, path) = (self.generation_of_load, loaded.path.clone());
            sender.spawn_oneshot_command(move || {
                Loaded::History(token, profile_loader::load_history(&path))
            });
        }
    }

    pub(super) fn show_error(&mut self, error: LoadError, sender: &ComponentSender<Self>) {
        self.watch(error.folder_to_watch(), sender);
        self.loaded = None;
        self.history = None;
        self.navigation.pop_to_tag("main");
        self.main_page
            .sender()
            .emit(MainPageInput::Status(Status::Error(error.clone())));
        self.error = Some(error);
        window_actions::update_profiles(self);
    }

    pub(super) fn on_status(
        &mut self,
        output: StatusPageOutput,
        root: &adw::ApplicationWindow,
        sender: &ComponentSender<Self>,
    ) {
        let url = match output {
            StatusPageOutput::Retry => return self.start_loading(sender),
            StatusPageOutput::OpenProfile => {
                return window_actions::choose_profile(self, root, sender);
            }
            StatusPageOutput::CopyDetails => return self.copy_details(root),
            StatusPageOutput::ReportIssue => dialogs::issues_url(),
            StatusPageOutput::InstallNix => NIX_INSTALL_URL.to_owned(),
        };
        let s = sender.input_sender().clone();
        launch::open_url(&url, Some(root.upcast_ref()), move |r| {
            if let Err(e) = r {
                s.emit(WindowInput::Toast(e));
            }
        });
    }

    fn copy_details(&self, root: &adw::ApplicationWindow) {
        let Some(LoadError::Failed { message, file }) = &self.error else {
            return;
        };
        let profile = self.requested.as_ref().map_or_else(
            || gettext("the user’s own profile"),
            |p| p.display().to_string(),
        );
        let nix = profile_loader::nix_on_path()
            .map_or_else(|| gettext("not found on PATH"), |p| p.display().to_string());
        let file = file
            .as_ref()
            .map_or_else(|| "-".to_owned(), |f| f.display().to_string());
        // The field names stay English: the report is read by Frost's
        // maintainers, whatever the user's language.
        let report = format!(
            "Frost {}\nProfile: {profile}\nFile: {file}\nNix: {nix}\nError: {message}\n",
            env!("CARGO_PKG_VERSION")
        );
        root.clipboard().set_text(&report);
        self.toast(gettext(
            "Details copied. Paste them into a new issue with “Report Issue…”.",
        ));
    }

    pub(super) fn show_history(&mut self, history: History) {
        let history = Rc::new(history);
        self.history_page
            .sender()
            .emit(HistoryInput::Show(Ok(Rc::clone(&history))));
        if let Some(name) = self.visible_package() {
            self.details
                .sender()
                .emit(DetailsInput::Since(since(&history, &name)));
        }
        if self.visible_tag().as_deref() == Some("generation") {
            let shown = self.generation_page.model().number();
            match history.entry(shown) {
                Some(entry) => self
                    .generation_page
                    .sender()
                    .emit(GenerationInput::Show(Box::new(entry.clone()))),
                None => {
                    self.navigation.pop_to_tag("history");
                }
            }
        }
        self.history = Some(history);
    }

    pub(super) fn visible_tag(&self) -> Option<String> {
        self.navigation
            .visible_page()
            .and_then(|p| p.tag())
            .map(|t| t.to_string())
    }

    /// The package whose details page is in the navigation stack.
    pub(super) fn visible_package(&self) -> Option<String> {
        let in_stack = self
            .navigation
            .navigation_stack()
            .iter::<adw::NavigationPage>()
            .flatten()
            .any(|p| p.tag().as_deref() == Some("details"));
        in_stack.then(|| self.details.model().name())
    }

    pub(super) fn push(&self, tag: &str) {
        if self.visible_tag().as_deref() != Some(tag) {
            self.navigation.push_by_tag(tag);
        }
    }
}

pub(super) fn since(history: &History, name: &str) -> Since {
    match history.installed_since(name) {
        Some(g) => Since::Known(g.number, g.created),
        None => Since::Unknown,
    }
}
