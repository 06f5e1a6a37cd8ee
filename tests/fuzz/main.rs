//! Replays every fuzz target's seeds and the inputs kept under
//! `tests/fixtures/fuzz/<target>/`: each crash `cargo xtask fuzz` ever found
//! stays a regression test here.

use std::path::Path;

fn kept(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/fuzz")
        .join(target);
    let Ok(files) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut kept: Vec<_> = files
        .filter_map(|f| f.ok().map(|f| f.path()))
        .map(|path| {
            let bytes = std::fs::read(&path).expect("a kept input reads");
            (path.display().to_string(), bytes)
        })
        .collect();
    kept.sort();
    kept
}

#[test]
fn every_target_holds_on_its_seeds_and_kept_inputs() {
    for target in fuzz::TARGETS {
        for seed in (target.seeds)() {
            (target.run)(&seed);
        }
        for (path, input) in kept(target.name) {
            let outcome = std::panic::catch_unwind(|| (target.run)(&input));
            assert!(outcome.is_ok(), "{}: {path} fails again", target.name);
        }
    }
}

#[test]
fn the_kept_inputs_belong_to_targets() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/fuzz");
    for folder in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = folder.file_name().to_string_lossy().into_owned();
        assert!(
            fuzz::target(&name).is_some(),
            "tests/fixtures/fuzz/{name} is no target"
        );
    }
}
