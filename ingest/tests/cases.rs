//! One folder of invalid examples per diagnostic code, under `cases/`, each
//! named after the code it must produce. A code may have further folders for
//! other families of the same mistake, named `<code>--<family>` (such as
//! `syntax-error--duplicate-key`); each is loaded and snapshot-tested alone. Every case is loaded together with
//! the valid records of `cases/_base/`, so a folder holds only its mistake.
//! A `.case` file in a folder (hidden, so not loaded) may set `paths=` (files to load instead of the
//! folder, comma-separated), `max_file_size=` and `as_of=` (default
//! 2026-01-01).
//!
//! For each case the output is snapshot-tested in all three formats (human,
//! JSON, GitHub); review changes with `cargo insta review`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use accord_ingest::{Code, LoadOptions, render};

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn case_folders() -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("cases folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('_'))
        })
        .collect();
    folders.sort();
    folders
}

/// The code a case folder must produce: its name up to any `--<family>`.
fn expected_code(folder_name: &str) -> &str {
    folder_name
        .split_once("--")
        .map_or(folder_name, |(code, _)| code)
}

fn settings(folder: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(folder.join(".case"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

fn load_case(folder: &Path) -> accord_ingest::Loaded {
    let settings = settings(folder);
    let mut paths = vec![cases_dir().join("_base")];
    match settings.get("paths") {
        Some(list) => paths.extend(list.split(',').map(|p| folder.join(p.trim()))),
        None => paths.push(folder.to_owned()),
    }
    let as_of = settings.get("as_of").map_or("2026-01-01", String::as_str);
    let options = LoadOptions {
        as_of: Some(chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").expect("as_of")),
        max_file_size: settings
            .get("max_file_size")
            .map_or(accord_ingest::MAX_FILE_SIZE, |v| v.parse().expect("size")),
    };
    accord_ingest::load_with(&paths, &options)
}

/// Output with the machine-specific part of paths removed.
fn relative(text: &str) -> String {
    let root = cases_dir().display().to_string();
    text.replace(&format!("{root}/"), "cases/")
        .replace(&root, "cases")
}

#[test]
fn every_code_has_a_case_folder_and_every_folder_a_code() {
    let folders: Vec<String> = case_folders()
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    for code in &codes {
        assert!(
            folders.iter().any(|f| f == code),
            "no folder tests/cases/{code}"
        );
    }
    for folder in &folders {
        assert!(
            codes.contains(&expected_code(folder)),
            "tests/cases/{folder} is not a diagnostic code"
        );
    }
}

#[test]
fn the_base_records_are_clean() {
    let loaded = accord_ingest::load_with(
        &[cases_dir().join("_base")],
        &LoadOptions {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            ..LoadOptions::default()
        },
    );
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.dataset.len(), 3);
}

#[test]
fn each_case_produces_its_code_in_every_format() {
    for folder in case_folders() {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let loaded = load_case(&folder);
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(
            codes.contains(&expected_code(&name)),
            "case {name} produced {codes:?}"
        );
        // Each file's text is kept once, however many problems it has.
        let mut kept: Vec<_> = loaded.files.iter().map(|f| &f.path).collect();
        kept.sort();
        let before = kept.len();
        kept.dedup();
        assert_eq!(
            kept.len(),
            before,
            "case {name}: a file's text is kept twice"
        );
        // Kept in the order `file_text` searches by.
        for file in &loaded.files {
            assert!(
                loaded.file_text(&file.path).is_some(),
                "case {name}: {} cannot be found",
                file.path.display()
            );
        }
        for d in &loaded.diagnostics {
            // A file that is not UTF-8 has a place but no text to quote.
            if d.span.is_some() && d.code.as_str() != "invalid-utf8" {
                assert!(
                    loaded.file_text(&d.file).is_some(),
                    "case {name}: no text to quote for `{}`",
                    d.message
                );
            }
            assert!(
                !d.message.is_empty() && d.hint.is_some(),
                "case {name}: `{}` has no hint",
                d.message
            );
        }

        let (shown, left_out) = render::cap(&loaded.diagnostics, 10);
        let mut human = String::new();
        for d in shown {
            human.push_str(&render::human(d, loaded.file_text(&d.file), false));
        }
        human.push_str(&render::left_out(&left_out, 10));
        human.push_str(&render::summary(&loaded));
        insta::assert_snapshot!(format!("{name}__human"), relative(&human));

        insta::assert_snapshot!(format!("{name}__json"), relative(&render::json(&loaded)));

        let github: String = render::cap(&loaded.diagnostics, 10)
            .0
            .into_iter()
            .map(render::github)
            .collect();
        insta::assert_snapshot!(format!("{name}__github"), relative(&github));
    }
}

#[test]
fn the_usual_yaml_slips_get_a_hint_of_their_own() {
    let cases = [
        // text, where the caret goes, words the hint must hold
        (
            "party:\n  id: a\n  name: Acme: the company\n",
            "name: Acme",
            "write `name: \"Acme: the company\"`",
        ),
        (
            "party:\n  aliases:\n    - name: Big Co: UK\n",
            "- name",
            "write `- name: \"Big Co: UK\"`",
        ),
        (
            "party:\n  summary: The deal has one aim: to build a hospital in each of the cities named\n",
            "summary",
            "a value that holds `: ` must be in double quotes",
        ),
        (
            "party:\n  id: a\n\tname: A\n",
            "\tname",
            "indent with spaces",
        ),
        // A tab inside the value above is not the one meant.
        (
            "party:\n  id: a\tb\n\tname: A\n",
            "\tname",
            "indent with spaces",
        ),
        ("party:\n  id: a\n   name: A\n", "   name", "indentation"),
        (
            "party:\n  id: a\n  aliases:\n    - name: A\n   - name: B\n",
            "- name: B",
            "line this up",
        ),
        (
            "party:\n  id: a\n  name: \"Acme\n  kind: x\n",
            "\"Acme",
            "close the quote",
        ),
        // The list is open at the end of the file: the place is the end.
        (
            "party:\n  sectors: [a, b\n",
            "<end>",
            "close the list with `]`",
        ),
    ];
    for (text, line_holds, hint) in cases {
        let checked = accord_ingest::check_bytes(Path::new("slip.yaml"), text.as_bytes());
        let d = &checked.diagnostics[0];
        assert_eq!(d.code.as_str(), "syntax-error", "{text}");
        let got = d.hint.as_deref().unwrap_or_default();
        assert!(got.contains(hint), "{text:?}: hint {got:?}");
        let span = d.span.unwrap();
        if line_holds == "<end>" {
            assert_eq!(span.start.offset, text.len(), "{text:?}");
            assert_eq!(span.end.offset, span.start.offset, "{text:?}");
            continue;
        }
        let line = text.lines().nth(span.start.line - 1).unwrap();
        assert!(line.contains(line_holds), "{text:?}: line {line:?}");
        // One character is marked, not the rest of the line.
        assert_eq!(span.end.offset, span.start.offset + 1, "{text:?}: {span:?}");
    }
}

#[test]
fn unknown_values_are_led_back_by_case_name_or_meaning() {
    let party = |country: &str| {
        format!("party:\n  id: a\n  name: A\n  kind: company\n  country: {country}\n")
    };
    for (text, hint) in [
        (party("gb"), "write `GB`: values are case-sensitive"),
        (
            party("UK"),
            "write `GB`, the standard code for what `UK` names",
        ),
        (
            party("United Kingdom"),
            "did you mean `GB` (United Kingdom of Great Britain and Northern Ireland)?",
        ),
        // A description that is the whole text wins over one holding it.
        (party("Sudan"), "did you mean `SD` (Sudan)?"),
        (
            party("uk"),
            "write `GB`, the standard code for what `uk` names",
        ),
        (
            std::fs::read_to_string(cases_dir().join("unknown-value/renminbi.yaml"))
                .unwrap()
                .replace("currency: RMB", "currency: dollar"),
            "24 allowed values are described with the words `dollar`: write the one meant (the schema lists them)",
        ),
        (
            "party:\n  id: a\n  name: A\n  kind: Company\n  country: GB\n".to_owned(),
            "write `company`: values are case-sensitive",
        ),
        (
            std::fs::read_to_string(cases_dir().join("unknown-value/renminbi.yaml"))
                .unwrap()
                .replace("currency: RMB", "currency: CNY")
                .replace("[investment-funds]", "[oncology]"),
            "did you mean `radiotherapy` (Radiotherapy and radiation oncology services)?",
        ),
    ] {
        let checked = accord_ingest::check_bytes(Path::new("x.yaml"), text.as_bytes());
        let [d] = &checked.diagnostics[..] else {
            panic!("{text}: {:?}", checked.diagnostics)
        };
        assert_eq!(d.code, Code::UnknownValue, "{text}");
        assert_eq!(d.hint.as_deref(), Some(hint), "{text}");
    }
}

#[test]
fn colour_is_only_added_when_asked() {
    let loaded = load_case(&cases_dir().join("unknown-field"));
    let d = &loaded.diagnostics[0];
    let plain = render::human(d, loaded.file_text(&d.file), false);
    let coloured = render::human(d, loaded.file_text(&d.file), true);
    assert!(!plain.contains('\u{1b}'));
    assert!(coloured.contains("\u{1b}[1;31merror[unknown-field]"));
}

#[test]
fn json_output_is_valid_and_versioned() {
    let loaded = load_case(&cases_dir().join("dangling-reference"));
    let value: serde_json::Value =
        serde_json::from_str(&render::json(&loaded)).expect("valid JSON");
    assert_eq!(value["version"], 2);
    assert_eq!(value["summary"]["errors"], 2);
    assert_eq!(value["summary"]["notes"], 0);
    let d = &value["diagnostics"][0];
    assert_eq!(d["code"], "dangling-reference");
    assert_eq!(d["severity"], "error");
    assert!(d["span"]["start"]["line"].as_u64().unwrap() > 0);
    // One typo from a known id: the hint names it.
    let typo = &value["diagnostics"][1];
    assert_eq!(typo["message"], "no party has the id `bteta`");
    assert_eq!(
        typo["hint"],
        "did you mean `beta`? If not, add a party record with this id"
    );
}

#[test]
fn github_commands_escape_their_text() {
    let loaded = load_case(&cases_dir().join("unknown-field"));
    for d in &loaded.diagnostics {
        let line = render::github(d);
        assert!(line.starts_with("::error file=") || line.starts_with("::warning file="));
        assert_eq!(
            line.matches('\n').count(),
            1,
            "one command per line: {line}"
        );
    }
}
