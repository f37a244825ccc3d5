//! Certainty marks, loose dates, citations that name fields and status
//! histories: the checks the schema cannot make on them.
//!
//! Marks are found in the record as read (a JSON value), not through the
//! typed record: every mapping with an `inferred` or `outside_knowledge`
//! key is a marked fact, whatever field it is in, so a fact type added to
//! the model later is covered without touching this file. The same value
//! answers whether a field a citation names exists.

use std::path::Path;

use accord_model::{Agreement, DateValue, FieldPath, Record};
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic};

/// How much of a reason or reference a note quotes.
const QUOTED: usize = 80;

/// What one walk of a record as read finds: a note for every marked fact,
/// an error for every citation naming a field the record lacks, and the
/// references the typed walk ([`crate::references::each_reference`]) does
/// not make: the source records outside-knowledge marks name, anywhere in
/// the record, and the sources each stage of an agreement cites
/// (well-formed ids only; a malformed one has its own schema error). The
/// walk allocates only for what it finds.
pub(crate) struct Scan {
    /// Notes and errors, in the record's order.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// (kind of record named, id, JSON pointer of the id).
    pub(crate) references: Vec<crate::references::RawReference>,
}

/// Scans a record that passed the schema; `value` is the whole file
/// (`{kind: {...}}`).
pub(crate) fn check_value(
    file: &Path,
    value: &Value,
    at: &dyn Fn(&str) -> Option<crate::diagnostic::Span>,
) -> Scan {
    scan(value, Some((file, at)))
}

/// The references [`check_value`] collects, for a record that failed its
/// schema (its marks are not reported: its errors come first).
pub(crate) fn extra_references(value: &Value) -> Vec<crate::references::RawReference> {
    scan(value, None).references
}

/// Where diagnostics go: the file, and how to find a pointer's place.
type Placer<'a> = (
    &'a Path,
    &'a dyn Fn(&str) -> Option<crate::diagnostic::Span>,
);

fn scan(value: &Value, report: Option<Placer<'_>>) -> Scan {
    use accord_model::RecordKind;
    let mut found = Scan {
        diagnostics: Vec::new(),
        references: Vec::new(),
    };
    let Some((kind, record)) = value.as_object().and_then(|m| m.iter().next()) else {
        return found;
    };
    let well_formed = |id: &str| accord_model::check_id(id).is_ok();
    let mut path = Vec::new();
    walk(record, &mut path, &mut |path, node| {
        let Some(map) = node.as_object() else { return };
        let pointer = || pointer_of(kind, path);
        let outside = map.get("outside_knowledge").and_then(Value::as_object);
        if let Some(id) = outside
            .and_then(|o| o.get("source"))
            .and_then(Value::as_str)
            .filter(|id| well_formed(id))
        {
            let at = format!("{}/outside_knowledge/source", pointer());
            found
                .references
                .push((RecordKind::Source, id.to_owned(), at));
        }
        if let [
            Step::Key("stages" | "owners"),
            Step::Index(_),
            Step::Key("sources"),
            Step::Index(_),
        ] = path
            && let Some(id) = map
                .get("source")
                .and_then(Value::as_str)
                .filter(|id| well_formed(id))
        {
            let at = format!("{}/source", pointer());
            found
                .references
                .push((RecordKind::Source, id.to_owned(), at));
        }
        let Some((file, at)) = report else { return };
        if let Some(reason) = map.get("inferred").and_then(Value::as_str) {
            let d = Diagnostic::new(
                Code::MarkedFact,
                file,
                at(&format!("{}/inferred", pointer())),
                format!("`{}` is inferred: {}", dotted(path), quoted(reason)),
            )
            .with_hint(
                "briefings mark it as inferred and give the reasoning; drop the mark when a cited source states it",
            );
            found.diagnostics.push(d);
        } else if let Some(from) = outside {
            let named = from
                .get("reference")
                .and_then(Value::as_str)
                .map(quoted)
                .or_else(|| {
                    from.get("source")
                        .and_then(Value::as_str)
                        .map(|id| format!("source `{id}`"))
                })
                .unwrap_or_default();
            let d = Diagnostic::new(
                Code::MarkedFact,
                file,
                at(&format!(
                    "{}/outside_knowledge/{}",
                    pointer(),
                    if from.contains_key("reference") {
                        "reference"
                    } else {
                        "source"
                    }
                )),
                format!("`{}` comes from outside knowledge: {named}", dotted(path)),
            )
            .with_hint(
                "briefings mark it as outside knowledge and name where it comes from; cite a source that states it to drop the mark",
            );
            found.diagnostics.push(d);
        }
        if let (Some(Value::String(_)), Some(Value::Array(paths))) =
            (map.get("source"), map.get("supports"))
        {
            // A stage's own citations back fields of that stage.
            let (base, what) = match path {
                [Step::Key("stages"), Step::Index(i), ..] => (
                    record.pointer(&format!("/stages/{i}")).unwrap_or(record),
                    format!("stage {} of this {kind}", i + 1),
                ),
                // An owner's own citations back fields of that holding.
                [Step::Key("owners"), Step::Index(i), ..] => (
                    record.pointer(&format!("/owners/{i}")).unwrap_or(record),
                    format!("owner {} of this {kind}", i + 1),
                ),
                _ => (record, format!("this {kind}")),
            };
            for (i, named) in paths.iter().enumerate() {
                let Some(text) = named.as_str() else { continue };
                let Ok(field) = text.parse::<FieldPath>() else {
                    continue;
                };
                let resolved = resolve(base, &field);
                if resolved.is_some_and(|node| node.get("outside_knowledge").is_some()) {
                    let source = map
                        .get("source")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let d = Diagnostic::new(
                        Code::ContradictingCitation,
                        file,
                        at(&format!("{}/supports/{i}", pointer())),
                        format!(
                            "`{field}` is marked as outside knowledge, but this citation says `{source}` backs it"
                        ),
                    )
                    .with_hint(
                        "if the cited source states it, drop the `outside_knowledge` mark; if not, take the field out of `supports`",
                    );
                    found.diagnostics.push(d);
                }
                if resolved.is_none() {
                    let d = Diagnostic::new(
                        Code::UnknownFieldPath,
                        file,
                        at(&format!("{}/supports/{i}", pointer())),
                        format!("{what} has no field `{field}`"),
                    )
                    .with_hint(format!(
                        "name a field {what} gives, such as {}, with `[n]` for item n of a list counted from 0",
                        example_fields(kind, base)
                    ));
                    found.diagnostics.push(d);
                }
            }
        }
    });
    found
}

/// The node a citation's path names, reading through the long form of a
/// marked fact: `places[0].country` names the country of a place written
/// `{value: {country: …}, inferred: …}` as well as of a bare one.
fn resolve<'a>(base: &'a Value, field: &FieldPath) -> Option<&'a Value> {
    use accord_model::PathStep;
    let mut node = base;
    for step in field.steps() {
        let next = |node: &'a Value| match step {
            PathStep::Field(name) => node.get(name),
            PathStep::Item(i) => node.get(i),
        };
        node = match next(node) {
            Some(found) => found,
            None => next(node.get("value")?)?,
        };
    }
    Some(node)
}

/// Two field names the record (or stage) gives, as a hint's example.
fn example_fields(kind: &str, base: &Value) -> String {
    let names: Vec<String> = base
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys())
        .filter(|k| !matches!(k.as_str(), "id" | "sources" | "notes"))
        .take(2)
        .map(|k| format!("`{k}`"))
        .collect();
    match names.len() {
        0 => format!("a field of the {kind}"),
        _ => names.join(" or "),
    }
}

/// One step of the way from the record's mapping to a node.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Visits every node under `node`, depth first, with its path. Nesting is
/// bounded by the parser's depth limit.
fn walk<'a>(node: &'a Value, path: &mut Vec<Step<'a>>, f: &mut dyn FnMut(&[Step<'a>], &'a Value)) {
    f(path, node);
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(Step::Key(key));
                walk(child, path, f);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk(child, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}

fn pointer_of(kind: &str, path: &[Step<'_>]) -> String {
    let mut pointer = format!("/{kind}");
    for step in path {
        pointer.push('/');
        match step {
            Step::Key(key) => pointer.push_str(&crate::parse::escape_segment(key)),
            Step::Index(i) => pointer.push_str(&i.to_string()),
        }
    }
    pointer
}

/// The path as a citation would name it: `parties[1].role`.
fn dotted(path: &[Step<'_>]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Step::Index(i) => text.push_str(&format!("[{i}]")),
        }
    }
    text
}

fn quoted(text: &str) -> String {
    let shown: String = text.chars().take(QUOTED).collect();
    if text.chars().count() > QUOTED {
        format!("{shown}…")
    } else {
        shown
    }
}

/// Every date of a record written in the long form (the only ones with
/// bounds or a day without a year), with the pointer of its field.
fn dates(record: &Record) -> Vec<(String, &DateValue)> {
    let mut out = Vec::new();
    match record {
        Record::Agreement(a) => {
            for (name, date) in a.dates.iter() {
                long(&mut out, date, || format!("/agreement/dates/{name}"));
            }
            for (name, date) in a.project_dates.iter() {
                long(&mut out, date, || {
                    format!("/agreement/project_dates/{name}")
                });
            }
            for (i, amount) in a.amounts.iter().enumerate() {
                for (j, e) in amount.equivalents.iter().enumerate() {
                    if let Some(date) = &e.rate_date {
                        long(&mut out, date, || {
                            format!("/agreement/amounts/{i}/equivalents/{j}/rate_date")
                        });
                    }
                }
            }
            for (i, target) in a.targets.iter().enumerate() {
                if let Some(by) = &target.by {
                    long(&mut out, by, || format!("/agreement/targets/{i}/by"));
                }
            }
            for (i, stage) in a.stages.iter().enumerate() {
                if let Some(date) = &stage.date {
                    long(&mut out, date, || format!("/agreement/stages/{i}/date"));
                }
            }
        }
        Record::Occasion(o) => {
            for (name, date) in [("date", &o.date), ("end", &o.end)] {
                if let Some(date) = date {
                    long(&mut out, date, || format!("/occasion/{name}"));
                }
            }
        }
        Record::Source(s) => {
            if let Some(date) = &s.published {
                long(&mut out, date, || "/source/published".to_owned());
            }
            if let Some(date) = &s.retrieved {
                long(&mut out, date, || "/source/retrieved".to_owned());
            }
        }
        Record::Party(_) | Record::Person(_) => {}
    }
    out
}

/// Adds `date` with its pointer when it is written in the long form.
fn long<'r>(
    out: &mut Vec<(String, &'r DateValue)>,
    date: &'r DateValue,
    pointer: impl FnOnce() -> String,
) {
    if date.annotated().is_some() {
        out.push((pointer(), date));
    }
}

/// Errors in loose dates (bounds against each other and against the value,
/// a day and month against the full date and its mark) and in an
/// agreement's status history.
pub(crate) fn check_record(
    file: &Path,
    record: &Record,
    at: &dyn Fn(&str) -> Option<crate::diagnostic::Span>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (pointer, date) in dates(record) {
        date_problems(file, &pointer, date, at, &mut out);
    }
    // Only long-form dates are listed, so a record of bare dates costs no
    // allocation here.
    if let Record::Agreement(a) = record {
        stages(file, a, at, &mut out);
    }
    out
}

fn date_problems(
    file: &Path,
    pointer: &str,
    date: &DateValue,
    at: &dyn Fn(&str) -> Option<crate::diagnostic::Span>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(long) = date.annotated() else { return };
    let field = pointer.rsplit('/').next().unwrap_or_default();
    if let (Some(after), Some(before)) = (&long.on_or_after, &long.on_or_before)
        && before.is_certainly_before(after)
    {
        out.push(
            Diagnostic::new(
                Code::DateBounds,
                file,
                at(&format!("{pointer}/on_or_before")),
                format!(
                    "`{field}` is on or after `{after}` but on or before `{before}`: no day is both"
                ),
            )
            .with_hint(
                "check both bounds: `on_or_after` is the earliest day, `on_or_before` the latest",
            ),
        );
    }
    if let Some(value) = &long.value {
        for (key, bound, contradicted) in [
            (
                "on_or_after",
                long.on_or_after.as_ref(),
                long.on_or_after
                    .as_ref()
                    .is_some_and(|b| value.is_certainly_before(b)),
            ),
            (
                "on_or_before",
                long.on_or_before.as_ref(),
                long.on_or_before
                    .as_ref()
                    .is_some_and(|b| b.is_certainly_before(value)),
            ),
        ] {
            if let (true, Some(bound)) = (contradicted, bound) {
                let words = key.replace('_', " ");
                out.push(
                    Diagnostic::new(
                        Code::DateBounds,
                        file,
                        at(&format!("{pointer}/value")),
                        format!("`{field}` is `{value}`, which is not {words} `{bound}`"),
                    )
                    .with_hint(format!(
                        "the value and `{key}` contradict each other: correct one, or keep only the bound if the value is not known"
                    )),
                );
            }
        }
        if let Some(month_day) = long.month_day {
            if !month_day.matches(value) {
                out.push(
                    Diagnostic::new(
                        Code::DateBounds,
                        file,
                        at(&format!("{pointer}/value")),
                        format!("`{field}` gives the day `{month_day}` but the date `{value}`"),
                    )
                    .with_hint(
                        "`value` is the full date with the year filled in: the same day and month as `month_day`",
                    ),
                );
            } else if long.inferred.is_none() && long.outside_knowledge.is_none() {
                out.push(
                    Diagnostic::new(
                        Code::UnmarkedYear,
                        file,
                        at(&format!("{pointer}/value")),
                        format!(
                            "`{field}` gives the day `{month_day}` without a year, but the year of `{value}` is not marked"
                        ),
                    )
                    .with_hint(
                        "say where the year comes from with `inferred: <reasoning>` or `outside_knowledge`, or leave `value` out",
                    ),
                );
            }
        }
    }
}

fn stages(
    file: &Path,
    a: &Agreement,
    at: &dyn Fn(&str) -> Option<crate::diagnostic::Span>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(last) = a.stages.last() else { return };
    if last.status != a.status {
        let code = accord_model::Vocabulary::code;
        let mut d = Diagnostic::new(
            Code::StatusHistory,
            file,
            at("/agreement/status"),
            format!(
                "`status` is `{}` but the latest stage is `{}`",
                code(a.status),
                code(last.status)
            ),
        )
        .with_hint("the status is where the agreement stands: the status of its last stage");
        if let Some(span) = at(&format!("/agreement/stages/{}", a.stages.len() - 1)) {
            d = d.with_label(file, span, "latest stage");
        }
        out.push(d);
    }
    for (i, pair) in a.stages.windows(2).enumerate() {
        if let (Some(early), Some(late)) = (&pair[0].date, &pair[1].date)
            && late.span().is_certainly_before(&early.span())
        {
            out.push(
                Diagnostic::new(
                    Code::DateOrder,
                    file,
                    at(&format!("/agreement/stages/{}/date", i + 1)),
                    format!(
                        "stage {} (`{late}`) is dated before stage {} (`{early}`)",
                        i + 2,
                        i + 1
                    ),
                )
                .with_hint("list the stages in the order they happened, and check both dates"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(yaml_as_json: serde_json::Value) -> Vec<String> {
        check_value(Path::new("x.yaml"), &yaml_as_json, &|_| None)
            .diagnostics
            .into_iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect()
    }

    #[test]
    fn every_mapping_with_a_mark_is_a_note_and_named_as_a_citation_would_name_it() {
        let found = notes(serde_json::json!({"agreement": {
            "parties": [
                {"party": "a", "role": "partner"},
                {"party": "b", "role": {"value": "investor", "inferred": "It pays."}}
            ],
            "occasion": {"value": "visit", "outside_knowledge": {"source": "other"}},
            "dates": {"signed": {"on_or_before": "2018-02-14"}}
        }}));
        assert_eq!(
            found,
            [
                "marked-fact: `occasion` comes from outside knowledge: source `other`",
                "marked-fact: `parties[1].role` is inferred: It pays.",
            ]
        );
    }

    #[test]
    fn paths_read_through_long_forms_and_stages_back_their_own_fields() {
        let found = notes(serde_json::json!({"agreement": {
            "places": [{"value": {"country": "GB"}, "inferred": "x"}],
            "stages": [{"status": "signed", "date": "2020",
                        "sources": [{"source": "s", "supports": ["date", "places"]}]}],
            "sources": [{"source": "s", "supports": ["places[0].country", "stages[0].date"]}]
        }}));
        assert_eq!(
            found,
            [
                "marked-fact: `places[0]` is inferred: x",
                "unknown-field-path: stage 1 of this agreement has no field `places`",
            ]
        );
    }

    #[test]
    fn a_citation_naming_a_missing_field_is_an_error() {
        let found = notes(serde_json::json!({"agreement": {
            "value": {"amount": 5},
            "sources": [{"source": "s", "supports": ["value", "dates.signed", "parties[0]"]}],
            "parties": [{"party": "a"}]
        }}));
        assert_eq!(
            found,
            ["unknown-field-path: this agreement has no field `dates.signed`"]
        );
    }
}
