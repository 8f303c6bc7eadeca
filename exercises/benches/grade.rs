//! How fast the grader is, in figures: `cargo bench -p exercises --bench grade [-- DEV.jsonl]`.
//!
//! Prints, natively and in release:
//! - replies graded per second over the labelled dev set (`$RAPPORT_EVAL`, the first argument,
//!   or /work/shared/eval/dev.jsonl; a built-in sample when none is found);
//! - the time to grade a 100-word reply (target: at most 0.1 ms);
//! - the time to grade a 1 MB reply, ordinary and adversarial (target: under 50 ms; the analysis
//!   reads the first 200 KB).
//!
//! No timing assertions: machines differ, figures are for reading. Each figure is the fastest of
//! five batches, which keeps it steady on a shared machine. Plain `std::time`, so the bench
//! costs no dependency.

use exercises::grade::grade;
use exercises::model::{Exercise, ReplyExercise};
use std::hint::black_box;
use std::time::{Duration, Instant};

const EXERCISE: &str = r#"{"kind":"reply","id":"bench","title":"Bench",
 "customer":{"name":"Dana Lee","message":"Firefox crashes every time I open a PDF since yesterday's update, and I lose my open tabs."},
 "criteria":[
  {"id":"g","label":"g","check":"greeting","points":1,"good":"","fix":""},
  {"id":"n","label":"n","check":"greets_by_name","points":1,"good":"","fix":""},
  {"id":"t","label":"t","check":"thanks","points":1,"good":"","fix":""},
  {"id":"a","label":"a","check":"apology","points":1,"good":"","fix":""},
  {"id":"e","label":"e","check":"empathy","points":1,"good":"","fix":""},
  {"id":"s","label":"s","check":"steps","points":1,"good":"","fix":""},
  {"id":"q","label":"q","check":"question","points":1,"good":"","fix":""},
  {"id":"c","label":"c","check":"closing","points":1,"good":"","fix":""},
  {"id":"p","label":"p","check":"paraphrase","points":1,"good":"","fix":""},
  {"id":"m","label":"m","check":"mentions","terms":["safe mode","pdf viewer","troubleshoot"],"points":1,"good":"","fix":""},
  {"id":"pr","label":"pr","check":"promise","penalty":1,"good":"","fix":""},
  {"id":"f","label":"f","check":"forbidden","penalty":2,"good":"","fix":""}],
 "pass":5,"model_answer":""}"#;

const HUNDRED_WORDS: &str = "Hi Dana,\n\nI'm so sorry Firefox keeps crashing when you open a PDF; losing your tabs on top of that must be really frustrating. It sounds like the built-in PDF viewer is failing since the update. Could you try this:\n\n1. Open the menu and choose Settings.\n2. Under Applications, set PDF to \"Open in Firefox\" again.\n3. Restart Firefox in Troubleshoot Mode and open the PDF.\n\nIf it still crashes, please post the crash ID from about:crashes so we can look deeper. Which version of Windows are you on?\n\nHope this helps!\n-Sam";

fn main() {
    let Ok(Exercise::Reply(ex)) = serde_json::from_str::<Exercise>(EXERCISE) else {
        eprintln!("the bench exercise does not parse");
        std::process::exit(1);
    };
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .or_else(|| std::env::var("RAPPORT_EVAL").ok())
        .unwrap_or_else(|| "/work/shared/eval/dev.jsonl".into());
    let replies = dev_replies(&path);

    println!("grader speed (native, release)\n");
    let (n, took) = repeat(Duration::from_secs(2), || {
        for r in &replies {
            black_box(grade(&ex, black_box(r)));
        }
        replies.len()
    });
    let words: usize = replies.iter().map(|r| r.split_whitespace().count()).sum();
    println!(
        "dev set: {} replies ({} words on average): {:.0} replies/s, {:.1} µs per reply",
        replies.len(),
        words / replies.len().max(1),
        n as f64 / took.as_secs_f64(),
        took.as_secs_f64() * 1e6 / n as f64
    );

    let words100 = HUNDRED_WORDS.split_whitespace().count();
    let per = time_per_call(&ex, HUNDRED_WORDS, Duration::from_secs(1));
    println!(
        "{words100}-word reply: {:.3} ms per grade (target <= 0.1 ms)",
        per.as_secs_f64() * 1e3
    );

    for (name, big) in big_replies() {
        let per = time_per_call(&ex, &big, Duration::from_secs(2));
        println!(
            "1 MB reply, {name}: {:.1} ms per grade (target < 50 ms)",
            per.as_secs_f64() * 1e3
        );
    }
}

/// The replies of a labelled JSONL file, or a built-in sample when it cannot be read.
fn dev_replies(path: &str) -> Vec<String> {
    let replies: Vec<String> = std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("reply")?.as_str().map(str::to_string))
        .collect();
    if replies.is_empty() {
        println!("({path} not found: timing a built-in sample instead)");
        return vec![
            HUNDRED_WORDS.to_string(),
            "@customer Sorry about that! Please DM us your order number. ^KL".into(),
            "Hi there, we're unable to change that. Have a great day!".into(),
        ];
    }
    replies
}

/// One megabyte of text, three ways: real prose, one endless sentence full of cue words and
/// commas (the worst case for clause-by-clause rules), and no spaces at all.
fn big_replies() -> Vec<(&'static str, String)> {
    const MB: usize = 1 << 20;
    let prose = HUNDRED_WORDS.repeat(MB / HUNDRED_WORDS.len() + 1);
    let clauses = "please visit, try, you need to, sorry, thanks, hope, if you need anything, "
        .repeat(MB / 80 + 1);
    let blob = "a".repeat(MB);
    vec![
        ("prose", prose),
        ("one endless sentence", clauses),
        ("no spaces", blob),
    ]
}

fn time_per_call(ex: &ReplyExercise, reply: &str, budget: Duration) -> Duration {
    let (n, took) = repeat(budget, || {
        black_box(grade(ex, black_box(reply)));
        1
    });
    took / n as u32
}

/// Runs `f` in five batches sharing `budget` (each at least three calls) and returns the work
/// done and the time taken by the fastest batch: on a shared machine the fastest batch is the
/// one least disturbed by other work.
fn repeat(budget: Duration, mut f: impl FnMut() -> usize) -> (usize, Duration) {
    f(); // warm up: patterns are parsed once per process
    let mut best: Option<(usize, Duration)> = None;
    for _ in 0..5 {
        let start = Instant::now();
        let mut n = 0;
        let mut rounds = 0;
        while rounds < 3 || start.elapsed() < budget / 5 {
            n += f();
            rounds += 1;
        }
        let took = start.elapsed();
        let per = took.as_secs_f64() / n as f64;
        if best.is_none_or(|(bn, bt)| per < bt.as_secs_f64() / bn as f64) {
            best = Some((n, took));
        }
    }
    best.unwrap_or((1, Duration::ZERO))
}
