//! The first page: a header naming what is shown ("Installed" for the
//! person's own profile, else the profile's name; the package count under
//! it) with search, history, the menu and the primary "Freeze to Flake…" button,
//! a banner naming the folder that manages the profile (with *Update…*),
//! over either the package list or a status page.

use frost_core::freeze::managed::home_shortened;
use frost_core::i18n::{gettext, gettext_f, ngettext_f};
use relm4::adw::prelude::*;
use relm4::gtk::gio;
use relm4::prelude::*;

use super::package_list::{PackageList, PackageListInput, PackageListOutput};
use super::profile_switcher::{self, ProfileChoice};
use super::status_page::{Status, StatusPage, StatusPageInput, StatusPageOutput};
use super::window::actions::{
    About, AddSoftware, FreezeProfile, InstallPackage, ManageWithFolder, ManageWithReference,
    OpenFrozenFolder, OpenProfile, Reload, RestoreReference, Shortcuts, ShowHistory, StopManaging,
    UpdateAll, UpdateManaged,
};
use crate::profile_loader::LoadedProfile;
use relm4::actions::ActionName;

/// Below this width the header keeps only icons.
pub const NARROW: &str = "max-width: 520sp";

#[derive(Debug)]
pub struct MainPage {
    title: String,
    subtitle: String,
    /// "Managed by ~/…" when a frozen folder manages the profile: the
    /// banner that says so holds its *Update…* button.
    managed: Option<String>,
    nix_env: bool,
    /// A profile is shown (maybe empty): history and freezing apply.
    has_profile: bool,
    has_list: bool,
    status_page: Controller<StatusPage>,
    package_list: Controller<PackageList>,
    search_bar: gtk::SearchBar,
    search_entry: gtk::SearchEntry,
    switcher: gtk::MenuButton,
    wide_freeze: gtk::Button,
    narrow_freeze: gtk::Button,
    /// The menu's item for the folder that manages the profile: *Stop
    /// Managing…* when one does, else *Manage With a Frozen Folder…*.
    manage_section: gio::Menu,
}

#[derive(Debug)]
pub enum MainPageInput {
    Status(Status),
    Show(Box<LoadedProfile>),
    Search(String),
    ToggleSearch,
    /// Searches the list for `text` (GNOME Shell's search, continued here).
    SearchFor(String),
    /// The profiles the switcher offers (more than one shows it).
    Profiles(Vec<ProfileChoice>),
}

#[derive(Debug)]
pub enum MainPageOutput {
    Open(String),
    Status(StatusPageOutput),
}

/// What the freeze button does, for its tooltip and screen readers.
fn freeze_description() -> String {
    gettext("Export this profile as a folder that installs the same packages on any machine")
}

impl MainPage {
    /// The window applies these; they swap the header's text button for an
    /// icon on narrow screens so the title still fits at 360 px.
    pub fn breakpoint(&self) -> adw::Breakpoint {
        let condition = adw::BreakpointCondition::parse(NARROW).unwrap_or_else(|_| {
            adw::BreakpointCondition::new_length(
                adw::BreakpointConditionLengthType::MaxWidth,
                520.0,
                adw::LengthUnit::Sp,
            )
        });
        let breakpoint = adw::Breakpoint::new(condition);
        breakpoint.add_setters(&[
            (&self.wide_freeze, "visible", false),
            (&self.narrow_freeze, "visible", true),
        ]);
        breakpoint
    }

    pub fn set_key_capture_widget(&self, widget: &impl IsA<gtk::Widget>) {
        self.search_bar.set_key_capture_widget(Some(widget));
    }
}

#[relm4::component(pub)]
impl SimpleComponent for MainPage {
    type Init = ();
    type Input = MainPageInput;
    type Output = MainPageOutput;

    view! {
        adw::NavigationPage {
            #[watch]
            set_title: &model.title,

            adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {
                    pack_start = &gtk::ToggleButton {
                        set_icon_name: "edit-find-symbolic",
                        set_tooltip_text: Some(&gettext("Search (Ctrl+F)")),
                        update_property: &[gtk::accessible::Property::Label(&gettext("Search"))],
                        #[watch]
                        set_visible: model.has_list,
                        #[chain(bidirectional().sync_create().build())]
                        bind_property: ("active", &model.search_bar, "search-mode-enabled"),
                    },
                    pack_start = &gtk::Button {
                        set_icon_name: "document-open-recent-symbolic",
                        set_tooltip_text: Some(&gettext("History (Ctrl+H)")),
                        update_property: &[gtk::accessible::Property::Label(&gettext("History"))],
                        set_action_name: Some(ShowHistory::action_name().as_str()),
                        #[watch]
                        set_visible: model.has_profile,
                    },
                    #[local_ref]
                    pack_start = switcher -> gtk::MenuButton {
                        set_icon_name: "view-list-symbolic",
                        set_tooltip_text: Some(&gettext("Switch Profile")),
                        update_property: &[gtk::accessible::Property::Label(&gettext("Switch Profile"))],
                        set_visible: false,
                        set_popover: Some(&gtk::Popover::new()),
                    },

                    #[wrap(Some)]
                    set_title_widget = &adw::WindowTitle {
                        #[watch]
                        set_title: &model.title,
                        #[watch]
                        set_subtitle: &model.subtitle,
                    },

                    pack_end = &gtk::MenuButton {
                        set_icon_name: "open-menu-symbolic",
                        set_tooltip_text: Some(&gettext("Main Menu")),
                        update_property: &[gtk::accessible::Property::Label(&gettext("Main Menu"))],
                        set_primary: true,
                        set_menu_model: Some(&primary_menu(&model.manage_section)),
                    },
                    // Freezing needs a profile; the box hides both forms of
                    // the button, the breakpoint picks one.
                    pack_end = &gtk::Box {
                        #[watch]
                        set_visible: model.has_profile,

                        #[local_ref]
                        wide_freeze -> gtk::Button {
                            set_label: &gettext("_Freeze to Flake…"),
                            set_use_underline: true,
                            add_css_class: "suggested-action",
                            set_action_name: Some(FreezeProfile::action_name().as_str()),
                            set_tooltip_text: Some(&freeze_description()),
                            update_property: &[gtk::accessible::Property::Description(&freeze_description())],
                        },
                        #[local_ref]
                        narrow_freeze -> gtk::Button {
                            set_icon_name: "weather-snow-symbolic",
                            add_css_class: "suggested-action",
                            set_visible: false,
                            set_action_name: Some(FreezeProfile::action_name().as_str()),
                            set_tooltip_text: Some(&freeze_description()),
                            update_property: &[
                                gtk::accessible::Property::Label(&gettext("Freeze to Flake…")),
                                gtk::accessible::Property::Description(&freeze_description()),
                            ],
                        },
                    },
                },

                #[local_ref]
                add_top_bar = search_bar -> gtk::SearchBar {
                    #[wrap(Some)]
                    set_child = &adw::Clamp {
                        set_maximum_size: 560,
                        #[local_ref]
                        search_entry -> gtk::SearchEntry {
                            set_hexpand: true,
                            set_placeholder_text: Some(&gettext("Search by name, description or command")),
                            update_property: &[gtk::accessible::Property::Label(&gettext("Search packages"))],
                            connect_search_changed[sender] => move |entry| {
                                sender.input(MainPageInput::Search(entry.text().to_string()));
                            },
                        },
                    },
                },

                // A banner, not the header's subtitle, says which folder
                // manages the profile: it wraps at 360 px, where the
                // subtitle cut the folder off, and holds the *Update…*
                // button (the same action as the menu's item).
                add_top_bar = &adw::Banner {
                    #[watch]
                    set_title: model.managed.as_deref().unwrap_or_default(),
                    set_button_label: Some(&gettext("Up_date…")),
                    set_action_name: Some(UpdateManaged::action_name().as_str()),
                    #[watch]
                    set_revealed: model.managed.is_some(),
                    #[watch]
                    set_visible: model.managed.is_some(),
                },

                add_top_bar = &adw::Banner {
                    set_title: &gettext("This profile was made by nix-env: it records no sources, so freezing it will have to guess where each package came from."),
                    #[watch]
                    set_revealed: model.nix_env,
                    // Hidden, not just folded, so screen readers skip it.
                    #[watch]
                    set_visible: model.nix_env,
                },

                #[wrap(Some)]
                set_content = &gtk::Stack {
                    set_transition_type: gtk::StackTransitionType::Crossfade,
                    add_named: (model.status_page.widget(), Some("status")),
                    add_named: (model.package_list.widget(), Some("list")),
                    #[watch]
                    set_visible_child_name: if model.has_list { "list" } else { "status" },
                },
            },
        }
    }

    fn init(
        _init: Self::Init,
        root: Self::Root,
        sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let status_page = StatusPage::builder()
            .launch(Status::Loading)
            .forward(sender.output_sender(), MainPageOutput::Status);
        let package_list = PackageList::builder().launch(()).forward(
            sender.output_sender(),
            |output| match output {
                PackageListOutput::Open(name) => MainPageOutput::Open(name),
            },
        );
        let model = MainPage {
            title: gettext("Frost"),
            subtitle: String::new(),
            managed: None,
            nix_env: false,
            has_profile: false,
            has_list: false,
            status_page,
            package_list,
            search_bar: gtk::SearchBar::new(),
            search_entry: gtk::SearchEntry::new(),
            switcher: gtk::MenuButton::new(),
            wide_freeze: gtk::Button::new(),
            narrow_freeze: gtk::Button::new(),
            manage_section: gio::Menu::new(),
        };
        let search_bar = &model.search_bar;
        let search_entry = &model.search_entry;
        let switcher = &model.switcher;
        let wide_freeze = &model.wide_freeze;
        let narrow_freeze = &model.narrow_freeze;
        let widgets = view_output!();
        search_bar.connect_entry(search_entry);
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: Self::Input, _sender: ComponentSender<Self>) {
        match message {
            MainPageInput::Status(status) => {
                self.has_list = false;
                self.has_profile = status == Status::Empty;
                self.nix_env = false;
                self.managed = None;
                if status != Status::Empty {
                    self.title = gettext("Frost");
                    self.subtitle = String::new();
                }
                self.manage_section.remove_all();
                self.status_page.emit(StatusPageInput::Show(status));
            }
            MainPageInput::Show(profile) => {
                let count = profile.packages.len();
                self.title = header_title(&profile);
                self.subtitle = subtitle(count);
                self.managed = profile.managed.as_ref().map(|managed| {
                    gettext_f(
                        "Managed by {dir}",
                        &[("dir", &home_shortened(&managed.folder))],
                    )
                });
                fill_manage_section(&self.manage_section, &profile);
                self.nix_env = profile.nix_env;
                self.has_profile = true;
                self.has_list = count > 0;
                if count == 0 {
                    self.status_page.emit(StatusPageInput::Show(Status::Empty));
                }
                self.package_list
                    .emit(PackageListInput::Show(profile.packages));
            }
            MainPageInput::Search(text) => {
                self.package_list.emit(PackageListInput::Search(text));
            }
            MainPageInput::ToggleSearch => {
                if self.has_list {
                    self.search_bar
                        .set_search_mode(!self.search_bar.is_search_mode());
                }
            }
            MainPageInput::SearchFor(text) => {
                if self.has_list {
                    self.search_bar.set_search_mode(true);
                    // The entry's search-changed filters the list.
                    self.search_entry.set_text(&text);
                    self.search_entry.set_position(-1);
                }
            }
            MainPageInput::Profiles(choices) => {
                if let Some(popover) = self.switcher.popover() {
                    profile_switcher::fill(&popover, &choices);
                }
                self.switcher.set_visible(choices.len() > 1);
            }
        }
    }
}

/// What the list shows: the person's own profile is "Installed", as in
/// GNOME Software; another profile, a generation or a folder is named.
fn header_title(profile: &LoadedProfile) -> String {
    if profile.own {
        gettext("Installed")
    } else {
        profile.name.clone()
    }
}

/// "8 packages": short enough for the header at 360 px. Which version of
/// the profile is shown is the History page's business.
fn subtitle(count: usize) -> String {
    ngettext_f(
        "{count} package",
        "{count} packages",
        count as u64,
        &[("count", &count.to_string())],
    )
}

/// The menu item that activates the window's action `A`.
fn item<A: ActionName>(section: &gio::Menu, label: &str) {
    section.append(Some(label), Some(A::action_name().as_str()));
}

/// *Update…* and *Stop Managing…* for a profile a frozen folder manages, *Manage With a
/// Frozen Folder…* and *Manage With a Flake Reference…* for one Frost may
/// change that none manages; nothing for
/// the rest (a nix-env profile, a generation or a folder shown by itself).
fn fill_manage_section(section: &gio::Menu, profile: &LoadedProfile) {
    section.remove_all();
    if profile.managed.is_some() {
        item::<UpdateManaged>(section, &gettext("Up_date…"));
        item::<StopManaging>(section, &gettext("_Stop Managing…"));
    } else if !profile.nix_env
        && profile.profile_generation.is_some()
        && profile.profile_generation == profile.current_generation
    {
        item::<ManageWithFolder>(section, &gettext("_Manage With a Frozen Folder…"));
        item::<ManageWithReference>(section, &gettext("Manage With a Flake _Reference…"));
    }
}

fn primary_menu(manage: &gio::Menu) -> gio::Menu {
    let profile = gio::Menu::new();
    item::<OpenProfile>(&profile, &gettext("_Open Profile…"));
    item::<OpenFrozenFolder>(&profile, &gettext("Open _Frozen Folder…"));
    item::<RestoreReference>(&profile, &gettext("Restore from a Flake _Reference…"));
    item::<Reload>(&profile, &gettext("_Reload"));
    let changes = gio::Menu::new();
    item::<AddSoftware>(&changes, &gettext("_Add Software…"));
    item::<InstallPackage>(&changes, &gettext("_Install Package…"));
    item::<UpdateAll>(&changes, &gettext("_Update All Packages"));
    let help = gio::Menu::new();
    item::<Shortcuts>(&help, &gettext("_Keyboard Shortcuts"));
    item::<About>(&help, &gettext("_About Frost"));
    let menu = gio::Menu::new();
    menu.append_section(None, &profile);
    menu.append_section(None, manage);
    menu.append_section(None, &changes);
    menu.append_section(None, &help);
    menu
}
