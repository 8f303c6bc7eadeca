//! Thanks, apology and empathy: the courtesy signals.
//!
//! Empathy is more than an apology: it names the customer's feeling or the weight of their
//! situation ("that must be frustrating"). A bare "sorry to hear that" is an apology only.

use super::pattern::{byte_span, Patterns};
use super::text::Text;
use super::{Signal, Sink};
use std::sync::OnceLock;

fn thanks() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "~thanks|thx|thanx|tks|ty|tysm|cheers+for",
            "~thank you|u|ya|so|for",
            "~many ~thanks",
            "we|i [really|truly|do|greatly] ~appreciate|value your|you|the|it|that|this",
            "~appreciate your|you",
            "[i'm|i+am|we're|we+are] [so|very|really] grateful",
        ])
    })
}

fn apology() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "~sorry",
            "~apolog*",
            "we|i [deeply|sincerely|truly] regret",
            "my|our bad",
            "pardon the|our",
        ])
    })
}

fn empathy() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "i|we [completely|totally|fully|really|definitely|absolutely|can] ~understand how|why|that|your|what|the|this|you",
            "i|we can|could [only|certainly|definitely|totally] ~imagine|see|understand",
            "must|would|might|can [be|feel|have+been] … ~frustrating|~annoying|~stressful|difficult|hard|~upsetting|~disappointing|~inconvenient|worrying|confusing|scary|~exhausting|tough|~irritating|awful|painful",
            "that's|that+is|this+is|it's|it+is|that+sounds|sounds|sound|how [so|really|very|incredibly|super|pretty|quite|truly|extremely|understandably|definitely] ~frustrating|~annoying|~stressful|~upsetting|~disappointing|~inconvenient|worrying|confusing|~exhausting|tough|~irritating|awful|painful|not+ideal|not+fun|no+fun",
            "i|we know how ~important|~frustrating|~annoying|hard|difficult|stressful|much",
            "understandably|~understandable",
            "i|we|anyone [would|'d|will] feel|be [the+same|upset|frustrated|annoyed|disappointed] [too|as+well]",
            "i'd|we'd be|feel upset|frustrated|annoyed|disappointed|the+same",
            "i|we hear you",
            "i|we feel your|for pain|you|frustration",
            "~frustration|~inconvenience|~disappointment|~concern|~worry|stress this|that|has|have|is|caused|you",
            "your ~frustration|~disappointment|~concern|~concerns|~worry|~worries|~feelings",
            "not the ~experience",
            "i|we can|could see why|how|that|this",
            "i|we get it|that",
            "that|this is|must|sounds [so|really|very|a+lot] [of+a] [a] ~important|~serious|~stressful|worrying|scary|hassle|pain|nightmare",
            "i|we know|realize|realise|appreciate this|that|how [is|has|must|can]",
        ])
    })
}

/// Words that, just before a cue, turn it around: "no need to apologize", "not sorry".
fn negated(text: &Text, words: &[usize], at: usize) -> bool {
    let from = at.saturating_sub(3);
    words[from..at].iter().any(|&i| {
        matches!(
            text.tokens[i].norm.as_str(),
            "not" | "no" | "never" | "don't" | "didn't" | "without" | "nothing" | "isn't"
        )
    })
}

pub(crate) fn detect(text: &Text, sink: &mut Sink) {
    for s in text.readable() {
        let words = text.words(s);
        if let Some(r) = thanks().find_in(text, &words) {
            let first = &text.tokens[words[r.start]].norm;
            // "Thanks to Mozilla's team…" thanks a third party; "no thanks" thanks nobody.
            let third_party = (first == "thanks" || first == "thank")
                && words
                    .get(r.end)
                    .zip(words.get(r.end + 1))
                    .is_some_and(|(&to, &who)| {
                        text.tokens[to].norm == "to"
                            && !matches!(
                                text.tokens[who].norm.as_str(),
                                "you" | "your" | "everyone"
                            )
                    });
            if !third_party && !negated(text, &words, r.start) {
                sink.push(Signal::Thanks, byte_span(text, &words, &r));
            }
        }
        if let Some(r) = apology().find_in(text, &words) {
            if !negated(text, &words, r.start) {
                sink.push(Signal::Apology, byte_span(text, &words, &r));
            }
        }
        if let Some(r) = empathy().find_in(text, &words) {
            if !negated(text, &words, r.start) {
                sink.push(Signal::Empathy, byte_span(text, &words, &r));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{has, spans};
    use super::super::Signal;

    #[test]
    fn thanks_with_typos_and_appreciation() {
        assert_eq!(spans("Thnaks for the report!", Signal::Thanks), ["Thnaks"]);
        assert_eq!(
            spans("We really appreciate your patience.", Signal::Thanks),
            ["We really appreciate your"]
        );
        assert!(has("Thank you in advance.", Signal::Thanks));
        assert!(!has(
            "Thanks to the Mozilla team, it works.",
            Signal::Thanks
        ));
        assert!(!has("I'm just here to help.", Signal::Thanks));
    }

    #[test]
    fn apologies_in_both_spellings_but_not_negated() {
        assert!(has("We apologise for the delay.", Signal::Apology));
        assert!(has("I apologize for the trouble.", Signal::Apology));
        assert!(has("So sorry to hear that.", Signal::Apology));
        assert!(has("We regret the confusion.", Signal::Apology));
        assert!(!has("No need to apologize at all!", Signal::Apology));
        assert!(!has("Here is how to fix it.", Signal::Apology));
    }

    #[test]
    fn empathy_names_the_feeling() {
        for r in [
            "I understand how frustrating this must be.",
            "That must be really annoying.",
            "I can imagine the stress this causes.",
            "I know how important these photos are to you.",
            "We'd be upset too.",
            "That sounds so frustating.",
        ] {
            assert!(has(r, Signal::Empathy), "{r}");
        }
        assert!(!has("Sorry to hear that.", Signal::Empathy));
        assert!(!has("Please restart the app.", Signal::Empathy));
    }
}
