//! The main window: a header bar naming the profile and counting its
//! packages, over either the package list or a status page. Reading the
//! profile runs on a background thread; the main loop only swaps pages.

use std::path::PathBuf;

use frost_core::i18n::{gettext, ngettext_f};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::profile_page::{ProfilePage, ProfilePageInput};
use super::status_page::{Status, StatusPage, StatusPageInput, StatusPageOutput};
use crate::profile_loader::{self, LoadedProfile};

#[derive(Debug)]
pub struct Window {
    /// The profile given on the command line; `None` means the user's own.
    profile_path: Option<PathBuf>,
    state: State,
    status_page: Controller<StatusPage>,
    profile_page: Controller<ProfilePage>,
}

#[derive(Debug)]
enum State {
    Loading,
    Loaded { name: String, count: usize },
    Failed,
}

#[derive(Debug)]
pub enum WindowInput {
    Reload,
}

impl Window {
    fn is_loading(&self) -> bool {
        matches!(self.state, State::Loading)
    }

    fn title(&self) -> String {
        match &self.state {
            State::Loaded { name, .. } => name.clone(),
            State::Loading | State::Failed => gettext("Frost"),
        }
    }

    fn subtitle(&self) -> String {
        match self.state {
            State::Loaded { count, .. } => ngettext_f(
                "{count} package",
                "{count} packages",
                count as u64,
                &[("count", &count.to_string())],
            ),
            State::Loading | State::Failed => String::new(),
        }
    }

    fn visible_page(&self) -> &'static str {
        match self.state {
            State::Loaded { count, .. } if count > 0 => "list",
            _ => "status",
        }
    }

    /// Starts reading the profile on a blocking-pool thread; the answer comes
    /// back as a command output, so the main loop never waits on the disk.
    fn start_loading(&mut self, sender: &ComponentSender<Self>) {
        self.state = State::Loading;
        self.status_page
            .emit(StatusPageInput::Show(Status::Loading));
        let path = self.profile_path.clone();
        sender.spawn_oneshot_command(move || profile_loader::load(path));
    }

    fn show(&mut self, result: Result<LoadedProfile, frost_core::Error>) {
        match result {
            Ok(profile) => {
                let count = profile.packages.len();
                if count == 0 {
                    self.status_page.emit(StatusPageInput::Show(Status::Empty));
                } else {
                    self.profile_page
                        .emit(ProfilePageInput::Show(profile.packages));
                }
                self.state = State::Loaded {
                    name: profile.name,
                    count,
                };
            }
            Err(error) => {
                self.status_page
                    .emit(StatusPageInput::Show(Status::Failed(error.to_string())));
                self.state = State::Failed;
            }
        }
    }
}

#[relm4::component(pub)]
impl Component for Window {
    type Init = Option<PathBuf>;
    type Input = WindowInput;
    type Output = ();
    type CommandOutput = Result<LoadedProfile, frost_core::Error>;

    view! {
        adw::ApplicationWindow {
            set_title: Some(&gettext("Frost")),
            set_default_size: (760, 640),

            add_controller = gtk::ShortcutController {
                set_scope: gtk::ShortcutScope::Global,
                add_shortcut: gtk::Shortcut::new(
                    gtk::ShortcutTrigger::parse_string("<Control>r|F5"),
                    Some(gtk::CallbackAction::new(move |_, _| {
                        reload.emit(WindowInput::Reload);
                        gtk::glib::Propagation::Stop
                    })),
                ),
                add_shortcut: gtk::Shortcut::new(
                    gtk::ShortcutTrigger::parse_string("<Control>w|<Control>q"),
                    Some(gtk::NamedAction::new("window.close")),
                ),
            },

            adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {
                    pack_start = &gtk::Button {
                        set_icon_name: "view-refresh-symbolic",
                        set_tooltip_text: Some(&gettext("Reload")),
                        update_property: &[gtk::accessible::Property::Label(&gettext("Reload"))],
                        #[watch]
                        set_sensitive: !model.is_loading(),
                        connect_clicked => WindowInput::Reload,
                    },

                    #[wrap(Some)]
                    set_title_widget = &adw::WindowTitle {
                        #[watch]
                        set_title: &model.title(),
                        #[watch]
                        set_subtitle: &model.subtitle(),
                    },
                },

                #[wrap(Some)]
                set_content = &gtk::Stack {
                    set_transition_type: gtk::StackTransitionType::Crossfade,
                    add_named: (model.status_page.widget(), Some("status")),
                    add_named: (model.profile_page.widget(), Some("list")),
                    #[watch]
                    set_visible_child_name: model.visible_page(),
                },
            },
        }
    }

    fn init(
        profile_path: Self::Init,
        root: Self::Root,
        sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let status_page = StatusPage::builder().launch(Status::Loading).forward(
            sender.input_sender(),
            |output| match output {
                StatusPageOutput::Retry => WindowInput::Reload,
            },
        );
        let profile_page = ProfilePage::builder().launch(()).detach();

        let mut model = Window {
            profile_path,
            state: State::Loading,
            status_page,
            profile_page,
        };
        model.start_loading(&sender);
        let reload = sender.input_sender().clone();
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, sender: ComponentSender<Self>, _root: &Self::Root) {
        match message {
            WindowInput::Reload => {
                // The button is insensitive while loading; this guards the
                // keyboard and the status page's button all the same, so two
                // answers never race to fill the list.
                if !self.is_loading() {
                    self.start_loading(&sender);
                }
            }
        }
    }

    fn update_cmd(
        &mut self,
        result: Self::CommandOutput,
        _sender: ComponentSender<Self>,
        _root: &Self::Root,
    ) {
        self.show(result);
    }
}
