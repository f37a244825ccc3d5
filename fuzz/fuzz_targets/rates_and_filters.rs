//! Any bytes, read as an exchange-rate table or typed as a filter value
//! (`--region`, `--sector`, `--since`), must give a table or clear
//! problems, never a panic or a hang. The rate reader is the command's own
//! module, compiled in here as it is in the binary.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../cli/src/rates.rs"]
#[allow(dead_code)]
mod rates;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = rates::parse("fuzz.csv", data) {
        // Every rate the reader lets through converts without a panic.
        for (_, rate) in &table.rates {
            let _ = rate.checked_mul(rust_decimal::Decimal::MAX);
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = accord_report::RegionFilter::parse(text);
        let _ = accord_report::find_sector(text);
        let _ = accord_report::parse_date(text);
    }
});
