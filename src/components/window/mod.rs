//! The main window: the coordinator of the pages. It owns the navigation
//! between them, the toasts, the operations worker and the profile it
//! shows; each page is a component of its own that it speaks to in
//! messages. Where the rest lives:
//! - page.rs: the pages' names, and the navigation seen through them;
//! - actions.rs: the `win.` actions and their keys;
//! - profile.rs: reading the profile, watching its folder, handing it out;
//! - switcher.rs: which profile to show (the switcher, Open Profile);
//! - status.rs: the status page's buttons, when reading failed;
//! - changes.rs: changes on the operations worker, and how each ends.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use frost_core::freeze::git::FolderCommit;
use frost_core::freeze::source::ApplySource;
use frost_core::history::History;
use frost_core::i18n::gettext;
use frost_core::ops::{OpId, Operation};
use relm4::adw::prelude::*;
use relm4::prelude::*;
use relm4::WorkerController;

use crate::components::details_page::{DetailsInput, DetailsOutput, DetailsPage};
use crate::components::freeze_wizard::{FreezeWizard, FreezeWizardInput, FreezeWizardOutput};
use crate::components::frozen_folder::{self, FrozenFolder, FrozenFolderInput, FrozenFolderOutput};
use crate::components::generation_page::{GenerationInput, GenerationOutput, GenerationPage};
use crate::components::history_page::{HistoryOutput, HistoryPage};
use crate::components::install_dialog::{InstallDialog, InstallOutput};
use crate::components::main_page::{MainPage, MainPageInput, MainPageOutput};
use crate::components::operations::bar::{BarOutput, OperationsBar};
use crate::components::operations::dialogs::escaped;
use crate::components::operations::worker::{OpsInput, OpsOutput, OpsWorker, Purpose, SharedQueue};
use crate::components::restore::reference::{ReferenceDialog, ReferenceInput, ReferenceOutput};
use crate::components::restore::{RestoreOutput, RestorePage};
use crate::components::search_page::{SearchInput, SearchOutput, SearchPage};
use crate::components::status_page::StatusPageOutput;
use crate::profile_loader::{self, LoadError, LoadedProfile};

pub mod actions;
mod changes;
mod page;
mod profile;
mod restore;
mod status;
mod switcher;

use page::Page;

/// What the window starts with: `frost-gui [--open-frozen DIR|REF] [PROFILE]`.
#[derive(Debug, Default)]
pub struct WindowInit {
    /// The profile to show; `None` means the user's own.
    pub profile: Option<PathBuf>,
    /// A frozen folder or flake reference to preview restoring from, once
    /// the profile shows.
    pub restore: Option<ApplySource>,
}

#[derive(Debug)]
pub struct Window {
    /// The profile asked for; `None` means the user's own.
    requested: Option<PathBuf>,
    /// Profiles the user opened by path this session, for the switcher, as
    /// the profile links they lead to.
    opened: Vec<PathBuf>,
    loaded: Option<LoadedProfile>,
    error: Option<LoadError>,
    history: Option<Rc<History>>,
    loading: profile::Loading,
    main_page: Controller<MainPage>,
    details: Controller<DetailsPage>,
    history_page: Controller<HistoryPage>,
    generation_page: Controller<GenerationPage>,
    install: Controller<InstallDialog>,
    search: Controller<SearchPage>,
    freeze: Controller<FreezeWizard>,
    frozen: Controller<FrozenFolder>,
    restore: Controller<RestorePage>,
    reference: Controller<ReferenceDialog>,
    navigation: page::Navigation,
    toasts: adw::ToastOverlay,
    change_actions: actions::ChangeActions,
    ops: WorkerController<OpsWorker>,
    /// The worker's queue, to stop everything when the window closes.
    queue: SharedQueue,
    ops_bar: Controller<OperationsBar>,
    /// Changes queued or running, by the worker's id.
    changes: HashMap<OpId, Operation>,
    /// How many, for the close button (which cannot reach the model).
    running: Rc<Cell<usize>>,
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
    /// GNOME Shell's search opens a package: the window comes to the front
    /// with its page.
    ShowPackage(String),
    /// GNOME Shell's search goes on in the window, with these words.
    SearchFor(String),
    OpenGeneration(u64),
    /// Freeze to Flake of this generation (its page's button).
    FreezeGeneration(u64),
    Status(StatusPageOutput),
    Search,
    Toast(String),
    Ops(OpsOutput),
    /// The details page asks Nix what the package installed as
    /// `store_path` is.
    Describe {
        store_path: String,
        operation: Operation,
    },
    Remove(String),
    Update(String),
    /// Adds a package installed from elsewhere to the managing flake.
    AddToFlake(String),
    UpdateAll,
    RollBack(u64),
    /// Asks for a package to install into the profile shown.
    InstallPackage,
    /// Opens the Add Software page.
    AddSoftware,
    /// Builds a search index for the Add Software page.
    BuildIndex(Operation),
    /// Opens the Freeze to Flake wizard on the profile shown.
    Freeze,
    /// What the wizard asks of the window.
    FreezeWizard(FreezeWizardOutput),
    /// Asks for a frozen folder with the file chooser.
    ChooseFrozenFolder,
    /// Asks for a flake reference to restore from.
    AskReference,
    /// Asks before the managed profile's packages go back to their sources.
    AskStopManaging,
    /// Asks for a frozen folder to manage the profile.
    ChooseFolderToManage,
    /// Asks for a flake reference to manage the profile with (copied into
    /// a new folder when it is no folder here).
    AskReferenceToManage,
    /// The folder or reference chosen to manage the profile.
    ManageWith(ApplySource),
    /// Updates the folder that manages the profile, to show what is new.
    UpdateManaged,
    /// Restore from this folder (once checked to hold a flake) or reference.
    Open(ApplySource),
    /// Preview restoring from this (checked).
    Restore(ApplySource),
    /// What the restore page asks of the window.
    RestorePage(RestoreOutput),
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
    /// The managing folder's recent Git commits, for the History page.
    Changes(u64, Option<(PathBuf, Vec<FolderCommit>)>),
    /// A generation read for the freeze wizard.
    ForFreeze(u64, Result<LoadedProfile, LoadError>),
}

impl Window {
    /// The profile shown, when Frost may change it (not nix-env's): where
    /// the wizard's Apply to This Profile goes.
    fn changeable_profile(&self) -> Option<PathBuf> {
        self.loaded
            .as_ref()
            .filter(|l| !l.nix_env)
            .map(|l| l.path.clone())
    }

    fn toast(&self, text: String) {
        let toast = adw::Toast::new(&escaped(&text));
        toast.set_timeout(6);
        self.toasts.add_toast(toast);
    }
}

/// `FROST_WINDOW_SIZE=360x640`: the first window's size, for screenshots
/// and tests of narrow screens (there is no window manager to resize it).
#[cfg(feature = "test-hooks")]
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
        let input = sender.input_sender();
        let main_page = MainPage::builder()
            .launch(())
            .forward(input, |output| match output {
                MainPageOutput::Open(name) => WindowInput::OpenPackage(name),
                MainPageOutput::Status(s) => WindowInput::Status(s),
            });
        let details = DetailsPage::builder()
            .launch(())
            .forward(input, |output| match output {
                DetailsOutput::Toast(text) => WindowInput::Toast(text),
                DetailsOutput::Remove(name) => WindowInput::Remove(name),
                DetailsOutput::Update(name) => WindowInput::Update(name),
                DetailsOutput::AddToFlake(name) => WindowInput::AddToFlake(name),
                DetailsOutput::Describe {
                    store_path,
                    operation,
                } => WindowInput::Describe {
                    store_path,
                    operation,
                },
            });
        let history_page = HistoryPage::builder()
            .launch(())
            .forward(input, |HistoryOutput::Open(n)| {
                WindowInput::OpenGeneration(n)
            });
        let generation_page = GenerationPage::builder()
            .launch(())
            .forward(input, |output| match output {
                GenerationOutput::RollBack(n) => WindowInput::RollBack(n),
                GenerationOutput::Freeze(n) => WindowInput::FreezeGeneration(n),
            });
        let install = InstallDialog::builder()
            .launch(())
            .forward(input, |InstallOutput::Submit(op)| WindowInput::Submit(op));
        let search = SearchPage::builder()
            .launch(())
            .forward(input, |output| match output {
                SearchOutput::Build(op) => WindowInput::BuildIndex(op),
                SearchOutput::Install(op) => WindowInput::Submit(op),
            });
        let freeze = FreezeWizard::builder()
            .launch(())
            .forward(input, WindowInput::FreezeWizard);
        let frozen = FrozenFolder::builder()
            .launch(root.clone().upcast())
            .forward(input, |FrozenFolderOutput::Restore(source)| {
                WindowInput::Restore(source)
            });
        let restore = RestorePage::builder()
            .launch(())
            .forward(input, WindowInput::RestorePage);
        let reference =
            ReferenceDialog::builder()
                .launch(())
                .forward(input, |output| match output {
                    ReferenceOutput::Restore(source) => WindowInput::Open(source),
                    ReferenceOutput::ChooseFolder => WindowInput::ChooseFrozenFolder,
                    ReferenceOutput::Manage(source) => WindowInput::ManageWith(source),
                    ReferenceOutput::ChooseFolderToManage => WindowInput::ChooseFolderToManage,
                });
        let queue = SharedQueue::default();
        let ops = OpsWorker::builder()
            .detach_worker(queue.clone())
            .forward(input, WindowInput::Ops);
        let ops_bar = OperationsBar::builder()
            .launch(())
            .forward(input, |output| match output {
                BarOutput::Cancel(id) => WindowInput::Cancel(id),
                BarOutput::Toast(text) => WindowInput::Toast(text),
            });
        let navigation = page::Navigation::new(&[
            (Page::Main, main_page.widget()),
            (Page::Details, details.widget()),
            (Page::History, history_page.widget()),
            (Page::Generation, generation_page.widget()),
            (Page::Restore, restore.widget()),
            (Page::Search, search.widget()),
        ]);

        let mut model = Window {
            requested: init.profile,
            opened: Vec::new(),
            loaded: None,
            error: None,
            history: None,
            loading: profile::Loading::default(),
            main_page,
            details,
            history_page,
            generation_page,
            install,
            search,
            freeze,
            frozen,
            restore,
            reference,
            navigation,
            toasts: adw::ToastOverlay::new(),
            change_actions: actions::install(&root, &sender),
            ops,
            queue,
            ops_bar,
            changes: HashMap::new(),
            running: Rc::default(),
            input: input.clone(),
        };
        let navigation = model.navigation.view();
        let toasts = &model.toasts;
        let ops_bar = model.ops_bar.widget();
        let widgets = view_output!();
        // A development build's striped header bar tells it apart from the
        // stable app installed beside it.
        if frost_core::config::is_development() {
            root.add_css_class("devel");
        }

        // Before the handler that asks about running changes: a close it
        // stops has still saved the size, which is harmless.
        if let Some(settings) = crate::window_state::settings() {
            crate::window_state::remember(&root, settings);
        }
        #[cfg(feature = "test-hooks")]
        if let Some((width, height)) = size_from_env() {
            root.set_default_size(width, height);
        }
        root.add_breakpoint(model.main_page.model().breakpoint());
        model.main_page.model().set_key_capture_widget(&root);
        changes::ask_before_closing(&root, &model, &sender);
        crate::search_provider::set_window(input.clone());
        model.start_loading(&sender);
        restore::accept_drops(&root, input);
        if let Some(source) = init.restore {
            model.frozen.emit(FrozenFolderInput::Open(source));
        }
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>, root: &Self::Root) {
        match message {
            WindowInput::Reload | WindowInput::Changed => self.start_loading(&sender),
            WindowInput::SwitchProfile(path) => self.switch_to(path, &sender),
            WindowInput::OpenProfile => self.choose_profile(root),
            WindowInput::ShowHistory => {
                let damaged = self.error.as_ref().and_then(LoadError::damaged_profile);
                if self.loaded.is_some() || damaged.is_some() {
                    self.navigation.pop_to(Page::Main);
                    self.navigation.push(Page::History);
                }
            }
            WindowInput::OpenPackage(name) => {
                let Some(loaded) = &self.loaded else { return };
                let Some(package) = loaded.packages.iter().find(|p| p.element.name == name) else {
                    return;
                };
                self.details.emit(DetailsInput::Open {
                    package: Box::new(package.clone()),
                    since: self.since(&name),
                });
                self.navigation.push(Page::Details);
            }
            WindowInput::ShowPackage(name) => {
                root.present();
                if self.navigation.visible() != Some(Page::Main) {
                    self.navigation.pop_to(Page::Main);
                }
                sender.input(WindowInput::OpenPackage(name));
            }
            WindowInput::SearchFor(text) => {
                root.present();
                if self.navigation.visible() != Some(Page::Main) {
                    self.navigation.pop_to(Page::Main);
                }
                self.main_page.emit(MainPageInput::SearchFor(text));
            }
            WindowInput::OpenGeneration(number) => {
                let Some(entry) = self.history.as_ref().and_then(|h| h.entry(number)) else {
                    return;
                };
                self.generation_page
                    .emit(GenerationInput::Show(Box::new(entry.clone())));
                self.navigation.push(Page::Generation);
            }
            WindowInput::Status(output) => self.on_status(output, root, &sender),
            WindowInput::Search => {
                if self.navigation.visible() != Some(Page::Main) {
                    self.navigation.pop_to(Page::Main);
                }
                self.main_page.sender().emit(MainPageInput::ToggleSearch);
            }
            WindowInput::Toast(text) => self.toast(text),
            WindowInput::Ops(output) => self.on_ops(output, &sender, root),
            WindowInput::Describe {
                store_path,
                operation,
            } => self.ops.emit(OpsInput::Submit(
                operation,
                Purpose::Describe { store_path },
            )),
            WindowInput::Remove(name) => self.ask_remove(name, root),
            WindowInput::Update(name) => self.update_one(name),
            WindowInput::AddToFlake(name) => self.add_to_flake(name),
            WindowInput::UpdateAll => self.update_all(),
            WindowInput::RollBack(number) => self.ask_rollback(number, root),
            WindowInput::InstallPackage => self.ask_install(root),
            WindowInput::AddSoftware => {
                let Some(loaded) = self.loaded.as_ref().filter(|l| !l.nix_env) else {
                    return;
                };
                self.search.emit(SearchInput::Profile {
                    profile: Some(loaded.path.clone()),
                    elements: loaded.packages.iter().map(|p| p.element.clone()).collect(),
                });
                self.navigation.pop_to(Page::Main);
                self.navigation.push(Page::Search);
                self.search.emit(SearchInput::Shown);
            }
            WindowInput::BuildIndex(operation) => {
                let source = match &operation {
                    Operation::BuildSearchIndex { source } => source.clone(),
                    _ => String::new(),
                };
                self.ops
                    .emit(OpsInput::Submit(operation, Purpose::SearchIndex { source }));
            }
            WindowInput::Freeze => {
                if let Some(loaded) = &self.loaded {
                    self.freeze.emit(FreezeWizardInput::Open {
                        profile: Box::new(loaded.clone()),
                        apply_to: self.changeable_profile(),
                        picked: None,
                        parent: root.clone().upcast(),
                    });
                }
            }
            WindowInput::FreezeGeneration(number) => {
                let Some(loaded) = &self.loaded else { return };
                // Read as the window reads a generation link it is given:
                // its packages, icons and descriptions, off the main loop.
                let path = loaded.path.clone();
                sender.spawn_oneshot_command(move || {
                    Loaded::ForFreeze(number, profile_loader::load_generation(&path, number))
                });
            }
            WindowInput::FreezeWizard(FreezeWizardOutput::Submit(operation)) => {
                self.ops.emit(OpsInput::Submit(operation, Purpose::Freeze))
            }
            WindowInput::FreezeWizard(FreezeWizardOutput::Preview(operation)) => self
                .ops
                .emit(OpsInput::Submit(operation, Purpose::FreezePreview)),
            // Applying changes the profile: a change like any other, with
            // the operations bar, the toast and its Undo.
            WindowInput::FreezeWizard(FreezeWizardOutput::Apply(operation)) => {
                self.submit(operation)
            }
            WindowInput::FreezeWizard(FreezeWizardOutput::Cancel(id)) => {
                self.ops.emit(OpsInput::Cancel(id));
            }
            WindowInput::FreezeWizard(FreezeWizardOutput::Toast(text)) => self.toast(text),
            WindowInput::FreezeWizard(FreezeWizardOutput::Generation(n)) => {
                sender.input(WindowInput::FreezeGeneration(n));
            }
            WindowInput::ChooseFrozenFolder => self.frozen.emit(FrozenFolderInput::Choose),
            WindowInput::AskStopManaging => self.ask_stop_managing(root),
            WindowInput::ChooseFolderToManage => {
                let input = self.input.clone();
                frozen_folder::choose_to_manage(root, move |dir| {
                    input.emit(WindowInput::ManageWith(ApplySource::Folder(dir)));
                });
            }
            WindowInput::ManageWith(source) => self.manage_with(source),
            WindowInput::AskReferenceToManage => self.reference.emit(ReferenceInput::Open {
                parent: root.clone().upcast(),
                manage: true,
            }),
            WindowInput::UpdateManaged => self.update_managed(),
            WindowInput::AskReference => self.reference.emit(ReferenceInput::Open {
                parent: root.clone().upcast(),
                manage: false,
            }),
            WindowInput::Open(source) => self.frozen.emit(FrozenFolderInput::Open(source)),
            WindowInput::Restore(source) => self.open_restore(source),
            WindowInput::RestorePage(output) => self.on_restore(output, root),
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
            Loaded::Profile(token, result) => self.profile_read(token, result, &sender),
            Loaded::History(token, result) => self.history_read(token, result),
            Loaded::Changes(token, changes) => self.changes_read(token, changes),
            Loaded::ForFreeze(number, Ok(generation)) => {
                // The current generation is the profile as the window
                // shows it: no note that it is an earlier one.
                let current = self.loaded.as_ref().and_then(|l| l.current_generation);
                self.freeze.emit(FreezeWizardInput::Open {
                    profile: Box::new(generation),
                    apply_to: self.changeable_profile(),
                    picked: Some(number).filter(|&n| Some(n) != current),
                    parent: root.clone().upcast(),
                })
            }
            Loaded::ForFreeze(_, Err(LoadError::Failed { message, .. })) => self.toast(message),
            Loaded::ForFreeze(_, Err(_)) => {}
        }
    }
}
