//! Add Software: every package of a flake (the nixpkgs the profile uses
//! most, by default, so installing needs no new download), searched as a
//! person types. The flake's index comes from the cache, or is built by
//! the operations worker with its progress and Cancel in the operations
//! bar (a minute for a real nixpkgs); each result row has Install, which
//! runs an ordinary [`Operation::Install`].
//!
//! A query over 100,000 packages takes a few milliseconds, but up to 14 ms
//! of CPU for a single letter that matches them all (`cargo bench -p
//! frost-cli --bench search`), too close to a frame on a busy machine: it
//! runs off the main loop, as does reading the index's file, and a result
//! for an older query is dropped.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::components::layout::{CONTENT_TIGHTENING, CONTENT_WIDTH};
use frost_core::i18n::{gettext, gettext_f, ngettext_f};
use frost_core::ops::Operation;
use frost_core::search::{self, Hit, IndexCache, LockedIndex};
use frost_core::Element;
use relm4::adw::prelude::*;
use relm4::prelude::*;

/// Rows shown at most: more than anyone reads, few enough to build
/// within a frame.
const SHOWN: usize = 100;

/// The sources in the chooser after the profile's own, with their
/// references.
const BRANCHES: [(&str, &str); 2] = [
    ("nixos-unstable", "github:NixOS/nixpkgs/nixos-unstable"),
    ("nixpkgs-unstable", "github:NixOS/nixpkgs/nixpkgs-unstable"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// No source to search: the profile has no package from a flake.
    NoSource,
    /// Looking in the cache, or the worker builds the index.
    Reading,
    Ready,
    /// Building the index failed or was cancelled: the sentence to show.
    Failed(String),
}

#[derive(Debug)]
pub struct SearchPage {
    profile: Option<PathBuf>,
    elements: Vec<Element>,
    /// The profile's own source, the chooser's first item.
    default_source: Option<String>,
    /// What is searched now.
    source: Option<String>,
    index: Option<Arc<LockedIndex>>,
    installed: HashSet<String>,
    /// Packages whose install was asked for and has not ended yet.
    installing: HashSet<String>,
    state: State,
    query: String,
    /// How many packages matched the query.
    found: usize,
    /// Counts the queries asked, so that only the latest one's answer shows.
    asked: u64,
    entry: gtk::SearchEntry,
    list: gtk::ListBox,
    chooser: adw::ComboRow,
    other: adw::EntryRow,
}

#[derive(Debug)]
pub enum SearchInput {
    /// The page opens (or the profile was read again): its elements, for
    /// the default source and what is installed.
    Profile {
        profile: Option<PathBuf>,
        elements: Vec<Element>,
    },
    /// The page is shown: the entry takes the focus.
    Shown,
    Query(String),
    /// The chooser's item `n`.
    Chosen(u32),
    /// A reference typed in "Another flake".
    Typed(String),
    /// What the cache or the worker gave for `source`.
    Built {
        source: String,
        result: Result<Arc<LockedIndex>, String>,
    },
    /// The cache had nothing for `source`: the worker builds it.
    NotCached(String),
    /// The packages query number `asked` found.
    Found {
        asked: u64,
        hits: Vec<Hit>,
    },
    Install(String),
    /// An install ended (either way): its package may be offered again.
    InstallEnded,
}

#[derive(Debug)]
pub enum SearchOutput {
    /// Build an index ([`Operation::BuildSearchIndex`]) on the worker.
    Build(Operation),
    /// Install this (a change, like any other).
    Install(Operation),
}

impl SearchPage {
    fn status(&self) -> String {
        match &self.state {
            State::NoSource => gettext(
                "This profile has no package from a flake to search. Choose a source above.",
            ),
            State::Reading => gettext_f(
                "Reading the packages of {source}… The first time takes a minute or so for nixpkgs.",
                &[("source", self.source.as_deref().unwrap_or_default())],
            ),
            State::Failed(message) => message.clone(),
            State::Ready if self.query.trim().is_empty() => {
                let n = self.index.as_ref().map_or(0, |i| i.index().len());
                ngettext_f(
                    "Type to search {n} package.",
                    "Type to search {n} packages.",
                    n as u64,
                    &[("n", &n.to_string())],
                )
            }
            State::Ready if self.found == 0 => gettext_f(
                "No package matches “{query}”.",
                &[("query", self.query.trim())],
            ),
            State::Ready if self.found > SHOWN => gettext_f(
                "The first {shown} of {n} packages found. Type more to narrow them down.",
                &[("shown", &SHOWN.to_string()), ("n", &self.found.to_string())],
            ),
            State::Ready => String::new(),
        }
    }

    /// The reference for the chooser's item `n`.
    fn chosen_source(&self, n: u32) -> Option<String> {
        let offset = usize::from(self.default_source.is_some());
        match (n as usize).checked_sub(offset) {
            None => self.default_source.clone(),
            Some(i) => BRANCHES.get(i).map(|(_, r)| (*r).to_owned()).or_else(|| {
                let typed = self.other.text().trim().to_owned();
                (!typed.is_empty()).then_some(typed)
            }),
        }
    }

    fn is_other(&self, n: u32) -> bool {
        n as usize == BRANCHES.len() + usize::from(self.default_source.is_some())
    }

    fn fill_chooser(&self) {
        let mut items: Vec<String> = Vec::new();
        if self.default_source.is_some() {
            items.push(gettext("This profile’s nixpkgs"));
        }
        items.extend(BRANCHES.iter().map(|(name, _)| (*name).to_owned()));
        items.push(gettext("Another flake…"));
        let refs: Vec<&str> = items.iter().map(String::as_str).collect();
        self.chooser.set_model(Some(&gtk::StringList::new(&refs)));
        self.chooser.set_selected(0);
    }

    /// Starts reading `source`'s index: from memory, else the cache (off
    /// the main loop), else the worker.
    fn choose(&mut self, source: Option<String>, sender: &ComponentSender<Self>) {
        if source == self.source && self.state != State::NoSource {
            if matches!(self.state, State::Failed(_)) {
                self.index = None;
            } else {
                return;
            }
        }
        self.source = source.clone();
        self.index = None;
        self.refresh_installed();
        let Some(source) = source else {
            self.state = State::NoSource;
            self.fill(sender);
            return;
        };
        self.state = State::Reading;
        self.fill(sender);
        sender.oneshot_command(async move {
            let cached = tokio::task::spawn_blocking({
                let source = source.clone();
                move || search::cached(&source, &IndexCache::open_default())
            })
            .await
            .ok()
            .flatten();
            match cached {
                Some(index) => SearchInput::Built {
                    source,
                    result: Ok(Arc::new(index)),
                },
                None => SearchInput::NotCached(source),
            }
        });
    }

    fn refresh_installed(&mut self) {
        self.installed = self
            .source
            .as_deref()
            .map(|s| search::installed_from(&self.elements, s))
            .unwrap_or_default();
    }

    /// Asks for the rows of the query now, off the main loop.
    fn fill(&mut self, sender: &ComponentSender<Self>) {
        self.asked += 1;
        let Some(locked) = self.index.clone().filter(|_| self.state == State::Ready) else {
            self.show(Vec::new(), sender);
            return;
        };
        let (asked, query) = (self.asked, self.query.clone());
        sender.oneshot_command(async move {
            let hits = tokio::task::spawn_blocking(move || locked.index().search(&query))
                .await
                .unwrap_or_default();
            SearchInput::Found { asked, hits }
        });
    }

    /// The rows for `hits`, the first [`SHOWN`] of them.
    fn show(&mut self, hits: Vec<Hit>, sender: &ComponentSender<Self>) {
        while let Some(row) = self.list.first_child() {
            self.list.remove(&row);
        }
        self.found = hits.len();
        let Some(locked) = self.index.clone() else {
            return;
        };
        let packages = locked.index();
        for hit in hits.iter().take(SHOWN) {
            let Some(package) = packages.package(hit.index) else {
                continue;
            };
            let row = adw::ActionRow::builder()
                .title(package.name)
                .use_markup(false)
                .subtitle(package.description)
                .subtitle_lines(2)
                .build();
            if !package.version.is_empty() {
                let version = gtk::Label::new(Some(package.version));
                version.add_css_class("dim-label");
                version.set_valign(gtk::Align::Center);
                row.add_suffix(&version);
            }
            let installable = format!("{}#{}", locked.url, package.attr_path);
            if self.installed.contains(&package.attr_path) {
                let tag = gtk::Label::new(Some(&gettext("Installed")));
                tag.set_valign(gtk::Align::Center);
                tag.add_css_class("caption-heading");
                row.add_suffix(&tag);
            } else {
                let button = gtk::Button::with_label(&gettext("Install"));
                button.set_valign(gtk::Align::Center);
                // Which package, for a screen reader: its label alone would
                // only say Install, on every row.
                button.reset_relation(gtk::AccessibleRelation::LabelledBy);
                button.update_property(&[gtk::accessible::Property::Label(&gettext_f(
                    "Install {name}",
                    &[("name", package.name)],
                ))]);
                button.set_sensitive(!self.installing.contains(&installable));
                let s = sender.clone();
                let what = installable.clone();
                button.connect_clicked(move |_| s.input(SearchInput::Install(what.clone())));
                row.add_suffix(&button);
            }
            self.list.append(&row);
        }
    }
}

#[relm4::component(pub)]
impl Component for SearchPage {
    type Init = ();
    type Input = SearchInput;
    type Output = SearchOutput;
    type CommandOutput = SearchInput;

    view! {
        adw::NavigationPage {
            set_title: &gettext("Add Software"),

            adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {},

                #[wrap(Some)]
                set_content = &gtk::ScrolledWindow {
                    set_hscrollbar_policy: gtk::PolicyType::Never,
                    set_vexpand: true,

                    adw::Clamp {
                        set_maximum_size: CONTENT_WIDTH,
                        set_tightening_threshold: CONTENT_TIGHTENING,
                        set_margin_top: 18,
                        set_margin_bottom: 18,
                        set_margin_start: 12,
                        set_margin_end: 12,

                        gtk::Box {
                            set_orientation: gtk::Orientation::Vertical,
                            set_spacing: 18,

                            #[local_ref]
                            entry -> gtk::SearchEntry {
                                set_placeholder_text: Some(&gettext("Search for packages")),
                                update_property: &[gtk::accessible::Property::Label(&gettext("Search for packages"))],
                                connect_search_changed[sender] => move |e| {
                                    sender.input(SearchInput::Query(e.text().to_string()));
                                },
                            },

                            gtk::ListBox {
                                add_css_class: "boxed-list",
                                set_selection_mode: gtk::SelectionMode::None,

                                #[local_ref]
                                chooser -> adw::ComboRow {
                                    set_title: &gettext("Search In"),
                                    connect_selected_notify[sender] => move |row| {
                                        sender.input(SearchInput::Chosen(row.selected()));
                                    },
                                },
                                #[local_ref]
                                other -> adw::EntryRow {
                                    set_title: &gettext("Flake Reference"),
                                    set_show_apply_button: true,
                                    set_visible: false,
                                    set_input_hints: gtk::InputHints::NO_SPELLCHECK | gtk::InputHints::NO_EMOJI,
                                    connect_apply[sender] => move |row| {
                                        sender.input(SearchInput::Typed(row.text().to_string()));
                                    },
                                    // Enter when the apply button does not show
                                    // (the text is what was read last): read it
                                    // again, as after a cancel or a failure.
                                    connect_entry_activated[sender] => move |row| {
                                        sender.input(SearchInput::Typed(row.text().to_string()));
                                    },
                                },
                            },

                            gtk::Label {
                                #[watch]
                                set_label: &model.status(),
                                #[watch]
                                set_visible: !model.status().is_empty(),
                                set_wrap: true,
                                set_xalign: 0.0,
                                add_css_class: "dim-label",
                            },

                            #[local_ref]
                            list -> gtk::ListBox {
                                add_css_class: "boxed-list",
                                set_selection_mode: gtk::SelectionMode::None,
                                #[watch]
                                set_visible: model.found > 0,
                                update_property: &[gtk::accessible::Property::Label(&gettext("Packages Found"))],
                            },
                        },
                    },
                },
            },
        }
    }

    fn init(_init: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let model = SearchPage {
            profile: None,
            elements: Vec::new(),
            default_source: None,
            source: None,
            index: None,
            installed: HashSet::new(),
            installing: HashSet::new(),
            state: State::NoSource,
            query: String::new(),
            found: 0,
            asked: 0,
            entry: gtk::SearchEntry::new(),
            list: gtk::ListBox::new(),
            chooser: adw::ComboRow::new(),
            other: adw::EntryRow::new(),
        };
        let (entry, list, chooser, other) =
            (&model.entry, &model.list, &model.chooser, &model.other);
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: SearchInput, sender: ComponentSender<Self>, _root: &Self::Root) {
        match message {
            SearchInput::Profile { profile, elements } => {
                let default = search::default_source(&elements);
                let first = self.profile.is_none() || profile != self.profile;
                self.profile = profile;
                self.elements = elements;
                if first || default != self.default_source {
                    self.default_source = default.clone();
                    // Setting the model selects item 0, which chooses it.
                    self.fill_chooser();
                    self.choose(self.chosen_source(0), &sender);
                } else {
                    self.refresh_installed();
                    self.installing.clear();
                    self.fill(&sender);
                }
            }
            SearchInput::Shown => {
                self.entry.grab_focus();
            }
            SearchInput::Query(text) => {
                self.query = text;
                self.fill(&sender);
            }
            SearchInput::Chosen(n) => {
                let other = self.is_other(n);
                self.other.set_visible(other);
                if other {
                    self.other.grab_focus();
                    if self.other.text().trim().is_empty() {
                        return;
                    }
                }
                self.choose(self.chosen_source(n), &sender);
            }
            SearchInput::Typed(text) => {
                let text = text.trim().to_owned();
                if !text.is_empty() {
                    self.choose(Some(text), &sender);
                }
            }
            SearchInput::NotCached(source) => {
                if Some(&source) == self.source.as_ref() {
                    let _ =
                        sender.output(SearchOutput::Build(Operation::BuildSearchIndex { source }));
                }
            }
            SearchInput::Built { source, result } => {
                if Some(&source) != self.source.as_ref() {
                    return;
                }
                match result {
                    Ok(index) => {
                        self.index = Some(index);
                        self.state = State::Ready;
                    }
                    Err(message) => self.state = State::Failed(message),
                }
                self.fill(&sender);
            }
            SearchInput::Found { asked, hits } => {
                if asked == self.asked {
                    self.show(hits, &sender);
                }
            }
            SearchInput::Install(installable) => {
                let Some(profile) = self.profile.clone() else {
                    return;
                };
                self.installing.insert(installable.clone());
                self.fill(&sender);
                let _ = sender.output(SearchOutput::Install(Operation::Install {
                    profile,
                    refs: vec![installable],
                    priority: None,
                }));
            }
            SearchInput::InstallEnded => {
                self.installing.clear();
                self.fill(&sender);
            }
        }
    }

    fn update_cmd(
        &mut self,
        message: SearchInput,
        sender: ComponentSender<Self>,
        root: &Self::Root,
    ) {
        self.update(message, sender, root);
    }
}
