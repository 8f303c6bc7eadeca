//! `signals_json`, the line `rapport analyze` prints: the label schema, keys in order.

use exercises::signals_json;

#[test]
fn keys_come_in_the_schema_order() {
    let line = signals_json(
        &serde_json::json!("t-1"),
        "",
        "Hi Sam, sorry! I don't know yet. Please restart it. Thanks!",
        false,
    );
    assert_eq!(
        line,
        r#"{"id":"t-1","greeting":true,"greets_by_name":true,"thanks":true,"apology":true,"empathy":false,"steps":true,"question":false,"closing":true,"promise":false,"ffp":["dont_know"]}"#
    );
}

#[test]
fn spans_justify_each_signal() {
    let reply = "Hi Sam, it sounds like the PDF viewer crashes. Hang on.";
    let line = signals_json(
        &serde_json::json!(7),
        "Firefox crashes when I open a PDF",
        reply,
        true,
    );
    let v: serde_json::Value = serde_json::from_str(&line).expect("JSON");
    assert_eq!(v["id"], 7);
    let spans = v["spans"].as_array().expect("spans");
    let find = |name: &str| {
        spans
            .iter()
            .find(|s| s["signal"] == name)
            .and_then(|s| s["text"].as_str())
            .map(str::to_string)
    };
    assert_eq!(find("greets_by_name").as_deref(), Some("Hi Sam"));
    assert_eq!(find("ffp:hang_on").as_deref(), Some("Hang on"));
    assert_eq!(
        find("paraphrase").as_deref(),
        Some("it sounds like the PDF viewer crashes.")
    );
    for s in spans {
        let (a, b) = (
            s["start"].as_u64().unwrap_or(0),
            s["end"].as_u64().unwrap_or(0),
        );
        assert_eq!(reply.get(a as usize..b as usize), s["text"].as_str(), "{s}");
    }
}
