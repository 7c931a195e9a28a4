//! One package in full, a person's questions first: large icon, name, what
//! it is, how to start it (Open; its commands, each to copy), its size,
//! since when it is installed and where it came from; then, folded away,
//! the technical details a Nix user copies into a terminal (full sources,
//! attribute, outputs, priority, store paths). Every page's content is as
//! wide (components::layout). Sizes are measured on a worker thread after
//! the page shows;
//! a package that says nothing about itself is described as it opens
//! (details_description.rs).

use std::path::Path;

use frost_core::disk_usage::disk_usage;
use frost_core::i18n::{gettext, gettext_f};
use frost_core::ops::{OpResult, Operation, PackageMetadata};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::details_actions::{Action, ActionsInput, DetailsActions};
use super::details_description::{self, Descriptions, Lookup};
use super::details_rows::{About, PackageRows};
use super::details_text::since_text;
use super::layout::{CONTENT_MARGIN, CONTENT_TIGHTENING, CONTENT_WIDTH};
use super::package_row::{drift_description, not_in_flake_text, version_text, what_it_is};
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
    about: About,
    rows: PackageRows,
    actions: Controller<DetailsActions>,
    /// Tells a late size from an earlier page apart from the current one.
    shown: u64,
    /// The profile was made by nix-env: Frost does not change it.
    nix_env: bool,
    /// What Nix evaluated about the package, for those that do not
    /// describe themselves.
    metadata: Option<PackageMetadata>,
    descriptions: Descriptions,
}

#[derive(Debug)]
pub enum DetailsInput {
    /// Opens the page on `package`, describing it if it does not itself.
    Open {
        package: Box<Package>,
        since: Since,
    },
    /// The package shown, as the profile has it now.
    Show(Box<Package>),
    Since(Since),
    ShowFiles(String),
    Copy(String),
    NixEnv(bool),
    Act(Action),
    /// How Nix's evaluation of the package installed as `store_path`
    /// ended (`None`: Nix could not run it).
    Described(String, Option<OpResult>),
    /// The disk cache's description of `store_path`, and the evaluation
    /// to run when it has none.
    Cached {
        store_path: String,
        cached: Option<PackageMetadata>,
        operation: Operation,
    },
}

#[derive(Debug)]
pub enum DetailsOutput {
    Toast(String),
    Remove(String),
    Update(String),
    /// Add to Flake: the package, installed from elsewhere, goes into the
    /// managing folder's flake.nix.
    AddToFlake(String),
    /// Asks Nix, on the operations worker, what the package installed as
    /// `store_path` is; the answer comes back as `Described`.
    Describe {
        store_path: String,
        operation: Operation,
    },
}

impl DetailsPage {
    fn get<T: Default>(&self, f: impl FnOnce(&Package) -> T) -> T {
        self.package.as_ref().map(f).unwrap_or_default()
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

    /// The package's own summary, else what Nix said about it, else its
    /// commands.
    fn what_it_is(&self) -> String {
        let described = self.metadata.as_ref().and_then(|m| m.description.clone());
        self.get(|p| match (&p.info.summary, described) {
            (None, Some(description)) => description,
            _ => what_it_is(p),
        })
    }

    /// "Today at 06:25", and the exact time for the tooltip.
    fn since_text(&self) -> (String, Option<String>) {
        match self.since {
            Since::Loading => (gettext("Reading the history…"), None),
            Since::Known(number, created) => {
                let (relative, exact) = since_text(number, created);
                (relative, Some(exact))
            }
            Since::Unknown => (gettext("Unknown"), None),
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

    fn open(&self, root: &adw::NavigationPage, sender: &ComponentSender<Self>) {
        let Some(package) = &self.package else { return };
        let Some(entry) = package.info.desktop_entries.first() else {
            return;
        };
        if let Err(e) = launch::open_app(&entry.path, &package.element.store_paths, root) {
            let _ = sender.output(DetailsOutput::Toast(e));
        }
    }

    fn fill(&mut self, sender: &ComponentSender<Self>) {
        let Some(package) = self.package.clone() else {
            self.rows.clear();
            return;
        };
        self.icon.show(package.info.icon.as_deref(), package.kind());
        self.about.show(&package);
        let (copy, files) = (sender.clone(), sender.clone());
        self.rows.fill(
            &package,
            move |url| copy.input(DetailsInput::Copy(url)),
            move |path| files.input(DetailsInput::ShowFiles(path)),
        );
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

    fn show(&mut self, package: Package, sender: &ComponentSender<Self>) {
        let same = self.package.as_ref() == Some(&package);
        let same_paths = self.get(|p| p.element.store_paths.clone()) == package.element.store_paths;
        if !same_paths {
            self.metadata = None;
            self.about.show_metadata(None);
        }
        if self.package.as_ref().map(|p| &p.element.name) != Some(&package.element.name) {
            // Another package: its technical details start folded.
            self.rows.technical.set_expanded(false);
        }
        self.package = Some(package);
        if !same {
            self.fill(sender);
        }
    }

    /// Shows what the package is, for one that says nothing about itself:
    /// from memory, else the disk cache (on a worker thread), else Nix.
    fn describe(&mut self, sender: &ComponentSender<Self>) {
        let Some(package) = &self.package else { return };
        match self.descriptions.look_up(package) {
            Some(Lookup::Known {
                store_path,
                metadata,
            }) => self.show_metadata(&store_path, metadata),
            Some(Lookup::Read {
                store_path,
                operation,
            }) => {
                let input = sender.input_sender().clone();
                // Reads the disk: not on the main loop.
                relm4::spawn_blocking(move || {
                    let cached = details_description::read_cache(&store_path);
                    input.emit(DetailsInput::Cached {
                        store_path,
                        cached,
                        operation,
                    });
                });
            }
            None => {}
        }
    }

    fn show_metadata(&mut self, store_path: &str, metadata: PackageMetadata) {
        let ours =
            self.get(|p| p.element.store_paths.first().map(String::as_str) == Some(store_path));
        if ours {
            self.about.show_metadata(Some(&metadata));
            self.metadata = Some(metadata);
        }
    }

    fn set_since(&mut self, since: Since) {
        self.since = since;
        let (text, exact) = self.since_text();
        self.about.show_since(&text, exact.as_deref());
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
            #[watch]
            set_title: &model.page_title(),

            adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {},

                #[wrap(Some)]
                set_content = &gtk::ScrolledWindow {
                    set_hscrollbar_policy: gtk::PolicyType::Never,

                    adw::Clamp {
                        set_maximum_size: CONTENT_WIDTH,
                        set_tightening_threshold: CONTENT_TIGHTENING,

                        gtk::Box {
                            set_orientation: gtk::Orientation::Vertical,
                            set_spacing: 24,
                            set_margin_top: 24,
                            set_margin_bottom: 24,
                            set_margin_start: CONTENT_MARGIN,
                            set_margin_end: CONTENT_MARGIN,

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
                                        set_wrap: true,
                                        #[watch]
                                        set_label: &model.what_it_is(),
                                        #[watch]
                                        set_visible: !model.what_it_is().is_empty(),
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
                                        set_selectable: true,
                                        add_css_class: "caption",
                                        add_css_class: "dim-label",
                                        #[watch]
                                        set_label: &model.installed_as(),
                                        #[watch]
                                        set_visible: !model.installed_as().is_empty(),
                                    },
                                    gtk::Label {
                                        set_xalign: 0.0,
                                        add_css_class: "caption",
                                        add_css_class: "warning",
                                        set_label: &not_in_flake_text(),
                                        #[watch]
                                        set_visible: model.get(|p| p.not_in_flake),
                                        #[watch]
                                        update_property: &[gtk::accessible::Property::Description(&model.get(drift_description))],
                                    },
                                },
                            },

                            #[local_ref]
                            actions -> gtk::FlowBox {},

                            #[local_ref]
                            commands -> adw::PreferencesGroup {
                                set_title: &gettext("Commands"),
                                set_description: Some(&gettext("Type one in a terminal to start the package.")),
                            },

                            #[local_ref]
                            about -> adw::PreferencesGroup {},

                            adw::PreferencesGroup {
                                #[local_ref]
                                technical -> adw::ExpanderRow {},
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
        let commands = adw::PreferencesGroup::new();
        let model = DetailsPage {
            package: None,
            since: Since::Loading,
            icon: IconSlot::new(96),
            about: About::new(),
            rows: PackageRows::new(&commands),
            actions: DetailsActions::builder()
                .launch(())
                .forward(sender.input_sender(), DetailsInput::Act),
            shown: 0,
            nix_env: false,
            metadata: None,
            descriptions: Descriptions::default(),
        };
        let icon = &model.icon.image;
        let commands = &commands;
        let about = &model.about.group;
        let technical = &model.rows.technical;
        let actions = model.actions.widget();
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update_with_view(
        &mut self,
        widgets: &mut Self::Widgets,
        message: Self::Input,
        sender: ComponentSender<Self>,
        root: &Self::Root,
    ) {
        let buttons_change = matches!(
            message,
            DetailsInput::Open { .. } | DetailsInput::Show(_) | DetailsInput::NixEnv(_)
        );
        match message {
            DetailsInput::Open { package, since } => {
                self.show(*package, &sender);
                self.set_since(since);
                self.describe(&sender);
            }
            DetailsInput::Show(package) => self.show(*package, &sender),
            DetailsInput::NixEnv(nix_env) => self.nix_env = nix_env,
            DetailsInput::Act(Action::Open) => self.open(root, &sender),
            DetailsInput::Described(store_path, result) => {
                if let Some(metadata) = self.descriptions.evaluated(&store_path, result) {
                    self.show_metadata(&store_path, metadata);
                }
            }
            DetailsInput::Act(Action::Update) if self.package.is_some() => {
                let _ = sender.output(DetailsOutput::Update(self.name()));
            }
            DetailsInput::Act(Action::Remove) if self.package.is_some() => {
                let _ = sender.output(DetailsOutput::Remove(self.name()));
            }
            DetailsInput::Act(Action::AddToFlake) if self.package.is_some() => {
                let _ = sender.output(DetailsOutput::AddToFlake(self.name()));
            }
            DetailsInput::Act(_) => {}
            DetailsInput::Cached {
                store_path,
                cached: Some(metadata),
                ..
            } => {
                self.descriptions.remember(&store_path, &metadata);
                self.show_metadata(&store_path, metadata);
            }
            DetailsInput::Cached {
                store_path,
                cached: None,
                operation,
            } => {
                let _ = sender.output(DetailsOutput::Describe {
                    store_path,
                    operation,
                });
            }
            DetailsInput::Since(since) => self.set_since(since),
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
        if let Some(package) = self.package.as_ref().filter(|_| buttons_change) {
            self.actions.sender().emit(ActionsInput::Show {
                package: Box::new(package.clone()),
                nix_env: self.nix_env,
            });
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
        for (path, size) in &sizes {
            self.rows.show_size(path, *size);
        }
        let sizes: Vec<Option<u64>> = sizes.into_iter().map(|(_, size)| size).collect();
        self.about.show_size(Some(&sizes));
    }
}
