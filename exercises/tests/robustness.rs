//! The grader never panics and never points outside the reply, whatever the learner types.
//!
//! Property tests over arbitrary Unicode (control characters, right-to-left text, emoji, lone
//! combining marks…), plus the fixed cases a browser will meet: nothing at all, and a megabyte
//! pasted in. Every span must be a char-boundary range of the reply, and its UTF-16 offsets
//! must slice the same text out of the reply's UTF-16 form (that is how the browser highlights).

use exercises::model::{Exercise, ReplyExercise, Verdict};
use exercises::{analyze, grade, grade_json, signals_json, Context};
use proptest::prelude::*;

const EXERCISE: &str = r#"{"kind":"reply","id":"robust","title":"Robust",
 "customer":{"name":"Dana Lee","message":"Firefox crashes every time I open a PDF since the update."},
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
  {"id":"m","label":"m","check":"mentions","terms":["safe mode","pdf"],"points":1,"good":"","fix":""},
  {"id":"pr","label":"pr","check":"promise","penalty":1,"good":"","fix":""},
  {"id":"f","label":"f","check":"forbidden","penalty":2,"good":"","fix":""}],
 "pass":5,"model_answer":""}"#;

fn exercise() -> ReplyExercise {
    match serde_json::from_str::<Exercise>(EXERCISE) {
        Ok(Exercise::Reply(r)) => r,
        other => panic!("test exercise does not parse: {other:?}"),
    }
}

/// Every span of the verdict is a valid slice of `reply`, in bytes and in UTF-16 units alike.
fn assert_spans_valid(reply: &str, v: &Verdict) {
    let utf16: Vec<u16> = reply.encode_utf16().collect();
    let spans = v
        .criteria
        .iter()
        .flat_map(|c| c.spans.iter())
        .chain(v.marks.iter().map(|m| &m.span));
    for s in spans {
        assert!(
            s.start <= s.end && s.end <= reply.len(),
            "{s:?} outside the reply"
        );
        let text = reply
            .get(s.start..s.end)
            .unwrap_or_else(|| panic!("{s:?} is not on char boundaries"));
        assert!(
            s.u16_start <= s.u16_end && s.u16_end <= utf16.len(),
            "{s:?}"
        );
        assert_eq!(
            String::from_utf16_lossy(&utf16[s.u16_start..s.u16_end]),
            text,
            "UTF-16 span {s:?} differs"
        );
    }
    for m in &v.marks {
        assert_eq!(reply.get(m.span.start..m.span.end), Some(m.text.as_str()));
    }
}

fn check(reply: &str) {
    let v = grade(&exercise(), reply);
    assert_spans_valid(reply, &v);
    for f in analyze(reply, Context::default()).findings {
        assert!(reply.get(f.range.clone()).is_some(), "{f:?}");
    }
    let line = signals_json(&serde_json::json!("x"), "a customer", reply, true);
    assert!(
        serde_json::from_str::<serde_json::Value>(&line).is_ok(),
        "{line}"
    );
}

/// Pieces a reply may be made of: words and cue phrases the rules look for, and the characters
/// that break naive text handling.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "\\PC{0,12}",
        2 => "[a-zA-Z' ]{1,12}",
        1 => Just("\u{202E}\u{05E9}\u{05DC}\u{05D5}\u{05DD} ".to_string()),
        1 => Just("\u{0301}".to_string()),
        1 => Just("\u{200D}\u{FE0F}👩‍💻🏳️‍🌈 ".to_string()),
        1 => Just("\r\n\t\u{0}\u{7}\u{1B}[0m".to_string()),
        1 => Just("https://example.org/a?b=\u{e9}".to_string()),
        1 => Just("> quoted line\n".to_string()),
        1 => Just("\nQUOTE\n".to_string()),
        1 => Just("\nEND QUOTE\n".to_string()),
        1 => Just(" \u{201C}quoted words in curly quotes here\u{201D} ".to_string()),
        1 => Just("\n...Oskar\np.s. ".to_string()),
        1 => Just(" -Priya 2/2".to_string()),
        1 => Just("Hi Dana, ".to_string()),
        1 => Just("I don\u{2019}t know, ".to_string()),
        1 => Just("please try, ".to_string()),
        1 => Just("1. Open the menu\n".to_string()),
        1 => Just("Settings > Privacy ".to_string()),
        1 => Just("will be fixed by Friday. ".to_string()),
        1 => Just("Hope this helps! ".to_string()),
        1 => Just("e.g. ".to_string()),
        1 => Just("(1/2) ".to_string()),
        1 => Just("?!…。？".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_never_panics(reply in "\\PC*") {
        check(&reply);
    }

    #[test]
    fn any_chars_at_all_never_panic(reply in any::<String>()) {
        check(&reply);
    }

    #[test]
    fn mixed_cues_and_hostile_characters(pieces in prop::collection::vec(piece(), 0..40)) {
        check(&pieces.concat());
    }

    /// The verdict JSON written by hand (exercises::wire, what the browser gets) is the JSON
    /// serde writes for the same verdict, whatever the reply holds (quotes, control characters,
    /// astral planes all end up in feedback and marks).
    #[test]
    fn the_hand_written_verdict_is_serdes_verdict(pieces in prop::collection::vec(piece(), 0..30)) {
        let reply = pieces.concat();
        let out: serde_json::Value =
            serde_json::from_str(&grade_json(EXERCISE, &reply)).expect("grade_json returns JSON");
        let direct = serde_json::to_value(grade(&exercise(), &reply)).expect("verdict serializes");
        prop_assert_eq!(&out["ok"], &direct);
    }

    #[test]
    fn malformed_exercises_are_reported_not_thrown(ex in "\\PC*", reply in "\\PC{0,40}") {
        let out = grade_json(&ex, &reply);
        let v: serde_json::Value = serde_json::from_str(&out).expect("grade_json returns JSON");
        prop_assert!(v.get("ok").is_some() || v.get("error").is_some());
    }
}

#[test]
fn empty_and_blank_replies() {
    for reply in [
        "", " ", "\n\n", "\u{0}", "\u{301}", "-", "^", "...", "> ", "QUOTE", "1/2",
    ] {
        check(reply);
        let v = grade(&exercise(), reply);
        assert_eq!(v.score, 0, "{reply:?}");
    }
}

#[test]
fn a_megabyte_reply_is_read_up_to_the_cap() {
    let unit = "Hi Dana, I\u{2019}m sorry \u{1F600}. Please try Safe Mode, then open Settings > \
                Privacy. \u{05E9}\u{05DC}\u{05D5}\u{05DD} e\u{301} Hope this helps!\n";
    let big = unit.repeat((1 << 20) / unit.len() + 1);
    assert!(big.len() >= 1 << 20);
    let v = grade(&exercise(), &big);
    assert!(v.truncated_at.is_some_and(|at| big.is_char_boundary(at)));
    assert_spans_valid(&big, &v);
    // One endless sentence of cue words and commas, and no spaces at all.
    check(&"please visit, try, you need to, sorry, if you need anything, ".repeat(20_000));
    check(&"é".repeat(600_000));
}

#[test]
fn grade_json_agrees_with_grade() {
    let reply = "Hi Dana, sorry! Please try Safe Mode.";
    let out: serde_json::Value = serde_json::from_str(&grade_json(EXERCISE, reply)).expect("JSON");
    let direct = serde_json::to_value(grade(&exercise(), reply)).expect("verdict serializes");
    assert_eq!(out["ok"], direct);
}
