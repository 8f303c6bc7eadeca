//! Quick check of the exercise blocks in Markdown files, for writing content before the full
//! `rapport check` runs: `cargo run -p exercises --example selftest -- content/*.md`.

use exercises::{model::Exercise, run_selftests};

fn main() {
    let mut bad = 0;
    for path in std::env::args().skip(1) {
        let Ok(src) = std::fs::read_to_string(&path) else {
            eprintln!("{path}: cannot read");
            bad += 1;
            continue;
        };
        let mut block: Option<(usize, String)> = None;
        for (n, line) in src.lines().enumerate() {
            match &mut block {
                None if line.trim_start().starts_with("```exercise") => {
                    block = Some((n + 1, String::new()))
                }
                Some((start, body)) if line.trim_start().starts_with("```") => {
                    match toml::from_str::<Exercise>(body) {
                        Err(e) => {
                            eprintln!("{path}:{start}: bad exercise: {e}");
                            bad += 1;
                        }
                        Ok(ex) => {
                            for e in ex.validate() {
                                eprintln!(
                                    "{path}:{start}: {}: {} ({})",
                                    e.field, e.message, e.hint
                                );
                                bad += 1;
                            }
                            if let Exercise::Reply(r) = &ex {
                                for f in run_selftests(r) {
                                    let which = if f.index == usize::MAX {
                                        "model answer".to_string()
                                    } else {
                                        format!("selftest[{}]", f.index)
                                    };
                                    eprintln!(
                                        "{path}:{start}: {} {which}: {}",
                                        r.id,
                                        f.problems.join("; ")
                                    );
                                    bad += 1;
                                }
                            }
                            println!("{path}:{start}: {} ok", ex.id());
                        }
                    }
                    block = None;
                }
                Some((_, body)) => {
                    body.push_str(line);
                    body.push('\n');
                }
                None => {}
            }
        }
        if let Some((start, _)) = block {
            eprintln!("{path}:{start}: exercise block is never closed with ```");
            bad += 1;
        }
    }
    if bad > 0 {
        eprintln!("{bad} problem(s)");
        std::process::exit(1);
    }
}
