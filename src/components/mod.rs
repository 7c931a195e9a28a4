//! The window and the pages inside it, one relm4 component per file.

pub mod package_row;
pub mod profile_page;
pub mod status_page;
pub mod window;
