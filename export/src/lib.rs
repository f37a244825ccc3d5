//! Accord's data as files analysts open elsewhere: flat tables in CSV
//! (one file per table), XLSX (one sheet per table) and SQLite (tables
//! with keys, indexes and views), and the records themselves as JSON Lines.
//!
//! [`flatten`] turns a [`Dataset`](accord_model::Dataset) into the tables
//! [`TABLES`] documents; each format module writes them:
//! [`csv::files`], [`xlsx::workbook`], [`sqlite::write()`]; [`jsonl::records`]
//! writes the records as the model serialises them. Every writer is
//! deterministic: the same tables give the same bytes (the XLSX file's
//! creation time is an option, never the clock). Nothing here touches a
//! path other than the one [`sqlite::write()`] is given; where outputs go is
//! the caller's business.

pub mod csv;
pub mod docs;
pub mod jsonl;
pub mod sqlite;
pub mod tables;
pub mod xlsx;

pub use tables::{Cell, Column, Kind, Reference, TABLES, Table, TableSpec, flatten};

/// A failure to write an export: the format's library refused something
/// (a value beyond a limit of the format, an I/O error).
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}
