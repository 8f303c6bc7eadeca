//! Steps: the reply tells the customer concretely what to do.
//!
//! Found as: an imperative opening a sentence ("Go to Settings > Privacy", "Please try…"),
//! a suggestion with a verb ("you can clear…", "I recommend trying…", "Have you tried…?"),
//! a request for an action ("Could you send us a screenshot?"), a numbered or bulleted list
//! item, a menu path (`A > B`), or a link presented as the fix ("follow the steps here").

use super::lexicon::{is_action_gerund, is_action_verb};
use super::pattern::{byte_span, Patterns};
use super::text::{Kind, Sentence, Text, Token};
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
    "or",
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
            "you can|could|should|may|might|must [also|just|first|then|now|simply|still|always|try+to|want+to|wish+to|need+to|have+to|must] VERB",
            "you [also|just|first|then|still] have|need to VERB",
            "you'll|you+will|you'd|you+would [also|first|then|just] need|have|want to VERB",
            "you [will|would|may|might|just|also] want|wanna|need to|ta",
            "i|we|i'd|we'd [would|strongly|also|highly|really|definitely] ~recommend|suggest|advise|advice|encourage|urge|invite [you|that+you|that] [try|to|please] VERB",
            "i|we|i'd|we'd [would|strongly|also|highly|really|definitely] ~recommend|suggest VERBING",
            "[you] [may|might|could|can|should] [want+to|wish+to] consider VERBING",
            "have|did you [already|ever] tried|try|checked|cleared|restarted|updated|disabled|reinstalled|contacted|looked|attempted|considered",
            "can|could|would|will you [please|pls|plz|kindly|also|just|possibly|perhaps|maybe|try+to] VERB",
            "would you [be] mind|able|willing",
            // The polite request the course teaches instead of "you'll have to": "Would it be
            // possible (for you) to back up your profile?"
            "would|could|will|might it be possible|ok|okay|alright|feasible [for+you] to [please|just|also|first] VERB",
            "is|was it possible|ok|okay for you to [please|just|also|first] VERB",
            "try VERBING",
            // "The trick is to hold…", "What usually works is toggling…".
            "trick|secret|answer|route|workaround is|was to|VERBING",
            "what [usually|normally|often|generally|always|sometimes] works|helps|fixes+it is|:|= VERBING|to",
            // "You can work around it by toggling X."
            "work+around|fix|solve|avoid|prevent|bypass it|this|that|the+problem|the+issue by VERBING",
            "it's|it+is|it+would+be|it+might+be|it+may+be worth VERBING",
            "best|only|other|easiest|quickest|simplest|next bet|option|solution|fix|step|thing|alternative|way … is|would+be|will+be to|VERBING",
            "alternative|option|workaround|solution … is|would+be|will+be to VERB",
            "follow|use|try the|these|this|our steps|instructions|guide|article|link|tips|troubleshooting",
            "this|the|these|our article|guide|link|steps|instructions|page|tips … explain*|show*|walk*|describe*|cover*|help*|fix*|solve*|resolve* [you] how|to|fix|through|with",
            "these|the|this|those|following steps|instructions|tips|solution|solutions|article|guide|suggestions may|might|should|will|can|could help|fix|solve|resolve|work",
            "here's|here+is|here+are how|what+to+do|the+steps|a+guide|some+steps|instructions|a+workaround|the+fix|a+fix|the+solution|steps",
            "steps|instructions|guide|fix|solution|workaround are|is|can+be+found here|below",
            "steps|instructions|guide|workaround here|below",
            // "Here's a list of things to check: URL".
            "here's|here+is|here+are a|some [list|few|couple|number] [of] things|tips|checks|fixes|ideas|suggestions|solutions to|you+can check|try|do|follow",
            "feel free to VERB",
            "make sure|certain",
            "be sure to",
            "don't|do+not forget to",
            "if you VERB …",
            "start|starting by VERBING",
            "go ahead and",
            "get in touch",
        ])
    })
}

/// Links and pointers offered only as background ("for more information", "learn more"): not the
/// thing to do about the problem.
fn background() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "for more|additional|further|full info|information|details|detail|context|background|news|updates",
            "more|further|additional info|information|details here|below|at|on",
            "for news|updates|announcements",
            "for the latest",
            "to learn|read|find+out|know more",
            "learn|read more",
        ])
    })
}

/// Steps read the reply's own words and quoted answers.
fn readable(t: &Token) -> bool {
    !t.masked || t.quoted_answer
}

/// "…if you need anything else", "…anytime": an offer of further help, not an instruction.
pub(crate) fn offer() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "if you [still|ever|should] need|have|want|require … anything|more|further|else|other|additional|questions|concerns",
            "if+you'd|if+you+would like|want … help|assistance|support|more",
            "anytime|any+time|whenever",
            "if anything|something [else|more] comes+up|crops+up|pops+up|happens",
            "give|drop us|me a shout|holler|buzz|line",
            // "Feel free to reach out", "don't hesitate to get in touch": closings.
            "feel free to reach|contact|get|ask|message|dm|let|come|write|drop|ping|call|email|tweet|shout|post|return",
            "hesitate to",
        ])
    })
}

/// "Any questions, just DM us": what follows is an offer of further help, not a step.
fn offer_lead() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "any [other|more|further|additional] questions|issues|problems|probs|queries|concerns|trouble",
        ])
    })
}

pub(crate) fn detect(text: &Text, sink: &mut Sink) {
    for s in &text.sentences {
        let words = text.words_with_quoted_answers(s);
        if words.is_empty() {
            continue;
        }
        if let Some(r) = list_item(text, s, &words)
            .or_else(|| imperative(text, &words))
            .or_else(|| suggestion(text, &words))
            .or_else(|| menu_path(text, s))
        {
            sink.push(Signal::Steps, r);
        }
    }
}

/// "1. Open…", "- Click…", "• Restart…": a list item that gives an instruction, or names a menu
/// path ("- Windows: menu > Options"). A list of questions or of facts is not a procedure.
fn list_item(text: &Text, s: &Sentence, words: &[usize]) -> Option<std::ops::Range<usize>> {
    if !s.starts_line {
        return None;
    }
    let first = s.tokens.clone().find(|&i| readable(&text.tokens[i]))?;
    let t = &text.tokens[first];
    let bullet = matches!(t.kind, Kind::Punct('-' | '*' | '•' | '–' | '·'))
        || (t.kind == Kind::Number
            && text.tokens.get(first + 1).is_some_and(|n| {
                matches!(n.kind, Kind::Punct('.' | ')' | ':')) && n.line == t.line
            }));
    if !bullet || words.len() < 2 {
        return None;
    }
    // A gerund heading the item: "Clearing the cache", "2. Disabling add-ons".
    let lead = words.iter().position(|&i| {
        let t = &text.tokens[i];
        t.kind != Kind::Number && !SOFTENERS.contains(&t.norm.as_str())
    })?;
    let w = text.tokens[words[lead]].norm.as_str();
    (is_action_gerund(w) && words.len() > lead + 1)
        .then(|| text.span(words[0], *words.last().unwrap_or(&words[0])))
}

/// A clause that opens with an action verb, after softeners: "Please try safe mode",
/// "Hi Dana, restart the app", "If it freezes, hold the power button", "Please do not reply
/// to that email".
fn imperative(text: &Text, words: &[usize]) -> Option<std::ops::Range<usize>> {
    // A clause opens the sentence, follows a comma or a colon, or starts at "please" ("If it
    // still fails please reinstall").
    let clause_starts = (0..words.len()).filter(|&k| {
        k == 0
            || words[k].checked_sub(1).is_some_and(|p| {
                matches!(
                    text.tokens[p].kind,
                    Kind::Punct(',' | ';' | ':' | '(' | '-' | '—' | '–')
                )
            })
            || matches!(
                text.tokens[words[k]].norm.as_str(),
                "please" | "pls" | "plz" | "kindly"
            )
    });
    let mut facts = Facts::default();
    // A sentence of a hundred clauses is not a reply; the cap keeps the work linear.
    for start in clause_starts.take(MAX_CLAUSES) {
        if let Some(r) = imperative_at(text, words, start, &mut facts) {
            return Some(r);
        }
    }
    None
}

const MAX_CLAUSES: usize = 64;

/// What the clauses of one sentence share, worked out once (each is a scan of the sentence).
#[derive(Default)]
struct Facts {
    background: Option<bool>,
    /// The last position where an offer ("if you need anything else") starts.
    last_offer: Option<Option<usize>>,
    first_if: Option<Option<usize>>,
}

impl Facts {
    fn background(&mut self, text: &Text, words: &[usize]) -> bool {
        *self
            .background
            .get_or_insert_with(|| background().find_in(text, words).is_some())
    }

    fn offer_from(&mut self, text: &Text, words: &[usize], start: usize) -> bool {
        self.last_offer
            .get_or_insert_with(|| offer().last_start(text, words))
            .is_some_and(|at| at >= start)
    }

    fn if_before(&mut self, text: &Text, words: &[usize], start: usize) -> bool {
        self.first_if
            .get_or_insert_with(|| words.iter().position(|&i| text.tokens[i].norm == "if"))
            .is_some_and(|at| at < start)
    }
}

fn imperative_at(
    text: &Text,
    words: &[usize],
    start: usize,
    facts: &mut Facts,
) -> Option<std::ops::Range<usize>> {
    let norm = |k: usize| words.get(k).map(|&i| text.tokens[i].norm.as_str());
    let mut k = start;
    // Softeners, and the number of a list item ("1. Open the menu", "Step 2: restart").
    while norm(k).is_some_and(|w| SOFTENERS.contains(&w))
        // "For now use PayPal", "right click the Inbox" (written without its hyphen).
        || (norm(k) == Some("for") && norm(k + 1) == Some("now"))
        || (matches!(norm(k), Some("right" | "left" | "double"))
            && matches!(norm(k + 1), Some("click" | "tap")))
        || (k < start + 2
            && words
                .get(k)
                .is_some_and(|&i| text.tokens[i].kind == Kind::Number))
    {
        k += 1;
    }
    // A negative instruction: "Please do not click the link", "Don't reply to that email".
    let negative = match (norm(k), norm(k + 1)) {
        (Some("don't" | "never"), _) => 1,
        (Some("do"), Some("not")) => 2,
        _ => 0,
    };
    if negative > 0 {
        let next = norm(k + negative);
        if next.is_some_and(|v| matches!(v, "worry" | "hesitate" | "forget" | "mind")) {
            return None;
        }
        k += negative;
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
    let next = norm(k + 1);
    let after = norm(k + 2);
    // A verb-like word followed by an auxiliary or a negation is the subject of a statement:
    // "Sync doesn't delete bookmarks", "Backup is on", "Search can't find it".
    if words.get(k + 1) == Some(&(verb + 1)) && next.is_some_and(is_auxiliary) {
        return None;
    }
    // Verbs that are also nouns or openers of other things: "Back in 2019", "Hold on" (a
    // forbidden phrase, not a step) are not steps.
    let rejected = match v {
        "hold" | "hang" => matches!(next, Some("on")) && after != Some("to"),
        // "Wait a moment" asks for patience; "wait a few minutes and try again" is a step.
        "wait" => {
            next.is_none_or(|n| matches!(n, "on" | "for"))
                || (matches!(next, Some("a" | "one"))
                    && matches!(
                        after,
                        Some("sec" | "second" | "moment" | "minute" | "min" | "bit" | "tick")
                    ))
        }
        "back" => !matches!(next, Some("up")),
        // "See our announcement", "Read more": pointers, unless to a fix or a how-to.
        "see" | "read" | "watch" => !points_to_fix(text, words, k + 1),
        "note" => matches!(next, Some("that" | "this" | "the" | "we" | "it")) || next.is_none(),
        "end" | "set" | "start" | "test" | "report" | "update" | "return" | "call" | "email"
        | "message" | "post" | "log" | "sort" | "filter" | "block" | "lock" | "exchange"
        | "refund" | "backup" | "scan" | "order" | "text" | "show" | "charge" | "request"
        | "place" | "book" | "store" | "format" | "tag" | "review" | "power" | "claim"
        | "appeal" | "transfer" | "print" | "reset" | "forward" | "join" | "sync" | "type"
        | "mark" | "fill" | "put" | "kill" | "pause" => {
            // These words also work as nouns: "Update is out", "Start of the week".
            matches!(
                next,
                Some(
                    "is" | "was"
                        | "of"
                        | "for"
                        | "has"
                        | "will"
                        | "and"
                        | "are"
                        | "number"
                        | "status"
                        | "date"
                        | "history"
                        | "page"
                        | "button"
                        | "here"
                )
            ) || next.is_none()
        }
        "make" => !matches!(
            next,
            Some(
                "sure"
                    | "certain"
                    | "a"
                    | "an"
                    | "the"
                    | "any"
                    | "your"
                    | "it"
                    | "this"
                    | "changes"
            )
        ),
        // Telling us something answers a question; it is not a step ("tell us more").
        "tell" | "describe" | "explain" | "clarify" | "specify" | "advise" => true,
        "confirm" => !words[k..(k + 12).min(words.len())].iter().any(|&i| {
            matches!(
                text.tokens[i].norm.as_str(),
                "by" | "via" | "using" | "clicking" | "tapping" | "link" | "code"
            )
        }),
        // "Please allow 5 days for the refund": information about a wait.
        "allow" => words[k..(k + 6).min(words.len())].iter().any(|&i| {
            matches!(
                text.tokens[i].norm.as_str(),
                "day" | "days" | "hour" | "hours" | "week" | "weeks" | "time" | "minutes"
            )
        }),
        // "Give me a moment": a wait, not an instruction.
        "give" => {
            matches!(next, Some("me" | "us"))
                && words[k..(k + 5).min(words.len())].iter().any(|&i| {
                    matches!(
                        text.tokens[i].norm.as_str(),
                        "moment" | "sec" | "second" | "seconds" | "minute" | "minutes" | "bit"
                    )
                })
        }
        // "If that doesn't help, reply here": a follow-up formula, not an instruction.
        "reply" | "respond" | "contact" | "reach" | "write" | "dm" | "come"
            if facts.if_before(text, words, start) =>
        {
            true
        }
        "check" => matches!(next, Some("back")),
        // "File a report", not "File size is 2 MB".
        "file" => !matches!(
            next,
            Some(
                "a" | "an"
                    | "the"
                    | "your"
                    | "it"
                    | "this"
                    | "that"
                    | "bug"
                    | "report"
                    | "complaint"
                    | "claim"
                    | "ticket"
            )
        ),
        // "Take care": a sign-off.
        "take" => matches!(next, Some("care")),
        // "You can follow the progress in bug 123": news, not a fix.
        "follow" => news_to_follow(next.unwrap_or(""), after.unwrap_or(""), false),
        // "Please accept our apologies", "Keep us posted": courtesy, nothing to do.
        "accept" => matches!(next, Some("our" | "my")),
        "keep" => {
            matches!(next, Some("us" | "me"))
                && matches!(after, Some("posted" | "updated" | "informed" | "in"))
        }
        _ => false,
    };
    // "Any questions, just DM us": contact offered after a lead-in, not a step.
    let rejected = rejected
        || (matches!(
            v,
            "dm" | "message"
                | "contact"
                | "reach"
                | "let"
                | "give"
                | "tweet"
                | "ping"
                | "email"
                | "call"
                | "drop"
                | "ask"
                | "get"
                | "text"
                | "shout"
        ) && offer_lead().find_in(text, &words[..start]).is_some());
    if rejected
        || (is_pointer(v) && facts.background(text, words))
        || facts.offer_from(text, words, start)
    {
        return None;
    }
    let end = words.len().min(k + 6) - 1;
    Some(text.span(words[start], words[end]))
}

/// Auxiliaries and their negations: after a verb-like word they make it a subject.
fn is_auxiliary(w: &str) -> bool {
    matches!(
        w,
        "is" | "isn't"
            | "was"
            | "wasn't"
            | "are"
            | "aren't"
            | "were"
            | "weren't"
            | "does"
            | "doesn't"
            | "did"
            | "didn't"
            | "do"
            | "don't"
            | "has"
            | "hasn't"
            | "had"
            | "hadn't"
            | "have"
            | "haven't"
            | "can"
            | "can't"
            | "cannot"
            | "could"
            | "couldn't"
            | "will"
            | "won't"
            | "would"
            | "wouldn't"
            | "should"
            | "shouldn't"
            | "may"
            | "might"
            | "must"
            | "needs"
            | "seems"
            | "appears"
    )
}

/// Verbs that point somewhere (a page, a link) rather than change anything.
fn is_pointer(verb: &str) -> bool {
    matches!(
        verb,
        "visit"
            | "see"
            | "read"
            | "check"
            | "look"
            | "go"
            | "head"
            | "view"
            | "find"
            | "watch"
            | "browse"
            | "click"
            | "tap"
            | "follow"
            | "review"
            | "consult"
            | "keep"
            | "stay"
    )
}

/// After "see" / "read": a fix or a how-to ("see the steps here", "see if that helps", "read
/// this guide"), not an announcement or news.
fn points_to_fix(text: &Text, words: &[usize], at: usize) -> bool {
    words[at.min(words.len())..(at + 4).min(words.len())]
        .iter()
        .any(|&i| {
            matches!(
                text.tokens[i].norm.as_str(),
                "if" | "whether"
                    | "how"
                    | "steps"
                    | "step"
                    | "instructions"
                    | "guide"
                    | "article"
                    | "section"
                    | "fix"
                    | "solution"
                    | "workaround"
                    | "tutorial"
                    | "troubleshooting"
                    | "below"
                    | "answer"
            )
        })
}

fn suggestion(text: &Text, words: &[usize]) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    // A few tries: the first match may be a false lead ("before you can post").
    for _ in 0..8 {
        let r = suggestions().find_in(text, &words[from..])?;
        let r = from + r.start..from + r.end;
        if suggests(text, words, &r) {
            return Some(byte_span(text, words, &r));
        }
        from = r.start + 1;
    }
    None
}

/// "Follow along", "follow the progress in bug 123": news to watch, not a fix. `next` and
/// `after` are the two words after "follow"; `any_between` accepts any word as `next` before
/// the news word ("you can follow its progress"), not only a determiner.
fn news_to_follow(next: &str, after: &str, any_between: bool) -> bool {
    matches!(next, "along" | "progress" | "updates" | "bug")
        || ((any_between || matches!(next, "the" | "this" | "that" | "our"))
            && matches!(
                after,
                "progress" | "bug" | "updates" | "thread" | "discussion" | "issue"
            ))
}

fn suggests(text: &Text, words: &[usize], r: &std::ops::Range<usize>) -> bool {
    let norm = |k: usize| words.get(k).map_or("", |&i| text.tokens[i].norm.as_str());
    // "Could you tell us more?" asks a question; it gives nothing to do.
    let last = norm(r.end - 1);
    if matches!(
        last,
        "tell" | "describe" | "explain" | "clarify" | "specify" | "confirm" | "advise"
    ) {
        return false;
    }
    // "Don't hesitate to get in touch": a closing formula.
    if r.start >= 2 && norm(r.start - 1) == "to" && norm(r.start - 2) == "hesitate" {
        return false;
    }
    // "You should see it within 5 days": a forecast, not advice.
    if matches!(
        last,
        "see" | "receive" | "get" | "notice" | "hear" | "have" | "be"
    ) && r.start + 1 < r.end
        && matches!(
            norm(r.end - 2),
            "should" | "will" | "may" | "might" | "would"
        )
    {
        return false;
    }
    // "You can follow the progress in bug 123": news to watch, not a fix.
    if last == "follow" && news_to_follow(norm(r.end), norm(r.end + 1), true) {
        return false;
    }
    // "…before you can post", "Do you need to keep it?": not advice.
    let subordinate = norm(r.start) == "you"
        && r.start > 0
        && matches!(
            norm(r.start - 1),
            "before"
                | "until"
                | "once"
                | "when"
                | "if"
                | "after"
                | "unless"
                | "whether"
                | "do"
                | "does"
                | "did"
                | "that"
                | "so"
                | "why"
                | "how"
                | "what"
                | "where"
                | "as"
        );
    // "You can visit our page for more information" points at background reading; "feel free
    // to reach out if you need anything else" offers help.
    let points_away = is_pointer(last) && background().find_in(text, words).is_some();
    !subordinate && !points_away && offer().find_in(text, &words[r.start..]).is_none()
}

/// "Settings > Privacy & Security > Cookies": a menu path is an instruction to go there.
fn menu_path(text: &Text, s: &Sentence) -> Option<std::ops::Range<usize>> {
    let toks = &text.tokens[s.tokens.clone()];
    let arrows = toks
        .iter()
        .enumerate()
        .filter(|(k, t)| {
            readable(t)
                && matches!(t.kind, Kind::Punct('>' | '→' | '»'))
                && toks.get(k + 1).is_some_and(|n| n.kind == Kind::Word)
                && k.checked_sub(1)
                    .is_some_and(|p| matches!(toks[p].kind, Kind::Word | Kind::Punct(')' | '"')))
        })
        .count();
    if arrows == 0 || toks.iter().filter(|t| t.is_word()).count() < 2 {
        return None;
    }
    // "Which folder is set under Settings > Downloads?" asks where things stand; "Have you
    // tried Settings > Reset?" still suggests something.
    let words = text.words(s);
    let first = words.first().map_or("", |&i| text.tokens[i].norm.as_str());
    let second = words.get(1).map_or("", |&i| text.tokens[i].norm.as_str());
    // "How about turning on fingerprint unlock under Settings > Security?" suggests.
    let asks_where = s.asks
        && second != "about"
        && matches!(
            first,
            "which" | "what" | "where" | "how" | "does" | "do" | "is" | "are" | "did" | "and"
        )
        && !words.iter().any(|&i| {
            matches!(
                text.tokens[i].norm.as_str(),
                "try" | "tried" | "tap" | "click"
            )
        });
    (!asks_where).then(|| text.sentence_span(s))
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
            "How about turning on fingerprint unlock under Settings > Security instead?",
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
            "- https://tracker.example.org/issue?id=1",
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

    #[test]
    fn more_ways_to_give_an_instruction() {
        for r in [
            "Please do not reply to that email and delete it.",
            "If it still fails please reinstall the app.",
            "1. copy the file\n2. paste it into the folder",
            "2. Making sure the toggle is off",
            "If you sell a lot, consider opening a store.",
            "I'd recommend emptying the thumbnail folder.",
            "We encourage you to contact the plugin author.",
            "You'll want to keep the watch half charged.",
            "These tips should fix it: https://example.org/fix",
            "If so, here's a list of things to check based on the error: https://example.org/kb",
            "The only option I can see is to reinstall Windows.",
            "See if that helps.",
            "Please look in the Drafts folder for an older copy.",
            "Please wait a few minutes and try again.",
            "You must verify your email first.",
            "Start by telling us whether the lamp is blinking.",
            "Please DM us your order number so we can check.",
            "Please don't make any further payments from the card in the meantime.",
            "Until then, you can work around it by toggling sidebar.revamp to false.",
            "Pop into any store with your receipt and we'll swap them.",
            "You can middle-click it. Or set the pref to true in about:config.",
            "For now use PayPal at checkout.",
            "The trick is to hold the power button for 10 seconds.",
            "Please file a report at example.org/baggage.",
            "What usually works is toggling Bluetooth off and on.",
            "right click the Inbox then choose Properties.",
            "Give the router a restart and try again.",
            "Keep the app open while it syncs.",
            "See below:\nQUOTE\n- Open the menu and pick Options\nEND QUOTE",
        ] {
            assert!(has(r, Signal::Steps), "{r}");
        }
    }

    #[test]
    fn pointers_offers_and_questions_are_not_steps() {
        for r in [
            "See our announcement here: https://example.org/news",
            "Read more on the change here: https://example.org/kb",
            "For further details please head to https://example.org/help",
            "You can visit our blog for more details.",
            "Ping us any time something else comes up!",
            "Glad it's sorted! Give us a shout if anything else comes up.",
            "Any questions, just give us a shout.",
            "Any issues, just DM us 📱",
            "Please accept our apologies for the delay.",
            "Keep us posted!",
            "Which folder is set under Settings > General > Downloads?",
            "File size is limited to 2 MB.",
            "Feel free to reach out with any other questions!",
            "If you need anything else, please don't hesitate to get in touch.",
            "You should see it within 5 business days.",
            "The rules changed on 1 June. You can find more information here: https://example.org/bags",
            "There's no ETA yet, sorry. You can follow the progress in bug 1765432.",
            "Thanks for your patience.\n\nTake care,\nOlivia",
            "Feel free to reach out anytime.",
            "Could you tell us more about it?",
            "Can you confirm which email is on the account?",
            "Give me a moment while I check.",
            "Please allow 5 to 7 days for the refund to arrive.",
            "Note that it can take a day to show up.",
            "If that doesn't help, reply here and we'll dig deeper.",
            "Sadly I don't have a fix for that bug yet.",
            "- What version are you on?\n- Which add-ons do you use?",
            "Don't worry about it.",
            "Do you need to keep those settings?",
            "It unlocks before you can post.",
        ] {
            assert!(!has(r, Signal::Steps), "{r}");
        }
    }

    #[test]
    fn polite_requests_the_course_teaches_are_steps() {
        for (r, steps) in [
            (
                "Hi Lena, would it be possible to back up your profile and then reinstall Thunderbird?",
                true,
            ),
            ("Would it be possible for you to send us the log?", true),
            ("Is it possible for you to restart the router tonight?", true),
            ("Could you possibly clear the cache?", true),
            ("Would you mind clearing the cache?", true),
            ("Would you mind trying once more in safe mode?", true),
            ("Would it be okay to remove the add-on for a day?", true),
            ("Would it be possible for you to tell us more?", false),
            ("Is it possible that the file was moved?", false),
        ] {
            assert_eq!(has(r, Signal::Steps), steps, "{r}");
        }
    }

    #[test]
    fn a_verb_before_an_auxiliary_is_a_subject() {
        for (r, steps) in [
            ("Sync doesn't delete bookmarks, it only copies them.", false),
            ("Search can't find mail in that folder.", false),
            ("Backup is done every night.", false),
            ("Update won't install on Windows 7.", false),
            ("Download has stalled at 40% for some users.", false),
            ("Sync your bookmarks, then restart.", true),
            ("Search the folder for the old file.", true),
        ] {
            assert_eq!(has(r, Signal::Steps), steps, "{r}");
        }
    }
}
