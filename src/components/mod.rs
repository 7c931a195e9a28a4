//! The window and the pages inside it, one relm4 component per file, with
//! the few plain helpers they share.

pub mod details_actions;
pub mod details_description;
pub mod details_page;
pub mod details_rows;
pub mod details_text;
pub mod folder_update;
pub mod freeze_wizard;
pub mod frozen_folder;
pub mod generation_page;
pub mod history_page;
pub mod install_dialog;
pub mod layout;
pub mod main_page;
pub mod operations;
pub mod package_list;
pub mod package_row;
pub mod profile_switcher;
pub mod restore;
pub mod search_page;
pub mod status_page;
pub mod window;
