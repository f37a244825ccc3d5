//! Hostile and broken input: never a panic, never unbounded memory or time,
//! never a write to the input.

// Helpers outside `#[test]` functions unwrap too; a failure is a test failure.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use accord_ingest::{Code, LoadOptions};

fn codes(bytes: &[u8], name: &str) -> Vec<Code> {
    accord_ingest::check_bytes(Path::new(name), bytes)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

/// Runs `f` and fails if it takes longer than `limit`.
fn quickly<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    out
}

#[test]
fn a_byte_order_mark_is_accepted_and_positions_stay_right() {
    let text = "\u{feff}party:\n  id: x\n  name: X\n  kind: company\n  country: NOPE\n";
    let checked = accord_ingest::check_bytes(Path::new("bom.yaml"), text.as_bytes());
    let d = &checked.diagnostics[0];
    assert_eq!(d.code, Code::UnknownValue);
    let span = d.span.unwrap();
    assert_eq!((span.start.line, span.start.column), (5, 12));
    assert_eq!(&text[span.start.offset..span.end.offset], "NOPE");
}

#[test]
fn invalid_utf8_empty_and_random_bytes_give_diagnostics() {
    assert_eq!(
        codes(b"party:\n  name: Caf\xe9\n", "x.yaml"),
        [Code::InvalidUtf8]
    );
    assert_eq!(codes(b"", "x.yaml"), [Code::EmptyFile]);
    assert_eq!(
        codes(b"   \n# just a comment\n", "x.yaml"),
        [Code::EmptyFile]
    );
    assert_eq!(codes(b"", "x.toml"), [Code::EmptyFile]);
    // Deterministic noise: a simple generator, many lengths.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for len in [1usize, 7, 64, 511, 4096, 65536] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        for name in ["x.yaml", "x.json", "x.toml"] {
            let found = quickly(Duration::from_secs(5), || codes(&bytes, name));
            assert!(
                !found.is_empty(),
                "{len} random bytes as {name} were accepted"
            );
        }
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let flow = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(
        quickly(Duration::from_secs(5), || codes(
            flow.as_bytes(),
            "deep.yaml"
        )),
        [Code::SyntaxError]
    );
    let json = "{\"a\":".repeat(50_000) + "1" + &"}".repeat(50_000);
    assert_eq!(
        quickly(Duration::from_secs(5), || codes(
            json.as_bytes(),
            "deep.json"
        )),
        [Code::SyntaxError]
    );
    let block: String = (0..1500)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    assert_eq!(
        quickly(Duration::from_secs(10), || codes(
            block.as_bytes(),
            "deep.yaml"
        )),
        [Code::SyntaxError]
    );
    let toml = "a = ".to_owned() + &"[".repeat(10_000) + &"]".repeat(10_000);
    assert!(
        !quickly(Duration::from_secs(5), || codes(
            toml.as_bytes(),
            "deep.toml"
        ))
        .is_empty()
    );
}

#[test]
fn alias_bombs_stop_at_the_node_budget() {
    let mut lines = vec!["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_owned()];
    for i in 1..10u8 {
        let name = (b'a' + i) as char;
        let previous = (b'a' + i - 1) as char;
        lines.push(format!(
            "{name}: &{name} [{}]",
            vec![format!("*{previous}"); 9].join(", ")
        ));
    }
    let bomb = lines.join("\n");
    assert_eq!(
        quickly(Duration::from_secs(5), || codes(
            bomb.as_bytes(),
            "bomb.yaml"
        )),
        [Code::SyntaxError]
    );
}

#[test]
fn nested_anchors_are_charged_to_the_node_budget() {
    // No alias at all: each anchor keeps its own copy of everything inside
    // it, so a long list under many anchors would be copied once per level
    // (4 GB and 17 s for a 3.8 MB file before the copies were charged).
    let depth = 60;
    let list = vec!["0"; 500_000].join(",");
    let bomb = format!(
        "x: {}{list}{}\n",
        (0..depth).map(|i| format!("&a{i} [")).collect::<String>(),
        "]".repeat(depth)
    );
    let checked = quickly(Duration::from_secs(5), || {
        accord_ingest::check_bytes(Path::new("anchors.yaml"), bomb.as_bytes())
    });
    let d = &checked.diagnostics[0];
    assert_eq!(d.code, Code::SyntaxError);
    assert!(
        d.message.contains("the anchors up to here"),
        "{}",
        d.message
    );
    // The place is the innermost anchored list, the first copy too many.
    let span = d.span.unwrap();
    assert_eq!(span.start.line, 1);
    assert!(bomb[span.start.offset..].starts_with("&a59 [0,"));

    // 20,000 values under ten anchors: each level's copy is charged, and
    // the fifth, `&a5`, passes 100,000.
    let list = vec!["0"; 20_000].join(",");
    let nested = format!(
        "x: {}{list}{}\n",
        (0..10).map(|i| format!("&a{i} [")).collect::<String>(),
        "]".repeat(10)
    );
    let checked = accord_ingest::check_bytes(Path::new("nested.yaml"), nested.as_bytes());
    let span = checked.diagnostics[0].span.unwrap();
    assert!(nested[span.start.offset..].starts_with("&a5 ["));
    // Under one anchor the same list is copied once, which is fine.
    let single = format!("x: &a [{list}]\n");
    assert_eq!(
        codes(single.as_bytes(), "single.yaml"),
        [Code::UnknownRecordKind]
    );

    // A small anchor used a few times is fine.
    let text = "x: &a [1, 2]\ny: *a\nz: *a\n";
    assert!(
        !codes(text.as_bytes(), "small.yaml").contains(&Code::SyntaxError),
        "{:?}",
        codes(text.as_bytes(), "small.yaml")
    );
}

#[test]
fn a_json_file_must_be_json_though_yaml_would_read_it() {
    let party = |body: &str| format!("{{\"party\": {{\"id\": \"a\", \"name\": \"A\", {body}}}}}");
    // Each of these is a fine YAML flow mapping, and read as YAML before.
    for (body, message, at) in [
        (
            r#""kind": "company", "country": "NO","#,
            "a comma after the last item",
            ",}}",
        ),
        (
            r#"'kind': company, "country": "NO""#,
            "a key in double quotes",
            "'kind'",
        ),
        (
            r#""kind": company, "country": "NO""#,
            "expected a value",
            "company",
        ),
        (
            "\"kind\": \"company\", # a comment\n \"country\": \"NO\"",
            "a key in double quotes",
            "# a comment",
        ),
    ] {
        let text = party(body);
        assert!(
            codes(text.as_bytes(), "x.yaml").is_empty(),
            "{text}: YAML reads it"
        );
        let checked = accord_ingest::check_bytes(Path::new("x.json"), text.as_bytes());
        let [d] = &checked.diagnostics[..] else {
            panic!("{text}: {:?}", checked.diagnostics)
        };
        assert_eq!(d.code, Code::SyntaxError);
        assert!(d.message.contains(message), "{text}: {}", d.message);
        assert!(d.hint.as_deref().unwrap().contains("JSON"));
        let span = d.span.unwrap();
        assert!(
            text[span.start.offset..].starts_with(at),
            "{text}: {span:?}"
        );
        assert_eq!(span.end.offset, span.start.offset + 1, "one character");
    }
    // A missing comma (no YAML either) is named in plain words.
    let text = party(r#""kind": "company" "country": "NO""#);
    let checked = accord_ingest::check_bytes(Path::new("x.json"), text.as_bytes());
    let d = &checked.diagnostics[0];
    assert!(d.message.contains("is a comma missing"), "{}", d.message);
    assert!(text[d.span.unwrap().start.offset..].starts_with("\"country\""));
    // Where JSON's reader gives up for a reason the YAML route names
    // better, that route still speaks: a key twice, nesting too deep, no
    // record at all.
    assert_eq!(
        codes(br#"{"party": {"id": "a", "id": "b"}}"#, "x.json"),
        [Code::SyntaxError]
    );
    let deep = "[".repeat(200) + &"]".repeat(200);
    let checked = accord_ingest::check_bytes(Path::new("x.json"), deep.as_bytes());
    assert!(checked.diagnostics[0].message.contains("nested more than"));
    assert_eq!(codes(b" \n", "x.json"), [Code::EmptyFile]);
}

#[test]
fn duplicate_keys_and_several_documents_are_errors() {
    assert_eq!(
        codes(b"party:\n  id: a\n  id: b\n", "x.yaml"),
        [Code::SyntaxError]
    );
    assert_eq!(
        codes(b"{\"party\": {}, \"party\": {}}", "x.json"),
        [Code::SyntaxError]
    );
    assert_eq!(
        codes(b"[party]\nid = \"a\"\nid = \"b\"\n", "x.toml"),
        [Code::SyntaxError]
    );
    assert_eq!(
        codes(b"a: 1\n---\nb: 2\n", "x.yaml"),
        [Code::MultipleDocuments]
    );
}

#[test]
fn tags_and_odd_keys_are_refused_not_misread() {
    assert_eq!(
        codes(b"party: !!binary aGVsbG8=\n", "x.yaml"),
        [Code::SyntaxError]
    );
    assert_eq!(codes(b"? [a, b]\n: c\n", "x.yaml"), [Code::SyntaxError]);
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("accord-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_with_a_warning() {
    let dir = temp_dir("loop");
    std::fs::create_dir_all(dir.join("inner")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("inner/back")).unwrap();
    std::fs::write(
        dir.join("inner/p.yaml"),
        "party:\n  id: p\n  name: P\n  kind: company\n  country: GB\n",
    )
    .unwrap();
    let loaded = quickly(Duration::from_secs(5), || accord_ingest::load(&[&dir]));
    assert_eq!(loaded.dataset.parties.len(), 1);
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.code == Code::SkippedFile && d.message.contains("loops"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn large_files_are_refused_before_reading() {
    let dir = temp_dir("large");
    let path = dir.join("huge.yaml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(accord_ingest::MAX_FILE_SIZE + 1).unwrap();
    let loaded = quickly(Duration::from_secs(5), || accord_ingest::load(&[&path]));
    assert_eq!(loaded.diagnostics[0].code, Code::FileTooLarge);
    // Nor read afterwards to be quoted: there is no place to quote.
    assert!(loaded.file_text(&path).is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn loading_never_writes_to_the_input() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let snapshot = |dir: &Path| -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
        let mut files: Vec<_> = walk(dir)
            .into_iter()
            .map(|p| {
                let meta = std::fs::metadata(&p).unwrap();
                let bytes = std::fs::read(&p).unwrap();
                (p, bytes, meta.modified().unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot(&fixtures);
    let loaded = accord_ingest::load_with(&[&fixtures], &LoadOptions::default());
    assert!(!loaded.has_errors());
    assert_eq!(before, snapshot(&fixtures));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}

#[test]
fn inputs_that_once_crashed_stay_fixed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut checked = 0;
    for path in walk(&dir) {
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        // The fuzz target also checks the fast YAML reader and the JSON
        // position scanner against saphyr: a unit test in `parse.rs`
        // replays that part, as those checks are not public.
        for name in ["x.yaml", "x.json", "x.toml"] {
            let _ = quickly(Duration::from_secs(5), || {
                accord_ingest::check_bytes(Path::new(name), &bytes)
            });
        }
        checked += 1;
    }
    // The folder may be empty when fuzzing has found nothing; the README
    // says how it fills up.
    assert!(
        dir.join("README.md").exists(),
        "{checked} regression inputs and no README"
    );
}

#[test]
fn files_are_taken_in_name_order_folder_by_folder() {
    let dir = temp_dir("order");
    let names = [
        "a/x", "a-b/x", "a.b/x", "a b/x", "A/x", "é/x", "a/y/z", "a/y-z", "ab", "a0/x", "b",
    ];
    for name in names {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // A broken record and a file that is not one, so that both lists
        // of diagnostics show the order.
        std::fs::write(path.with_extension("yaml"), "party: [\n").unwrap();
        std::fs::write(path.with_extension("txt"), "notes\n").unwrap();
    }
    let walked: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file())
        .collect();
    let loaded = accord_ingest::load(&[&dir]);
    for (code, extension) in [(Code::SkippedFile, "txt"), (Code::SyntaxError, "yaml")] {
        let seen: Vec<&PathBuf> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| &d.file)
            .collect();
        let expected: Vec<&PathBuf> = walked
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == extension))
            .collect();
        assert_eq!(seen, expected);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// One node after another on a single long line, and nodes below a very
/// long key: positions must cost about the same per node however long the
/// line or key (they once took time in proportion to both, per node).
#[test]
fn long_lines_and_long_keys_stay_linear() {
    let items = vec!["1"; 150_000].join(",");
    let key = "k".repeat(300_000);
    let cases = [
        // An unknown kind, so that positions are worked out.
        ("line.yaml", format!("thing: [{items}]\n")),
        ("line.json", format!("{{\"thing\": [{items}]}}\n")),
        // A syntax error at the end, which serde_json names.
        ("broken.json", format!("{{\"thing\": [{items}]}} x\n")),
        ("line.toml", format!("thing = [{items}]\n")),
        // Non-ASCII text takes the slower character counting.
        ("wide.yaml", format!("thing: [\"é\", {items}]\n")),
        (
            "key.yaml",
            format!("{key}: [{}]\n", vec!["1"; 50_000].join(",")),
        ),
        (
            "key.json",
            format!("{{\"{key}\": [{}]}}\n", vec!["1"; 50_000].join(",")),
        ),
    ];
    for (name, text) in cases {
        let found = quickly(Duration::from_secs(10), || codes(text.as_bytes(), name));
        assert!(!found.is_empty(), "{name}: no diagnostic");
    }
}

#[test]
fn a_long_string_pasted_by_many_aliases_is_charged_for_its_bytes() {
    // One 500 KB anchored string pasted 2,000 times would copy 1 GB, with
    // only 2,001 nodes: text is charged by its length.
    let text = "x".repeat(500_000);
    let aliases = vec!["*s"; 2_000].join(", ");
    let bomb = format!("a: &s {text}\nb: [{aliases}]\n");
    let checked = quickly(Duration::from_secs(5), || {
        accord_ingest::check_bytes(Path::new("long.yaml"), bomb.as_bytes())
    });
    let d = &checked.diagnostics[0];
    assert_eq!(d.code, Code::SyntaxError);
    assert!(
        d.message.contains("the aliases up to here"),
        "{}",
        d.message
    );
    // A short anchored string may still be pasted a few times.
    let fine = "party:\n  id: &i alpha\n  name: *i\n  kind: company\n  country: GB\n";
    assert!(codes(fine.as_bytes(), "fine.yaml").is_empty());
}

#[test]
fn many_unknown_fields_cost_time_linear_in_their_number() {
    // 60,000 unknown fields in one file: each is one diagnostic, found
    // without comparing it with all the others (which took seconds).
    let mut text = "party:\n  id: a\n  name: A\n  kind: company\n  country: GB\n".to_owned();
    for i in 0..60_000 {
        text.push_str(&format!("  f{i}: x\n"));
    }
    let found = quickly(Duration::from_secs(10), || {
        codes(text.as_bytes(), "many.yaml")
    });
    assert_eq!(found.len(), 60_000);
    assert!(found.iter().all(|c| *c == Code::UnknownField));
}
