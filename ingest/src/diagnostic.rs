//! Problems found in record files, as data.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Made on purpose and worth knowing: a fact marked as inferred or
    /// from outside knowledge, an unknown currency. Counted and listed;
    /// never fails a check, even with `--deny-warnings`.
    Note,
    /// Worth a look; the data is still usable.
    Warning,
    /// The data is wrong and cannot be used as it is.
    Error,
}

impl Severity {
    /// `error`, `warning` or `note`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A position in a file: 1-based line, 1-based column counted in
/// characters, and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
    /// The offset in bytes from the start of the file.
    pub offset: usize,
}

/// A range of a file, `start` inclusive and `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Where the range starts.
    pub start: Position,
    /// Where it ends.
    pub end: Position,
}

/// A secondary place a diagnostic points at, such as "first defined here".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file.
    pub file: PathBuf,
    /// The place in it.
    pub span: Span,
    /// What the place has to do with the problem.
    pub message: String,
}

/// One problem: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// A stable kebab-case code, such as `unknown-field`.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong: lower case, no final period, values in backticks.
    pub message: String,
    /// The file it is in.
    pub file: PathBuf,
    /// The narrowest place in the file, when there is one.
    pub span: Option<Span>,
    /// Other places that matter.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with the code's default severity.
    pub fn new(code: Code, file: &Path, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            file: file.to_owned(),
            span,
            labels: Vec::new(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, file: &Path, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file: file.to_owned(),
            span,
            message: message.into(),
        });
        self
    }
}

macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $text:literal, $severity:ident;)+) => {
        /// The stable code of a diagnostic. Tools may rely on these names.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The kebab-case name, such as `unknown-field`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)+ }
            }

            /// The severity diagnostics with this code have.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)+ }
            }
        }
    };
}

codes! {
    /// A file or directory could not be read.
    IoError = "io-error", Error;
    /// A file's extension is not one Accord reads.
    UnsupportedFile = "unsupported-file", Error;
    /// A file is larger than the size limit.
    FileTooLarge = "file-too-large", Error;
    /// A file is not valid UTF-8 text.
    InvalidUtf8 = "invalid-utf8", Error;
    /// A file is not well-formed YAML or JSON.
    SyntaxError = "syntax-error", Error;
    /// A file holds no record.
    EmptyFile = "empty-file", Error;
    /// A file holds more than one YAML document.
    MultipleDocuments = "multiple-documents", Error;
    /// The file's top level is not one record key (`party`, `agreement` …).
    UnknownRecordKind = "unknown-record-kind", Error;
    /// A mapping has a key the schema does not allow.
    UnknownField = "unknown-field", Error;
    /// A required key is missing.
    MissingField = "missing-field", Error;
    /// A value is of the wrong type (a list where text belongs …).
    WrongType = "wrong-type", Error;
    /// A value is not one of the allowed values.
    UnknownValue = "unknown-value", Error;
    /// A value has the right type but breaks a rule (pattern, length, date).
    InvalidValue = "invalid-value", Error;
    /// Two records have the same id.
    DuplicateId = "duplicate-id", Error;
    /// A reference names a record that does not exist.
    DanglingReference = "dangling-reference", Error;
    /// A chain of parent organisations or parent occasions loops back on itself.
    ParentCycle = "parent-cycle", Error;
    /// An agreement's links (extends, amends, part of, supersedes) lead
    /// back to itself.
    LinkCycle = "link-cycle", Error;
    /// One agreement lists the same party twice.
    DuplicateParticipant = "duplicate-participant", Error;
    /// Dates of one record are in an impossible order (signed before discussed …).
    DateOrder = "date-order", Error;
    /// A date is after the date of the check (`--as-of`).
    FutureDate = "future-date", Error;
    /// An agreement's parties and roles do not fit its kind, or a role does
    /// not fit the party's kind.
    RoleMismatch = "role-mismatch", Error;
    /// An amount of money or a target figure is zero or negative.
    NonPositiveAmount = "non-positive-amount", Error;
    /// A figure of an agreement's `amounts`, an equivalent in another
    /// currency, or a loan term (a rate, a period, a fee) is below zero.
    NegativeFigure = "negative-figure", Error;
    /// A file in a data directory is not a record file and was skipped.
    SkippedFile = "skipped-file", Warning;
    /// A date's bounds contradict each other or its value, or its day and
    /// month without a year disagree with its value.
    DateBounds = "date-bounds", Error;
    /// A day and month the source gives without a year has a full date
    /// beside it whose year is not marked as inferred or outside knowledge.
    UnmarkedYear = "unmarked-year", Error;
    /// A citation's `supports` names a field the record does not have.
    UnknownFieldPath = "unknown-field-path", Error;
    /// A party's identifier has the form of its scheme, but its check
    /// characters (LEI, Unified Social Credit Code) do not match the rest.
    InvalidIdentifier = "invalid-identifier", Error;
    /// The shares of a party's owners held at one time add up to more
    /// than 100 percent.
    SharesOver100 = "shares-over-100", Error;
    /// An agreement's `status` is not the status of its latest stage.
    StatusHistory = "status-history", Error;
    /// A sum of money has an unknown currency (recorded on purpose).
    UnknownCurrency = "unknown-currency", Note;
    /// A fact is marked as inferred or as outside knowledge: no cited
    /// source states it.
    MarkedFact = "marked-fact", Note;
    /// Two parties have nearly the same name: probably one entered twice.
    PossibleDuplicate = "possible-duplicate", Warning;
    /// An entry of a list (a sector, a place, a citation, an other name …)
    /// is written twice in one record.
    RepeatedEntry = "repeated-entry", Warning;
    /// A citation says it backs a fact that the record marks as outside
    /// knowledge, which says no cited source states it.
    ContradictingCitation = "contradicting-citation", Warning;
    /// None of an agreement's sources has a web address: readers cannot
    /// check it (a note, since many documents have none).
    NoSourceAddress = "no-source-address", Note;
    /// A party of a kind that has a home country (a company, a bank, a
    /// ministry …) leaves `country` out: no source gives it. A note, since
    /// the recorder chose it: briefings list the party as "country not
    /// stated" and leave it out of country counts.
    CountryNotStated = "country-not-stated", Note;
    /// A subdivision that is not one of the country's written beside it (a
    /// party's `country` and `subdivision`, or a place's).
    SubdivisionOutsideCountry = "subdivision-outside-country", Error;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
