//! Steps: the reply tells the customer concretely what to do.
//!
//! Found as: an imperative opening a sentence ("Go to Settings > Privacy", "Please try…"),
//! a suggestion with a verb ("you can clear…", "I recommend trying…", "Have you tried…?"),
//! a request for an action ("Could you send us a screenshot?"), a numbered or bulleted list
//! item, a menu path (`A > B`), or a link presented as the fix ("follow the steps here").

use super::lexicon::{is_action_gerund, is_action_verb};
use super::pattern::{byte_span, Patterns};
use super::text::{Kind, Sentence, Text};
use super::{Signal, Sink};
use std::sync::OnceLock;

/// Words that may precede the verb without changing the instruction: "please", "just", "first".
const SOFTENERS: &[&str] = &[
    "please",
    "pls",
    "plz",
    "just",
    "first",
    "firstly",
    "then",
    "next",
    "now",
    "also",
    "simply",
    "kindly",
    "so",
    "and",
    "finally",
    "lastly",
    "afterwards",
    "after",
    "that",
    "secondly",
    "maybe",
    "perhaps",
    "alternatively",
    "otherwise",
    "instead",
    "meanwhile",
    "second",
    "third",
    "step",
];

fn suggestions() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "you can|could|should|may|might [also|just|first|then|now|simply|try+to|want+to|wish+to|need+to|have+to|must] VERB",
            "you'll|you+will|you'd|you+would [also|first] need|have|want to VERB",
            "i|we [would|'d|strongly|also] ~recommend|suggest|advise|advice [you|that+you|that] [try|to] VERB",
            "i|we [would|'d|strongly|also] ~recommend|suggest [trying|using|clearing|disabling|updating|installing|reinstalling|restarting|creating|checking|contacting|resetting|refreshing|removing|deleting|turning|switching|following|reaching|sending|starting|running|going|visiting]",
            "have|did you [already] tried|try|checked|cleared|restarted|updated|disabled|reinstalled|contacted|looked",
            "can|could|would you [please|kindly|also|just] VERB",
            "would you [be] mind|able|willing",
            "try VERBING",
            "it's|it+is|it+would+be worth VERBING",
            "the|your best bet|option|solution|fix|step|thing [would+be|is|will+be|would|to+do]",
            "follow the|these|this steps|instructions|guide|article|link",
            "this|the|these article|guide|link|steps|instructions … explain*|show*|walk*|describe*|help* [you] how|to|fix",
            "steps|instructions|guide|fix|solution [are|is] here|below|at|in",
            "a|the workaround|solution|fix is|would+be",
            "feel free to VERB",
            "make sure|certain",
            "don't|do+not forget to",
            "if you VERB …",
        ])
    })
}

pub(crate) fn detect(text: &Text, sink: &mut Sink) {
    for s in text.readable() {
        let words = text.words(s);
        if words.is_empty() {
            continue;
        }
        if let Some(r) = list_item(text, s, &words) {
            sink.push(Signal::Steps, r);
            continue;
        }
        if let Some(r) = imperative(text, &words) {
            sink.push(Signal::Steps, r);
            continue;
        }
        if let Some(r) = suggestion(text, &words) {
            sink.push(Signal::Steps, r);
            continue;
        }
        if let Some(r) = menu_path(text, s) {
            sink.push(Signal::Steps, r);
        }
    }
}

/// "1. Open…", "- Click…", "• Restart…": a list item that holds an action.
fn list_item(text: &Text, s: &Sentence, words: &[usize]) -> Option<std::ops::Range<usize>> {
    if !s.starts_line {
        return None;
    }
    let first = s.tokens.clone().find(|&i| !text.tokens[i].masked)?;
    let t = &text.tokens[first];
    let bullet = matches!(t.kind, Kind::Punct('-' | '*' | '•' | '–' | '·'))
        || (t.kind == Kind::Number
            && text.tokens.get(first + 1).is_some_and(|n| {
                matches!(n.kind, Kind::Punct('.' | ')' | ':')) && n.line == t.line
            }));
    if !bullet {
        return None;
    }
    // A bullet that is only a link, or a couple of words, is not an instruction.
    if words.len() < 2 {
        return None;
    }
    let has_action = words.iter().take(4).any(|&i| {
        let w = text.tokens[i].norm.as_str();
        is_action_verb(w) || is_action_gerund(w)
    });
    has_action.then(|| text.span(words[0], *words.last().unwrap_or(&words[0])))
}

/// A clause that opens with an action verb, after softeners: "Please try safe mode",
/// "Hi Dana, restart the app", "If it freezes, hold the power button".
fn imperative(text: &Text, words: &[usize]) -> Option<std::ops::Range<usize>> {
    let clause_starts = (0..words.len()).filter(|&k| {
        k == 0
            || words[k].checked_sub(1).is_some_and(|p| {
                matches!(
                    text.tokens[p].kind,
                    Kind::Punct(',' | ';' | ':' | '(' | '-')
                )
            })
    });
    for start in clause_starts {
        if let Some(r) = imperative_at(text, words, start) {
            return Some(r);
        }
    }
    None
}

fn imperative_at(text: &Text, words: &[usize], start: usize) -> Option<std::ops::Range<usize>> {
    let mut k = start;
    while k < words.len() && SOFTENERS.contains(&text.tokens[words[k]].norm.as_str()) {
        k += 1;
    }
    let &verb = words.get(k)?;
    let v = text.tokens[verb].norm.as_str();
    if !is_action_verb(v) {
        return None;
    }
    // "Update: it is fixed" is a heading, not an instruction.
    if text.tokens.get(verb + 1).is_some_and(|t| t.is_punct(':')) {
        return None;
    }
    let next = words.get(k + 1).map(|&i| text.tokens[i].norm.as_str());
    // Verbs that are also nouns or openers of other things: "Back in 2019", "Hold on" (a
    // forbidden phrase, not a step) are not steps.
    let rejected = match v {
        "hold" | "hang" => matches!(next, Some("on")),
        "wait" => next.is_none_or(|n| matches!(n, "a" | "on")),
        "back" => !matches!(next, Some("up")),
        "see" | "read" | "watch" => words.len() < start + 3,
        "end" | "note" | "set" | "start" | "test" | "report" | "update" | "return" | "call"
        | "email" | "message" | "post" | "log" | "view" | "sort" | "filter" | "block" | "lock"
        | "exchange" | "refund" | "backup" | "scan" => {
            // These words also work as nouns: "Update is out", "Start of the week".
            matches!(
                next,
                Some("is" | "was" | "of" | "for" | "has" | "will" | "and" | "are")
            ) || next.is_none()
        }
        "make" => !matches!(next, Some("sure" | "certain" | "a" | "an" | "the")),
        "tell" => !matches!(next, Some("us" | "me")),
        _ => false,
    };
    if rejected {
        return None;
    }
    let end = words.len().min(k + 6) - 1;
    Some(text.span(words[start], words[end]))
}

fn suggestion(text: &Text, words: &[usize]) -> Option<std::ops::Range<usize>> {
    let r = suggestions().find_in(text, words)?;
    Some(byte_span(text, words, &r))
}

/// "Settings > Privacy & Security > Cookies": a menu path is an instruction to go there.
fn menu_path(text: &Text, s: &Sentence) -> Option<std::ops::Range<usize>> {
    let toks = &text.tokens[s.tokens.clone()];
    let arrows = toks
        .iter()
        .filter(|t| !t.masked && matches!(t.kind, Kind::Punct('>' | '→' | '»')))
        .count();
    (arrows >= 1 && toks.iter().filter(|t| t.is_word()).count() >= 2).then(|| text.sentence_span(s))
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{has, spans};
    use super::super::Signal;

    #[test]
    fn imperatives_lists_and_suggestions_are_steps() {
        for r in [
            "Please try disabling your add-ons.",
            "Go to Settings > Privacy and clear the cache.",
            "1. Open the menu\n2. Choose Help",
            "- Restart the router",
            "You can clear the cookies from the Privacy panel.",
            "I recommend trying a new profile.",
            "Have you tried safe mode?",
            "Could you send us a screenshot?",
            "Follow the steps here: https://example.org/fix",
            "Make sure the app is up to date.",
            "First, restart your phone.",
            "Privacy & Security > Cookies and Site Data",
        ] {
            assert!(has(r, Signal::Steps), "{r}");
        }
    }

    #[test]
    fn talk_about_the_problem_is_not_a_step() {
        for r in [
            "Sorry to hear that.",
            "This is a known bug in version 12.",
            "Hold on a second.",
            "Update: it is fixed now.",
            "- https://bugzilla.mozilla.org/show_bug.cgi?id=1",
            "We are looking into it.",
            "Thanks for the report!",
        ] {
            assert!(!has(r, Signal::Steps), "{r}");
        }
    }

    #[test]
    fn the_span_points_at_the_instruction() {
        assert_eq!(
            spans("Hi. Please restart the app now.", Signal::Steps),
            ["Please restart the app now"]
        );
    }
}
