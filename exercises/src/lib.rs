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
    let result = match serde_json::from_str::<WireExercise>(exercise_json) {
        Ok(w) if w.kind == "choice" => {
            Err("choice exercises are checked without the grader".into())
        }
        Ok(w) => match w.into_reply() {
            Some(ex) => Ok(grade(&ex, reply)),
            None => Err("exercise data is not valid: not a complete reply exercise".into()),
        },
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

/// An [`Exercise`] as the browser holds it (`{"kind": "reply", ...}`), read as one flat struct.
///
/// Reading the tagged enum itself would make serde buffer the whole object first (its
/// internally-tagged machinery), which weighed some 20 KB of the WASM. The fields are those of
/// [`ReplyExercise`]; a choice exercise's own fields are accepted and ignored.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WireExercise {
    kind: String,
    id: Option<String>,
    title: Option<String>,
    #[serde(default)]
    prompt: String,
    customer: Option<model::Customer>,
    #[serde(default)]
    start: String,
    criteria: Option<Vec<model::Criterion>>,
    pass: Option<u32>,
    model_answer: Option<String>,
    #[serde(default, rename = "selftest")]
    selftests: Vec<model::SelfTest>,
    #[serde(default, rename = "question")]
    _question: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "option")]
    _options: Option<serde::de::IgnoredAny>,
}

impl WireExercise {
    fn into_reply(self) -> Option<ReplyExercise> {
        (self.kind == "reply").then_some(())?;
        Some(ReplyExercise {
            id: self.id?,
            title: self.title?,
            prompt: self.prompt,
            customer: self.customer?,
            start: self.start,
            criteria: self.criteria?,
            pass: self.pass?,
            model_answer: self.model_answer?,
            selftests: self.selftests,
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const REPLY: &str = r#"{"kind":"reply","id":"x","title":"X","prompt":"p",
      "customer":{"name":"Dana","message":"It crashes."},
      "criteria":[{"id":"g","label":"g","check":"greeting","points":1,"good":"","fix":""}],
      "pass":1,"model_answer":"Hi Dana.","selftest":[{"reply":"Hi","expect":"pass"}]}"#;

    #[test]
    fn the_wire_reader_reads_what_the_tagged_enum_reads() {
        let Ok(Exercise::Reply(want)) = serde_json::from_str::<Exercise>(REPLY) else {
            panic!("test exercise does not parse");
        };
        let wire: WireExercise = serde_json::from_str(REPLY).expect("wire parses");
        assert_eq!(wire.into_reply(), Some(want.clone()));
        // And what the generator writes for the page reads back the same.
        let page = serde_json::to_string(&Exercise::Reply(want.clone())).expect("serializes");
        let wire: WireExercise = serde_json::from_str(&page).expect("page JSON parses");
        assert_eq!(wire.into_reply(), Some(want));
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
