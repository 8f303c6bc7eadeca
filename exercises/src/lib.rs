//! rapport's exercise engine: what an exercise is ([`model`]), what a reply shows
//! ([`analysis`]), and how a rubric turns that into a verdict ([`mod@grade`]).
//!
//! No I/O, no clock, no randomness: the same reply gets the same verdict natively and in the
//! browser (through the `wasm` feature).

pub mod analysis;
pub mod grade;
pub mod model;
#[cfg(feature = "wasm")]
mod wasm;
mod wire;

pub use analysis::{analyze, Analysis, Context, Ffp, Signal};
pub use grade::{grade, run_selftests, SelfTestFailure};
pub use model::{Exercise, ReplyExercise, Verdict};

/// JSON in, JSON out: the exact function the browser calls, also used natively to prove that
/// both targets agree. Returns `{"ok": verdict}` or `{"error": "..."}`.
pub fn grade_json(exercise_json: &str, reply: &str) -> String {
    match wire::read_exercise(exercise_json) {
        Ok(wire::Wire::Reply(ex)) => wire::write_verdict(&grade(&ex, reply)),
        Ok(wire::Wire::Choice) => {
            wire::write_error("choice exercises are checked without the grader")
        }
        Err(e) => wire::write_error(&format!("exercise data is not valid: {e}")),
    }
}

/// The signals of one reply in the flat schema of the labelled dev set, as one line of JSON:
/// `{"id", "greeting", "greets_by_name", "thanks", "apology", "empathy", "steps", "question",
/// "closing", "promise", "ffp": [...]}`, plus `"spans"` when asked. Used by `rapport analyze`.
///
/// A struct, not a map, so that the keys keep this order without serde_json's `preserve_order`
/// (which would weigh on the WASM for every other use of JSON).
pub fn signals_json(id: &serde_json::Value, customer: &str, reply: &str, spans: bool) -> String {
    let customer = (!customer.trim().is_empty()).then_some(customer);
    let a = analyze(
        reply,
        Context {
            customer_name: None,
            customer_message: customer,
        },
    );
    let line = SignalsLine {
        id,
        greeting: a.has(Signal::Greeting),
        greets_by_name: a.has(Signal::GreetsByName),
        thanks: a.has(Signal::Thanks),
        apology: a.has(Signal::Apology),
        empathy: a.has(Signal::Empathy),
        steps: a.has(Signal::Steps),
        question: a.has(Signal::Question),
        closing: a.has(Signal::Closing),
        promise: a.has(Signal::Promise),
        ffp: a.ffp().into_iter().map(Ffp::key).collect(),
        spans: spans.then(|| {
            a.findings
                .iter()
                .map(|f| SpanLine {
                    signal: f.signal.key(),
                    start: f.range.start,
                    end: f.range.end,
                    text: reply.get(f.range.clone()).unwrap_or_default(),
                })
                .collect()
        }),
    };
    serde_json::to_string(&line).unwrap_or_default()
}

#[derive(serde::Serialize)]
struct SignalsLine<'a> {
    id: &'a serde_json::Value,
    greeting: bool,
    greets_by_name: bool,
    thanks: bool,
    apology: bool,
    empathy: bool,
    steps: bool,
    question: bool,
    closing: bool,
    promise: bool,
    ffp: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spans: Option<Vec<SpanLine<'a>>>,
}

#[derive(serde::Serialize)]
struct SpanLine<'a> {
    signal: &'static str,
    start: usize,
    end: usize,
    text: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPLY: &str = r#"{"kind":"reply","id":"x","title":"X","prompt":"p",
      "customer":{"name":"Dana","message":"It crashes."},
      "criteria":[{"id":"g","label":"g","check":"greeting","points":1,"good":"","fix":""}],
      "pass":1,"model_answer":"Hi Dana.","selftest":[{"reply":"Hi","expect":"pass"}]}"#;

    fn read(json: &str) -> ReplyExercise {
        match wire::read_exercise(json) {
            Ok(wire::Wire::Reply(r)) => *r,
            Ok(wire::Wire::Choice) => panic!("read as a choice"),
            Err(e) => panic!("does not read: {e}"),
        }
    }

    #[test]
    fn the_wire_reader_reads_what_serde_reads() {
        let Ok(Exercise::Reply(want)) = serde_json::from_str::<Exercise>(REPLY) else {
            panic!("test exercise does not parse");
        };
        assert_eq!(read(REPLY), want);
        // What the generator writes for the page reads back the same.
        let page = serde_json::to_string(&Exercise::Reply(want.clone())).expect("serializes");
        assert_eq!(read(&page), want);
        // Escapes, surrogate pairs, nulls for absent options, whitespace everywhere.
        let tricky = REPLY
            .replacen(
                r#""name":"Dana""#,
                r#" "name" : "D\u00e1na \ud83d\ude00 \"q\" \\ \/ \t" "#,
                1,
            )
            .replacen(
                r#""points":1"#,
                r#""points":1,"penalty":null,"terms":["a\nb"]"#,
                1,
            );
        let Ok(Exercise::Reply(want)) = serde_json::from_str::<Exercise>(&tricky) else {
            panic!("tricky exercise does not parse with serde");
        };
        assert_eq!(read(&tricky), want);
        assert_eq!(want.customer.name, "Dána 😀 \"q\" \\ / \t");
    }

    #[test]
    fn deep_nesting_and_broken_json_are_errors_not_crashes() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        for json in [
            deep.as_str(),
            "",
            "{",
            r#"{"kind":"reply""#,
            r#"{"kind":"reply","id":"\ud800"}"#,
            r#"{"kind":"reply","id":"a\u12"}"#,
            "{\"kind\":\"re\u{1}ply\"}",
            r#"{"kind":"reply","kind":"reply"}"#,
            r#"{"kind":"reply"} x"#,
            r#"{"kind":"reply","pass":-1}"#,
            r#"{"kind":"reply","pass":99999999999999999999999}"#,
        ] {
            let v: serde_json::Value =
                serde_json::from_str(&grade_json(json, "Hi")).expect("always JSON");
            assert!(v["error"].is_string(), "{json:.40}: {v}");
        }
    }

    #[test]
    fn choices_unknown_fields_and_gaps_are_errors() {
        let choice = r#"{"kind":"choice","id":"c","title":"C","question":"Q?",
          "option":[{"text":"a","correct":true,"why":""},{"text":"b","why":""}]}"#;
        let missing = r#"{"kind":"reply","id":"x","title":"X"}"#;
        let unknown = REPLY.replacen(r#""pass":1"#, r#""pass":1,"extra":2"#, 1);
        let other = REPLY.replacen(r#""kind":"reply""#, r#""kind":"quiz""#, 1);
        for (json, error) in [
            (choice, "choice exercises are checked without the grader"),
            (missing, "exercise data is not valid"),
            (&unknown, "exercise data is not valid"),
            (&other, "exercise data is not valid"),
            ("[1.5]", "exercise data is not valid"),
        ] {
            let v: serde_json::Value = serde_json::from_str(&grade_json(json, "Hi")).expect("JSON");
            let got = v["error"].as_str().unwrap_or_default();
            assert!(got.starts_with(error), "{json}: {got}");
        }
        let v: serde_json::Value =
            serde_json::from_str(&grade_json(REPLY, "Hi Dana")).expect("JSON");
        assert_eq!(v["ok"]["passed"], true);
    }
}
