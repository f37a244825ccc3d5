//! The filters of `accord report` as a user types them, `accord list`, and
//! retrospective briefings (`--as-of` before some of the data's dates).

#![allow(clippy::unwrap_used)]

mod common;

use common::{accord, folder, names, text};

/// The HTML briefing of the fixtures with `args`, or the failure.
fn html(args: &[&str]) -> String {
    let mut all = vec!["report", "fixtures", "--format", "html", "-o", "-"];
    all.extend(args);
    let out = accord(&all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout).to_owned()
}

#[test]
fn an_unknown_filter_value_stops_the_run_with_the_nearest_values_and_writes_nothing() {
    let dir = folder("filters-unknown", &[]);
    let out_file = dir.join("b.html");
    let out = accord(&[
        "report",
        "fixtures",
        "--party",
        "elekat",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "accord: --party: `elekat` is not a party in the data\n  \
         = hint: did you mean `elekta` (Elekta)?\n  \
         = note: `accord list parties fixtures` lists every value\n"
    );
    assert!(names(&dir).is_empty());

    // Every refused value of every filter in one run, the party included
    // although the others were refused before the data was read.
    let out = accord(&[
        "report",
        "fixtures",
        "--region",
        "Chna",
        "--sector",
        "genomix",
        "--party",
        "elekat",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    for expected in [
        "accord: --region: `Chna` is not a known region\n  = hint: did you mean `CN` (China)?",
        "accord: --sector: `genomix` is not a sector\n  = hint: did you mean `genomics` (Genomics)?",
        "accord: --party: `elekat` is not a party in the data",
        "`accord list regions --all` lists every value",
        "`accord list sectors` lists every value",
    ] {
        assert!(stderr.contains(expected), "{expected}\n---\n{stderr}");
    }
    assert!(names(&dir).is_empty());
}

#[test]
fn a_name_that_fits_several_values_lists_them() {
    let out = accord(&["report", "fixtures", "--region", "Korea", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains(
            "`Korea` names 2 regions\n  = hint: write one of `KP` (Korea (Democratic People's Republic of)), `KR` (Korea (Republic of))"
        ),
        "{}",
        text(&out.stderr)
    );
    let out = accord(&["report", "fixtures", "--sector", "medical", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`medical` names ")
            && text(&out.stderr).contains("`12182` (Medical research)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_names_a_reader_types_select_what_the_codes_select() {
    let gb = html(&["--region", "GB"]);
    assert!(gb.contains("Region: United Kingdom"));
    for name in ["UK", "uk", "United Kingdom", "GBR", "826"] {
        assert_eq!(html(&["--region", name]), gb, "{name}");
    }
    let cn = html(&["--region", "CN"]);
    assert_eq!(html(&["--region", "China"]), cn);
    let liaoning = html(&["--region", "CN-LN"]);
    assert_ne!(liaoning, cn);
    assert_eq!(html(&["--region", "Liaoning"]), liaoning);
    let east_asia = html(&["--region", "030"]);
    assert_eq!(html(&["--region", "Eastern Asia"]), east_asia);

    let genomics = html(&["--sector", "genomics"]);
    assert!(genomics.contains("Sector: Genomics (with their sub-sectors)"));
    assert_eq!(html(&["--sector", "Genomics"]), genomics);
    assert_eq!(html(&["--sector", "GENOMICS"]), genomics);
    // A CRS category, by code or by name, rolls up every sector beneath it,
    // Accord's own included: genomics lies under 12182 under 121.
    let general = html(&["--sector", "121"]);
    assert!(general.contains("Sector: Health, general (with their sub-sectors)"));
    assert_eq!(html(&["--sector", "health, general"]), general);
    assert!(general.len() > genomics.len());

    let sinopharm = html(&["--party", "sinopharm-group"]);
    assert!(sinopharm.contains("Party: China National Pharmaceutical Group Co., Ltd."));
    for name in [
        "Sinopharm",
        "SINOPHARM GROUP",
        "China National Pharmaceutical Group Co., Ltd.",
    ] {
        assert_eq!(html(&["--party", name]), sinopharm, "{name}");
    }
}

#[test]
fn since_after_until_is_refused() {
    let out = accord(&[
        "report", "fixtures", "--since", "2019", "--until", "2018-06", "-o", "-",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "accord: --since 2019 is after --until 2018-06: no collaboration could be dated in both\n  \
         = hint: the period runs from --since to --until; did you mean `--since 2018-06 --until 2019`?\n"
    );
    // A period inside a year is fine: `2018` may fall in June or later.
    html(&["--since", "2018-06", "--until", "2018"]);
}

/// The first column of `accord list ARGS`.
fn listed(args: &[&str]) -> Vec<String> {
    let mut all = vec!["list"];
    all.extend(args);
    let out = accord(&all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect()
}

#[test]
fn list_prints_every_value_the_filters_take_and_report_takes_them_all() {
    let out = accord(&["list", "sectors"]);
    let sectors = text(&out.stdout);
    // The CRS tree, with Accord's sectors beneath the codes they belong to:
    // 120 Health > 121 Health, general > 12182 Medical research > research.
    assert!(sectors.starts_with("110 "), "{sectors}");
    assert!(sectors.contains("\n  121 "), "{sectors}");
    assert!(sectors.contains("\n    12182 "), "{sectors}");
    assert!(sectors.contains("\n        genomics "), "{sectors}");
    assert!(sectors.contains("Genomics\n"), "{sectors}");
    let counted = accord(&["list", "sectors", "fixtures"]);
    assert!(
        text(&counted.stdout).contains("Genomics, 3 collaborations\n"),
        "{}",
        text(&counted.stdout)
    );

    let parties = text(&accord(&["list", "parties"]).stdout).to_owned();
    assert!(
        parties.contains("\nelekta ") && parties.contains("Elekta (SE), 1 collaboration\n"),
        "{parties}"
    );
    assert!(
        parties.contains("also Sinopharm, Sinopharm Group"),
        "{parties}"
    );

    let regions = text(&accord(&["list", "regions"]).stdout).to_owned();
    for line in [
        "030     Eastern Asia (UN M49 region), 10 collaborations",
        "CN      China, 10 collaborations",
        "CN-LN   Liaoning Sheng (province of China), 1 collaboration",
    ] {
        assert!(regions.contains(line), "{line}\n---\n{regions}");
    }
    // Only the places of the data, unless --all.
    assert!(!regions.contains("\nKP "), "{regions}");
    let all = listed(&["regions", "--all"]);
    assert!(all.len() > 5000, "{}", all.len());
    assert!(all.iter().any(|v| v == "KP") && all.iter().any(|v| v == "US-GA"));

    // Each value listed is one `report` takes, all in one run.
    for (flag, args) in [
        ("--sector", vec!["sectors"]),
        ("--party", vec!["parties"]),
        ("--region", vec!["regions"]),
    ] {
        let mut run = vec!["report", "fixtures", "--format", "html", "-o", "-"];
        let values = listed(&args);
        assert!(!values.is_empty());
        for value in &values {
            run.push(flag);
            run.push(value);
        }
        let out = accord(&run);
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", text(&out.stderr));
    }
}

const PARTY_A: &str = "party:\n  id: alpha\n  name: Alpha\n  kind: company\n  country: GB\n";
const PARTY_B: &str = "party:\n  id: beta\n  name: Beta\n  kind: company\n  country: CN\n";

fn agreement(id: &str, signed: &str, source: &str) -> String {
    format!(
        "agreement:\n  id: {id}\n  title: Agreement {id}\n  kind: collaboration-agreement\n  status: signed\n  \
         summary: The two work together.\n  parties:\n    - party: alpha\n      role: partner\n    \
         - party: beta\n      role: partner\n  sectors: [genomics]\n  places:\n    - country: CN\n  \
         dates:\n    signed: \"{signed}\"\n  sources:\n    - source: {source}\n"
    )
}

fn source(id: &str, published: &str) -> String {
    format!(
        "source:\n  id: {id}\n  title: Source {id}\n  kind: news-article\n  published: \"{published}\"\n  url: https://example.org/{id}\n"
    )
}

#[test]
fn list_reads_the_data_like_validate_does() {
    let out = accord(&["list", "parties", "no-such-folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read `no-such-folder`"));

    let broken = folder(
        "list-broken",
        &[
            ("alpha.yaml", PARTY_A),
            (
                "beta.yaml",
                "party:\n  id: beta\n  nmae: Beta\n  kind: company\n  country: CN\n",
            ),
        ],
    );
    let out = accord(&["list", "parties", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "alpha  Alpha (GB), 0 collaborations\n");
    assert!(
        text(&out.stderr).contains("the data has 1 error"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_retrospective_briefing_leaves_out_later_records_the_filters_leave_out() {
    let dir = folder("retrospective", &[]);
    let out_file = dir.join("b.html");
    let out = accord(&[
        "report",
        "fixtures",
        "--as-of",
        "2018-12-31",
        "--until",
        "2018",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("note: 4 records dated after 2018-12-31, outside this briefing's filters, are left out: `agreement/elekta-sinopharm-radiotherapy-jv`"),
        "{stderr}"
    );
    let page = std::fs::read_to_string(&out_file).unwrap();
    assert!(!page.contains("Elekta–Sinopharm radiotherapy joint venture"));
    assert!(page.contains("Medopad"));
    assert!(page.contains("4 records dated after 2018-12-31"));
    assert!(
        page.contains("This briefing covers 11 of the 12 collaborations in the data"),
        "counts without the later records"
    );

    // Without --until the later agreements are in the briefing: each is an
    // error with its record and place, and nothing is written.
    std::fs::remove_file(&out_file).unwrap();
    let out = accord(&[
        "report",
        "fixtures",
        "--as-of",
        "2018-12-31",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "error[future-date]: agreement `elekta-sinopharm-radiotherapy-jv`: `announced` (2023-03-14) is after 2018-12-31, the briefing's date\n  --> fixtures/agreements/elekta-sinopharm-radiotherapy-jv.yaml:28:14"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("narrow the filters (such as `--until 2018-12-31`)"));
    assert!(stderr.ends_with(
        "accord: the briefing includes records dated after its date (2018-12-31); no briefing was written\n"
    ));
    assert!(names(&dir).is_empty());
}

#[test]
fn a_later_source_or_party_blocks_only_through_an_agreement_the_filters_keep() {
    let data = folder(
        "retrospective-sources",
        &[
            ("parties/alpha.yaml", PARTY_A),
            ("parties/beta.yaml", PARTY_B),
            (
                "agreements/early.yaml",
                &agreement("early", "2018-05", "early-news"),
            ),
            (
                "agreements/late.yaml",
                &agreement("late", "2020-02", "late-news"),
            ),
            (
                "sources/early-news.yaml",
                &source("early-news", "2018-05-02"),
            ),
            ("sources/late-news.yaml", &source("late-news", "2020-02-03")),
        ],
    );
    let data = data.to_str().unwrap();
    let kept = accord(&[
        "report",
        data,
        "--as-of",
        "2018-12-31",
        "--until",
        "2018",
        "--format",
        "html",
        "-o",
        "-",
    ]);
    assert_eq!(kept.status.code(), Some(0), "{}", text(&kept.stderr));
    assert!(
        text(&kept.stderr).contains("2 records dated after 2018-12-31, outside this briefing's filters, are left out: `agreement/late`, `source/late-news`"),
        "{}",
        text(&kept.stderr)
    );
    assert!(text(&kept.stdout).contains("Agreement early"));

    // The early agreement now cites the later source: it blocks, named
    // with the agreement that brings it in; the later agreement does not.
    let data = folder(
        "retrospective-sources-cited",
        &[
            ("parties/alpha.yaml", PARTY_A),
            ("parties/beta.yaml", PARTY_B),
            (
                "agreements/early.yaml",
                &agreement("early", "2018-05", "late-news"),
            ),
            (
                "agreements/late.yaml",
                &agreement("late", "2020-02", "late-news"),
            ),
            ("sources/late-news.yaml", &source("late-news", "2020-02-03")),
        ],
    );
    let out = accord(&[
        "report",
        data.to_str().unwrap(),
        "--as-of",
        "2018-12-31",
        "--until",
        "2018",
        "--format",
        "html",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "error[future-date]: source `late-news`: `published` (2020-02-03) is after 2018-12-31"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("the briefing includes it through `early`"),
        "{stderr}"
    );
    assert!(!stderr.contains("agreement `late`"), "{stderr}");
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
}

/// An agreement kept only because its loose date ("on or before 5 March
/// 2020") overlaps the period does not hold a retrospective briefing back
/// through a later source: it is left out with that source, never printed
/// without it.
#[test]
fn an_agreement_kept_by_overlap_leaves_with_its_later_source() {
    let loose = agreement("loose", "2018-01", "late-news").replace(
        "    signed: \"2018-01\"\n",
        "    signed:\n      on_or_before: \"2020-03-05\"\n      inferred: the item reports it as already signed\n",
    );
    let data = folder(
        "retrospective-loose",
        &[
            ("parties/alpha.yaml", PARTY_A),
            ("parties/beta.yaml", PARTY_B),
            (
                "agreements/early.yaml",
                &agreement("early", "2018-05", "early-news"),
            ),
            ("agreements/loose.yaml", &loose),
            (
                "sources/early-news.yaml",
                &source("early-news", "2018-05-02"),
            ),
            ("sources/late-news.yaml", &source("late-news", "2020-03-05")),
        ],
    );
    let out = accord(&[
        "report",
        data.to_str().unwrap(),
        "--as-of",
        "2018-12-31",
        "--until",
        "2018",
        "--format",
        "html",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("2 records dated after 2018-12-31, outside this briefing's filters, are left out: `agreement/loose`, `source/late-news`"),
        "{stderr}"
    );
    let page = text(&out.stdout);
    assert!(page.contains("Agreement early"));
    assert!(
        !page.contains("Agreement loose"),
        "printed without its source"
    );
    assert!(!page.contains("missing source"));
}
