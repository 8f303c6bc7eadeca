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

pub use analysis::{analyze, Analysis, Context, Ffp, Signal};
pub use grade::{grade, run_selftests, SelfTestFailure};
pub use model::{Exercise, ReplyExercise, Verdict};

/// JSON in, JSON out: the exact function the browser calls, also used natively to prove that
/// both targets agree.
pub fn grade_json(exercise_json: &str, reply: &str) -> String {
    let result = match serde_json::from_str::<Exercise>(exercise_json) {
        Ok(Exercise::Reply(ex)) => Ok(grade(&ex, reply)),
        Ok(Exercise::Choice(_)) => Err("choice exercises are checked without the grader".into()),
        Err(e) => Err(format!("exercise data is not valid: {e}")),
    };
    // Serialized straight to text: going through `serde_json::Value` would compile a second
    // serializer for every verdict type into the WASM.
    let answer = match &result {
        Ok(v) => Answer::Ok(v),
        Err(e) => Answer::Error(e),
    };
    serde_json::to_string(&answer)
        .unwrap_or_else(|_| r#"{"error":"the verdict could not be written"}"#.into())
}

/// `{"ok": verdict}` or `{"error": "..."}`, the shape the browser reads.
#[derive(serde::Serialize)]
#[serde(rename_all = "lowercase")]
enum Answer<'a> {
    Ok(&'a Verdict),
    Error(&'a str),
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
