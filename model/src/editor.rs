//! What the published schema adds for editors, on top of what schemars
//! generates from the types.
//!
//! Contributors edit record files in editors driven by
//! `yaml-language-server` (VS Code's YAML extension, Neovim, Helix, Zed).
//! That server reads a few keywords beyond JSON Schema, which every other
//! validator ignores (2020-12 allows unknown keywords), so the schema stays
//! valid and means the same to `accord validate`:
//!
//! - `enum` with `enumDescriptions` (and `markdownEnumDescriptions` where a
//!   description has code spans): the server completes, hovers and offers
//!   quick fixes from an `enum`, while for a `oneOf` of constants it offers
//!   the first constant as the only fix and completes keys without their
//!   colon. Every vocabulary is therefore written as a typed `enum`.
//! - `markdownDescription`: hovers render it as Markdown, so code spans show
//!   as code rather than with their backticks. Descriptions come from doc
//!   comments, wrapped at 80 columns; the wraps are joined here, or a hover
//!   breaks every line into a paragraph.
//! - `patternErrorMessage` and `errorMessage`: the message an editor shows
//!   for a value that does not match a pattern, or is not in a long list,
//!   instead of the regular expression or the list of every code.
//! - `defaultSnippets`: skeletons of a minimal valid record of each kind.
//!
//! The server shows, on hover over a key, the first description among the
//! schemas that apply to the value, the innermost first. A type's own
//! description under `$defs` would thus hide the key's (`kind:` would say
//! what kinds are in general, `country:` what a fact's long form is, not
//! what the field is). Every type is used as the value of a described key
//! or the item of a described list, so a type's own description moves to
//! `$comment`, where readers of the file (and `accord validate`'s hints,
//! which quote it) still find it.

use serde_json::{Map, Value, json};

use crate::{AgreementKind, OccasionKind, PartyKind, Role, SourceKind, Status, Vocabulary};

/// The message for a value that does not match the pattern of a type,
/// named by its key under `$defs`, in plain words. A `pattern` in a type
/// not listed here fails the test `every_pattern_has_a_message`.
const PATTERN_MESSAGES: &[(&str, &str)] = &[
    (
        "PartialDate",
        "Write a date as YYYY-MM-DD, YYYY-MM or YYYY (such as 2018-02-14), a real day of the calendar, in quotes for a bare year.",
    ),
    (
        "MonthDay",
        "Write a day without a year as --MM-DD, such as --08-09 for 9 August.",
    ),
    (
        "AgreementId",
        "Write an id as lower-case letters and digits in words joined by single hyphens, such as my-agreement-2018.",
    ),
    (
        "PartyId",
        "Write an id as lower-case letters and digits in words joined by single hyphens, such as the party's name in lower case.",
    ),
    (
        "PersonId",
        "Write an id as lower-case letters and digits in words joined by single hyphens, such as the person's name in lower case.",
    ),
    (
        "SourceId",
        "Write an id as lower-case letters and digits in words joined by single hyphens.",
    ),
    (
        "OccasionId",
        "Write an id as lower-case letters and digits in words joined by single hyphens.",
    ),
    (
        "Url",
        "Write a web address in full, starting with https:// or http://, without spaces or invisible characters.",
    ),
    (
        "Text",
        "Write some visible text, without control characters or direction overrides.",
    ),
    (
        "LanguageTag",
        "Write a language tag such as en, zh-Hans or zh-Hant-TW: a language in lower case, then optionally a script and a region.",
    ),
    (
        "FieldPath",
        "Write a path to a field of this record: names joined by dots, with [n] for item n of a list counted from 0, such as parties[1].role.",
    ),
    (
        "IatiId",
        "Write an IATI activity identifier: the organisation's reference, a hyphen and the activity's id, such as GB-GOV-1-300708.",
    ),
    (
        "Amount",
        "Write an amount as a whole number, or as a decimal in quotes such as \"12.50\", without thousands separators.",
    ),
    (
        "Share",
        "Write a share in percent, more than 0 and at most 100: a whole number, or a decimal in quotes such as \"33.3\".",
    ),
    (
        "SubdivisionCode",
        "Not an ISO 3166-2 subdivision code: it starts with the two letters of a country that has subdivisions and a hyphen, such as CN-LN for Liaoning.",
    ),
    (
        "Identifier",
        "This identifier is not written as its scheme writes them: see the field's description.",
    ),
];

/// The message for a value outside a long list of codes, instead of the
/// list itself (the server would print every code).
const LIST_MESSAGES: &[(&str, &str)] = &[
    (
        "CountryCode",
        "Not an ISO 3166-1 country code. Write the two capital letters of the country, such as GB for the United Kingdom or CN for China (completion lists them with their names).",
    ),
    (
        "SubdivisionCode",
        "Not an ISO 3166-2 subdivision code. Write the country's two letters, a hyphen and the subdivision's code, such as CN-LN for Liaoning or GB-MAN for Manchester.",
    ),
    (
        "Currency",
        "Not an ISO 4217 currency code. Write the three capital letters, such as CNY or GBP, or unknown when the source gives no currency.",
    ),
    (
        "AreaCode",
        "Not a UN M49 area code. Write the three digits in quotes, such as \"001\" for the World or \"419\" for Latin America and the Caribbean.",
    ),
    (
        "Sector",
        "Not a sector. Write a sector's code: one of Accord's own (such as genomics) or an OECD DAC CRS code in quotes (such as \"12182\"); completion lists them with their meanings.",
    ),
];

/// Applies the editor keywords to the schema generated from the types.
pub(crate) fn for_editors(schema: &mut Value) {
    if let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
        for (name, def) in defs.iter_mut() {
            let pattern_message = PATTERN_MESSAGES
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, m)| *m);
            if name == "SubdivisionCode" {
                split_by_country(def);
            }
            walk(def, pattern_message);
            if let Some((_, message)) = LIST_MESSAGES.iter().find(|(n, _)| n == name)
                && let Some(def) = def.as_object_mut()
            {
                def.insert("errorMessage".into(), (*message).into());
            }
            // A type's own description would hide the key's on hover (see
            // the module's documentation).
            if let Some(def) = def.as_object_mut() {
                to_comment(def);
                // So would a branch naming a type (`DateValue`'s bare and
                // long forms).
                for keyword in ["anyOf", "oneOf"] {
                    for branch in def
                        .get_mut(keyword)
                        .and_then(Value::as_array_mut)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_object_mut)
                        .filter(|branch| branch.contains_key("$ref"))
                    {
                        to_comment(branch);
                    }
                }
            }
        }
    }
    if let Some(branches) = schema.get_mut("oneOf").and_then(Value::as_array_mut) {
        for branch in branches {
            walk(branch, None);
        }
    }
    if let Some(root) = schema.as_object_mut() {
        describe(root);
        root.insert("defaultSnippets".into(), snippets());
    }
}

/// Splits the list of subdivisions (5,000 codes) by country: the code must
/// start with the code of a country that has subdivisions, and then be one
/// of that country's (an `if` on the prefix, a `then` with its `enum`). It
/// allows exactly the same codes. An editor then shows, on hover over a
/// subdivision, its country's list rather than every code (111 KB), offers
/// the country's codes once `CN-` is typed, and for a misspelt code offers
/// its country's codes as quick fixes; `accord validate` names the nearest
/// among them.
fn split_by_country(def: &mut Value) {
    let Some(map) = def.as_object_mut() else {
        return;
    };
    let (Some(Value::Array(codes)), Some(Value::Array(names))) =
        (map.remove("enum"), map.remove("enumDescriptions"))
    else {
        return;
    };
    // Country code to its subdivisions' codes and names, in code order.
    let mut countries: Vec<(String, Vec<Value>, Vec<Value>)> = Vec::new();
    for (code, name) in codes.into_iter().zip(names) {
        let prefix = code
            .as_str()
            .and_then(|c| c.split_once('-'))
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        match countries.last_mut() {
            Some((last, codes, names)) if *last == prefix => {
                codes.push(code);
                names.push(name);
            }
            _ => countries.push((prefix, vec![code], vec![name])),
        }
    }
    let prefixes: Vec<&str> = countries.iter().map(|(p, _, _)| p.as_str()).collect();
    map.insert(
        "pattern".into(),
        format!("^(?:{})-", prefixes.join("|")).into(),
    );
    let branches: Vec<Value> = countries
        .iter()
        .map(|(prefix, codes, names)| {
            let country = prefix
                .parse::<crate::CountryCode>()
                .map(|c| c.name())
                .unwrap_or_default();
            json!({
                "if": { "pattern": format!("^{prefix}-") },
                "then": {
                    "type": "string",
                    "enum": codes,
                    "enumDescriptions": names,
                    "errorMessage": format!(
                        "Not one of the ISO 3166-2 subdivisions of {country} ({prefix}): completion lists them after {prefix}- with their names."
                    ),
                },
            })
        })
        .collect();
    map.insert("allOf".into(), Value::Array(branches));
}

/// Moves a schema's description to `$comment`.
fn to_comment(map: &mut Map<String, Value>) {
    if let Some(description) = map.remove("description") {
        map.remove("markdownDescription");
        map.insert("$comment".into(), description);
    }
}

/// Rewrites one schema node and everything under it.
fn walk(node: &mut Value, pattern_message: Option<&str>) {
    match node {
        Value::Object(map) => {
            constants_to_enum(map);
            describe(map);
            if let Some(message) = pattern_message
                && map.contains_key("pattern")
            {
                map.insert("patternErrorMessage".into(), message.into());
            }
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    // Values, not schemas.
                    "enum" | "const" | "examples" | "enumDescriptions" | "defaultSnippets" => {}
                    // Names to schemas: a property may be called `pattern`
                    // or `description` (a party has one).
                    "properties" | "patternProperties" | "$defs" => {
                        for schema in child
                            .as_object_mut()
                            .into_iter()
                            .flat_map(|m| m.values_mut())
                        {
                            walk(schema, pattern_message);
                        }
                    }
                    _ => walk(child, pattern_message),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| walk(v, pattern_message)),
        _ => {}
    }
}

/// A `oneOf` whose every branch is a documented string constant becomes a
/// typed `enum` with one description per value.
fn constants_to_enum(map: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = map.get("oneOf") else {
        return;
    };
    let all_constants = !branches.is_empty()
        && branches.iter().all(|b| {
            b.get("const").is_some_and(Value::is_string)
                && b.as_object().is_some_and(|o| {
                    o.keys()
                        .all(|k| matches!(k.as_str(), "const" | "description" | "type"))
                })
        });
    if !all_constants {
        return;
    }
    let mut values = Vec::new();
    let mut descriptions = Vec::new();
    for branch in branches {
        values.push(branch["const"].clone());
        descriptions.push(
            branch
                .get("description")
                .and_then(Value::as_str)
                .map(reflow)
                .unwrap_or_default(),
        );
    }
    map.remove("oneOf");
    map.insert("type".into(), "string".into());
    let count = values.len();
    map.insert("enum".into(), Value::Array(values));
    if descriptions.iter().any(|d| d.contains('`')) {
        map.insert(
            "markdownEnumDescriptions".into(),
            descriptions
                .iter()
                .map(|d| Value::from(d.as_str()))
                .collect(),
        );
    }
    map.insert(
        "enumDescriptions".into(),
        descriptions.iter().map(|d| Value::from(plain(d))).collect(),
    );
    // The server's own message lists every value; past a dozen (where
    // `accord validate` stops listing them too) that is a wall of text.
    if count > 12 {
        map.insert(
            "errorMessage".into(),
            format!(
                "Not one of the {} allowed values. Completion lists them with their meanings; accord validate names the nearest.",
                count
            )
            .into(),
        );
    }
}

/// Joins a description's wrapped lines and, where it has code spans or
/// blocks, gives it as Markdown too.
fn describe(map: &mut Map<String, Value>) {
    if let Some(descriptions) = map
        .get_mut("enumDescriptions")
        .and_then(Value::as_array_mut)
    {
        let reflowed: Vec<String> = descriptions
            .iter()
            .map(|d| reflow(d.as_str().unwrap_or_default()))
            .collect();
        *descriptions = reflowed.iter().map(|d| Value::from(d.as_str())).collect();
    }
    let Some(text) = map.get("description").and_then(Value::as_str) else {
        return;
    };
    let text = reflow(text);
    if text.contains('`') {
        map.insert("markdownDescription".into(), text.clone().into());
    }
    map.insert("description".into(), text.into());
}

/// A doc comment's text with the wraps inside each paragraph and list item
/// joined, paragraphs and fenced code kept as they are.
fn reflow(text: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    let mut previous_blank = true;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
            in_fence = !in_fence;
            previous_blank = false;
            continue;
        }
        if in_fence {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if trimmed.is_empty() {
            if !out.ends_with("\n\n") && !out.is_empty() {
                out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
            }
            previous_blank = true;
            continue;
        }
        let starts_item = trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if previous_blank || out.is_empty() || out.ends_with('\n') {
            out.push_str(line);
        } else if starts_item {
            out.push('\n');
            out.push_str(line);
        } else {
            out.push(' ');
            out.push_str(trimmed);
        }
        previous_blank = false;
    }
    out.trim_end().to_owned()
}

/// Text without Markdown's code marks, for editors that show descriptions
/// as plain text.
fn plain(text: &str) -> String {
    text.replace('`', "")
}

/// A record's kind, what its skeleton holds, and its fields with their
/// placeholders.
type Skeleton = (&'static str, &'static str, Vec<(&'static str, Value)>);

/// Skeletons of a minimal valid record of each kind: (kind, what it holds,
/// its fields in the order a record is written). Placeholders are snippet
/// tab stops (`${1:id}`), which an editor selects in turn; the ids of other
/// records are named for what they stand for (`first-party-id`), so one
/// left in place is a dangling reference for `accord validate`.
fn skeletons() -> Vec<Skeleton> {
    vec![
        (
            "agreement",
            "A minimal agreement: two parties with their roles, a sector and a source.",
            vec![
                ("id", "${1:agreement-id}".into()),
                ("title", "${2:Title in the source's words}".into()),
                ("kind", choice(3, AgreementKind::ALL).into()),
                ("status", choice(4, Status::ALL).into()),
                (
                    "summary",
                    "${5:What was agreed, in a sentence or two}".into(),
                ),
                (
                    "parties",
                    json!([
                        { "party": "${6:first-party-id}", "role": choice(7, Role::ALL) },
                        { "party": "${8:second-party-id}", "role": choice(9, Role::ALL) }
                    ]),
                ),
                ("sectors", json!(["${10:sector}"])),
                ("sources", json!([{ "source": "${11:source-id}" }])),
            ],
        ),
        (
            "party",
            "A minimal party: an organisation's id, name and kind.",
            vec![
                ("id", "${1:party-id}".into()),
                ("name", "${2:Name as the organisation writes it}".into()),
                ("kind", choice(3, PartyKind::ALL).into()),
            ],
        ),
        (
            "person",
            "A minimal person: a name and one position.",
            vec![
                ("id", "${1:person-id}".into()),
                ("name", "${2:Name}".into()),
                ("positions", json!([{ "title": "${3:Title}" }])),
            ],
        ),
        (
            "source",
            "A minimal source: a document's id, title and kind.",
            vec![
                ("id", "${1:source-id}".into()),
                ("title", "${2:Title as published}".into()),
                ("kind", choice(3, SourceKind::ALL).into()),
            ],
        ),
        (
            "occasion",
            "A minimal occasion: an event with its kind and source.",
            vec![
                ("id", "${1:occasion-id}".into()),
                ("name", "${2:Name of the event}".into()),
                ("kind", choice(3, OccasionKind::ALL).into()),
                ("sources", json!([{ "source": "${4:source-id}" }])),
            ],
        ),
    ]
}

/// The skeletons for an empty file, as YAML text in the order a record is
/// written (`bodyText`; a `body` object would come out in the schema's
/// alphabetical order of keys).
fn snippets() -> Value {
    skeletons()
        .into_iter()
        .map(|(kind, description, fields)| {
            let mut text = format!("{kind}:");
            for (key, value) in &fields {
                text.push_str(&format!("\n  {key}:"));
                yaml_value(&mut text, value, 2);
            }
            json!({ "label": kind, "description": description, "bodyText": text })
        })
        .collect()
}

/// Writes a skeleton's value as block YAML after its key, at `indent`.
fn yaml_value(text: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Value::String(s) => {
            text.push(' ');
            text.push_str(s);
        }
        Value::Array(items) => {
            for item in items {
                text.push_str(&format!("\n{pad}  -"));
                match item {
                    Value::Object(map) => {
                        for (i, (key, value)) in map.iter().enumerate() {
                            if i == 0 {
                                text.push_str(&format!(" {key}:"));
                            } else {
                                text.push_str(&format!("\n{pad}    {key}:"));
                            }
                            yaml_value(text, value, indent + 4);
                        }
                    }
                    other => yaml_value(text, other, indent + 2),
                }
            }
        }
        other => {
            text.push(' ');
            text.push_str(&other.to_string());
        }
    }
}

/// A snippet's choice of every value of a vocabulary: `${3|a,b,c|}`.
fn choice<T: Vocabulary>(stop: u32, values: &[T]) -> String {
    let codes: Vec<&str> = values.iter().map(|v| v.code()).collect();
    format!("${{{stop}|{}|}}", codes.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_are_joined_and_paragraphs_kept() {
        assert_eq!(reflow("one\ntwo\n\nthree"), "one two\n\nthree");
        assert_eq!(reflow("- a\n  b\n- c"), "- a b\n- c");
        assert_eq!(
            reflow("text\n\n```yaml\na:\n  b: c\n```\nafter"),
            "text\n\n```yaml\na:\n  b: c\n```\nafter"
        );
    }
}
