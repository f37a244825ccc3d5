//! The "What changed since …" section: the differences between an older
//! version of the data ([`Since`]) and the one the briefing is written
//! from, as `accord-diff` finds them, in a reader's words, each
//! collaboration linked to its entry.
//!
//! Collaborations are listed only when the briefing covers them (so the
//! filters hold here too); removed records are all listed, since what no
//! longer exists cannot be filtered.

use std::collections::BTreeMap;

use accord_diff::Change;
use accord_model::{Agreement, AgreementId, Dataset, RecordKind, StatedAmount};

use crate::format;
use crate::view::Briefing;

/// The older version of the data a briefing compares itself with.
#[derive(Debug, Clone)]
pub struct Since {
    /// How the older version is named to a reader: what the user gave,
    /// such as `HEAD~1:fixtures` or `briefing-2025-q4/`.
    pub label: String,
    /// The older records, checked as the current ones are.
    pub dataset: Dataset,
}

/// The section, ready for both formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The heading: `What changed since HEAD~1:fixtures`.
    pub title: String,
    /// One sentence with the counts, or that nothing changed.
    pub summary: String,
    /// The groups that have items, in this order: new collaborations,
    /// changed status, changed values, removed records, renamed records,
    /// other changes.
    pub groups: Vec<ChangeGroup>,
}

/// One group of the section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeGroup {
    /// Its heading, such as `New collaborations`.
    pub title: String,
    /// Its items, in the order of the records' ids.
    pub items: Vec<ChangeItem>,
}

/// One change, as a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeItem {
    /// The record's name (a collaboration's title), the part that links.
    pub name: String,
    /// What changed, after the name: `: signed → completed`; may be empty.
    pub detail: String,
    /// The agreement whose entry the name links to, when the briefing has
    /// one: the HTML links to `#{anchor}`, the PDF to the entry's page.
    pub entry: Option<EntryLink>,
}

/// Where a collaboration's entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLink {
    /// The agreement's id.
    pub id: String,
    /// The HTML id of its entry (`{region anchor}-{id}`, the first region
    /// that lists it).
    pub anchor: String,
}

impl ChangeItem {
    /// The whole line as text.
    pub fn text(&self) -> String {
        format!("{}{}", self.name, self.detail)
    }
}

/// Builds the section from the older data, the current data and the
/// briefing already built from it (for the entries' anchors).
pub fn build(since: &Since, dataset: &Dataset, briefing: &Briefing) -> Changes {
    let diff = accord_diff::compare(&since.dataset, dataset);
    let mut anchors: BTreeMap<&str, String> = BTreeMap::new();
    for region in &briefing.regions {
        for c in &region.collaborations {
            anchors.entry(c.id.as_str()).or_insert_with(|| c.id.clone());
        }
    }
    let link = |id: &str| {
        anchors.get(id).map(|anchor| EntryLink {
            id: id.to_owned(),
            anchor: anchor.clone(),
        })
    };
    let agreement = |data: &'_ Dataset, id: &str| -> Option<Box<Agreement>> {
        id.parse::<AgreementId>()
            .ok()
            .and_then(|id| data.agreements.get(&id).cloned())
    };

    let mut new = Vec::new();
    let mut status = Vec::new();
    let mut values = Vec::new();
    let mut removed = Vec::new();
    let mut renamed = Vec::new();
    let mut other = Vec::new();
    for e in &diff.entries {
        let covered = e.kind != RecordKind::Agreement || anchors.contains_key(e.id.as_str());
        match &e.change {
            Change::Removed => removed.push(ChangeItem {
                name: name(&since.dataset, e.kind, &e.id),
                detail: format!(" ({} {})", kind_word(e.kind), e.id),
                entry: None,
            }),
            _ if !covered => {}
            Change::Added if e.kind == RecordKind::Agreement => new.push(ChangeItem {
                name: name(dataset, e.kind, &e.id),
                detail: String::new(),
                entry: link(&e.id),
            }),
            Change::Added => other.push(ChangeItem {
                name: name(dataset, e.kind, &e.id),
                detail: format!(" ({} {}): new", kind_word(e.kind), e.id),
                entry: None,
            }),
            Change::Renamed { old_id } => renamed.push(ChangeItem {
                name: name(dataset, e.kind, &e.id),
                detail: format!(" ({}): id {old_id} → {}", kind_word(e.kind), e.id),
                entry: if e.kind == RecordKind::Agreement {
                    link(&e.id)
                } else {
                    None
                },
            }),
            Change::Changed { fields } => {
                let (old, now) = (agreement(&since.dataset, &e.id), agreement(dataset, &e.id));
                let mut rest: Vec<&str> = Vec::new();
                for f in fields {
                    let top = f.path.split(['.', '[']).next().unwrap_or_default();
                    if (e.kind != RecordKind::Agreement
                        || !matches!(top, "status" | "value" | "amounts"))
                        && !rest.contains(&top)
                    {
                        rest.push(top);
                    }
                }
                if let (Some(old), Some(now)) = (&old, &now) {
                    let title = now.title.to_string();
                    if old.status != now.status {
                        status.push(ChangeItem {
                            name: title.clone(),
                            detail: format!(
                                ": {} → {}",
                                format::status(old.status),
                                format::status(now.status)
                            ),
                            entry: link(&e.id),
                        });
                    }
                    if old.value != now.value {
                        values.push(ChangeItem {
                            name: title.clone(),
                            detail: format!(
                                ": value {} → {}",
                                old.value.as_ref().map_or("none".to_owned(), format::money),
                                now.value.as_ref().map_or("none".to_owned(), format::money)
                            ),
                            entry: link(&e.id),
                        });
                    }
                    if old.amounts != now.amounts {
                        values.push(ChangeItem {
                            name: title.clone(),
                            detail: format!(
                                ": amounts {} → {}",
                                amounts(&old.amounts),
                                amounts(&now.amounts)
                            ),
                            entry: link(&e.id),
                        });
                    }
                }
                if !rest.is_empty() {
                    other.push(ChangeItem {
                        name: name(dataset, e.kind, &e.id),
                        detail: format!(
                            "{}: {}",
                            if e.kind == RecordKind::Agreement {
                                String::new()
                            } else {
                                format!(" ({} {})", kind_word(e.kind), e.id)
                            },
                            rest.join(", ")
                        ),
                        entry: if e.kind == RecordKind::Agreement {
                            link(&e.id)
                        } else {
                            None
                        },
                    });
                }
            }
        }
    }
    let label = crate::visible::one_line(&since.label);
    let counts = [
        (new.len(), "new collaboration", "new collaborations"),
        (status.len(), "change of status", "changes of status"),
        (values.len(), "change of value", "changes of value"),
        (removed.len(), "record removed", "records removed"),
        (renamed.len(), "record renamed", "records renamed"),
        (other.len(), "other record changed", "other records changed"),
    ];
    let said: Vec<String> = counts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|&(n, one, many)| format::count(n, one, many))
        .collect();
    let summary = if said.is_empty() {
        format!("Nothing this briefing covers has changed since {label}.")
    } else {
        format!(
            "Compared with {label}: {}. Collaborations the briefing leaves out are not listed; removed records all are.",
            said.join(", ")
        )
    };
    let groups = [
        ("New collaborations", new),
        ("Changed status", status),
        ("Changed values", values),
        ("Removed records", removed),
        ("Renamed records", renamed),
        ("Other changes", other),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(title, items)| ChangeGroup {
        title: title.to_owned(),
        items,
    })
    .collect();
    Changes {
        title: format!("What changed since {label}"),
        summary,
        groups,
    }
}

/// `record`, `party`, … as a reader says it.
fn kind_word(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Party => "party",
        RecordKind::Person => "person",
        RecordKind::Agreement => "collaboration",
        RecordKind::Source => "source",
        RecordKind::Occasion => "occasion",
    }
}

/// A record's name or title in `data`, or its id when it has none.
fn name(data: &Dataset, kind: RecordKind, id: &str) -> String {
    let found = match kind {
        RecordKind::Party => id
            .parse()
            .ok()
            .and_then(|id| data.parties.get(&id))
            .map(|p| p.name.to_string()),
        RecordKind::Person => id
            .parse()
            .ok()
            .and_then(|id| data.people.get(&id))
            .and_then(|p| p.name.as_ref().map(|n| n.value().to_string())),
        RecordKind::Agreement => id
            .parse()
            .ok()
            .and_then(|id| data.agreements.get(&id))
            .map(|a| a.title.to_string()),
        RecordKind::Source => id
            .parse()
            .ok()
            .and_then(|id| data.sources.get(&id))
            .map(|s| s.title.to_string()),
        RecordKind::Occasion => id
            .parse()
            .ok()
            .and_then(|id| data.occasions.get(&id))
            .map(|o| o.name.to_string()),
    };
    found.unwrap_or_else(|| id.to_owned())
}

/// A list of stated amounts in words: `committed 600,000,000 CNY; disbursed …`.
fn amounts(list: &[StatedAmount]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    list.iter()
        .map(|a| {
            let mut text = a.kind.words().to_owned();
            text.push(' ');
            let words = format::qualifier_words(Some(a.qualifier));
            if !words.is_empty() {
                text.push_str(words);
                text.push(' ');
            }
            text.push_str(&a.amount.to_string());
            text.push(' ');
            text.push_str(&format::currency(&a.currency));
            text
        })
        .collect::<Vec<_>>()
        .join("; ")
}
