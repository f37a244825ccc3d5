//! Briefings (HTML and PDF) from a validated Accord dataset.
//!
//! Not written yet: this crate is a placeholder in the workspace so that the
//! dependency layout (`model` ← `report`, `cli` → `report`) is in place. The
//! briefing is its own piece of work; until it lands, the `accord` command
//! has no `report` subcommand.
