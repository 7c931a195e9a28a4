//! Step 2, Which Versions: keep exactly the versions of the profile (the
//! default), or move every nixpkgs package to a newer nixpkgs: the two
//! rolling branches, the two newest stable releases as of today, or any
//! branch or flake reference typed in, checked as it is typed. When the
//! profile mixes several nixpkgs snapshots, it says so. The branch chosen
//! is remembered in GSettings (`freeze-target-branch`).

use frost_core::freeze::branches::{branch_choices, parse_nixpkgs_target, Branch};
use frost_core::freeze::plan::Follow;
use frost_core::i18n::gettext;
use relm4::adw::prelude::*;
use relm4::prelude::*;

use super::step_bar::StepBar;

#[derive(Debug)]
pub struct VersionsStep {
    bar: StepBar,
    branches: Vec<Branch>,
    /// Move instead of keeping.
    moving: bool,
    /// The branch or reference to move to, as chosen or typed.
    target: String,
    /// Why what was typed cannot be used; `None` when it can.
    invalid: Option<String>,
    /// The profile's several nixpkgs snapshots, in words.
    mixed: Option<String>,
    keep: gtk::CheckButton,
    move_to: gtk::CheckButton,
    branch_list: gtk::ListBox,
    custom: adw::EntryRow,
    /// Never shown: the branches' group leader, ticked while a typed
    /// reference is the choice.
    typed: gtk::CheckButton,
}

#[derive(Debug)]
pub enum VersionsInput {
    /// New profile: the mixed-snapshots sentence, and the remembered branch.
    Show {
        mixed: Option<String>,
        remembered: String,
    },
    Keep,
    Move,
    Branch(String),
    Typed(String),
}

#[derive(Debug)]
pub enum VersionsOutput {
    /// `None`: keep exactly these versions. `Some(Err)`: what was typed
    /// cannot be used yet.
    Chosen(Option<Result<(Follow, String), String>>),
    Next,
    Export,
}

impl VersionsStep {
    fn choice(&self) -> Option<Result<(Follow, String), String>> {
        if !self.moving {
            return None;
        }
        Some(
            parse_nixpkgs_target(&self.target)
                .map(|f| (f, self.target.trim().to_owned()))
                .map_err(|e| e.to_string()),
        )
    }

    fn usable(&self) -> bool {
        !self.moving || self.invalid.is_none()
    }

    fn branch_row(&self, branch: &Branch, sender: &ComponentSender<Self>) -> adw::ActionRow {
        let row = adw::ActionRow::new();
        row.set_title(&branch.name);
        row.set_subtitle(&branch.describe());
        let radio = gtk::CheckButton::new();
        radio.set_group(Some(&self.typed));
        radio.set_valign(gtk::Align::Center);
        radio.update_property(&[gtk::accessible::Property::Label(&branch.name)]);
        radio.set_active(branch.name == self.target);
        let (input, name) = (sender.input_sender().clone(), branch.name.clone());
        radio.connect_toggled(move |r| {
            if r.is_active() {
                input.emit(VersionsInput::Branch(name.clone()));
            }
        });
        row.add_prefix(&radio);
        row.set_activatable_widget(Some(&radio));
        row
    }
}

#[relm4::component(pub)]
impl Component for VersionsStep {
    type Init = ();
    type Input = VersionsInput;
    type Output = VersionsOutput;
    type CommandOutput = ();

    view! {
        adw::NavigationPage {
            set_title: &gettext("Which Versions"),

            #[wrap(Some)]
            set_child = &adw::ToolbarView {
                add_top_bar = &adw::HeaderBar {},

                #[wrap(Some)]
                set_content = &gtk::ScrolledWindow {
                    set_hscrollbar_policy: gtk::PolicyType::Never,
                    set_vexpand: true,

                    adw::Clamp {
                        set_maximum_size: 640,

                        gtk::Box {
                            set_orientation: gtk::Orientation::Vertical,
                            set_spacing: 12,
                            set_margin_all: 12,

                            gtk::ListBox {
                                add_css_class: "boxed-list",
                                set_selection_mode: gtk::SelectionMode::None,

                                adw::ActionRow {
                                    set_title: &gettext("Keep exactly these versions"),
                                    set_subtitle: &gettext("rebuilds your profile exactly"),
                                    set_activatable_widget: Some(keep),
                                    #[local_ref]
                                    add_prefix = keep -> gtk::CheckButton {
                                        set_active: true,
                                        set_valign: gtk::Align::Center,
                                        connect_toggled[sender] => move |b| {
                                            if b.is_active() {
                                                sender.input(VersionsInput::Keep);
                                            }
                                        },
                                    },
                                },
                                adw::ActionRow {
                                    set_title: &gettext("Move to a newer nixpkgs"),
                                    set_subtitle: &gettext("packages from nixpkgs take the versions of the branch below; the others stay as they are"),
                                    set_activatable_widget: Some(move_to),
                                    #[local_ref]
                                    add_prefix = move_to -> gtk::CheckButton {
                                        set_group: Some(keep),
                                        set_valign: gtk::Align::Center,
                                        connect_toggled[sender] => move |b| {
                                            if b.is_active() {
                                                sender.input(VersionsInput::Move);
                                            }
                                        },
                                    },
                                },
                            },
                            gtk::Label {
                                #[watch]
                                set_label: model.mixed.as_deref().unwrap_or_default(),
                                #[watch]
                                set_visible: model.mixed.is_some(),
                                set_wrap: true,
                                set_xalign: 0.0,
                                add_css_class: "dim-label",
                            },
                            #[local_ref]
                            branch_list -> gtk::ListBox {
                                add_css_class: "boxed-list",
                                set_selection_mode: gtk::SelectionMode::None,
                                #[watch]
                                set_sensitive: model.moving,
                            },
                            gtk::ListBox {
                                add_css_class: "boxed-list",
                                set_selection_mode: gtk::SelectionMode::None,
                                #[watch]
                                set_sensitive: model.moving,

                                #[local_ref]
                                custom -> adw::EntryRow {
                                    set_title: &gettext("Another branch or flake reference"),
                                    set_input_hints: gtk::InputHints::NO_SPELLCHECK | gtk::InputHints::NO_EMOJI,
                                    connect_changed[sender] => move |row| {
                                        sender.input(VersionsInput::Typed(row.text().to_string()));
                                    },
                                },
                            },
                            gtk::Label {
                                #[watch]
                                set_label: model.invalid.as_deref().unwrap_or_default(),
                                #[watch]
                                set_visible: model.moving && model.invalid.is_some(),
                                set_wrap: true,
                                set_xalign: 0.0,
                                add_css_class: "error",
                            },
                        },
                    },
                },

                #[local_ref]
                add_bottom_bar = bar -> gtk::Box {},
            },
        }
    }

    fn init(_: (), root: Self::Root, sender: ComponentSender<Self>) -> ComponentParts<Self> {
        let model = VersionsStep {
            bar: StepBar::new(
                sender.output_sender(),
                Some(|| VersionsOutput::Next),
                || VersionsOutput::Export,
            ),
            branches: branch_choices(frost_core::time::today()),
            moving: false,
            target: String::new(),
            invalid: None,
            mixed: None,
            keep: gtk::CheckButton::new(),
            move_to: gtk::CheckButton::new(),
            branch_list: gtk::ListBox::new(),
            custom: adw::EntryRow::new(),
            typed: gtk::CheckButton::new(),
        };
        let (keep, move_to) = (&model.keep, &model.move_to);
        let (branch_list, custom) = (&model.branch_list, &model.custom);
        let bar = &model.bar.root;
        let widgets = view_output!();
        ComponentParts { model, widgets }
    }

    fn update(
        &mut self,
        message: VersionsInput,
        sender: ComponentSender<Self>,
        _root: &Self::Root,
    ) {
        match message {
            VersionsInput::Show { mixed, remembered } => {
                self.mixed = mixed;
                self.target = remembered;
                self.moving = false;
                self.keep.set_active(true);
                self.branch_list.remove_all();
                for branch in self.branches.clone() {
                    self.branch_list.append(&self.branch_row(&branch, &sender));
                }
                // A remembered reference that is not one of the offered
                // branches was typed: show it where it was typed.
                let offered = self.branches.iter().any(|b| b.name == self.target);
                self.custom
                    .set_text(if offered { "" } else { self.target.as_str() });
            }
            VersionsInput::Keep => self.moving = false,
            VersionsInput::Move => self.moving = true,
            VersionsInput::Branch(name) => {
                self.target = name;
                self.custom.set_text("");
            }
            VersionsInput::Typed(text) => {
                if !text.trim().is_empty() {
                    self.target = text;
                    // What is typed wins: no offered branch stays ticked.
                    self.typed.set_active(true);
                } else if !self.branches.iter().any(|b| b.name == self.target) {
                    self.target = self
                        .branches
                        .first()
                        .map(|b| b.name.clone())
                        .unwrap_or_default();
                }
            }
        }
        self.invalid = match self.choice() {
            Some(Err(message)) => Some(message),
            _ => None,
        };
        self.bar.set_usable(self.usable());
        let _ = sender.output(VersionsOutput::Chosen(self.choice()));
    }
}
