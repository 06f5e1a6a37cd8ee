//! Writes every target's seeds to `<dir>/<target>/seed-<n>` (for
//! `cargo xtask fuzz`, which starts libFuzzer from them), and prints the
//! targets' names, one per line, in order.

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: fuzz-seeds <dir>");
        std::process::exit(2)
    };
    for target in fuzz::TARGETS {
        let folder = dir.join(target.name);
        let written = std::fs::create_dir_all(&folder).and_then(|()| {
            (target.seeds)()
                .iter()
                .enumerate()
                .try_for_each(|(n, seed)| std::fs::write(folder.join(format!("seed-{n}")), seed))
        });
        println!("{}", target.name);
        if let Err(err) = written {
            eprintln!("fuzz-seeds: cannot write {}: {err}", folder.display());
            std::process::exit(1)
        }
    }
}
