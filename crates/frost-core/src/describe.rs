//! What an element is, read from its store paths. STUB: to be implemented.
