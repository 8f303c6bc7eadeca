//! The five forbidden phrases of complaint handling, each with what to say instead
//! (see [`super::Ffp::advice`]).
//!
//! The rules look at who speaks and who is spoken of: "I don't know" is forbidden, "if you don't
//! know your password" is not; "you have to" is an obligation, "you don't have to" a relief;
//! "No problem" and "No worries" are not refusals.

use super::pattern::{byte_span, Patterns};
use super::text::{Kind, Text};
use super::{Ffp, Signal, Sink};
use std::sync::OnceLock;

fn dont_know() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "i|we [really|honestly|actually|just|simply|currently|still] don't|do+not|dunno|didn't|did+not [really|honestly|actually|currently|yet] know",
            "i|we dunno",
            "i|we have|had no [real] idea|clue",
            "i've|we've [got] no idea|clue",
            "no idea|clue",
            "i'm|i+am|we're|we+are [not|just+not|really+not|honestly+not] sure|certain|unsure",
            "not sure|certain",
            "i|we [am|are|'m] unsure",
            "beats me",
            "i|we can't|cannot say",
            "who knows",
        ])
    })
}

fn cant_do() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "i|we [really|simply|just|unfortunately|sadly] can't|cannot|can+not|couldn't|won't|will+not|aren't+able|are+not+able|am+not+able|won't+be+able|will+not+be+able|wouldn't+be+able|are+unable|am+unable|'re+unable|'m+unable",
            "we're|i'm [really|simply|just|unfortunately|sadly] unable|not+able",
            "that's|that+is|this+is|it's|it+is [just|simply|unfortunately|sadly] not|impossible possible|something+we|something+i",
            "that's|that+is|it's|it+is impossible",
            "there's|there+is no way to|for|we|i",
            "we|i don't|do+not offer|allow|provide|support|do|give",
            "not something we|i [can] do|offer|support",
        ])
    })
}

fn youll_have_to() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "you'll|you+will|you'd|you+would|you [just|simply|first|also|then|still] have|need|got to",
            "you [just|simply|first|also|then|still|really] have|need|must|gotta",
            "you've|you+have got to",
        ])
    })
}

fn hang_on() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "hang|hold on",
            "one|a|1 sec|second|moment|minute|min|mo|tick",
            "give|bear me|us a|one sec|second|moment|minute|min",
            "just a|one sec|second|moment|minute|min",
            "wait a|one sec|second|moment|minute|min|bit",
            "bear with me|us",
        ])
    })
}

/// Words before "you have to" that make it something else: "if you have to", "you don't have
/// to", "before you have to".
fn softened(text: &Text, words: &[usize], at: usize, len: usize) -> bool {
    let before = &words[at.saturating_sub(2)..at];
    let inside = &words[at..(at + len).min(words.len())];
    before.iter().chain(inside).any(|&i| {
        matches!(
            text.tokens[i].norm.as_str(),
            "if" | "don't"
                | "do"
                | "won't"
                | "not"
                | "never"
                | "doesn't"
                | "unless"
                | "when"
                | "whether"
                | "before"
                | "until"
                | "what"
                | "why"
                | "shouldn't"
                | "wouldn't"
        )
    })
}

/// "no"/"nope" opening a sentence as a refusal or contradiction.
fn no_start(text: &Text, s: &super::text::Sentence) -> Option<std::ops::Range<usize>> {
    let idx: Vec<usize> = s
        .tokens
        .clone()
        .filter(|&i| !text.tokens[i].masked)
        .collect();
    let first = *idx.first()?;
    let t = &text.tokens[first];
    if !matches!(t.norm.as_str(), "no" | "nope" | "nah") {
        return None;
    }
    let next = idx.get(1).map(|&i| &text.tokens[i]);
    let refuses = match next {
        None => true,
        Some(n) => match n.kind {
            Kind::Punct(',' | '.' | '!' | ';' | '-' | '–' | '—') => true,
            Kind::Word => matches!(
                n.norm.as_str(),
                "we" | "you"
                    | "i"
                    | "it"
                    | "that"
                    | "this"
                    | "there"
                    | "sorry"
                    | "unfortunately"
                    | "sadly"
                    | "but"
                    | "the"
                    | "they"
                    | "can"
                    | "cannot"
                    | "can't"
                    | "we're"
                    | "it's"
                    | "that's"
            ),
            _ => false,
        },
    };
    // "No problem", "No worries", "No need to…", "No rush": reassurance, not refusal.
    let reassures = next.is_some_and(|n| {
        matches!(
            n.norm.as_str(),
            "problem"
                | "problems"
                | "prob"
                | "probs"
                | "worries"
                | "worry"
                | "need"
                | "rush"
                | "sweat"
                | "doubt"
                | "matter"
                | "harm"
                | "pressure"
                | "stress"
        )
    });
    (refuses && !reassures).then(|| t.range.clone())
}

pub(crate) fn detect(text: &Text, sink: &mut Sink) {
    for s in text.readable() {
        let words = text.words(s);
        if let Some(r) = dont_know().find_in(text, &words) {
            // "if you're not sure", "you may not know": the customer's uncertainty, not ours.
            let about_customer = words[r.start.saturating_sub(3)..r.start].iter().any(|&i| {
                matches!(
                    text.tokens[i].norm.as_str(),
                    "you" | "you're" | "they" | "they're" | "he" | "she" | "if" | "make"
                )
            }) || text.tokens[words[r.start]].norm == "you";
            if !about_customer {
                sink.push(
                    Signal::Forbidden(Ffp::DontKnow),
                    byte_span(text, &words, &r),
                );
            }
        }
        if let Some(r) = cant_do().find_in(text, &words) {
            // "I can't wait", "I can't thank you enough", "can't stress enough": not refusals.
            let after = words.get(r.end).map(|&i| text.tokens[i].norm.as_str());
            let idiom = matches!(
                after,
                Some(
                    "wait"
                        | "thank"
                        | "stress"
                        | "recommend"
                        | "believe"
                        | "imagine"
                        | "emphasize"
                        | "emphasise"
                )
            );
            let hedged = words[..r.start]
                .iter()
                .any(|&i| matches!(text.tokens[i].norm.as_str(), "if" | "unless" | "whether"));
            if !idiom && !hedged {
                sink.push(Signal::Forbidden(Ffp::CantDo), byte_span(text, &words, &r));
            }
        }
        if let Some(r) = youll_have_to().find_in(text, &words) {
            if !softened(text, &words, r.start, r.len()) {
                sink.push(
                    Signal::Forbidden(Ffp::YoullHaveTo),
                    byte_span(text, &words, &r),
                );
            }
        }
        if let Some(r) = hang_on().find_in(text, &words) {
            sink.push(Signal::Forbidden(Ffp::HangOn), byte_span(text, &words, &r));
        }
        if let Some(r) = no_start(text, s) {
            sink.push(Signal::Forbidden(Ffp::NoStart), r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{has, spans};
    use super::super::{Ffp, Signal};

    fn ffp(r: &str, f: Ffp) -> bool {
        has(r, Signal::Forbidden(f))
    }

    #[test]
    fn dont_know_in_its_forms() {
        assert_eq!(
            spans(
                "Honestly, I don’t know why.",
                Signal::Forbidden(Ffp::DontKnow)
            ),
            ["I don’t know"]
        );
        assert!(ffp("I don't currently know how to do that.", Ffp::DontKnow));
        assert!(ffp("No idea, sorry.", Ffp::DontKnow));
        assert!(ffp("I'm not sure what causes it.", Ffp::DontKnow));
        assert!(!ffp(
            "If you don't know your password, reset it.",
            Ffp::DontKnow
        ));
        assert!(!ffp("If you're not sure, ask us.", Ffp::DontKnow));
        assert!(!ffp("Let me find out for you.", Ffp::DontKnow));
    }

    #[test]
    fn cant_do_is_a_refusal_not_an_idiom() {
        assert!(ffp("We can't do that.", Ffp::CantDo));
        assert!(ffp(
            "Unfortunately we are unable to refund it.",
            Ffp::CantDo
        ));
        assert!(ffp("That's not possible.", Ffp::CantDo));
        assert!(ffp("There's no way to recover it.", Ffp::CantDo));
        assert!(!ffp("I can't wait to hear back!", Ffp::CantDo));
        assert!(!ffp("Here is what I can do for you.", Ffp::CantDo));
    }

    #[test]
    fn obligations_but_not_conditions() {
        assert!(ffp("You'll have to reinstall it.", Ffp::YoullHaveTo));
        assert!(ffp("You need to log in first.", Ffp::YoullHaveTo));
        assert!(ffp("you must restart", Ffp::YoullHaveTo));
        assert!(!ffp("You don't have to reinstall.", Ffp::YoullHaveTo));
        assert!(!ffp(
            "If you need to reach us, reply here.",
            Ffp::YoullHaveTo
        ));
        assert!(!ffp("Could you restart it?", Ffp::YoullHaveTo));
    }

    #[test]
    fn hang_on_and_no_start() {
        assert!(ffp("Hang on a sec.", Ffp::HangOn));
        assert!(ffp("Hold on, I'll check.", Ffp::HangOn));
        assert!(ffp("Give me a moment.", Ffp::HangOn));
        assert!(ffp("No, that won't work.", Ffp::NoStart));
        assert!(ffp("Thanks. Nope.", Ffp::NoStart));
        assert!(!ffp("No problem at all!", Ffp::NoStart));
        assert!(!ffp("No worries, it happens.", Ffp::NoStart));
        assert!(!ffp("No need to reinstall.", Ffp::NoStart));
        assert!(!ffp("There is no fix yet.", Ffp::NoStart));
    }
}
