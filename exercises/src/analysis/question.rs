//! Question: the reply asks the customer something, directly ("Which version?") or indirectly
//! ("let us know which version you use").
//!
//! Follow-up formulas at the end ("let us know if that works") are closings, not questions, and
//! a rhetorical question answered in the same breath is still counted: a learner is better
//! served by a generous reading here than by a missed one.

use super::pattern::{byte_span, Patterns};
use super::text::{Kind, Sentence, Text};
use super::{steps, Signal, Sink};
use std::sync::OnceLock;

fn indirect() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "let|lemme|letting us|me know which|what|whether|your|the|how+many|how+long|how+often|when|where|who|exactly|more|any+error|a+few|some",
            "let|lemme|letting us|me know if|whether you|you're|your|you've|it|the|this … using|use|have|had|see|seeing|get|getting|tried|running|on|set|received|done|made|installed",
            "tell|show us|me more|your|which|what|whether|how|when|where|the|a+bit|some|a+few|exactly",
            "give|send|share us|me more|your|some|a+few|a+bit|the+details|details|info|information",
            "can|could|would you [please|pls|kindly|also] tell|share|confirm|describe|explain|clarify|specify",
            "please|pls|plz|kindly confirm|clarify|specify|describe|explain|advise|tell+us|tell+me",
            "i'd|i+would|we'd|we+would [like|love] to know|understand|confirm|hear|learn",
            "i|we [was|were|am|are] wondering|curious",
            "i'm|we're|im wondering|curious if|whether|what|which|how",
            "curious|wondering if|whether",
            "i|we need|want to know",
            // "We'd need your order number to sort a refund": a request for information.
            "we'd|we+would|i'd|i+would|we'll|we+will|i'll|i+will need|require your|the|a|some … email|address|number|name|username|account|order|phone|device|model|version|reference|ref|receipt|id|serial|screenshot|photo|details|postcode|zip|booking|confirmation",
            "any chance|idea|ideas|error|errors|luck|update|news",
            "keen|eager to hear|know",
            "may|might|can we|i know|ask|have|get",
        ])
    })
}

/// Asking for something the customer has (details, a screenshot, the version): "please send us
/// your order number", "DM us your account email", "post a screenshot".
fn info_request() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "dm|message|send|share|provide|post|give|email|forward|upload|paste|copy|reply+with|respond+with [us|me|them|over|along] … details|detail|info|information|screenshot|screenshots|screen+shot|example|examples|specifics|log|logs|output|contents",
            "dm|message|send|share|provide|post|give|email|forward|upload|paste|reply+with|respond+with [us|me|them|over|along] … your|exact|which|what|full|the … email|address|number|name|username|account|order|phone|device|browser|model|version|country|location|zip|postcode|receipt|id|case|ticket|serial|os|photo|photos|picture|pictures|video|error|errors|link|url|handle|system|setup|booking|reference|ref|confirmation|code|postcode|membership|policy|tracking",
        ])
    })
}

/// Questions that lost their question mark: "what version are you on".
fn unmarked() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "do|does|did|is|are|was|were|have|has|can|could|would|will you|it|this|that|your",
            "what|which|when|where|who|why|how … you|your|it|this|that|the",
            "what's|where's|when's|how's|who's|which's the|your|it|this|that",
        ])
    })
}

/// "Let us know if that works", "Does that help?", "Any other questions?": closing formulas,
/// not questions.
fn follow_up() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "let|lemme|letting us|me know if|how|whether this|that|it|these|the+steps|the+above|anything|you+need|you+have+any|you+have+more|you+have+other|you+have+further|you+still|there's|there+is|this+helps|that+helps|it+helps|works|goes|went|we+can|i+can|it+brings|things|all|everything",
            "let|lemme us|me know how … goes|go|went|works|worked|turns|get|getting",
            "let|lemme us|me know if|should you [still|ever] get|run|hit|need|want|have … stuck|trouble|into|help|anything|questions|problems|issues|assistance|more",
            "let|lemme us|me know the|how|your result|results|outcome",
            "if … works|helps|helped|worked|fixes|fixed|solves|solved … let|please",
            "keep us|me posted",
            "any other|further|more questions|problems|issues|concerns",
            "does|did|do that|this|these|it help|work|answer|clear|solve|fix|resolve|make+sense|sound",
            "how does that sound",
            "anything else",
            "is there anything",
            "what+else|anything+more can|could we|i",
        ])
    })
}

/// "Who doesn't love…?": the answer goes without saying.
fn rhetorical() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "who|whoever doesn't|does+not|wouldn't|would+not love|like|want|enjoy|prefer",
        ])
    })
}

/// "(Please) let us know if…": at the very end of a reply, a follow-up formula.
fn let_us_know_if() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&["[please|pls|just|and|so] let|lemme us|me know if|whether|once|when"])
    })
}

pub(crate) fn detect(text: &Text, sink: &mut Sink) {
    let last = text.before_sign_off().last().map(|s| s.tokens.start);
    for s in text.readable() {
        let words = text.words(s);
        if words.is_empty() {
            continue;
        }
        // "Let us know if you don't see them there." closing the reply asks nothing more.
        if !s.asks
            && Some(s.tokens.start) == last
            && let_us_know_if().match_prefix(text, &words, 0).is_some()
        {
            continue;
        }
        let span = text.sentence_span(s);
        let follow = follow_up().find_in(text, &words);
        let is_follow_up = follow.is_some();
        if s.asks {
            // "Does that help?" is a closing formula; "Could you update and let us know if you
            // still see it?" still asks something. "Who doesn't love a speedy refund?" asks
            // nothing at all.
            let formula = follow.is_some_and(|r| r.start <= 1);
            // "Who reads the release notes anyway?"
            let norm = |i: usize| text.tokens[i].norm.as_str();
            let who_anyway = norm(words[0]) == "who"
                && matches!(norm(words[words.len() - 1]), "anyway" | "anyways");
            let rhetorical = who_anyway || rhetorical().find_in(text, &words).is_some();
            if !formula && !rhetorical && !aside(text, s) {
                sink.push(Signal::Question, span);
            }
            continue;
        }
        if is_follow_up {
            continue;
        }
        // Indirect requests for information, without a question mark. "Any news?" asks only
        // when it opens the sentence ("we'll share any news on our page" does not).
        let indirect_match = indirect()
            .find_in(text, &words)
            .filter(|r| r.start == 0 || text.tokens[words[r.start]].norm != "any");
        if let Some(r) = indirect_match.or_else(|| {
            info_request()
                .find_in(text, &words)
                .filter(|r| requested(text, &words, r.start))
                // "If you still need more help, feel free to message us your number": an offer.
                .filter(|_| steps::offer().find_in(text, &words).is_none())
        }) {
            sink.push(Signal::Question, byte_span(text, &words, &r));
            continue;
        }
        // A question typed without its mark: it must open the sentence and end a line.
        // "Thanks Sam, what's the reference number": or open the sentence's last clause.
        let last_clause = text.last_clause_start(&words, &[',', ';', ':']);
        let opens = [0, last_clause]
            .iter()
            .any(|&k| unmarked().match_prefix(text, &words, k).is_some());
        if opens && ends_like_question(text, s) {
            sink.push(Signal::Question, span);
        }
    }
}

/// Whether the word at `at` is asked of the customer: it opens a clause (an imperative, after
/// "please", "can you", "feel free to"…), not a report of what we did ("we sent the details").
fn requested(text: &Text, words: &[usize], at: usize) -> bool {
    let before: Vec<&str> = words[at.saturating_sub(3)..at]
        .iter()
        .map(|&i| text.tokens[i].norm.as_str())
        .collect();
    let opens_clause = at == 0
        || words[at].checked_sub(1).is_some_and(|p| {
            matches!(
                text.tokens[p].kind,
                Kind::Punct(',' | ';' | ':' | '(' | '-')
            )
        });
    let asking = before.iter().any(|w| {
        matches!(
            *w,
            "please"
                | "pls"
                | "plz"
                | "kindly"
                | "free"
                | "sure"
                | "remember"
                | "mind"
                | "just"
                | "or"
        )
    }) || before.windows(2).any(|p| {
        matches!(
            p,
            ["can" | "could" | "would" | "will", "you"] | ["you", "can" | "could" | "may"]
        )
    });
    let reported = before.iter().any(|w| {
        matches!(
            *w,
            "we" | "we'll" | "i" | "i'll" | "they" | "we've" | "i've" | "not" | "unable" | "can't"
        )
    });
    (opens_clause || asking) && !reported
}

/// A question mark inside an unclosed parenthesis is an aside ("(for example?)"), not a
/// question put to the customer.
fn aside(text: &Text, s: &Sentence) -> bool {
    let mut depth = 0i32;
    for t in &text.tokens[s.tokens.clone()] {
        match t.kind {
            Kind::Punct('(') => depth += 1,
            Kind::Punct(')') => depth -= 1,
            Kind::Punct('?') => return depth > 0,
            _ => {}
        }
    }
    false
}

/// A question typed without its mark at the end of a line: "what version are you on".
fn ends_like_question(text: &Text, s: &Sentence) -> bool {
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
            "We'd need your order number to sort a refund, pop it in a DM.",
            "We'd need the appointment reference to rebook you.",
            "Thanks Sam, what's the reference number",
            "Just DM us the email address you signed up with",
            "I'm wondering if the tracking number you have starts with JD",
            "Curious whether you're on the latest version of the app",
            "Please DM us your booking reference.",
            "Please rate the trip in the app, or DM us the trip details and we'll look into it.",
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
            "Open the Trash and tap Recover. Let us know if you don't see them there.",
            "Try the backup. Please let us know if you get them back.",
            "Aww, who doesn't love a speedy refund? 😄",
            "We'll share any news on our page.",
            "Who reads the release notes anyway? 😄",
        ] {
            assert!(!has(r, Signal::Question), "{r}");
        }
        // Not at the end, it asks for something.
        assert!(has(
            "Let us know if you have the sync add-on installed. Then we can look further.",
            Signal::Question
        ));
    }

    #[test]
    fn requests_for_information_are_questions() {
        for r in [
            "Please DM us your order number.",
            "Send us your account email and we'll check.",
            "Please share the exact details of the crash here.",
            "Could you upload a picture of that warning?",
            "Please reply with your full name and the email on file.",
            "Kindly begin by letting us know whether your tablet has a passcode set.",
            "May we know which version you are using?",
            "Any chance you could send a screenshot",
            "Could you update it and let us know if you still see the error?",
        ] {
            assert!(has(r, Signal::Question), "{r}");
        }
    }

    #[test]
    fn asides_offers_and_reports_are_not() {
        for r in [
            "Try a coding board (a site like example.com, say?) for that.",
            "If you still need more help, feel free to message us your phone number.",
            "We sent the details to your email.",
            "We are not able to share that information here.",
            "Sorry for any trouble.",
            "Did that clear up the confusion?",
            "Is there anything else I can help with?",
            "Let us know the result.",
            "Let me know if you get stuck!",
        ] {
            assert!(!has(r, Signal::Question), "{r}");
        }
    }
}
