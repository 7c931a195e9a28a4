//! Finding profiles and reading their generations. STUB: to be implemented.
