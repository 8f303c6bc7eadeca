//! Closing: a courteous close at the end of the reply (before any signature).
//!
//! Only the last sentences count: "hope this helps" in the middle is not a closing, and a
//! reply that stops after an instruction or a link has none.

use super::pattern::{byte_span, Patterns};
use super::text::{Kind, Text};
use super::{Signal, Sink};
use std::sync::OnceLock;

fn closings() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "~hope this|that|it|these|the|you|everything|all … helps|help|helped|works|useful|sorted|resolves|fixes|well|great|good|day|week|weekend",
            "let|lemme us|me know if|how|whether",
            "keep us|me posted|updated|informed",
            "feel free",
            "don't|do+not ~hesitate",
            "[we're|we+are|i'm|i+am] [always] [here|happy|glad|available] [if|for|to] help|assist|you|need",
            "~happy|glad to help|assist",
            "here if|for|to you|help|need",
            "have|enjoy a|the|your [great|good|nice|wonderful|lovely|fantastic|happy|pleasant|safe|brilliant|awesome] day|week|weekend|evening|one|night|holiday|holidays|time|rest",
            "good luck",
            "~cheers",
            "~regards|~sincerely|~best|~warmly|~respectfully",
            "all the best",
            "take care",
            "~thanks|~thank|~appreciate|~grateful",
            "~sorry|~apolog*",
            "stay safe|well|tuned",
            "happy start|monday|friday|weekend|holidays|browsing|shopping|reading|gaming|listening|streaming|travels|travelling|traveling|new+year|birthday|coding",
            "enjoy",
            "any other|further|more questions|problems|issues",
            "talk soon",
            "see you",
            "we're|we+are|i'm|i+am here",
            "if you [still] need|have … [more|further|any|other] help|questions|assistance|problems|trouble",
            "if … [still] doesn't|does+not|didn't|won't|persists|continues … let|reply|post|reach|come|write|contact|get|update",
            "does|did that|this help",
            "reach out [again|anytime|any+time]",
            "here's|here+is to",
        ])
    })
}

/// How many final sentences may hold the closing: a short farewell often splits in two
/// ("Hope this helps. Have a great day!").
const TAIL: usize = 2;

pub(crate) fn detect(text: &Text, sink: &mut Sink) {
    let readable: Vec<_> = text.readable().collect();
    // A trailing "More information: <URL>" line does not end the reply's own words.
    let tail_end = readable
        .iter()
        .rposition(|s| !is_link_line(text, s))
        .map_or(0, |i| i + 1);
    let start = tail_end.saturating_sub(TAIL);
    for s in &readable[start..tail_end] {
        let words = text.words(s);
        if let Some(r) = closings().find_in(text, &words) {
            sink.push(Signal::Closing, byte_span(text, &words, &r));
            return;
        }
    }
}

fn is_link_line(text: &Text, s: &super::text::Sentence) -> bool {
    let toks = &text.tokens[s.tokens.clone()];
    toks.iter().any(|t| t.kind == Kind::Url)
        && toks.iter().filter(|t| t.is_word() && !t.masked).count() <= 6
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{has, spans};
    use super::super::Signal;

    #[test]
    fn closings_at_the_end() {
        for r in [
            "Try safe mode. Hope this helps!",
            "Restart it.\n\nCheers!\n\n...Roland",
            "Clear the cache. Let us know if that works.",
            "Please update. Have a great day!",
            "Follow these steps. Thanks for your patience.\n^JS",
            "It is fixed in 12.1. I do apologize for any inconvenience.",
            "Try this.\nGood luck!\nMore information: https://example.org/x",
        ] {
            assert!(has(r, Signal::Closing), "{r}");
        }
    }

    #[test]
    fn a_reply_that_just_stops_has_no_closing() {
        for r in [
            "Hope this helps. Now go to Settings. Click Privacy. Clear the data.",
            "Go to Settings > Privacy.",
            "See https://example.org/fix",
        ] {
            assert!(!has(r, Signal::Closing), "{r}");
        }
        assert_eq!(
            spans("Try it. Hope that helps!", Signal::Closing),
            ["Hope that helps"]
        );
    }
}
