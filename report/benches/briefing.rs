//! How long a briefing takes, from a dataset in memory, on generated
//! datasets of 1,000 and 10,000 collaborations: the view model, the HTML
//! and the PDF. `scripts/bench-report.sh` compares the whole command with
//! headless Chromium printing the same briefing's HTML.
//!
//! Run with `cargo bench -p accord-report`.

use accord_report::{Options, PdfOptions};

fn main() {
    divan::main();
}

#[divan::bench(args = [1_000, 10_000], sample_count = 5, sample_size = 1)]
fn view(bencher: divan::Bencher<'_, '_>, agreements: usize) {
    let dataset = accord_synth::dataset(agreements, 1);
    bencher.bench_local(|| accord_report::briefing(&dataset, &Options::default()));
}

#[divan::bench(args = [1_000, 10_000], sample_count = 5, sample_size = 1)]
fn html(bencher: divan::Bencher<'_, '_>, agreements: usize) {
    let dataset = accord_synth::dataset(agreements, 1);
    let briefing = accord_report::briefing(&dataset, &Options::default());
    bencher.bench_local(|| accord_report::html(&briefing));
}

#[divan::bench(args = [1_000, 10_000], sample_count = 5, sample_size = 1)]
fn pdf(bencher: divan::Bencher<'_, '_>, agreements: usize) {
    let dataset = accord_synth::dataset(agreements, 1);
    let briefing = accord_report::briefing(&dataset, &Options::default());
    bencher.bench_local(|| accord_report::pdf(&briefing, &PdfOptions::default()));
}
