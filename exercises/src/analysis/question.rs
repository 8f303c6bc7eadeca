//! Question: the reply asks the customer something, directly ("Which version?") or indirectly
//! ("let us know which version you use").
//!
//! Follow-up formulas at the end ("let us know if that works") are closings, not questions, and
//! a rhetorical question answered in the same breath is still counted: a learner is better
//! served by a generous reading here than by a missed one.

use super::pattern::{byte_span, Patterns};
use super::text::Text;
use super::{Signal, Sink};
use std::sync::OnceLock;

fn indirect() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "let|lemme us|me know which|what|whether|your|the|how+many|how+long|how+often|when|where|who|exactly|more|any+error",
            "let|lemme us|me know if|whether you|you're|your|it|the|this … using|use|have|had|see|seeing|get|getting|tried|running|on",
            "tell|give us|me more|your|which|what|whether|how|when|where|the|a+bit|some",
            "can|could|would you tell|share|confirm|describe|explain|clarify",
            "please|pls|kindly confirm|clarify|specify|describe|explain|advise|share+your|share+the|tell+us|tell+me|provide+your|provide+the|send+us+your|let+us+know+which|let+us+know+what",
            "i'd|i+would|we'd|we+would [like|love] to know|understand|confirm",
            "i|we [was|were|am|are] wondering|curious",
            "i|we need|want to know",
            "any [chance|idea|error|luck|update|news]",
            "keen|eager to hear|know",
        ])
    })
}

/// "let us know if that works / how it goes": a closing formula, not a request for facts.
/// Questions that lost their question mark: "what version are you on".
fn unmarked() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "do|does|did|is|are|was|were|have|has|can|could|would|will you|it|this|that|your",
            "what|which|when|where|who|why|how … you|your|it|this|that|the",
        ])
    })
}

fn follow_up() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "let|lemme us|me know if|how|whether this|that|it|these|the+steps|the+above|anything|you+need|you+have+any|you+still|there's|there+is|this+helps|that+helps|it+helps|works|goes|went",
            "let|lemme us|me know how … goes|go|went|works|worked",
            "if … works|helps|helped|worked|fixes|fixed|solves|solved … let|please",
            "keep us|me posted",
            "any other|further|more questions",
        ])
    })
}

pub(crate) fn detect(text: &Text, sink: &mut Sink) {
    for s in text.readable() {
        let words = text.words(s);
        if words.is_empty() {
            continue;
        }
        let span = text.sentence_span(s);
        let is_follow_up = follow_up().find_in(text, &words).is_some();
        if s.asks {
            // "Any other questions?" or "Does that help?" at the end are closings.
            let closing_q = is_follow_up
                || matches!(
                    text.src[span.clone()].to_lowercase().as_str(),
                    s if s.starts_with("does that help") || s.starts_with("did that help")
                );
            if !closing_q {
                sink.push(Signal::Question, span);
            }
            continue;
        }
        if is_follow_up {
            continue;
        }
        // Indirect requests for information, without a question mark.
        if let Some(r) = indirect().find_in(text, &words) {
            sink.push(Signal::Question, byte_span(text, &words, &r));
            continue;
        }
        // A question typed without its mark: it must open the sentence and end a line.
        if unmarked().match_prefix(text, &words, 0).is_some() && ends_like_question(text, s) {
            sink.push(Signal::Question, span);
        }
    }
}

/// A question typed without its mark at the end of a line: "what version are you on".
fn ends_like_question(text: &Text, s: &super::text::Sentence) -> bool {
    let last = s.tokens.clone().rev().find(|&i| !text.tokens[i].masked);
    last.is_some_and(|i| text.tokens[i].is_word())
}

#[cfg(test)]
mod tests {
    use super::super::testutil::has;
    use super::super::Signal;

    #[test]
    fn direct_and_indirect_questions() {
        for r in [
            "Which version are you using?",
            "Let us know which version you use.",
            "Please confirm the email on your account.",
            "Could you tell me what the error says.",
            "I'd like to know when this started.",
            "Tell us more about it.",
            "what version are you on",
            "Perhaps an add-on is causing this?",
        ] {
            assert!(has(r, Signal::Question), "{r}");
        }
    }

    #[test]
    fn follow_up_formulas_are_not_questions() {
        for r in [
            "Let us know if that works.",
            "Let me know how it goes!",
            "Keep us posted.",
            "Any other questions?",
            "Restart the app. What a relief that it works now!",
            "The update fixed it.",
        ] {
            assert!(!has(r, Signal::Question), "{r}");
        }
    }
}
