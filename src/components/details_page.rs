//! One package in full: large icon, name, version, description, and the
//! facts a person may need to copy into a terminal (commands, sources,
//! store paths). Sizes are measured on a worker thread after the page shows.

use std::collections::HashMap;
use std::path::Path;

use frost_core::disk_usage::disk_usage;
use frost_core::i18n::{gettext, gettext_f};
use relm4::adw::prelude::*;
use relm4::gtk::glib;
use relm4::prelude::*;

use super::details_rows::{command_row, show_size, source_row, store_path_row, Facts};
use super::details_text::{full_sources, remove_hint, since_text, update_hint};
use super::package_row::{version_text, what_it_is};
use crate::icons::IconSlot;
use crate::launch;
use crate::profile_loader::Package;

/// Since when the package has been in the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// The history is still being read.
    Loading,
    /// Generation number and its creation time.
    Known(u64, u64),
    Unknown,
}

#[derive(Debug)]
pub struct DetailsPage {
    package: Option<Package>,
    since: Since,
    icon: IconSlot,
    facts: Facts,
    /// Rows made for the shown package, removed before showing another.
    rows: Vec<(adw::PreferencesGroup, adw::ActionRow)>,
    size_rows: HashMap<String, adw::ActionRow>,
    /// Tells a late size from an earlier page apart from the current one.
    shown: u64,
}

#[derive(Debug)]
pub enum DetailsInput {
    Show(Box<Package>),
    Since(Since),
    Open,
    ShowFiles(String),
    Copy(String),
}

#[derive(Debug)]
pub enum DetailsOutput {
    Toast(String),
}

impl DetailsPage {
    fn get<T: Default>(&self, f: impl FnOnce(&Package) -> T) -> T {
        self.package.as_ref().map(f).unwrap_or_default()
    }

    fn is_app(&self) -> bool {
        self.get(|p| {
            p.info
                .desktop_entries
                .first()
                .is_some_and(|e| !e.no_display)
        })
    }

    /// AdwNavigationPage wants a title even before any package is shown.
    fn page_title(&self) -> String {
        self.package
            .as_ref()
            .map_or_else(|| gettext("Package"), |p| p.title.clone())
    }

    pub fn name(&self) -> String {
        self.get(|p| p.element.name.clone())
    }

    fn since_text(&self) -> String {
        match self.since {
            Since::Loading => gettext("Reading the history…"),
            Since::Known(number, created) => since_text(number, created),
            Since::Unknown => gettext("Unknown"),
        }
    }

    fn installed_as(&self) -> String {
        self.get(|p| {
            if p.title == p.element.name {
                String::new()
            } else {
                gettext_f("Installed as “{name}”", &[("name", &p.element.name)])
            }
        })
    }

    fn clear_rows(&mut self) {
        for (group, row) in self.rows.drain(..) {
            group.remove(&row);
        }
        self.size_rows.clear();
    }

    fn add_row(&mut self, group: &adw::PreferencesGroup, row: adw::ActionRow) {
        group.add(&row);
        self.rows.push((group.clone(), row));
    }

    fn fill(&mut self, widgets: &DetailsPageWidgets, sender: &ComponentSender<Self>) {
        self.clear_rows();
        let Some(package) = self.package.clone() else {
            return;
        };
        self.icon.show(package.info.icon.as_deref(), package.kind());
        self.facts.show(&package);
        for command in &package.info.commands {
            self.add_row(&widgets.commands, command_row(command));
        }
        widgets
            .commands
            .set_visible(!package.info.commands.is_empty());
        for (label, url) in full_sources(&package) {
            let s = sender.clone();
            let copy = url.clone();
            let row = source_row(&label, &url, move || {
                s.input(DetailsInput::Copy(copy.clone()))
            });
            self.add_row(&widgets.sources, row);
        }
        for path in &package.element.store_paths {
            let (s, p) = (sender.clone(), path.clone());
            let row = store_path_row(path, move || s.input(DetailsInput::ShowFiles(p.clone())));
            self.size_rows.insert(path.clone(), row.clone());
            self.add_row(&widgets.paths, row);
        }
        self.shown += 1;
        let (token, paths) = (self.shown, package.element.store_paths.clone());
        sender.spawn_oneshot_command(move || {
            let sizes = paths
                .into_iter()
                .map(|p| {
                    let size = disk_usage(Path::new(&p)).ok();
                    (p, size)
                })
                .collect();
            (token, sizes)
        });
    }
}

#[relm4::component(pub)]
impl Component for DetailsPage {
    type Init = ();
    type Input = DetailsInput;
    type Output = DetailsOutput;
    type CommandOutput = (u64, Vec<(String, Option<u64>)>);

    view! {
        adw::NavigationPage {
            set_tag: Some("details"),
            #[watch]
            set_title: &model.page_title(),

            adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {},

                #[wrap(Some)]
                set_content = &gtk::ScrolledWindow {
                    set_hscrollbar_policy: gtk::PolicyType::Never,

                    adw::Clamp {
                        set_maximum_size: 760,

                        gtk::Box {
                            set_orientation: gtk::Orientation::Vertical,
                            set_spacing: 24,
                            set_margin_top: 24,
                            set_margin_bottom: 24,
                            set_margin_start: 12,
                            set_margin_end: 12,

                            gtk::Box {
                                set_spacing: 18,

                                #[local_ref]
                                icon -> gtk::Image {
                                    set_valign: gtk::Align::Start,
                                },
                                gtk::Box {
                                    set_orientation: gtk::Orientation::Vertical,
                                    set_spacing: 6,
                                    set_valign: gtk::Align::Center,

                                    gtk::Label {
                                        set_xalign: 0.0,
                                        set_wrap: true,
                                        set_wrap_mode: gtk::pango::WrapMode::WordChar,
                                        add_css_class: "title-1",
                                        #[watch]
                                        set_label: &model.get(|p| p.title.clone()),
                                    },
                                    gtk::Label {
                                        set_xalign: 0.0,
                                        set_selectable: true,
                                        add_css_class: "dim-label",
                                        #[watch]
                                        set_label: &model.get(|p| gettext_f("Version {version}", &[("version", &version_text(p))])),
                                    },
                                    gtk::Label {
                                        set_xalign: 0.0,
                                        set_wrap: true,
                                        #[watch]
                                        set_label: &model.get(what_it_is),
                                        #[watch]
                                        set_visible: !model.get(what_it_is).is_empty(),
                                    },
                                    gtk::Label {
                                        set_xalign: 0.0,
                                        set_selectable: true,
                                        add_css_class: "caption",
                                        add_css_class: "dim-label",
                                        #[watch]
                                        set_label: &model.installed_as(),
                                        #[watch]
                                        set_visible: !model.installed_as().is_empty(),
                                    },
                                },
                            },

                            // Wraps on narrow screens instead of cutting buttons off.
                            #[name = "actions"]
                            gtk::FlowBox {
                                set_selection_mode: gtk::SelectionMode::None,
                                set_column_spacing: 12,
                                set_row_spacing: 12,
                                set_max_children_per_line: 4,
                                set_halign: gtk::Align::Start,

                                #[name = "open"]
                                gtk::Button {
                                    set_label: &gettext("_Open"),
                                    set_use_underline: true,
                                    add_css_class: "pill",
                                    add_css_class: "suggested-action",
                                    connect_clicked => DetailsInput::Open,
                                },
                                gtk::Button {
                                    set_label: &gettext("Show _Files"),
                                    set_use_underline: true,
                                    add_css_class: "pill",
                                    #[watch]
                                    set_sensitive: model.get(|p| !p.element.store_paths.is_empty()),
                                    connect_clicked[sender] => move |_| {
                                        sender.input(DetailsInput::ShowFiles(String::new()));
                                    },
                                },
                                gtk::Button {
                                    set_label: &gettext("_Update"),
                                    set_use_underline: true,
                                    set_sensitive: false,
                                    add_css_class: "pill",
                                    #[watch]
                                    set_tooltip_text: Some(&update_hint(&model.name())),
                                    #[watch]
                                    update_property: &[gtk::accessible::Property::Description(&update_hint(&model.name()))],
                                },
                                gtk::Button {
                                    set_label: &gettext("_Remove"),
                                    set_use_underline: true,
                                    set_sensitive: false,
                                    add_css_class: "pill",
                                    add_css_class: "destructive-action",
                                    #[watch]
                                    set_tooltip_text: Some(&remove_hint(&model.name())),
                                    #[watch]
                                    update_property: &[gtk::accessible::Property::Description(&remove_hint(&model.name()))],
                                },
                            },

                            #[name = "commands"]
                            adw::PreferencesGroup {
                                set_title: &gettext("Commands"),
                                set_description: Some(&gettext("Type these in a terminal to run the package.")),
                            },

                            #[name = "sources"]
                            adw::PreferencesGroup {
                                set_title: &gettext("Source"),

                                adw::ActionRow {
                                    set_title: &gettext("Where it came from"),
                                    set_subtitle_selectable: true,
                                    #[watch]
                                    set_subtitle: &glib::markup_escape_text(&model.get(|p| p.source.clone())),
                                },
                            },

                            #[local_ref]
                            facts -> adw::PreferencesGroup {},

                            #[name = "paths"]
                            adw::PreferencesGroup {
                                set_title: &gettext("Store Paths"),
                                set_description: Some(&gettext("Where Nix keeps the package’s files, and the space each takes.")),
                            },
                        },
                    },
                },
            },
        }
    }

    fn init(
        _init: Self::Init,
        root: Self::Root,
        sender: ComponentSender<Self>,
    ) -> ComponentParts<Self> {
        let model = DetailsPage {
            package: None,
            since: Since::Loading,
            icon: IconSlot::new(96),
            facts: Facts::new(),
            rows: Vec::new(),
            size_rows: HashMap::new(),
            shown: 0,
        };
        let icon = &model.icon.image;
        let facts = &model.facts.group;
        let widgets = view_output!();
        // Focus goes straight to the buttons, not the boxes around them.
        let mut child = widgets.actions.first_child();
        while let Some(c) = child {
            c.set_focusable(false);
            child = c.next_sibling();
        }
        ComponentParts { model, widgets }
    }

    fn update_with_view(
        &mut self,
        widgets: &mut Self::Widgets,
        message: Self::Input,
        sender: ComponentSender<Self>,
        root: &Self::Root,
    ) {
        match message {
            DetailsInput::Show(package) => {
                let same = self.package.as_ref() == Some(&*package);
                self.package = Some(*package);
                if !same {
                    self.fill(widgets, &sender);
                }
            }
            DetailsInput::Since(since) => {
                self.since = since;
                self.facts.show_since(&self.since_text());
            }
            DetailsInput::Open => {
                let Some(package) = &self.package else { return };
                let Some(entry) = package.info.desktop_entries.first() else {
                    return;
                };
                if let Err(e) = launch::open_app(&entry.path, &package.element.store_paths, root) {
                    let _ = sender.output(DetailsOutput::Toast(e));
                }
            }
            DetailsInput::ShowFiles(path) => {
                let path = if path.is_empty() {
                    self.get(|p| p.element.store_paths.first().cloned().unwrap_or_default())
                } else {
                    path
                };
                let window = root.root().and_downcast::<gtk::Window>();
                let output = sender.output_sender().clone();
                launch::show_folder(Path::new(&path), window.as_ref(), move |result| {
                    if let Err(e) = result {
                        output.emit(DetailsOutput::Toast(e));
                    }
                });
            }
            DetailsInput::Copy(text) => {
                root.clipboard().set_text(&text);
                let _ = sender.output(DetailsOutput::Toast(gettext("Copied")));
            }
        }
        // The flow box keeps a slot for a hidden button: hide its slot.
        if let Some(slot) = widgets.open.parent() {
            slot.set_visible(self.is_app());
        }
        self.update_view(widgets, sender);
    }

    fn update_cmd(
        &mut self,
        (token, sizes): Self::CommandOutput,
        _sender: ComponentSender<Self>,
        _root: &Self::Root,
    ) {
        if token != self.shown {
            return;
        }
        for (path, size) in sizes {
            if let Some(row) = self.size_rows.get(&path) {
                show_size(row, &path, Some(size));
            }
        }
    }
}
