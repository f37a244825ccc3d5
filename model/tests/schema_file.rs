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
