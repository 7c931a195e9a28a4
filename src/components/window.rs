//! The main window: a navigation view of the package list, a package's
//! details, the history and one generation's changes. Reading the profile
//! and its history runs on background threads; the main loop only swaps
//! pages and updates rows. A watch on the profile's folder reloads it when
//! it changes from outside.

use std::path::PathBuf;
use std::rc::Rc;

use frost_core::history::History;
use frost_core::i18n::{gettext, gettext_f};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::details_page::{DetailsInput, DetailsOutput, DetailsPage, Since};
use super::generation_page::{GenerationInput, GenerationPage};
use super::history_page::{HistoryInput, HistoryOutput, HistoryPage};
use super::main_page::{MainPage, MainPageInput, MainPageOutput};
use super::status_page::{Status, StatusPageOutput, NIX_INSTALL_URL};
use super::window_actions;
use crate::live_refresh::FolderWatch;
use crate::profile_loader::{self, LoadError, LoadedProfile};
use crate::{dialogs, launch};

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
}

#[derive(Debug)]
pub enum Loaded {
    Profile(u64, Result<LoadedProfile, LoadError>),
    History(u64, Result<History, String>),
}

impl Window {
    /// Starts reading the profile on a worker thread; the answer comes back
    /// as a command output, so the main loop never waits on the disk.
    fn start_loading(&mut self, sender: &ComponentSender<Self>) {
        if self.loading {
            self.load_again = true;
            return;
        }
        self.loading = true;
        self.generation_of_load += 1;
        if self.loaded.is_none() {
            self.main_page.emit(MainPageInput::Status(Status::Loading));
        }
        let (token, path) = (self.generation_of_load, self.requested.clone());
        sender.spawn_oneshot_command(move || Loaded::Profile(token, profile_loader::load(path)));
    }

    /// Watches `folder`. A folder other than the one watched so far may
    /// have changed before the watch began (the profile appearing right
    /// after its folder did): look once more.
    fn watch(&mut self, folder: Option<PathBuf>, sender: &ComponentSender<Self>) {
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

    fn show_profile(&mut self, profile: LoadedProfile, sender: &ComponentSender<Self>) {
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
        // The open details page follows its package, or closes if it left.
        if let Some(name) = self.visible_package() {
            match profile.packages.iter().find(|p| p.element.name == name) {
                Some(package) => self
                    .details
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
            .emit(MainPageInput::Show(Box::new(profile.clone())));
        self.loaded = Some(profile);
        window_actions::update_profiles(self);
        // The history only matters once the list shows; read it afterwards.
        if let Some(loaded) = &self.loaded {
            self.history_page.emit(HistoryInput::Loading);
            let (token, path) = (self.generation_of_load, loaded.path.clone());
            sender.spawn_oneshot_command(move || {
                Loaded::History(token, profile_loader::load_history(&path))
            });
        }
    }

    fn show_error(&mut self, error: LoadError, sender: &ComponentSender<Self>) {
        self.watch(error.folder_to_watch(), sender);
        self.loaded = None;
        self.history = None;
        self.navigation.pop_to_tag("main");
        self.main_page
            .emit(MainPageInput::Status(Status::Error(error.clone())));
        self.error = Some(error);
        window_actions::update_profiles(self);
    }

    fn show_history(&mut self, history: History) {
        let history = Rc::new(history);
        self.history_page
            .emit(HistoryInput::Show(Ok(Rc::clone(&history))));
        if let Some(name) = self.visible_package() {
            self.details
                .emit(DetailsInput::Since(since(&history, &name)));
        }
        if self.visible_tag().as_deref() == Some("generation") {
            let shown = self.generation_page.model().number();
            match history.entry(shown) {
                Some(entry) => self
                    .generation_page
                    .emit(GenerationInput::Show(Box::new(entry.clone()))),
                None => {
                    self.navigation.pop_to_tag("history");
                }
            }
        }
        self.history = Some(history);
    }

    fn visible_tag(&self) -> Option<String> {
        self.navigation
            .visible_page()
            .and_then(|p| p.tag())
            .map(|t| t.to_string())
    }

    /// The package whose details page is in the navigation stack.
    fn visible_package(&self) -> Option<String> {
        let in_stack = self
            .navigation
            .navigation_stack()
            .iter::<adw::NavigationPage>()
            .flatten()
            .any(|p| p.tag().as_deref() == Some("details"));
        in_stack.then(|| self.details.model().name())
    }

    fn push(&self, tag: &str) {
        if self.visible_tag().as_deref() != Some(tag) {
            self.navigation.push_by_tag(tag);
        }
    }

    pub(super) fn toast(&self, text: String) {
        let toast = adw::Toast::new(&glib_escape(&text));
        toast.set_timeout(6);
        self.toasts.add_toast(toast);
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
}

/// `FROST_WINDOW_SIZE=360x640`: the first window's size, for screenshots
/// and tests of narrow screens (there is no window manager to resize it).
fn size_from_env() -> Option<(i32, i32)> {
    let value = std::env::var("FROST_WINDOW_SIZE").ok()?;
    let (w, h) = value.split_once('x')?;
    Some((w.trim().parse().ok()?, h.trim().parse().ok()?))
}

fn glib_escape(text: &str) -> String {
    relm4::gtk::glib::markup_escape_text(text).to_string()
}

fn since(history: &History, name: &str) -> Since {
    match history.installed_since(name) {
        Some(g) => Since::Known(g.number, g.created),
        None => Since::Unknown,
    }
}

#[relm4::component(pub)]
impl Component for Window {
    type Init = Option<PathBuf>;
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
                #[local_ref]
                navigation -> adw::NavigationView {},
            },
        }
    }

    fn init(
        requested: Self::Init,
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
            });
        let history_page = HistoryPage::builder().launch(()).forward(
            sender.input_sender(),
            |output| match output {
                HistoryOutput::Open(n) => WindowInput::OpenGeneration(n),
            },
        );
        let generation_page = GenerationPage::builder().launch(()).detach();

        let mut model = Window {
            requested,
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
        let widgets = view_output!();

        if let Some((width, height)) = size_from_env() {
            root.set_default_size(width, height);
        }
        root.add_breakpoint(model.main_page.model().breakpoint());
        model.main_page.model().set_key_capture_widget(&root);
        window_actions::install(&root, &sender);
        model.start_loading(&sender);
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
                    .map_or(Since::Loading, |h| since(h, &name));
                self.details.emit(DetailsInput::Since(since));
                self.push("details");
            }
            WindowInput::OpenGeneration(number) => {
                let Some(entry) = self.history.as_ref().and_then(|h| h.entry(number)) else {
                    return;
                };
                self.generation_page
                    .emit(GenerationInput::Show(Box::new(entry.clone())));
                self.push("generation");
            }
            WindowInput::Status(StatusPageOutput::Retry) => self.start_loading(&sender),
            WindowInput::Status(StatusPageOutput::OpenProfile) => {
                window_actions::choose_profile(self, root, &sender);
            }
            WindowInput::Status(StatusPageOutput::CopyDetails) => self.copy_details(root),
            WindowInput::Status(StatusPageOutput::ReportIssue) => {
                let s = sender.input_sender().clone();
                launch::open_url(&dialogs::issues_url(), Some(root.upcast_ref()), move |r| {
                    if let Err(e) = r {
                        s.emit(WindowInput::Toast(e));
                    }
                });
            }
            WindowInput::Status(StatusPageOutput::InstallNix) => {
                let s = sender.input_sender().clone();
                launch::open_url(NIX_INSTALL_URL, Some(root.upcast_ref()), move |r| {
                    if let Err(e) = r {
                        s.emit(WindowInput::Toast(e));
                    }
                });
            }
            WindowInput::Search => {
                if self.visible_tag().as_deref() != Some("main") {
                    self.navigation.pop_to_tag("main");
                }
                self.main_page.emit(MainPageInput::ToggleSearch);
            }
            WindowInput::Toast(text) => self.toast(text),
        }
    }

    fn update_cmd(&mut self, output: Loaded, sender: ComponentSender<Self>, _root: &Self::Root) {
        match output {
            Loaded::Profile(token, result) if token == self.generation_of_load => {
                self.loading = false;
                match result {
                    Ok(profile) => self.show_profile(profile, &sender),
                    Err(error) => self.show_error(error, &sender),
                }
                if std::mem::take(&mut self.load_again) {
                    self.start_loading(&sender);
                }
            }
            Loaded::History(token, result) if token == self.generation_of_load => match result {
                Ok(history) => self.show_history(history),
                Err(e) => self.history_page.emit(HistoryInput::Show(Err(e))),
            },
            // An answer for a profile the window no longer shows.
            Loaded::Profile(..) | Loaded::History(..) => {}
        }
    }
}
