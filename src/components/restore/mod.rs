//! Restore with a preview: every way in (Open Frozen Folder…, Restore from
//! a Flake Reference…, a folder dropped on the window, `--open-frozen`, the
//! empty profile's Restore Packages…) leads to this page before anything
//! changes. It reads the flake on the worker (`Operation::PreviewApply`,
//! with its progress), then shows its packages beside the profile's in
//! four groups (see groups.rs). Add These Packages installs the checked
//! ones and keeps the rest; Make My Profile Exactly This replaces, asked
//! first (confirm.rs). Either runs as a window change, with the operations
//! bar, one generation and a toast with Undo. A flake reference is applied
//! at the revision the preview read (`RestorePreview::locked`).
//!
//! reference.rs is the dialog that asks for a flake reference; menu.rs
//! the page's menu of what changes a folder's lock.

use std::collections::BTreeSet;
use std::path::PathBuf;

use frost_core::freeze::restore_preview::RestorePreview;
use frost_core::freeze::source::ApplySource;
use frost_core::i18n::{gettext, ngettext_f};
use frost_core::ops::{Failed, OpEvent, OpId, Operation};
use relm4::adw::prelude::*;
use relm4::prelude::*;

use crate::components::layout::{CONTENT_TIGHTENING, CONTENT_WIDTH};
use crate::components::operations::dialogs::failure_message;
use groups::{checked_by_default, Group, GroupView, Icons};

mod confirm;
pub mod groups;
mod menu;
pub mod reference;

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// Nix reads the flake; what it does now, in words.
    Reading(String),
    Failed(String),
    Shown,
}

#[derive(Debug)]
pub struct RestorePage {
    source: Option<ApplySource>,
    /// The profile the packages go into.
    profile: Option<PathBuf>,
    /// Frost may change it (not nix-env's).
    changeable: bool,
    icons: Icons,
    state: State,
    /// The preview running on the worker.
    previewing: Option<OpId>,
    preview: Option<RestorePreview>,
    checked: BTreeSet<String>,
    groups: Vec<GroupView>,
    groups_box: gtk::Box,
}

#[derive(Debug)]
pub enum RestoreInput {
    /// Previews applying `source` to `profile`.
    Open {
        source: ApplySource,
        profile: PathBuf,
        changeable: bool,
        icons: Icons,
    },
    /// What the worker says of the preview.
    Event(OpId, Box<OpEvent>),
    /// The worker refused the preview, with why.
    Refused(String),
    Toggled(String, bool),
    Add,
    Replace,
    Retry,
    CheckLock,
    UpdateInputs,
    /// The page left the view.
    Hidden,
}

#[derive(Debug)]
pub enum RestoreOutput {
    /// Run this preview on the worker.
    Preview(Operation),
    Cancel(OpId),
    /// The preview failed: the window says so in its failure alert.
    Failed(Operation, Box<Failed>),
    /// Apply, agreed to: a change, after which the list shows.
    Apply(Operation),
    /// A change to the folder (Check Lock, Update Inputs): the page stays.
    Submit(Operation),
}

impl RestorePage {
    fn title(&self) -> String {
        self.source
            .as_ref()
            .map_or_else(String::new, ApplySource::short_name)
    }

    fn is(&self, state: fn(&State) -> bool) -> bool {
        state(&self.state)
    }

    fn reading_text(&self) -> String {
        match &self.state {
            State::Reading(phrase) => phrase.clone(),
            _ => String::new(),
        }
    }

    fn failure_text(&self) -> String {
        match &self.state {
            State::Failed(text) => text.clone(),
            _ => String::new(),
        }
    }

    fn summary(&self) -> String {
        let Some(preview) = &self.preview else {
            return String::new();
        };
        let n = preview.package_names().len();
        let mut text = ngettext_f(
            "“{name}” offers {n} package. Here it is beside your profile.",
            "“{name}” offers {n} packages. Here they are beside your profile.",
            n as u64,
            &[("name", &self.title()), ("n", &n.to_string())],
        );
        if !self.changeable {
            text.push(' ');
            text.push_str(&gettext(
                "Frost cannot change this profile: nix-env made it.",
            ));
        }
        text
    }

    /// Something checked would change: Add has work to do.
    fn can_add(&self) -> bool {
        self.changeable && !self.checked.is_empty()
    }

    fn operation(&self, replace: bool, only: Vec<String>) -> Option<Operation> {
        let (source, profile, preview) = (
            self.source.as_ref()?,
            self.profile.as_ref()?,
            self.preview.as_ref()?,
        );
        Some(Operation::Apply {
            source: preview.apply_source(source),
            profile: profile.clone(),
            replace,
            only,
        })
    }

    fn start(&mut self, sender: &ComponentSender<Self>) {
        let (Some(source), Some(profile)) = (&self.source, &self.profile) else {
            return;
        };
        self.preview = None;
        self.state = State::Reading(gettext("Reading the flake…"));
        let _ = sender.output(RestoreOutput::Preview(Operation::PreviewApply {
            source: source.clone(),
            profile: profile.clone(),
        }));
    }

    fn show(&mut self, preview: RestorePreview, sender: &ComponentSender<Self>) {
        self.checked = checked_by_default(&preview);
        let input = sender.input_sender().clone();
        let toggled = move |name, on| input.emit(RestoreInput::Toggled(name, on));
        for group in &mut self.groups {
            group.show(&preview, &self.icons, &self.checked, &toggled);
        }
        self.preview = Some(preview);
        self.state = State::Shown;
    }

    fn on_event(&mut self, id: OpId, event: OpEvent, sender: &ComponentSender<Self>) {
        match event {
            OpEvent::Queued { .. } => self.previewing = Some(id),
            OpEvent::Started { .. } => {}
            OpEvent::Update(update) => {
                if let (Some(phrase), State::Reading(_)) = (update.progress.phrase, &self.state) {
                    self.state = State::Reading(phrase);
                }
            }
            OpEvent::Finished(result) => {
                // A preview left behind (the page closed or opened another).
                if self.previewing != Some(id) {
                    return;
                }
                self.previewing = None;
                match result {
                    Ok(done) => match done.preview {
                        Some(preview) => self.show(*preview, sender),
                        None => self.state = State::Failed(done.message),
                    },
                    Err(failed) if failed.is_cancelled() => {}
                    Err(failed) => {
                        self.state = State::Failed(failure_message(&failed));
                        if let (Some(source), Some(profile)) = (&self.source, &self.profile) {
                            let operation = Operation::PreviewApply {
                                source: source.clone(),
                                profile: profile.clone(),
                            };
                            let _ =
                                sender.output(RestoreOutput::Failed(operation, Box::new(failed)));
                        }
                    }
                }
            }
        }
    }

    /// Check Lock and Update Inputs change the folder's flake.lock: only
    /// for a folder.
    fn folder_change(&self, update: bool) -> Option<Operation> {
        let dir = self.source.as_ref()?.folder()?.to_owned();
        Some(if update {
            Operation::FlakeUpdate { dir }
        } else {
            Operation::FlakeLock { dir }
        })
    }
}

fn reading(s: &State) -> bool {
    matches!(s, State::Reading(_))
}
fn failed(s: &State) -> bool {
    matches!(s, State::Failed(_))
}
fn shown(s: &State) -> bool {
    matches!(s, State::Shown)
}

#[relm4::component(pub)]
impl Component for RestorePage {
    type Init = ();
    type Input = RestoreInput;
    type Output = RestoreOutput;
    type CommandOutput = ();

    view! {
        adw::NavigationPage {
            set_title: &gettext("Restore Packages"),
            connect_hidden => RestoreInput::Hidden,

            #[wrap(Some)]
            set_child = &adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {
                    #[wrap(Some)]
                    set_title_widget = &adw::WindowTitle {
                        set_title: &gettext("Restore Packages"),
                        #[watch]
                        set_subtitle: &model.title(),
                    },
                    pack_end = &gtk::MenuButton {
                        set_icon_name: "view-more-symbolic",
                        set_tooltip_text: Some(&gettext("Folder Menu")),
                        set_menu_model: Some(&menu::folder_menu()),
                        #[watch]
                        set_visible: model.source.as_ref().is_some_and(|s| s.folder().is_some()),
                    },
                },

                #[wrap(Some)]
                set_content = &gtk::Stack {
                    add_named[Some("reading")] = &adw::StatusPage {
                        set_title: &gettext("Reading the Flake…"),
                        #[watch]
                        set_description: Some(&gtk::glib::markup_escape_text(&model.reading_text())),
                        #[wrap(Some)]
                        set_child = &gtk::Spinner {
                            set_size_request: (32, 32),
                            set_halign: gtk::Align::Center,
                            update_property: &[gtk::accessible::Property::Label(&gettext("Reading the flake"))],
                            #[watch]
                            set_spinning: model.is(reading),
                        },
                    },
                    add_named[Some("failed")] = &adw::StatusPage {
                        set_icon_name: Some("dialog-error-symbolic"),
                        set_title: &gettext("Could Not Read the Flake"),
                        #[watch]
                        set_description: Some(&gtk::glib::markup_escape_text(&model.failure_text())),
                        #[wrap(Some)]
                        set_child = &gtk::Button {
                            set_label: &gettext("_Try Again"),
                            set_use_underline: true,
                            set_halign: gtk::Align::Center,
                            add_css_class: "pill",
                            connect_clicked => RestoreInput::Retry,
                        },
                    },
                    add_named[Some("shown")] = &gtk::ScrolledWindow {
                        set_hscrollbar_policy: gtk::PolicyType::Never,
                        set_vexpand: true,

                        adw::Clamp {
                            set_maximum_size: CONTENT_WIDTH,
                            set_tightening_threshold: CONTENT_TIGHTENING,

                            #[local_ref]
                            groups_box -> gtk::Box {
                                set_orientation: gtk::Orientation::Vertical,
                                set_spacing: 24,
                                set_margin_all: 12,

                                gtk::Label {
                                    #[watch]
                                    set_label: &model.summary(),
                                    set_wrap: true,
                                    set_wrap_mode: gtk::pango::WrapMode::WordChar,
                                    set_xalign: 0.0,
                                },
                            },
                        },
                    },
                    // After the pages: the stack must know them by name.
                    #[watch]
                    set_visible_child_name: if model.is(reading) { "reading" } else if model.is(failed) { "failed" } else { "shown" },
                },

                add_bottom_bar = &gtk::FlowBox {
                    set_selection_mode: gtk::SelectionMode::None,
                    set_homogeneous: false,
                    set_halign: gtk::Align::End,
                    set_max_children_per_line: 2,
                    set_column_spacing: 12,
                    set_row_spacing: 6,
                    set_margin_all: 12,
                    #[watch]
                    set_visible: model.is(shown) && model.changeable,

                    gtk::Button {
                        set_label: &gettext("Make My Profile _Exactly This"),
                        set_use_underline: true,
                        connect_clicked => RestoreInput::Replace,
                    },
                    gtk::Button {
                        set_label: &gettext("_Add These Packages"),
                        set_use_underline: true,
                        add_css_class: "suggested-action",
                        #[watch]
                        set_sensitive: model.can_add(),
                        connect_clicked => RestoreInput::Add,
                    },
                },
            },
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let mut model = RestorePage {
            source: None,
            profile: None,
            changeable: false,
            icons: Icons::new(),
            state: State::Reading(String::new()),
            previewing: None,
            preview: None,
            checked: BTreeSet::new(),
            groups: Group::ALL.into_iter().map(GroupView::new).collect(),
            groups_box: gtk::Box::default(),
        };
        let groups_box = &model.groups_box;
        let widgets = view_output!();
        for group in &mut model.groups {
            group.widget.set_visible(false);
            model.groups_box.append(&group.widget);
        }
        menu::register(&root, sender.input_sender());
        ComponentParts { model, widgets }
    }

    fn update(&mut self, message: RestoreInput, sender: ComponentSender<Self>, root: &Self::Root) {
        match message {
            RestoreInput::Open {
                source,
                profile,
                changeable,
                icons,
            } => {
                if let Some(id) = self.previewing.take() {
                    let _ = sender.output(RestoreOutput::Cancel(id));
                }
                self.source = Some(source);
                self.profile = Some(profile);
                self.changeable = changeable;
                self.icons = icons;
                self.start(&sender);
            }
            RestoreInput::Event(id, event) => self.on_event(id, *event, &sender),
            RestoreInput::Refused(message) => self.state = State::Failed(message),
            RestoreInput::Toggled(name, on) => {
                if on {
                    self.checked.insert(name);
                } else {
                    self.checked.remove(&name);
                }
            }
            RestoreInput::Add => {
                let only = self.checked.iter().cloned().collect();
                if let Some(op) = self.operation(false, only).filter(|_| self.can_add()) {
                    let _ = sender.output(RestoreOutput::Apply(op));
                }
            }
            RestoreInput::Replace => {
                let (Some(preview), Some(op)) = (&self.preview, self.operation(true, Vec::new()))
                else {
                    return;
                };
                let output = sender.output_sender().clone();
                confirm::confirm_replace(root, preview, move || {
                    let _ = output.send(RestoreOutput::Apply(op));
                });
            }
            RestoreInput::Retry => self.start(&sender),
            RestoreInput::CheckLock | RestoreInput::UpdateInputs => {
                let update = matches!(message, RestoreInput::UpdateInputs);
                if let Some(op) = self.folder_change(update) {
                    let _ = sender.output(RestoreOutput::Submit(op));
                }
            }
            RestoreInput::Hidden => {
                if let Some(id) = self.previewing.take() {
                    let _ = sender.output(RestoreOutput::Cancel(id));
                }
            }
        }
    }
}
