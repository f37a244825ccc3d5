//! The dataset as flat tables: what each table holds, one row of what, and
//! every column's meaning, in one place ([`TABLES`]); and the flattening
//! itself ([`flatten`]).
//!
//! The rules every table follows:
//!
//! - **One value a cell.** A list becomes rows of its own table, never a
//!   cell packing several values; the position in the record's list is a
//!   column (`n`, from 0) where the list's order means something.
//! - **Codes with labels.** Every code (a kind, a status, a role, a country,
//!   a currency, a sector) has its label in the next column, `…_label` or
//!   `…_name`, as briefings print it.
//! - **Parents on every child row.** A row about part of an agreement
//!   starts with the agreement's id and title; a row about part of any
//!   record with its kind, id and name.
//! - **Dates as given, and sortable.** A date column holds the date as
//!   the record gives it (`2018-02`, `on or before 2023-03-14`); the
//!   columns `…_start` and `…_end` beside it hold the first and last day it
//!   may be (ISO 8601), empty where the record sets no bound.

use std::borrow::Cow;

use accord_model::{
    Agreement, Citation, Dataset, DateValue, Fact, Party, Sector, StatedAmount, Vocabulary,
};
use chrono::NaiveDate;

/// What a column holds, which decides how each format writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text (UTF-8), including codes and labels.
    Text,
    /// A whole number.
    Integer,
    /// An exact decimal number, written in full in CSV and JSON Lines, as a
    /// number in XLSX and SQLite.
    Decimal,
    /// `true` or `false` (CSV), a Boolean cell (XLSX), 1 or 0 (SQLite).
    Boolean,
    /// A day, `YYYY-MM-DD`: a real date in XLSX.
    Day,
    /// A date as the record gives it; in XLSX a real date when it is
    /// exact to the day, else its text.
    Given,
    /// A web address: a link in XLSX.
    Url,
}

impl Kind {
    /// The word the README and documentation use for the kind.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Integer => "integer",
            Kind::Decimal => "decimal",
            Kind::Boolean => "boolean",
            Kind::Day => "date (YYYY-MM-DD)",
            Kind::Given => "date as given",
            Kind::Url => "web address",
        }
    }
}

/// One column: its name, what it holds and what it means.
#[derive(Debug)]
pub struct Column {
    /// The column's name: snake_case ASCII, unique in its table.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// What it means, in a sentence or two.
    pub about: &'static str,
}

/// A column of one table that names a row of another.
#[derive(Debug)]
pub struct Reference {
    /// The column of this table.
    pub column: &'static str,
    /// The table it points into.
    pub table: &'static str,
    /// The column there, that table's key.
    pub target: &'static str,
}

/// One table: name, what one row is, columns, key and references.
#[derive(Debug)]
pub struct TableSpec {
    /// The table's name (snake_case): the CSV file's stem, the XLSX
    /// sheet's and the SQLite table's name.
    pub name: &'static str,
    /// What one row is.
    pub about: &'static str,
    /// The columns, in order.
    pub columns: &'static [Column],
    /// The columns that together name one row (the primary key).
    pub key: &'static [&'static str],
    /// Columns naming rows of other tables (foreign keys).
    pub references: &'static [Reference],
}

impl TableSpec {
    /// The position of the column named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// One cell of a table, borrowing from the dataset where it can.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Cell<'a> {
    /// No value: the record leaves it out.
    #[default]
    Null,
    /// Text.
    Text(Cow<'a, str>),
    /// A whole number.
    Integer(i64),
    /// A decimal number in its exact text (`-12.50`).
    Decimal(String),
    /// True or false.
    Boolean(bool),
    /// A day.
    Day(NaiveDate),
    /// A date as given, with its day when it is exact to the day.
    Given(String, Option<NaiveDate>),
    /// A web address.
    Url(&'a str),
}

impl Cell<'_> {
    /// The cell as text, as CSV writes it (`None` for no value).
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Cell::Null => None,
            Cell::Text(text) => Some(Cow::Borrowed(text)),
            Cell::Integer(n) => Some(Cow::Owned(n.to_string())),
            Cell::Decimal(text) | Cell::Given(text, _) => Some(Cow::Borrowed(text)),
            Cell::Boolean(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Cell::Day(day) => Some(Cow::Owned(day.format("%Y-%m-%d").to_string())),
            Cell::Url(url) => Some(Cow::Borrowed(url)),
        }
    }

    /// True when the cell fits a column of `kind` (no value fits any).
    pub fn fits(&self, kind: Kind) -> bool {
        matches!(
            (self, kind),
            (Cell::Null, _)
                | (Cell::Text(_), Kind::Text)
                | (Cell::Integer(_), Kind::Integer)
                | (Cell::Decimal(_), Kind::Decimal)
                | (Cell::Boolean(_), Kind::Boolean)
                | (Cell::Day(_), Kind::Day)
                | (Cell::Given(..), Kind::Given)
                | (Cell::Url(_), Kind::Url)
        )
    }
}

/// A table with its rows; each row has one cell per column of `spec`.
#[derive(Debug)]
pub struct Table<'a> {
    /// What the table is.
    pub spec: &'static TableSpec,
    /// The rows, in a fixed order (records by id, then their lists in
    /// the record's order).
    pub rows: Vec<Vec<Cell<'a>>>,
}

const fn col(name: &'static str, kind: Kind, about: &'static str) -> Column {
    Column { name, kind, about }
}

const fn refers(column: &'static str, table: &'static str, target: &'static str) -> Reference {
    Reference {
        column,
        table,
        target,
    }
}

use Kind::{Boolean, Day, Decimal, Given, Integer, Text, Url};

const AGREEMENT_ID: Column = col(
    "agreement_id",
    Text,
    "The agreement's id (`agreements.agreement_id`).",
);
const AGREEMENT_TITLE: Column = col("agreement_title", Text, "The agreement's title.");
const N: Column = col(
    "n",
    Integer,
    "Position in the record's list, from 0, in the record's order.",
);
const RECORD_KIND: Column = col(
    "record_kind",
    Text,
    "The kind of record: `agreement`, `party`, `person`, `source` or `occasion`.",
);
const RECORD_ID: Column = col("record_id", Text, "The record's id.");
const RECORD_NAME: Column = col(
    "record_name",
    Text,
    "The record's title (agreements, sources) or name (parties, people, occasions); empty for a person whose name is not known.",
);
const CERTAINTY: Column = col(
    "certainty",
    Text,
    "How sure the record is of the value: `stated` (a cited source says it), `inferred` or `outside-knowledge`; the reasoning is in the `marks` table.",
);

/// Every table, in the order the formats write them.
pub static TABLES: &[&TableSpec] = &[
    &AGREEMENTS,
    &DATES,
    &STAGES,
    &PARTICIPANTS,
    &SECTORS,
    &PLACES,
    &AMOUNTS,
    &EQUIVALENTS,
    &TARGETS,
    &LINKS,
    &OUTSIDE_IDS,
    &INVOLVEMENTS,
    &PARTIES,
    &OWNERS,
    &IDENTIFIERS,
    &ALIASES,
    &PEOPLE,
    &POSITIONS,
    &SOURCES,
    &OCCASIONS,
    &CITATIONS,
    &MARKS,
    &NOTES,
];

/// `agreements`: one row per agreement.
pub static AGREEMENTS: TableSpec = TableSpec {
    name: "agreements",
    about: "One row per agreement or collaboration, in id order.",
    columns: &[
        col(
            "agreement_id",
            Text,
            "The agreement's id, unique in the data.",
        ),
        col("title", Text, "The agreement's title."),
        col(
            "kind",
            Text,
            "What kind of agreement it is (code, such as `joint-venture`).",
        ),
        col("kind_label", Text, "The kind in words."),
        col(
            "status",
            Text,
            "How far it has got (code, such as `signed`); earlier steps are in `stages`.",
        ),
        col("status_label", Text, "The status in words."),
        col(
            "summary",
            Text,
            "What the agreement is, in a few sentences.",
        ),
        col(
            "key_date",
            Given,
            "The date briefings sort and count it by, as given: signed, else announced, else discussed, else effective. Every date is in `dates`.",
        ),
        col("key_date_start", Day, "The first day the key date may be."),
        col("key_date_end", Day, "The last day the key date may be."),
        col(
            "occasion_id",
            Text,
            "The occasion (event) it belongs to (`occasions.occasion_id`).",
        ),
        col("occasion_name", Text, "The occasion's name."),
        col(
            "participant_count",
            Integer,
            "How many parties take part (rows in `participants` may be more: one per role).",
        ),
        col(
            "interest_rate_percent",
            Decimal,
            "A loan's interest rate, in percent a year.",
        ),
        col("maturity_years", Decimal, "A loan's maturity, in years."),
        col(
            "grace_period_years",
            Decimal,
            "A loan's grace period, in years.",
        ),
        col("collateral", Text, "A loan's collateral, in words."),
    ],
    key: &["agreement_id"],
    references: &[refers("occasion_id", "occasions", "occasion_id")],
};

/// `dates`: one row per date of an agreement.
pub static DATES: TableSpec = TableSpec {
    name: "dates",
    about: "One row per date an agreement gives: its life cycle (discussed, announced, signed, effective, ends) and its project's dates (planned and actual start and completion, first and final repayment).",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        col(
            "field",
            Text,
            "Which date: `discussed`, `announced`, `signed`, `effective`, `ends`, or a project date (`planned_start` … `final_repayment`).",
        ),
        col("date", Given, "The date as given."),
        col("date_start", Day, "The first day it may be."),
        col("date_end", Day, "The last day it may be."),
        CERTAINTY,
    ],
    key: &["agreement_id", "field"],
    references: &[refers("agreement_id", "agreements", "agreement_id")],
};

/// `stages`: an agreement's status history.
pub static STAGES: TableSpec = TableSpec {
    name: "stages",
    about: "One row per step of an agreement's status history, in the record's order.",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        N,
        col("status", Text, "The status reached (code)."),
        col("status_label", Text, "The status in words."),
        col("date", Given, "When, as given."),
        col("date_start", Day, "The first day it may be."),
        col("date_end", Day, "The last day it may be."),
        col("note", Text, "The record's note on the step."),
    ],
    key: &["agreement_id", "n"],
    references: &[refers("agreement_id", "agreements", "agreement_id")],
};

/// `participants`: agreement × party × role.
pub static PARTICIPANTS: TableSpec = TableSpec {
    name: "participants",
    about: "One row per role a party plays in an agreement: a party with several roles has several rows, with the same `n`.",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        col(
            "n",
            Integer,
            "The party's position in the agreement's list of parties, from 0.",
        ),
        col("party_id", Text, "The party (`parties.party_id`)."),
        col("party_name", Text, "The party's name."),
        col(
            "role_n",
            Integer,
            "The role's position among the party's roles, from 0.",
        ),
        col("role", Text, "The role (code, such as `lender`)."),
        col("role_label", Text, "The role in words."),
        CERTAINTY,
        col(
            "as_named",
            Text,
            "The party's name as the source writes it, where it differs.",
        ),
    ],
    key: &["agreement_id", "n", "role_n"],
    references: &[
        refers("agreement_id", "agreements", "agreement_id"),
        refers("party_id", "parties", "party_id"),
    ],
};

/// `sectors`: agreement × sector, with the CRS levels above.
pub static SECTORS: TableSpec = TableSpec {
    name: "sectors",
    about: "One row per sector of an agreement, with the OECD DAC CRS levels at or above it: the group (the 3-digit code at the top of the branch, such as `120` Health), the category (the nearest 3-digit code, such as `121` Health, general; in a branch without groups, such as `210` Transport and storage, the group itself) and the purpose code (the nearest 5-digit code, such as `12182` Medical research; empty for a sector above that level). Accord's own sectors sit beneath a CRS code.",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        N,
        col(
            "sector",
            Text,
            "The sector as the record writes it: a CRS code (`12182`) or one of Accord's ids (`genomics`).",
        ),
        col("sector_label", Text, "The sector in words."),
        col(
            "accord_sector",
            Boolean,
            "True for one of Accord's own sectors, false for a CRS code.",
        ),
        col("crs_group", Text, "The CRS code at the top of the branch."),
        col("crs_group_label", Text, "Its name."),
        col(
            "crs_category",
            Text,
            "The nearest 3-digit CRS category at or above the sector.",
        ),
        col("crs_category_label", Text, "Its name."),
        col(
            "crs_purpose",
            Text,
            "The nearest 5-digit CRS purpose code at or above the sector.",
        ),
        col("crs_purpose_label", Text, "Its name."),
        col(
            "isic",
            Text,
            "The ISIC Rev.4 class or division of an Accord sector, where one fits.",
        ),
    ],
    key: &["agreement_id", "n"],
    references: &[refers("agreement_id", "agreements", "agreement_id")],
};

/// `places`: where an agreement takes effect.
pub static PLACES: TableSpec = TableSpec {
    name: "places",
    about: "One row per place an agreement takes effect in (`places` in the record), then one per UN M49 area it names (`areas`), which fill only `area` and `area_name`.",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        N,
        col("country", Text, "ISO 3166-1 alpha-2 code."),
        col("country_name", Text, "The country's name."),
        col("subdivision", Text, "ISO 3166-2 code."),
        col("subdivision_name", Text, "The subdivision's name."),
        col(
            "second_level",
            Text,
            "The second-level unit (prefecture, county), in words.",
        ),
        col("city", Text, "The city."),
        col("locality", Text, "A place in words that no code names."),
        col(
            "precision",
            Text,
            "How precisely the place is known (code).",
        ),
        col("precision_label", Text, "The precision in words."),
        CERTAINTY,
        col("area", Text, "A UN M49 area code (`030`)."),
        col("area_name", Text, "The area's name."),
    ],
    key: &["agreement_id", "n"],
    references: &[refers("agreement_id", "agreements", "agreement_id")],
};

/// `amounts`: the agreement's figures of money.
pub static AMOUNTS: TableSpec = TableSpec {
    name: "amounts",
    about: "One row per sum of money an agreement states: its `value` (`field` = `value`, no kind), then each of its `amounts` (`field` = `amounts`, `n` from 0). Briefings total, per currency and kind, the rows whose `counts_in_totals` is true.",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        col("field", Text, "`value` or `amounts`."),
        col(
            "n",
            Integer,
            "Position in `amounts`, from 0; -1 for the `value`.",
        ),
        col(
            "kind",
            Text,
            "What the sum is (code: `committed`, `disbursed`, `total-cost`, `adjusted`, `pledged`, `other`); empty for the `value`.",
        ),
        col("kind_label", Text, "The kind in words."),
        col("amount", Decimal, "The figure."),
        col(
            "currency",
            Text,
            "ISO 4217 code, or `unknown` when the source does not say.",
        ),
        col("currency_name", Text, "The currency's name."),
        col(
            "qualifier",
            Text,
            "How the source qualifies the figure (code: `exact`, `approximately`, `more-than`, `up-to`, `at-least`).",
        ),
        col("qualifier_label", Text, "The qualifier in words."),
        col(
            "estimated",
            Boolean,
            "True when the figure is an estimate by the dataset it comes from.",
        ),
        col("as_stated", Text, "The figure as the source words it."),
        col(
            "counts_in_totals",
            Boolean,
            "False when the record leaves the sum out of totals (see the reason).",
        ),
        col(
            "left_out_reason",
            Text,
            "Why it is left out of totals (code: `umbrella`, `pledge`, `rollover`, `counted-elsewhere`, `not-recommended`, `other`).",
        ),
        col("left_out_reason_label", Text, "The reason in words."),
        col(
            "left_out_note",
            Text,
            "The record's note on leaving it out.",
        ),
        col("note", Text, "The record's note on the figure."),
    ],
    key: &["agreement_id", "n"],
    references: &[refers("agreement_id", "agreements", "agreement_id")],
};

/// `equivalents`: an amount in another currency, as its dataset gives it.
pub static EQUIVALENTS: TableSpec = TableSpec {
    name: "equivalents",
    about: "One row per equivalent of an amount in another currency, as the dataset it comes from converted it (`amounts` row `amount_n`).",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        col("amount_n", Integer, "The amount's `n` in `amounts`."),
        N,
        col("amount", Decimal, "The converted figure."),
        col("currency", Text, "ISO 4217 code."),
        col("currency_name", Text, "The currency's name."),
        col("rate", Decimal, "The rate used, where given."),
        col("rate_date", Given, "The rate's date, as given."),
        col("rate_date_start", Day, "The first day it may be."),
        col("rate_date_end", Day, "The last day it may be."),
        col("source", Text, "Who converted it, in words."),
        col(
            "constant_prices",
            Boolean,
            "True when in constant prices (adjusted for inflation).",
        ),
    ],
    key: &["agreement_id", "amount_n", "n"],
    references: &[refers("agreement_id", "agreements", "agreement_id")],
};

/// `targets`: what an agreement aims at.
pub static TARGETS: TableSpec = TableSpec {
    name: "targets",
    about: "One row per target an agreement sets.",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        N,
        col("description", Text, "The target in words."),
        col("quantity", Decimal, "The figure aimed at."),
        col("unit", Text, "What the figure counts."),
        col("qualifier", Text, "How the figure is qualified (code)."),
        col("qualifier_label", Text, "The qualifier in words."),
        col("by", Given, "When it is to be met, as given."),
        col("by_start", Day, "The first day it may be."),
        col("by_end", Day, "The last day it may be."),
    ],
    key: &["agreement_id", "n"],
    references: &[refers("agreement_id", "agreements", "agreement_id")],
};

/// `links`: agreements that extend, amend or follow others.
pub static LINKS: TableSpec = TableSpec {
    name: "links",
    about: "One row per link from an agreement to another (extends, amends, replaces …). The other agreement may be outside the export when filters leave it out.",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        N,
        col("kind", Text, "How it relates to the other (code)."),
        col("kind_label", Text, "The link in words."),
        col("other_id", Text, "The other agreement's id."),
        col(
            "other_title",
            Text,
            "The other agreement's title, where it is in the data.",
        ),
        col("note", Text, "The record's note on the link."),
    ],
    key: &["agreement_id", "n"],
    references: &[refers("agreement_id", "agreements", "agreement_id")],
};

/// `outside_ids`: the agreement's ids in other datasets.
pub static OUTSIDE_IDS: TableSpec = TableSpec {
    name: "outside_ids",
    about: "One row per id the agreement has in another dataset (AidData, IATI).",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        N,
        col("scheme", Text, "The dataset: `aiddata` or `iati`."),
        col("id", Text, "The id there."),
    ],
    key: &["agreement_id", "n"],
    references: &[refers("agreement_id", "agreements", "agreement_id")],
};

/// `involvements`: people named in agreements.
pub static INVOLVEMENTS: TableSpec = TableSpec {
    name: "involvements",
    about: "One row per person an agreement names, with the part they played.",
    columns: &[
        AGREEMENT_ID,
        AGREEMENT_TITLE,
        N,
        col("person_id", Text, "The person (`people.person_id`)."),
        col("person_name", Text, "The person's name, where known."),
        col(
            "part",
            Text,
            "The part they played (code, such as `signatory`).",
        ),
        col("part_label", Text, "The part in words."),
        CERTAINTY,
        col("note", Text, "The record's note."),
    ],
    key: &["agreement_id", "n"],
    references: &[
        refers("agreement_id", "agreements", "agreement_id"),
        refers("person_id", "people", "person_id"),
    ],
};

/// `parties`: organisations.
pub static PARTIES: TableSpec = TableSpec {
    name: "parties",
    about: "One row per party (organisation), in id order. Owners, identifiers and other names are in `owners`, `identifiers` and `aliases`.",
    columns: &[
        col("party_id", Text, "The party's id, unique in the data."),
        col("name", Text, "The party's name."),
        col("kind", Text, "What kind of organisation (code)."),
        col("kind_label", Text, "The kind in words."),
        col(
            "country",
            Text,
            "ISO 3166-1 alpha-2 code of its home country; empty where no source gives it or the kind has none.",
        ),
        col("country_name", Text, "The country's name."),
        col(
            "country_certainty",
            Text,
            "How sure the country is (see `certainty`).",
        ),
        col("subdivision", Text, "ISO 3166-2 code."),
        col("subdivision_name", Text, "The subdivision's name."),
        col("city", Text, "The city."),
        col(
            "local_name",
            Text,
            "Its name in the local language and script.",
        ),
        col(
            "local_name_language",
            Text,
            "The local name's language (BCP 47 tag).",
        ),
        col(
            "parent_id",
            Text,
            "The party it is part of or controlled by (`parties.party_id`).",
        ),
        col("parent_name", Text, "The parent's name."),
        col("website", Url, "Its website."),
        col("description", Text, "What it is, in words."),
    ],
    key: &["party_id"],
    references: &[refers("parent_id", "parties", "party_id")],
};

/// `owners`: who owns a party.
pub static OWNERS: TableSpec = TableSpec {
    name: "owners",
    about: "One row per owner of a party, with its share.",
    columns: &[
        col("party_id", Text, "The party owned (`parties.party_id`)."),
        col("party_name", Text, "Its name."),
        N,
        col("owner_id", Text, "The owner (`parties.party_id`)."),
        col("owner_name", Text, "The owner's name."),
        col("share_percent", Decimal, "The share held, in percent."),
        col("since", Given, "Since when, as given."),
        col("since_start", Day, "The first day it may be."),
        col("since_end", Day, "The last day it may be."),
        col("until", Given, "Until when, as given."),
        col("until_start", Day, "The first day it may be."),
        col("until_end", Day, "The last day it may be."),
    ],
    key: &["party_id", "n"],
    references: &[
        refers("party_id", "parties", "party_id"),
        refers("owner_id", "parties", "party_id"),
    ],
};

/// `identifiers`: a party's ids in public registers.
pub static IDENTIFIERS: TableSpec = TableSpec {
    name: "identifiers",
    about: "One row per identifier of a party in a public register (LEI, company numbers …).",
    columns: &[
        col("party_id", Text, "The party (`parties.party_id`)."),
        col("party_name", Text, "Its name."),
        N,
        col("scheme", Text, "The register (code, such as `lei`)."),
        col("scheme_label", Text, "The register in words."),
        col(
            "identifier",
            Text,
            "The identifier as the register writes it.",
        ),
    ],
    key: &["party_id", "n"],
    references: &[refers("party_id", "parties", "party_id")],
};

/// `aliases`: a party's other names.
pub static ALIASES: TableSpec = TableSpec {
    name: "aliases",
    about: "One row per other name of a party.",
    columns: &[
        col("party_id", Text, "The party (`parties.party_id`)."),
        col("party_name", Text, "Its name."),
        N,
        col("alias", Text, "The other name."),
        col("kind", Text, "What kind of name (code)."),
        col("kind_label", Text, "The kind in words."),
        col("note", Text, "The record's note."),
    ],
    key: &["party_id", "n"],
    references: &[refers("party_id", "parties", "party_id")],
};

/// `people`: people named in sources.
pub static PEOPLE: TableSpec = TableSpec {
    name: "people",
    about: "One row per person, in id order. Their positions are in `positions`.",
    columns: &[
        col("person_id", Text, "The person's id, unique in the data."),
        col("name", Text, "Their name, where known."),
        col(
            "name_certainty",
            Text,
            "How sure the name is (see `certainty`).",
        ),
        col(
            "local_name",
            Text,
            "Their name in the local language and script.",
        ),
        col(
            "local_name_language",
            Text,
            "The local name's language (BCP 47 tag).",
        ),
    ],
    key: &["person_id"],
    references: &[],
};

/// `positions`: the posts people hold or held.
pub static POSITIONS: TableSpec = TableSpec {
    name: "positions",
    about: "One row per position a person holds or held.",
    columns: &[
        col("person_id", Text, "The person (`people.person_id`)."),
        col("person_name", Text, "Their name, where known."),
        N,
        col("title", Text, "The position's title."),
        col(
            "organisation_id",
            Text,
            "The party it is at (`parties.party_id`).",
        ),
        col("organisation_name", Text, "The party's name."),
        col("former", Boolean, "True when no longer held."),
        CERTAINTY,
    ],
    key: &["person_id", "n"],
    references: &[
        refers("person_id", "people", "person_id"),
        refers("organisation_id", "parties", "party_id"),
    ],
};

/// `sources`: documents the facts come from.
pub static SOURCES: TableSpec = TableSpec {
    name: "sources",
    about: "One row per source document, in id order.",
    columns: &[
        col("source_id", Text, "The source's id, unique in the data."),
        col("title", Text, "The document's title."),
        col("kind", Text, "What kind of document (code)."),
        col("kind_label", Text, "The kind in words."),
        col("publisher", Text, "Who published it."),
        col("published", Given, "When it was published, as given."),
        col("published_start", Day, "The first day it may be."),
        col("published_end", Day, "The last day it may be."),
        col("url", Url, "Where it is."),
        col("archived_url", Url, "An archived copy."),
        col("retrieved", Given, "When it was read, as given."),
        col("language", Text, "Its language (BCP 47 tag)."),
    ],
    key: &["source_id"],
    references: &[],
};

/// `occasions`: events agreements belong to.
pub static OCCASIONS: TableSpec = TableSpec {
    name: "occasions",
    about: "One row per occasion (a visit, a summit, a ceremony), in id order.",
    columns: &[
        col(
            "occasion_id",
            Text,
            "The occasion's id, unique in the data.",
        ),
        col("name", Text, "Its name."),
        col("kind", Text, "What kind of occasion (code)."),
        col("kind_label", Text, "The kind in words."),
        col("date", Given, "When it began, as given."),
        col("date_start", Day, "The first day it may be."),
        col("date_end", Day, "The last day it may be."),
        col("end", Given, "When it ended, as given."),
        col("country", Text, "ISO 3166-1 alpha-2 code of where it was."),
        col("country_name", Text, "The country's name."),
        col("city", Text, "The city."),
        col(
            "part_of",
            Text,
            "The larger occasion it is part of (`occasions.occasion_id`).",
        ),
        col("summary", Text, "What happened, in words."),
    ],
    key: &["occasion_id"],
    references: &[refers("part_of", "occasions", "occasion_id")],
};

/// `citations`: which source supports which record.
pub static CITATIONS: TableSpec = TableSpec {
    name: "citations",
    about: "One row per citation and field it supports: a citation naming several fields has one row for each (`support_n` from 0); one naming none has one row with `supports` empty, meaning it supports the record as a whole.",
    columns: &[
        RECORD_KIND,
        RECORD_ID,
        RECORD_NAME,
        col(
            "at",
            Text,
            "Where the citation is in the record, as a JSON pointer (`/sources/0`, `/stages/1/sources/0`).",
        ),
        col("source_id", Text, "The source (`sources.source_id`)."),
        col("source_title", Text, "The source's title."),
        col("locator", Text, "Where in the source (page, paragraph)."),
        col(
            "support_n",
            Integer,
            "Position in the citation's `supports`, from 0.",
        ),
        col(
            "supports",
            Text,
            "The field it supports, as the record names it (`dates.signed`).",
        ),
    ],
    key: &["record_kind", "record_id", "at", "support_n"],
    references: &[refers("source_id", "sources", "source_id")],
};

/// `marks`: every fact marked as inferred or from outside knowledge.
pub static MARKS: TableSpec = TableSpec {
    name: "marks",
    about: "One row per fact a record marks as inferred or known from outside its sources, wherever it is in the record.",
    columns: &[
        RECORD_KIND,
        RECORD_ID,
        RECORD_NAME,
        col(
            "field",
            Text,
            "Where the fact is in the record, as a JSON pointer (`/parties/0/role`, `/dates/signed`).",
        ),
        col(
            "value",
            Text,
            "The value marked: its text, or compact JSON for a value with parts (a place, a date with bounds).",
        ),
        col("basis", Text, "`inferred` or `outside-knowledge`."),
        col("basis_label", Text, "The basis in words."),
        col("reasoning", Text, "Why it was inferred (inferred facts)."),
        col(
            "reference",
            Text,
            "Where it is known from, in words (outside knowledge).",
        ),
        col(
            "source_id",
            Text,
            "The source record it is known from (outside knowledge; `sources.source_id`).",
        ),
        col("locator", Text, "Where in that source."),
        col("as_stated", Text, "The source's own words, where given."),
    ],
    key: &["record_kind", "record_id", "field"],
    references: &[refers("source_id", "sources", "source_id")],
};

/// `notes`: the records' notes and objectives.
pub static NOTES: TableSpec = TableSpec {
    name: "notes",
    about: "One row per note of a record (`notes`) and per objective of an agreement (`objectives`).",
    columns: &[
        RECORD_KIND,
        RECORD_ID,
        RECORD_NAME,
        col("field", Text, "`notes` or `objectives`."),
        N,
        col("text", Text, "The note or objective."),
    ],
    key: &["record_kind", "record_id", "field", "n"],
    references: &[],
};

// ---------------------------------------------------------------------------
// Flattening.

fn text(s: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(s))
}

fn label(s: &'static str) -> Cell<'static> {
    Cell::Text(Cow::Borrowed(s))
}

fn opt<'a, T: AsRef<str> + ?Sized>(s: Option<&'a T>) -> Cell<'a> {
    s.map_or(Cell::Null, |s| text(s.as_ref()))
}

fn int(n: usize) -> Cell<'static> {
    Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

fn decimal(d: &accord_model::Amount) -> Cell<'static> {
    Cell::Decimal(d.0.normalize().to_string())
}

/// A value's code as record files write it, for the few vocabularies
/// outside [`Vocabulary`] (amount kinds, reasons, place precisions): serde
/// is their file format.
fn serde_code<T: serde::Serialize>(value: &T) -> Cell<'static> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Cell::Text(Cow::Owned(s)),
        _ => Cell::Null,
    }
}

fn code<V: Vocabulary>(v: V) -> [Cell<'static>; 2] {
    [label(v.code()), label(v.label())]
}

fn certainty<T>(fact: &Fact<T>) -> Cell<'static> {
    certainty_word(fact.basis().certainty())
}

fn certainty_word(c: accord_model::Certainty) -> Cell<'static> {
    label(match c {
        accord_model::Certainty::Stated => "stated",
        accord_model::Certainty::Inferred => "inferred",
        accord_model::Certainty::OutsideKnowledge => "outside-knowledge",
    })
}

/// A date as given, its first and last day.
fn date(value: Option<&DateValue>) -> [Cell<'static>; 3] {
    let Some(value) = value else {
        return [Cell::Null, Cell::Null, Cell::Null];
    };
    let span = value.span();
    let day = span.is_day().then_some(span.earliest).flatten();
    [
        Cell::Given(value.to_string(), day),
        span.earliest.map_or(Cell::Null, Cell::Day),
        span.latest.map_or(Cell::Null, Cell::Day),
    ]
}

fn currency(c: &accord_model::Currency) -> [Cell<'static>; 2] {
    [
        label(c.code()),
        match c {
            accord_model::Currency::Iso(iso) => Cell::Text(Cow::Owned(iso.name().to_owned())),
            accord_model::Currency::Unknown => label("Unknown currency"),
        },
    ]
}

fn qualifier(q: accord_model::Qualifier) -> [Cell<'static>; 2] {
    code(q)
}

/// The CRS levels above (and including) a sector: group, category and
/// purpose code, each code and label.
fn crs_levels(sector: Sector) -> [Cell<'static>; 6] {
    let mut chain = vec![sector];
    let mut here = sector;
    while let Some(parent) = here.parent() {
        chain.push(parent);
        here = parent;
    }
    let mut levels: [Cell<'static>; 6] = Default::default();
    let mut put = |slot: usize, s: Sector| {
        if levels[slot] == Cell::Null {
            levels[slot] = label(s.id());
            levels[slot + 1] = label(s.label());
        }
    };
    // The nearest purpose code and category at or above the sector.
    for s in chain.iter().filter(|s| s.is_crs()) {
        put(if s.id().len() == 3 { 2 } else { 4 }, *s);
    }
    if let Some(top) = chain.last().filter(|s| s.is_crs()) {
        put(0, *top);
    }
    levels
}

/// The rows of every table in [`TABLES`], in that order, for the
/// agreements `keep` accepts and every other record of `dataset`.
///
/// Rows follow the records in id order and each record's lists in their
/// order, so the same dataset always gives the same tables.
pub fn flatten<'a>(dataset: &'a Dataset, keep: impl Fn(&Agreement) -> bool) -> Vec<Table<'a>> {
    let mut rows: Vec<Vec<Vec<Cell<'a>>>> = TABLES.iter().map(|_| Vec::new()).collect();
    let at = |spec: &TableSpec| {
        TABLES
            .iter()
            .position(|t| std::ptr::eq(*t, spec))
            .unwrap_or(0)
    };
    let party_name = |id: &accord_model::PartyId| -> Cell<'a> {
        dataset
            .parties
            .get(id)
            .map_or(Cell::Null, |p| text(p.name.as_str()))
    };
    let person_name = |id: &accord_model::PersonId| -> Cell<'a> {
        dataset
            .people
            .get(id)
            .and_then(|p| p.name.as_ref())
            .map_or(Cell::Null, |n| text(n.value().as_str()))
    };
    let (i_agreements, i_dates, i_stages, i_participants, i_sectors, i_places) = (
        at(&AGREEMENTS),
        at(&DATES),
        at(&STAGES),
        at(&PARTICIPANTS),
        at(&SECTORS),
        at(&PLACES),
    );
    let (i_amounts, i_equivalents, i_targets, i_links, i_outside, i_involvements) = (
        at(&AMOUNTS),
        at(&EQUIVALENTS),
        at(&TARGETS),
        at(&LINKS),
        at(&OUTSIDE_IDS),
        at(&INVOLVEMENTS),
    );
    let (i_citations, i_marks, i_notes) = (at(&CITATIONS), at(&MARKS), at(&NOTES));

    for a in dataset.agreements.values().filter(|a| keep(a)) {
        let head = || vec![text(a.id.as_str()), text(a.title.as_str())];
        let key = date(a.dates.key_date());
        let [key_date, key_start, key_end] = key;
        let [kind, kind_label] = code(a.kind);
        let [status, status_label] = code(a.status);
        let occasion = a.occasion.as_ref().map(|o| o.value());
        rows[i_agreements].push(vec![
            text(a.id.as_str()),
            text(a.title.as_str()),
            kind,
            kind_label,
            status,
            status_label,
            text(a.summary.as_str()),
            key_date,
            key_start,
            key_end,
            opt(occasion.map(|o| o.as_str())),
            occasion
                .and_then(|o| dataset.occasions.get(o))
                .map_or(Cell::Null, |o| text(o.name.as_str())),
            int(a.parties.len()),
            a.terms
                .interest_rate_percent
                .as_ref()
                .map_or(Cell::Null, decimal),
            a.terms.maturity_years.as_ref().map_or(Cell::Null, decimal),
            a.terms
                .grace_period_years
                .as_ref()
                .map_or(Cell::Null, decimal),
            opt(a.terms.collateral.as_deref()),
        ]);
        for (field, value) in a.dates.iter().chain(a.project_dates.iter()) {
            let mut row = head();
            row.push(label(field));
            row.extend(date(Some(value)));
            row.push(certainty_word(value.certainty()));
            rows[i_dates].push(row);
        }
        for (n, stage) in a.stages.iter().enumerate() {
            let mut row = head();
            row.push(int(n));
            row.extend(code(stage.status));
            row.extend(date(stage.date.as_ref()));
            row.push(opt(stage.note.as_deref()));
            rows[i_stages].push(row);
        }
        for (n, p) in a.parties.iter().enumerate() {
            for (role_n, (_, role)) in p.role_entries().enumerate() {
                let mut row = head();
                row.push(int(n));
                row.push(text(p.party.as_str()));
                row.push(party_name(&p.party));
                row.push(int(role_n));
                row.extend(code(*role.value()));
                row.push(certainty(role));
                row.push(opt(p.as_named.as_deref()));
                rows[i_participants].push(row);
            }
        }
        for (n, sector) in a.sectors.iter().enumerate() {
            let mut row = head();
            row.push(int(n));
            row.push(label(sector.id()));
            row.push(label(sector.label()));
            row.push(Cell::Boolean(!sector.is_crs()));
            row.extend(crs_levels(*sector));
            row.push(sector.codes().isic.map_or(Cell::Null, label));
            rows[i_sectors].push(row);
        }
        for (n, place) in a.places.iter().enumerate() {
            let p = place.value();
            let mut row = head();
            row.push(int(n));
            row.push(label(p.country.alpha2()));
            row.push(label(p.country.name()));
            row.push(
                p.subdivision
                    .as_ref()
                    .map_or(Cell::Null, |s| label(s.code())),
            );
            row.push(
                p.subdivision
                    .as_ref()
                    .map_or(Cell::Null, |s| label(s.name())),
            );
            row.push(opt(p.second_level.as_deref()));
            row.push(opt(p.city.as_deref()));
            row.push(opt(p.locality.as_deref()));
            row.push(p.precision.as_ref().map_or(Cell::Null, serde_code));
            row.push(p.precision.map_or(Cell::Null, |p| label(p.words())));
            row.push(certainty(place));
            row.extend([Cell::Null, Cell::Null]);
            rows[i_places].push(row);
        }
        for (n, area) in a.areas.iter().enumerate() {
            let mut row = head();
            row.push(int(a.places.len() + n));
            row.extend(std::iter::repeat_n(Cell::Null, 10));
            row.push(label(area.area().code));
            row.push(label(area.area().name));
            rows[i_places].push(row);
        }
        if let Some(value) = &a.value {
            let mut row = head();
            row.push(label("value"));
            row.push(Cell::Integer(-1));
            row.extend([Cell::Null, Cell::Null]);
            row.push(decimal(&value.amount));
            row.extend(currency(&value.currency));
            row.extend(qualifier(value.qualifier));
            row.push(Cell::Boolean(false));
            row.push(opt(value.as_stated.as_deref()));
            row.push(Cell::Boolean(true));
            row.extend([Cell::Null, Cell::Null, Cell::Null, Cell::Null]);
            rows[i_amounts].push(row);
        }
        for (n, amount) in a.amounts.iter().enumerate() {
            rows[i_amounts].push(amount_row(head(), n, amount));
            for (m, e) in amount.equivalents.iter().enumerate() {
                let mut row = head();
                row.push(int(n));
                row.push(int(m));
                row.push(decimal(&e.amount));
                row.extend(currency(&e.currency));
                row.push(e.rate.as_ref().map_or(Cell::Null, decimal));
                row.extend(date(e.rate_date.as_ref()));
                row.push(text(e.source.as_str()));
                row.push(Cell::Boolean(e.constant_prices));
                rows[i_equivalents].push(row);
            }
        }
        for (n, t) in a.targets.iter().enumerate() {
            let mut row = head();
            row.push(int(n));
            row.push(text(t.description.as_str()));
            match &t.quantity {
                Some(q) => {
                    row.push(decimal(&q.value));
                    row.push(text(q.unit.as_str()));
                    row.extend(qualifier(q.qualifier));
                }
                None => row.extend(std::iter::repeat_n(Cell::Null, 4)),
            }
            row.extend(date(t.by.as_ref()));
            rows[i_targets].push(row);
        }
        for (n, link) in a.links.iter().enumerate() {
            let mut row = head();
            row.push(int(n));
            row.extend(code(link.kind));
            row.push(text(link.agreement.as_str()));
            row.push(
                dataset
                    .agreements
                    .get(&link.agreement)
                    .map_or(Cell::Null, |o| text(o.title.as_str())),
            );
            row.push(opt(link.note.as_deref()));
            rows[i_links].push(row);
        }
        for (n, id) in a.outside_ids.iter().enumerate() {
            let mut row = head();
            row.push(int(n));
            let (scheme, value) = match id {
                accord_model::OutsideId::Aiddata(id) => ("aiddata", Cow::Owned(id.0.to_string())),
                accord_model::OutsideId::Iati(id) => ("iati", Cow::Borrowed(id.as_str())),
            };
            row.push(label(scheme));
            row.push(Cell::Text(value));
            rows[i_outside].push(row);
        }
        for (n, inv) in a.people.iter().enumerate() {
            let mut row = head();
            row.push(int(n));
            row.push(text(inv.person.as_str()));
            row.push(person_name(&inv.person));
            row.extend(code(*inv.part.value()));
            row.push(certainty(&inv.part));
            row.push(opt(inv.note.as_deref()));
            rows[i_involvements].push(row);
        }
        let record = Owner::new("agreement", a.id.as_str(), Some(a.title.as_str()));
        citations(
            &record,
            dataset,
            a.sources
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("/sources/{i}"), c)),
            &mut rows[i_citations],
        );
        citations(
            &record,
            dataset,
            a.stages.iter().enumerate().flat_map(|(s, stage)| {
                stage
                    .sources
                    .iter()
                    .enumerate()
                    .map(move |(i, c)| (format!("/stages/{s}/sources/{i}"), c))
            }),
            &mut rows[i_citations],
        );
        marks(&record, serde_json::to_value(a), &mut rows[i_marks]);
        notes(&record, "objectives", &a.objectives, &mut rows[i_notes]);
        notes(&record, "notes", &a.notes, &mut rows[i_notes]);
    }

    let (i_parties, i_owners, i_identifiers, i_aliases) =
        (at(&PARTIES), at(&OWNERS), at(&IDENTIFIERS), at(&ALIASES));
    for p in dataset.parties.values() {
        rows[i_parties].push(party_row(dataset, p));
        let head = || vec![text(p.id.as_str()), text(p.name.as_str())];
        for (n, owner) in p.owners.iter().enumerate() {
            let mut row = head();
            row.push(int(n));
            row.push(text(owner.party.as_str()));
            row.push(party_name(&owner.party));
            row.push(
                owner
                    .share
                    .map_or(Cell::Null, |s| Cell::Decimal(s.0.normalize().to_string())),
            );
            row.extend(date(owner.since.as_ref()));
            row.extend(date(owner.until.as_ref()));
            rows[i_owners].push(row);
        }
        for (n, id) in p.identifiers.iter().enumerate() {
            let mut row = head();
            row.push(int(n));
            row.extend(code(id.scheme));
            row.push(text(&id.id));
            rows[i_identifiers].push(row);
        }
        for (n, alias) in p.aliases.iter().enumerate() {
            let mut row = head();
            row.push(int(n));
            row.push(text(alias.name.as_str()));
            row.extend(code(alias.kind));
            row.push(opt(alias.note.as_deref()));
            rows[i_aliases].push(row);
        }
        let record = Owner::new("party", p.id.as_str(), Some(p.name.as_str()));
        citations(
            &record,
            dataset,
            p.sources
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("/sources/{i}"), c)),
            &mut rows[i_citations],
        );
        citations(
            &record,
            dataset,
            p.owners.iter().enumerate().flat_map(|(o, owner)| {
                owner
                    .sources
                    .iter()
                    .enumerate()
                    .map(move |(i, c)| (format!("/owners/{o}/sources/{i}"), c))
            }),
            &mut rows[i_citations],
        );
        marks(&record, serde_json::to_value(p), &mut rows[i_marks]);
    }

    let (i_people, i_positions) = (at(&PEOPLE), at(&POSITIONS));
    for person in dataset.people.values() {
        let name = person.name.as_ref().map(|n| n.value().as_str());
        let local = person.local_name.as_ref().map(|l| l.value());
        rows[i_people].push(vec![
            text(person.id.as_str()),
            opt(name),
            person.name.as_ref().map_or(Cell::Null, certainty),
            opt(local.map(|l| l.text.as_str())),
            opt(local.map(|l| l.language.as_str())),
        ]);
        for (n, position) in person.positions.iter().enumerate() {
            let pos = position.value();
            rows[i_positions].push(vec![
                text(person.id.as_str()),
                opt(name),
                int(n),
                text(pos.title.as_str()),
                opt(pos.organisation.as_ref().map(|o| o.as_str())),
                pos.organisation.as_ref().map_or(Cell::Null, party_name),
                Cell::Boolean(pos.former),
                certainty(position),
            ]);
        }
        let record = Owner::new("person", person.id.as_str(), name);
        citations(
            &record,
            dataset,
            person
                .sources
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("/sources/{i}"), c)),
            &mut rows[i_citations],
        );
        marks(&record, serde_json::to_value(person), &mut rows[i_marks]);
    }

    let i_sources = at(&SOURCES);
    for s in dataset.sources.values() {
        let mut row = vec![text(s.id.as_str()), text(s.title.as_str())];
        row.extend(code(s.kind));
        row.push(opt(s.publisher.as_deref()));
        row.extend(date(s.published.as_ref()));
        row.push(s.url.as_ref().map_or(Cell::Null, |u| Cell::Url(u.as_str())));
        row.push(
            s.archived_url
                .as_ref()
                .map_or(Cell::Null, |u| Cell::Url(u.as_str())),
        );
        let [retrieved, _, _] = date(s.retrieved.as_ref());
        row.push(retrieved);
        row.push(opt(s.language.as_ref().map(|l| l.as_str())));
        rows[i_sources].push(row);
        let record = Owner::new("source", s.id.as_str(), Some(s.title.as_str()));
        marks(&record, serde_json::to_value(s), &mut rows[i_marks]);
        notes(&record, "notes", &s.notes, &mut rows[i_notes]);
    }

    let i_occasions = at(&OCCASIONS);
    for o in dataset.occasions.values() {
        let mut row = vec![text(o.id.as_str()), text(o.name.as_str())];
        row.extend(code(o.kind));
        row.extend(date(o.date.as_ref()));
        let [end, _, _] = date(o.end.as_ref());
        row.push(end);
        let place = o.place.as_ref().map(|p| p.value());
        row.push(place.map_or(Cell::Null, |p| label(p.country.alpha2())));
        row.push(place.map_or(Cell::Null, |p| label(p.country.name())));
        row.push(opt(place.and_then(|p| p.city.as_deref())));
        row.push(opt(o.part_of.as_ref().map(|p| p.as_str())));
        row.push(opt(o.summary.as_deref()));
        rows[i_occasions].push(row);
        let record = Owner::new("occasion", o.id.as_str(), Some(o.name.as_str()));
        citations(
            &record,
            dataset,
            o.sources
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("/sources/{i}"), c)),
            &mut rows[i_citations],
        );
        marks(&record, serde_json::to_value(o), &mut rows[i_marks]);
    }

    TABLES
        .iter()
        .zip(rows)
        .map(|(spec, rows)| Table { spec, rows })
        .collect()
}

fn amount_row<'a>(mut row: Vec<Cell<'a>>, n: usize, amount: &'a StatedAmount) -> Vec<Cell<'a>> {
    row.push(label("amounts"));
    row.push(int(n));
    row.push(serde_code(&amount.kind));
    row.push(label(amount.kind.words()));
    row.push(decimal(&amount.amount));
    row.extend(currency(&amount.currency));
    row.extend(qualifier(amount.qualifier));
    row.push(Cell::Boolean(amount.estimated));
    row.push(opt(amount.as_stated.as_deref()));
    row.push(Cell::Boolean(amount.counts_in_totals()));
    match &amount.left_out_of_totals {
        Some(left) => {
            row.push(serde_code(&left.reason));
            row.push(label(left.reason.words()));
            row.push(opt(left.note.as_deref()));
        }
        None => row.extend([Cell::Null, Cell::Null, Cell::Null]),
    }
    row.push(opt(amount.note.as_deref()));
    row
}

fn party_row<'a>(dataset: &'a Dataset, p: &'a Party) -> Vec<Cell<'a>> {
    let mut row = vec![text(p.id.as_str()), text(p.name.as_str())];
    row.extend(code(p.kind));
    match &p.country {
        Some(c) => row.extend([
            label(c.value().alpha2()),
            label(c.value().name()),
            certainty(c),
        ]),
        None => row.extend([Cell::Null, Cell::Null, Cell::Null]),
    }
    let sub = p.subdivision.as_ref().map(|s| s.value());
    row.push(sub.map_or(Cell::Null, |s| label(s.code())));
    row.push(sub.map_or(Cell::Null, |s| label(s.name())));
    row.push(opt(p.city.as_ref().map(|c| c.value().as_str())));
    let local = p.local_name.as_ref().map(|l| l.value());
    row.push(opt(local.map(|l| l.text.as_str())));
    row.push(opt(local.map(|l| l.language.as_str())));
    row.push(opt(p.parent.as_ref().map(|x| x.as_str())));
    row.push(
        p.parent
            .as_ref()
            .and_then(|x| dataset.parties.get(x))
            .map_or(Cell::Null, |x| text(x.name.as_str())),
    );
    row.push(
        p.website
            .as_ref()
            .map_or(Cell::Null, |u| Cell::Url(u.as_str())),
    );
    row.push(opt(p.description.as_deref()));
    row
}

/// The record a child row of a generic table belongs to.
struct Owner<'a> {
    kind: &'static str,
    id: &'a str,
    name: Option<&'a str>,
}

impl<'a> Owner<'a> {
    fn new(kind: &'static str, id: &'a str, name: Option<&'a str>) -> Self {
        Owner { kind, id, name }
    }

    fn head(&self) -> Vec<Cell<'a>> {
        vec![label(self.kind), text(self.id), opt(self.name)]
    }
}

fn citations<'a>(
    record: &Owner<'a>,
    dataset: &'a Dataset,
    found: impl Iterator<Item = (String, &'a Citation)>,
    out: &mut Vec<Vec<Cell<'a>>>,
) {
    for (at, c) in found {
        let source_title = dataset
            .sources
            .get(&c.source)
            .map_or(Cell::Null, |s| text(s.title.as_str()));
        let supports: Vec<Option<&'a str>> = if c.supports.is_empty() {
            vec![None]
        } else {
            c.supports.iter().map(|p| Some(p.as_str())).collect()
        };
        for (n, path) in supports.into_iter().enumerate() {
            let mut row = record.head();
            row.push(Cell::Text(Cow::Owned(at.clone())));
            row.push(text(c.source.as_str()));
            row.push(source_title.clone());
            row.push(opt(c.locator.as_deref()));
            row.push(int(n));
            row.push(opt(path));
            out.push(row);
        }
    }
}

fn notes<'a>(
    record: &Owner<'a>,
    field: &'static str,
    texts: &'a [accord_model::Text],
    out: &mut Vec<Vec<Cell<'a>>>,
) {
    for (n, t) in texts.iter().enumerate() {
        let mut row = record.head();
        row.push(label(field));
        row.push(int(n));
        row.push(text(t.as_str()));
        out.push(row);
    }
}

/// Every mapping of the record (as the model writes it) with an `inferred`
/// or `outside_knowledge` key: the same walk as ingest's notes on marked
/// facts, so a fact type added later needs no change here.
fn marks<'a>(
    record: &Owner<'a>,
    value: Result<serde_json::Value, serde_json::Error>,
    out: &mut Vec<Vec<Cell<'a>>>,
) {
    fn walk<'a>(
        record: &Owner<'a>,
        value: &serde_json::Value,
        pointer: &mut String,
        out: &mut Vec<Vec<Cell<'a>>>,
    ) {
        use serde_json::Value;
        match value {
            Value::Object(map) => {
                let inferred = map.get("inferred").and_then(Value::as_str);
                let outside = map.get("outside_knowledge").and_then(Value::as_object);
                if inferred.is_some() || outside.is_some() {
                    let shown = match map.get("value") {
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                        None => {
                            let rest: serde_json::Map<String, Value> = map
                                .iter()
                                .filter(|(k, _)| {
                                    !matches!(
                                        k.as_str(),
                                        "inferred" | "outside_knowledge" | "as_stated"
                                    )
                                })
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect();
                            Value::Object(rest).to_string()
                        }
                    };
                    let owned = |v: Option<&Value>| {
                        v.and_then(Value::as_str)
                            .map_or(Cell::Null, |s| Cell::Text(Cow::Owned(s.to_owned())))
                    };
                    let mut row = record.head();
                    row.push(Cell::Text(Cow::Owned(pointer.clone())));
                    row.push(Cell::Text(Cow::Owned(shown)));
                    if inferred.is_some() {
                        row.extend([label("inferred"), label("Inferred")]);
                    } else {
                        row.extend([label("outside-knowledge"), label("Outside knowledge")]);
                    }
                    row.push(owned(map.get("inferred")));
                    row.push(owned(outside.and_then(|o| o.get("reference"))));
                    row.push(owned(outside.and_then(|o| o.get("source"))));
                    row.push(owned(outside.and_then(|o| o.get("locator"))));
                    row.push(owned(map.get("as_stated")));
                    out.push(row);
                }
                for (key, item) in map {
                    if matches!(key.as_str(), "outside_knowledge") {
                        continue;
                    }
                    let len = pointer.len();
                    pointer.push('/');
                    // JSON pointer escapes (RFC 6901).
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    walk(record, item, pointer, out);
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    walk(record, item, pointer, out);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    if let Ok(value) = value {
        walk(record, &value, &mut String::new(), out);
    }
}
