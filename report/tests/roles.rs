//! A party that holds several roles is listed once in the briefing, with
//! every role and each role's own mark.

use std::path::PathBuf;

use accord_report::{Options, PdfOptions};

const RECORDS: &[(&str, &str)] = &[
    (
        "eximbank.yaml",
        "party:\n  id: eximbank\n  name: Export-Import Bank\n  kind: state-owned-enterprise\n  country: CN\n",
    ),
    (
        "port.yaml",
        "party:\n  id: port-authority\n  name: Port Authority\n  kind: state-owned-enterprise\n  country: JM\n",
    ),
    (
        "source.yaml",
        "source:\n  id: notice\n  title: A loan notice\n  kind: news-article\n  published: \"2016-05-01\"\n  url: https://example.org/loan\n",
    ),
    (
        "loan.yaml",
        "agreement:\n  id: port-loan\n  title: Loan for port equipment\n  kind: concessional-loan\n  status: signed\n  \
         summary: The bank lends for the port's equipment.\n  parties:\n    - party: eximbank\n      role: lender\n    \
         - party: port-authority\n      roles:\n        - borrower\n        - value: implementing-agency\n          \
         inferred: The authority runs the equipment the loan buys.\n  sectors: [pharmaceuticals]\n  sources:\n    - source: notice\n",
    ),
];

#[test]
fn every_role_of_a_party_is_printed_with_its_mark() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-roles");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a folder for the records");
    for (name, text) in RECORDS {
        std::fs::write(dir.join(name), text).expect("a record written");
    }
    let loaded = accord_ingest::load(&[dir]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let briefing = accord_report::briefing(&loaded.dataset, &Options::default());
    let html = accord_report::html(&briefing);
    assert!(
        html.contains("Port Authority (borrower, implementing agency†)"),
        "{html}"
    );
    assert!(html.contains("Export-Import Bank (lender)"), "{html}");
    assert!(html.contains("Concessional loan"), "{html}");
    // The port authority is one party, not two.
    assert_eq!(html.matches("Port Authority (").count(), 1, "{html}");
    accord_report::pdf(&briefing, &PdfOptions::default()).expect("the PDF renders");
}
