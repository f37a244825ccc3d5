//! The committed schema under `schema/` must be exactly what the model
//! generates. To regenerate it after changing the model, run
//!
//! ```sh
//! ACCORD_BLESS=1 cargo test -p accord-model --test schema_file
//! ```
//!
//! and commit the result.

use std::path::PathBuf;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema/record.schema.json")
}

#[test]
fn committed_schema_is_up_to_date() {
    let generated = accord_model::schema_text();
    let path = committed_path();
    if std::env::var_os("ACCORD_BLESS").is_some() {
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, &generated).expect("write the temporary schema file");
        std::fs::rename(&tmp, &path).expect("move the schema into place");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/record.schema.json is stale: regenerate it with \
         `ACCORD_BLESS=1 cargo test -p accord-model --test schema_file` and commit it"
    );
}

#[test]
fn schema_declares_draft_2020_12_with_id_and_version() {
    let schema = accord_model::schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["$id"], accord_model::SCHEMA_ID);
    assert_eq!(
        schema["x-accord-schema-version"],
        accord_model::SCHEMA_VERSION
    );
}

/// Every property and every vocabulary value carries a description, which
/// is what a contributor's editor shows on hover.
#[test]
fn every_property_and_enum_value_is_described() {
    let schema = accord_model::schema();
    let mut missing = Vec::new();
    walk(&schema, "#", &mut missing);
    assert!(missing.is_empty(), "undescribed: {missing:#?}");
}

fn walk(node: &serde_json::Value, at: &str, missing: &mut Vec<String>) {
    let Some(object) = node.as_object() else {
        return;
    };
    if let Some(props) = object.get("properties").and_then(|p| p.as_object()) {
        for (name, prop) in props {
            if prop.get("description").is_none() {
                missing.push(format!("{at}/properties/{name}"));
            }
        }
    }
    if let Some(variants) = object.get("oneOf").and_then(|v| v.as_array()) {
        for (i, variant) in variants.iter().enumerate() {
            if variant.get("description").is_none() {
                missing.push(format!("{at}/oneOf/{i}"));
            }
        }
    }
    if let Some(values) = object.get("enum").and_then(|v| v.as_array()) {
        let described = object
            .get("enumDescriptions")
            .and_then(|d| d.as_array())
            .map(Vec::len);
        if described != Some(values.len()) {
            missing.push(format!("{at}/enum"));
        }
    }
    for (key, child) in object {
        match child {
            serde_json::Value::Object(_) => walk(child, &format!("{at}/{key}"), missing),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{at}/{key}/{i}"), missing);
                }
            }
            _ => {}
        }
    }
}

/// What editors driven by `yaml-language-server` read beyond JSON Schema:
/// every pattern has a message in words, every vocabulary is a typed
/// `enum` (a `oneOf` of constants makes the server offer the first constant
/// as the only fix), no description keeps a doc comment's line wraps, and
/// ids carry no example an editor could offer as if it named a record.
#[test]
fn editors_get_messages_enums_and_unwrapped_descriptions() {
    let schema = accord_model::schema();
    assert!(
        schema.get("title").is_none(),
        "a root title heads every hover"
    );
    let mut problems = Vec::new();
    editor_walk(&schema, "#", &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
    for id in [
        "PartyId",
        "PersonId",
        "AgreementId",
        "SourceId",
        "OccasionId",
    ] {
        assert!(schema["$defs"][id].get("examples").is_none(), "{id}");
    }
    let snippets = schema["defaultSnippets"].as_array().expect("snippets");
    let labels: Vec<&str> = snippets
        .iter()
        .filter_map(|s| s["label"].as_str())
        .collect();
    assert_eq!(
        labels,
        ["agreement", "party", "person", "source", "occasion"]
    );
}

fn editor_walk(node: &serde_json::Value, at: &str, problems: &mut Vec<String>) {
    let Some(object) = node.as_object() else {
        if let Some(items) = node.as_array() {
            for (i, item) in items.iter().enumerate() {
                editor_walk(item, &format!("{at}/{i}"), problems);
            }
        }
        return;
    };
    if object.contains_key("pattern") && !object.contains_key("patternErrorMessage") {
        problems.push(format!("{at}: pattern without patternErrorMessage"));
    }
    if let Some(branches) = object.get("oneOf").and_then(|v| v.as_array())
        && branches.iter().all(|b| b.get("const").is_some())
    {
        problems.push(format!("{at}: oneOf of constants"));
    }
    if object.contains_key("enum") && object.get("type").and_then(|t| t.as_str()) != Some("string")
    {
        problems.push(format!("{at}: enum without \"type\": \"string\""));
    }
    if let Some(text) = object.get("description").and_then(|d| d.as_str()) {
        let wrapped = text.split("\n\n").any(|paragraph| {
            !paragraph.starts_with("```")
                && paragraph
                    .lines()
                    .skip(1)
                    .any(|line| !line.trim_start().starts_with(['-', '*']))
        });
        if wrapped {
            problems.push(format!("{at}: wrapped description {text:?}"));
        }
        if text.contains('`') && !object.contains_key("markdownDescription") {
            problems.push(format!("{at}: code spans without markdownDescription"));
        }
    }
    for (key, child) in object {
        if matches!(
            key.as_str(),
            "enum" | "const" | "examples" | "defaultSnippets"
        ) {
            continue;
        }
        editor_walk(child, &format!("{at}/{key}"), problems);
    }
}
