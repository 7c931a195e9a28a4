//! What changed between two manifests. STUB: to be implemented.
