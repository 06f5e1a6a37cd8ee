//! The libFuzzer driver: one binary for every target, chosen by the
//! `PLAUDER_FUZZ_TARGET` environment variable (`cargo xtask fuzz` sets it).
#![no_main]

use std::sync::OnceLock;

fn chosen() -> &'static fuzz::Target {
    static TARGET: OnceLock<&'static fuzz::Target> = OnceLock::new();
    TARGET.get_or_init(|| {
        let name = std::env::var("PLAUDER_FUZZ_TARGET").unwrap_or_default();
        fuzz::target(&name).unwrap_or_else(|| {
            let names: Vec<_> = fuzz::TARGETS.iter().map(|t| t.name).collect();
            eprintln!("set PLAUDER_FUZZ_TARGET to one of: {}", names.join(", "));
            std::process::exit(2)
        })
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| (chosen().run)(data));
