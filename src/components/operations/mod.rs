//! Changes from the window: the worker that runs them through the core's
//! queue, the bar and log that show them running, and the alerts that ask
//! before and explain failures after.

pub mod bar;
pub mod dialogs;
pub mod log_lines;
pub mod log_view;
pub mod worker;
