//! rapport's exercise engine: what an exercise is ([`model`]), what a reply shows
//! ([`analysis`]), and how a rubric turns that into a verdict ([`grade`]).
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
    let body = match result {
        Ok(v) => serde_json::json!({ "ok": v }),
        Err(e) => serde_json::json!({ "error": e }),
    };
    body.to_string()
}

/// The signals of one reply in the flat schema of the labelled dev set:
/// `{"id", "greeting", "greets_by_name", "thanks", "apology", "empathy", "steps", "question",
/// "closing", "promise", "ffp": [...]}`, plus `"spans"` when asked. Used by `rapport analyze`.
pub fn signals_json(
    id: &serde_json::Value,
    customer: &str,
    reply: &str,
    spans: bool,
) -> serde_json::Value {
    let customer = (!customer.trim().is_empty()).then_some(customer);
    let a = analyze(
        reply,
        Context {
            customer_name: None,
            customer_message: customer,
        },
    );
    let named = [
        ("greeting", Signal::Greeting),
        ("greets_by_name", Signal::GreetsByName),
        ("thanks", Signal::Thanks),
        ("apology", Signal::Apology),
        ("empathy", Signal::Empathy),
        ("steps", Signal::Steps),
        ("question", Signal::Question),
        ("closing", Signal::Closing),
        ("promise", Signal::Promise),
    ];
    let mut out = serde_json::Map::new();
    out.insert("id".into(), id.clone());
    for (name, s) in named {
        out.insert(name.into(), a.has(s).into());
    }
    let ffp: Vec<&str> = a.ffp().into_iter().map(Ffp::key).collect();
    out.insert("ffp".into(), ffp.into());
    if spans {
        let list: Vec<serde_json::Value> = a
            .findings
            .iter()
            .map(|f| {
                let name = match f.signal {
                    Signal::Forbidden(k) => format!("ffp:{}", k.key()),
                    other => named
                        .iter()
                        .find(|(_, s)| *s == other)
                        .map_or("paraphrase", |(n, _)| n)
                        .to_string(),
                };
                serde_json::json!({
                    "signal": name,
                    "start": f.range.start,
                    "end": f.range.end,
                    "text": reply.get(f.range.clone()).unwrap_or_default(),
                })
            })
            .collect();
        out.insert("spans".into(), list.into());
    }
    serde_json::Value::Object(out)
}
