//! The main window: a navigation view of the package list, a package's
//! details, the history and one generation's changes, over the operations
//! bar. Reading the profile and its history runs on background threads
//! (window_load.rs), changes on the operations worker (window_ops.rs); the
//! main loop only swaps pages and updates rows. A watch on the profile's
//! folder reloads it when it changes from outside. What to install, and
//! what to do with a frozen folder, is asked in window_install.rs.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use frost_core::history::History;
use frost_core::i18n::gettext;
use frost_core::ops::{OpId, Operation, PackageMetadata};
use relm4::adw::prelude::*;
use relm4::prelude::*;
use relm4::WorkerController;

use super::details_page::{DetailsInput, DetailsOutput, DetailsPage, Since};
use super::generation_page::{GenerationInput, GenerationOutput, GenerationPage};
use super::history_page::{HistoryInput, HistoryOutput, HistoryPage};
use super::install_dialog::{InstallDialog, InstallOutput};
use super::main_page::{MainPage, MainPageInput, MainPageOutput};
use super::operations::bar::{BarOutput, OperationsBar};
use super::operations::dialogs::escaped;
use super::operations::worker::{OpsInput, OpsOutput, OpsWorker, SharedQueue};
use super::status_page::StatusPageOutput;
use super::window_actions;
use crate::live_refresh::FolderWatch;
use crate::profile_loader::{LoadError, LoadedProfile};

#[path = "window_install.rs"]
mod installing;
#[path = "window_load.rs"]
mod load;
#[path = "window_ops.rs"]
mod ops;

/// What the window starts with: `frost-gui [--open-frozen FOLDER] [PROFILE]`.
#[derive(Debug, Default)]
pub struct WindowInit {
    /// The profile to show; `None` means the user's own.
    pub profile: Option<PathBuf>,
    /// A frozen folder to offer choices for once the profile shows.
    pub frozen_folder: Option<PathBuf>,
}

#[derive(Debug)]
pub struct Window {
    /// The profile asked for; `None` means the user's own.
    pub(super) requested: Option<PathBuf>,
    /// Profiles the user opened by path this session, for the switcher, as
    /// the profile links they lead to.
    pub(super) opened: Vec<PathBuf>,
    pub(super) loaded: Option<LoadedProfile>,
    pub(super) error: Option<LoadError>,
    history: Option<Rc<History>>,
    /// Bumped per load, so an answer for a profile no longer shown is dropped.
    generation_of_load: u64,
    loading: bool,
    load_again: bool,
    watch: Option<FolderWatch>,
    watched: Option<PathBuf>,
    pub(super) main_page: Controller<MainPage>,
    details: Controller<DetailsPage>,
    history_page: Controller<HistoryPage>,
    generation_page: Controller<GenerationPage>,
    pub(super) navigation: adw::NavigationView,
    toasts: adw::ToastOverlay,
    ops: WorkerController<OpsWorker>,
    /// The worker's queue, to stop everything when the window closes.
    queue: SharedQueue,
    ops_bar: Controller<OperationsBar>,
    pub(super) install: Controller<InstallDialog>,
    /// A frozen folder whose choices wait for the first profile to show
    /// (they depend on it).
    pub(super) waiting_folder: Option<PathBuf>,
    /// Changes queued or running, by the worker's id.
    changes: HashMap<OpId, Operation>,
    /// How many, for the close button (which cannot reach the model).
    running: Rc<Cell<usize>>,
    /// Evaluated descriptions by store path; `None` while asked or after
    /// the evaluation failed (it is not asked again this session).
    descriptions: HashMap<String, Option<PackageMetadata>>,
    input: relm4::Sender<WindowInput>,
}

#[derive(Debug)]
pub enum WindowInput {
    Reload,
    /// Something changed in the watched folder.
    Changed,
    SwitchProfile(PathBuf),
    OpenProfile,
    ShowHistory,
    OpenPackage(String),
    OpenGeneration(u64),
    Status(StatusPageOutput),
    Search,
    Toast(String),
    Ops(OpsOutput),
    Remove(String),
    Update(String),
    UpdateAll,
    RollBack(u64),
    /// Asks for a package to install into the profile shown.
    InstallPackage,
    /// Asks for a frozen folder with the file chooser.
    ChooseFrozenFolder,
    /// Offers what Frost can do with this folder (if it holds a flake).
    FrozenFolder(PathBuf),
    /// Run it now (the user agreed, or pressed Undo).
    Submit(Operation),
    Cancel(OpId),
    /// The user closes the window while changes run.
    AskQuit,
}

#[derive(Debug)]
pub enum Loaded {
    Profile(u64, Result<LoadedProfile, LoadError>),
    History(u64, Result<History, String>),
    /// The disk cache's description of `store_path`, and the evaluation
    /// to run when it has none.
    Metadata {
        store_path: String,
        cached: Option<PackageMetadata>,
        operation: Operation,
    },
    /// Whether the frozen folder `dir` holds a flake.
    FrozenFolder {
        dir: PathBuf,
        is_flake: bool,
    },
}

impl Window {
    pub(super) fn toast(&self, text: String) {
        let toast = adw::Toast::new(&escaped(&text));
        toast.set_timeout(6);
        self.toasts.add_toast(toast);
    }
}

/// `FROST_WINDOW_SIZE=360x640`: the first window's size, for screenshots
/// and tests of narrow screens (there is no window manager to resize it).
fn size_from_env() -> Option<(i32, i32)> {
    let value = std::env::var("FROST_WINDOW_SIZE").ok()?;
    let (w, h) = value.split_once('x')?;
    Some((w.trim().parse().ok()?, h.trim().parse().ok()?))
}

#[relm4::component(pub)]
impl Component for Window {
    type Init = WindowInit;
    type Input = WindowInput;
    type Output = ();
    type CommandOutput = Loaded;

    view! {
        adw::ApplicationWindow {
            set_title: Some(&gettext("Frost")),
            set_default_size: (860, 720),
            // GNOME's smallest supported size: phones held upright.
            set_size_request: (360, 294),

            #[local_ref]
            toasts -> adw::ToastOverlay {
                gtk::Box {
                    set_orientation: gtk::Orientation::Vertical,

                    #[local_ref]
                    navigation -> adw::NavigationView {
                        set_vexpand: true,
                    },
                    // Below every page: changes stay in view while browsing.
                    #[local_ref]
                    ops_bar -> gtk::Revealer {},
                },
            },
        }
    }

    fn init(
        init: Self::Init,
        root: Self::Root,
        sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let main_page = MainPage::builder()
            .launch(())
            .forward(sender.input_sender(), |output| match output {
                MainPageOutput::Open(name) => WindowInput::OpenPackage(name),
                MainPageOutput::Status(s) => WindowInput::Status(s),
            });
        let details = DetailsPage::builder()
            .launch(())
            .forward(sender.input_sender(), |output| match output {
                DetailsOutput::Toast(text) => WindowInput::Toast(text),
                DetailsOutput::Remove(name) => WindowInput::Remove(name),
                DetailsOutput::Update(name) => WindowInput::Update(name),
            });
        let history_page = HistoryPage::builder().launch(()).forward(
            sender.input_sender(),
            |output| match output {
                HistoryOutput::Open(n) => WindowInput::OpenGeneration(n),
            },
        );
        let generation_page =
            GenerationPage::builder()
                .launch(())
                .forward(sender.input_sender(), |output| match output {
                    GenerationOutput::RollBack(n) => WindowInput::RollBack(n),
                });
        let queue = SharedQueue::default();
        let ops = OpsWorker::builder()
            .detach_worker(queue.clone())
            .forward(sender.input_sender(), WindowInput::Ops);
        let ops_bar = OperationsBar::builder().launch(()).forward(
            sender.input_sender(),
            |output| match output {
                BarOutput::Cancel(id) => WindowInput::Cancel(id),
                BarOutput::Toast(text) => WindowInput::Toast(text),
            },
        );
        let install = InstallDialog::builder().launch(()).forward(
            sender.input_sender(),
            |output| match output {
                InstallOutput::Submit(operation) => WindowInput::Submit(operation),
            },
        );

        let mut model = Window {
            requested: init.profile,
            opened: Vec::new(),
            loaded: None,
            error: None,
            history: None,
            generation_of_load: 0,
            loading: false,
            load_again: false,
            watch: None,
            watched: None,
            main_page,
            details,
            history_page,
            generation_page,
            navigation: adw::NavigationView::new(),
            toasts: adw::ToastOverlay::new(),
            ops,
            queue,
            ops_bar,
            install,
            waiting_folder: None,
            changes: HashMap::new(),
            running: Rc::default(),
            descriptions: HashMap::new(),
            input: sender.input_sender().clone(),
        };
        // The first page added is the root of the navigation.
        for page in [
            model.main_page.widget(),
            model.details.widget(),
            model.history_page.widget(),
            model.generation_page.widget(),
        ] {
            model.navigation.add(page);
        }
        let navigation = &model.navigation;
        let toasts = &model.toasts;
        let ops_bar = model.ops_bar.widget();
        let widgets = view_output!();

        // Before the handler that asks about running changes: a close it
        // stops has still saved the size, which is harmless.
        if let Some(settings) = crate::window_state::settings() {
            crate::window_state::remember(&root, settings);
        }
        if let Some((width, height)) = size_from_env() {
            root.set_default_size(width, height);
        }
        root.add_breakpoint(model.main_page.model().breakpoint());
        model.main_page.model().set_key_capture_widget(&root);
        window_actions::install(&root, &sender);
        window_actions::enable_changes(&root, false);
        ops::ask_before_closing(&root, &model, &sender);
        model.start_loading(&sender);
        if let Some(dir) = init.frozen_folder {
            sender.input(WindowInput::FrozenFolder(dir));
        }
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>, root: &Self::Root) {
        match message {
            WindowInput::Reload | WindowInput::Changed => self.start_loading(&sender),
            WindowInput::SwitchProfile(path) => {
                self.requested = Some(path);
                self.loaded = None;
                self.navigation.pop_to_tag("main");
                // A load still running is for the old profile: its answer
                // is dropped by the new load's number.
                self.loading = false;
                self.start_loading(&sender);
            }
            WindowInput::OpenProfile => window_actions::choose_profile(self, root, &sender),
            WindowInput::ShowHistory => {
                if self.loaded.is_some() {
                    self.navigation.pop_to_tag("main");
                    self.push("history");
                }
            }
            WindowInput::OpenPackage(name) => {
                let Some(loaded) = &self.loaded else { return };
                let Some(package) = loaded.packages.iter().find(|p| p.element.name == name) else {
                    return;
                };
                self.details
                    .emit(DetailsInput::Show(Box::new(package.clone())));
                let since = self
                    .history
                    .as_ref()
                    .map_or(Since::Loading, |h| load::since(h, &name));
                self.details.emit(DetailsInput::Since(since));
                self.push("details");
                let package = package.clone();
                self.describe(&package, &sender);
            }
            WindowInput::OpenGeneration(number) => {
                let Some(entry) = self.history.as_ref().and_then(|h| h.entry(number)) else {
                    return;
                };
                self.generation_page
                    .emit(GenerationInput::Show(Box::new(entry.clone())));
                self.push("generation");
            }
            WindowInput::Status(output) => self.on_status(output, root, &sender),
            WindowInput::Search => {
                if self.visible_tag().as_deref() != Some("main") {
                    self.navigation.pop_to_tag("main");
                }
                self.main_page.sender().emit(MainPageInput::ToggleSearch);
            }
            WindowInput::Toast(text) => self.toast(text),
            WindowInput::Ops(output) => self.on_ops(output, &sender, root),
            WindowInput::Remove(name) => self.ask_remove(name, root),
            WindowInput::Update(name) => self.update_one(name),
            WindowInput::UpdateAll => self.update_all(),
            WindowInput::RollBack(number) => self.ask_rollback(number, root),
            WindowInput::InstallPackage => self.ask_install(root),
            WindowInput::ChooseFrozenFolder => installing::choose_folder(root, &sender),
            WindowInput::FrozenFolder(dir) => installing::check_folder(dir, &sender),
            WindowInput::Submit(operation) => self.submit(operation),
            WindowInput::Cancel(id) => self.ops.emit(OpsInput::Cancel(id)),
            WindowInput::AskQuit => self.ask_quit(root),
        }
    }

    /// Whatever still runs is stopped; Nix switches generations
    /// atomically, so the profile keeps the one it had.
    fn shutdown(&mut self, _widgets: &mut Self::Widgets, _output: relm4::Sender<()>) {
        if let Some(queue) = self.queue.get() {
            queue.cancel_all();
        }
    }

    fn update_cmd(&mut self, output: Loaded, sender: ComponentSender<Self>, root: &Self::Root) {
        match output {
            Loaded::Profile(token, result) if token == self.generation_of_load => {
                self.loading = false;
                match result {
                    Ok(profile) => self.show_profile(profile, &sender),
                    Err(error) => self.show_error(error, &sender),
                }
                let changeable = self.loaded.as_ref().is_some_and(|l| !l.nix_env);
                window_actions::enable_changes(root, changeable);
                if let Some(dir) = self.waiting_folder.take() {
                    self.offer_folder(dir, root);
                }
                if std::mem::take(&mut self.load_again) {
                    self.start_loading(&sender);
                }
            }
            Loaded::History(token, result) if token == self.generation_of_load => match result {
                Ok(history) => self.show_history(history),
                Err(e) => self.history_page.sender().emit(HistoryInput::Show(Err(e))),
            },
            Loaded::Metadata {
                store_path,
                cached,
                operation,
            } => self.cached_metadata(store_path, cached, operation),
            Loaded::FrozenFolder { dir, is_flake } => self.folder_checked(dir, is_flake, root),
            // An answer for a profile the window no longer shows.
            Loaded::Profile(..) | Loaded::History(..) => {}
        }
    }
}
