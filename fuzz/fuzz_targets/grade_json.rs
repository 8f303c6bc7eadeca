//! Fuzzes `exercises::grade_json`, the function the browser calls.
//!
//! Input layout: if it holds a NUL byte, the part before it is the exercise JSON and the part
//! after it the reply (malformed exercises must come back as `{"error": ...}`); otherwise the whole
//! input is a reply to a fixed exercise that checks every signal, so that every rule runs.
//! Beyond "does not panic", it checks what the browser relies on: the answer is JSON, and every
//! span is a char-boundary range of the reply whose UTF-16 offsets slice the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const EXERCISE: &str = r#"{"kind":"reply","id":"fuzz","title":"Fuzz",
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
  {"id":"m","label":"m","check":"mentions","terms":["safe mode","pdf viewer"],"points":1,"good":"","fix":""},
  {"id":"pr","label":"pr","check":"promise","penalty":1,"good":"","fix":""},
  {"id":"f","label":"f","check":"forbidden","penalty":2,"good":"","fix":""}],
 "pass":5,"model_answer":""}"#;

fuzz_target!(|data: &[u8]| {
    let (exercise, reply) = match data.iter().position(|&b| b == 0) {
        Some(at) => (String::from_utf8_lossy(&data[..at]).into_owned(), &data[at + 1..]),
        None => (EXERCISE.to_string(), data),
    };
    let reply = String::from_utf8_lossy(reply);
    let out = exercises::grade_json(&exercise, &reply);
    let v: Value = serde_json::from_str(&out).expect("grade_json returns JSON");
    let Some(verdict) = v.get("ok") else {
        assert!(v.get("error").is_some(), "neither ok nor error: {out}");
        return;
    };
    let u16s: Vec<u16> = reply.encode_utf16().collect();
    let spans = verdict["criteria"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["spans"].as_array().cloned().unwrap_or_default())
        .chain(
            verdict["marks"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|m| m["span"].clone()),
        );
    for s in spans {
        let n = |k: &str| s[k].as_u64().expect("span offsets are numbers") as usize;
        let (a, b, ua, ub) = (n("start"), n("end"), n("u16_start"), n("u16_end"));
        assert!(a <= b && b <= reply.len(), "span {a}..{b} outside the reply");
        let text = reply.get(a..b).expect("span on char boundaries");
        assert!(ua <= ub && ub <= u16s.len(), "utf16 span {ua}..{ub} outside the reply");
        assert_eq!(String::from_utf16_lossy(&u16s[ua..ub]), text, "utf16 span differs");
    }
});
