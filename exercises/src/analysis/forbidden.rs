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
            "i|we [really|honestly|actually|just|simply|currently|still|truly] don't|do+not|dunno|didn't|did+not [really|honestly|actually|currently|yet|even] know",
            // "We don't currently how to undo that": "know" left out, the shrug intact.
            "i|we don't|do+not [really|honestly|actually|currently|yet] how|why|what|whether",
            "i|we dunno",
            "i|we have|had no [real] ~idea|clue",
            "i've|we've [got] no ~idea|clue",
            "no ~idea|clue",
            // Negated forms are the next pattern's: "I'm sure it will" is confidence, not a shrug.
            "i'm|i+am|we're|we+are [really|honestly|still|just] unsure",
            "not [really|entirely|completely|100%|quite|too|so|very|totally|exactly|NUMBER] sure|certain",
            "i|we|i'm|we're [am|are] unsure",
            "beats me",
            "i|we can't|cannot|couldn't say|tell [for+sure|for+certain|why|what|if|whether|how|exactly]",
            "couldn't|can't|cannot tell you why|what|if|whether|when|for+sure",
            "i|we wouldn't|would+not know",
            "i|we don't|do+not|didn't have [any] info|information|details|news|word|insight|idea|update|updates|answer|answers|eta",
            "it's|it+is|that's|that+is [still|just] not clear|certain|known|obvious",
            "it's|it+is|that's|that+is|still unclear|unknown",
            "not clear|certain|known to+me|to+us|if|whether|why|what|how|who|when|where",
            "unclear to me|us",
            "no one|nobody knows",
        ])
    })
}

/// "Who knows?" as a shrug: only when it opens a sentence or a clause. As the object of a verb
/// ("let me find out who knows more") it is no shrug at all.
fn shrug(text: &Text, words: &[usize]) -> Option<std::ops::Range<usize>> {
    (0..words.len().saturating_sub(1)).find_map(|k| {
        let at_clause_start = k == 0
            || text.tokens[words[k - 1]..words[k]]
                .iter()
                .any(|t| matches!(t.kind, Kind::Punct(',' | ';' | ':' | '—' | '–' | '-' | '(')));
        (at_clause_start
            && text.tokens[words[k]].norm == "who"
            && text.tokens[words[k + 1]].norm == "knows")
            .then_some(k..k + 2)
    })
}

fn cant_do() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "i|we [really|simply|just|unfortunately|sadly|currently|still] can't|cannot|can+not|couldn't|won't|will+not|aren't+able|are+not+able|am+not+able|won't+be+able|will+not+be+able|wouldn't+be+able|are+unable|am+unable|aren't+allowed|are+not+allowed|are+not+permitted",
            "we're|i'm [really|simply|just|unfortunately|sadly|currently] unable|not+able|not+allowed|not+permitted",
            "that's|that+is|this+is|it's|it+is [just|simply|unfortunately|sadly] not|impossible possible|something+we|something+i",
            "that's|that+is|it's|it+is impossible",
            "there's|there+is|there+isn't|there+is+not no|a [supported|easy|simple|official|other|current|real|good] way",
            // "There's nothing we can do to reverse it."
            "nothing we|i|firefox|anyone|anybody … can|could do",
            "we|i don't|do+not offer|allow|provide|support|do|give|accept|ship|sell|issue",
            "not|isn't|aren't something|anything we|i|we're|i'm … do|offer|support|help|assist|fix|change|provide|sell|allow",
            "isn't|is+not|won't+be|wouldn't+be|will+not+be possible",
            "we|i don't|do+not have the ability|option|means|authority|access|tools",
            "decided|chosen|chose|opted|agreed not [to]",
            "won't|will+not be fixing|fixed|changing|changed|supported|added|implemented|adding|offered",
            "won't|will+not|don't|do+not plan+to|intend+to|have+plans+to",
        ])
    })
}

fn youll_have_to() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "you'll|you+will|you'd|you+would|you [guys|all|just|simply|first|also|then|still|definitely|really] have|need|got to",
            "you [just|simply|first|also|then|still|really|definitely] must|gotta",
            "you've|you+have got to",
            "you're|you+are going to have|need to",
            "you're|you+are required|obliged|obligated to",
        ])
    })
}

fn hang_on() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "hang|hold on|tight",
            "give|bear|allow me|us a|one sec|second|moment|minute|min|mo|tick|bit",
            "just a|one sec|second|moment|minute|min|mo|tick",
            "wait a|one sec|second|moment|minute|min|mo|tick|bit",
            "bear with me|us",
            "sit tight",
            "please stand by",
        ])
    })
}

/// A sentence that is only a request to wait: "One moment, please." "1 sec!"
fn wait_alone() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns::new(&["one|a|1 sec|second|moment|minute|min|mo|tick [please|pls]"]))
}

/// Words before "you have to" that make it something else: "if you have to", "you don't have
/// to", "before you have to".
fn softened(text: &Text, words: &[usize], at: usize, len: usize) -> bool {
    let before = &words[at.saturating_sub(2)..at];
    let inside = &words[at..(at + len).min(words.len())];
    // "You must be frustrated": a guess at a feeling, not an obligation.
    // "You must be 18 or older", "you must be logged in": still an obligation.
    let norm = |k: usize| words.get(k).map_or("", |&i| text.tokens[i].norm.as_str());
    let guess = text.tokens[inside[inside.len() - 1]].norm == "must"
        && (norm(at + len) == "feel"
            || (norm(at + len) == "be"
                && matches!(
                    norm(at + len + 1),
                    "so" | "really"
                        | "very"
                        | "quite"
                        | "pretty"
                        | "frustrated"
                        | "frustrating"
                        | "annoyed"
                        | "annoying"
                        | "upset"
                        | "tired"
                        | "fed"
                        | "exhausted"
                        | "exhausting"
                        | "worried"
                        | "stressed"
                        | "stressful"
                        | "disappointed"
                        | "disappointing"
                        | "angry"
                        | "furious"
                        | "confused"
                        | "confusing"
                        | "gutted"
                        | "devastated"
                        | "sick"
                        | "awful"
                        | "hard"
                        | "difficult"
                        | "feeling"
                        | "wondering"
                )));
    guess
        || before.iter().chain(inside).any(|&i| {
            matches!(
                text.tokens[i].norm.as_str(),
                "if" | "don't"
                    | "do"
                    | "nothing"
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
    // A tweet's leading "@handle" is an address, not the sentence's first word.
    let idx: Vec<usize> = s
        .tokens
        .clone()
        .filter(|&i| !text.tokens[i].masked)
        .skip_while(|&i| matches!(text.tokens[i].kind, Kind::Mention))
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
        if words.is_empty() {
            continue;
        }
        if let Some(r) = dont_know()
            .find_in(text, &words)
            .or_else(|| shrug(text, &words))
        {
            // "if you're not sure", "you may not know": the customer's uncertainty, not ours.
            let about_customer = words[r.start.saturating_sub(3)..r.start].iter().any(|&i| {
                matches!(
                    text.tokens[i].norm.as_str(),
                    "you"
                        | "you're"
                        | "they"
                        | "they're"
                        | "he"
                        | "she"
                        | "if"
                        | "make"
                        | "whether"
                )
            }) || text.tokens[words[r.start]].norm == "you";
            // "I can't tell you how much we appreciate it": emphasis, not ignorance.
            let at = |k: usize| words.get(k).map_or("", |&i| text.tokens[i].norm.as_str());
            let emphasis = (0..=2).any(|d| {
                at(r.end - 1 + d) == "how"
                    && matches!(
                        at(r.end + d),
                        "much" | "happy" | "sorry" | "glad" | "grateful" | "pleased" | "thankful"
                    )
            });
            if !about_customer && !emphasis {
                sink.push(
                    Signal::Forbidden(Ffp::DontKnow),
                    byte_span(text, &words, &r),
                );
            }
        }
        if let Some(r) = cant_do().find_in(text, &words) {
            // "I can't wait", "I can't thank you enough", "we can't reproduce it": not refusals.
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
                        | "say"
                        | "tell"
                        | "see"
                        | "find"
                        | "reproduce"
                        | "replicate"
                        | "remember"
                        | "know"
                )
            );
            let hedged = words[..r.start].iter().any(|&i| {
                matches!(
                    text.tokens[i].norm.as_str(),
                    "if" | "unless" | "whether" | "why" | "when"
                )
            });
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
        if let Some(r) = hang_on()
            .find_in(text, &words)
            .filter(|r| !waits_for_a_reason(text, &words, r))
            .or_else(|| {
                // The whole sentence, or its last clause: "Hi Ben, one sec!"
                let from = text.last_clause_start(&words, &[',', ';', ':', '—', '–']);
                let clause = &words[from..];
                (clause.len() <= 3)
                    .then(|| {
                        wait_alone()
                            .match_prefix(text, clause, 0)
                            .map(|e| from..from + e)
                    })
                    .flatten()
            })
        {
            sink.push(Signal::Forbidden(Ffp::HangOn), byte_span(text, &words, &r));
        }
        if let Some(r) = no_start(text, s) {
            sink.push(Signal::Forbidden(Ffp::NoStart), r);
        }
    }
}

/// "Bear with us while we investigate", "hold on to your receipt", "wait a bit longer than
/// usual": a wait with its reason, or no wait at all.
fn waits_for_a_reason(text: &Text, words: &[usize], r: &std::ops::Range<usize>) -> bool {
    let norm = |k: usize| words.get(k).map_or("", |&i| text.tokens[i].norm.as_str());
    // "Hang on" / "hold on" are the phrase itself: a vague "until then" does not excuse them,
    // a reason does ("hold on while I transfer you"); "hold on to" is no wait at all.
    if matches!(norm(r.start), "hang" | "hold") {
        return norm(r.end) == "to"
            || (r.end..words.len()).any(|k| matches!(norm(k), "while" | "because" | "as"));
    }
    if matches!(
        norm(r.end),
        "to" | "for" | "of" | "longer" | "more" | "while" | "until" | "till"
    ) || matches!(
        norm(r.start.wrapping_sub(1)),
        "take" | "for" | "after" | "in"
    ) {
        return true;
    }
    (r.end..words.len()).any(|k| matches!(norm(k), "while" | "until" | "till" | "because" | "as"))
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

    #[test]
    fn not_knowing_in_more_words() {
        for (r, yes) in [
            ("Honestly I no idea what broke it.", true),
            ("We don't have any details about the release date.", true),
            ("Sadly we don't currently how to restore old tabs.", true),
            (
                "Not clear whether the printer driver or the app is at fault.",
                true,
            ),
            ("It is still not clear why the sync stopped.", true),
            ("I can't say for sure why.", true),
            ("Whether you're not sure or not, ask.", false),
            ("The steps are clear.", false),
        ] {
            assert_eq!(ffp(r, Ffp::DontKnow), yes, "{r}");
        }
    }

    #[test]
    fn refusals_in_more_words() {
        for (r, yes) in [
            ("Hardware repairs aren't something we usually fix.", true),
            ("No, that isn't something we offer.", true),
            ("There is no official way to move the toolbar down.", true),
            ("The team has decided not to fix it.", true),
            ("We are unable to change the billing date from here.", true),
            ("That's not something we're able to do.", true),
            ("That isn't possible on this plan.", true),
            ("We don't have the ability to change it.", true),
            ("I can't reproduce it here.", false),
            ("If we can't fix it, we'll refund you.", false),
            ("We can't wait to see it!", false),
        ] {
            assert_eq!(ffp(r, Ffp::CantDo), yes, "{r}");
        }
    }

    #[test]
    fn obligations_waits_and_refusals_read_in_context() {
        for (r, f, yes) in [
            (
                "You would need to sign in again first.",
                Ffp::YoullHaveTo,
                true,
            ),
            ("You're required to show ID.", Ffp::YoullHaveTo, true),
            (
                "If you're not sure which plan you have, check the app.",
                Ffp::YoullHaveTo,
                false,
            ),
            ("You must be so frustrated.", Ffp::YoullHaveTo, false),
            ("You must be tired of this by now.", Ffp::YoullHaveTo, false),
            (
                "You must be 18 or older to open an account.",
                Ffp::YoullHaveTo,
                true,
            ),
            ("You must be logged in to post.", Ffp::YoullHaveTo, true),
            ("You must have closed it first.", Ffp::YoullHaveTo, true),
            ("Hang on until then.", Ffp::HangOn, true),
            ("Hi Ben, one sec!", Ffp::HangOn, true),
            (
                "It will be fixed next week. Hang in there!",
                Ffp::HangOn,
                false,
            ),
            ("I'm not 100% sure of the name.", Ffp::DontKnow, true),
            ("Thanks Ben, one moment please.", Ffp::HangOn, true),
            ("It took one second, then it crashed.", Ffp::HangOn, false),
            ("Please hold on while I transfer you.", Ffp::HangOn, false),
            ("Bear with us while we investigate.", Ffp::HangOn, false),
            ("Please bear with us.", Ffp::HangOn, true),
            ("Please stand by.", Ffp::HangOn, true),
            ("You guys need to update.", Ffp::YoullHaveTo, true),
            ("One moment please!", Ffp::HangOn, true),
            (
                "Please take a moment to fill in the survey.",
                Ffp::HangOn,
                false,
            ),
            ("Hold on to your receipt.", Ffp::HangOn, false),
            ("It's just a bit slow today.", Ffp::HangOn, false),
            ("Nope, not on Android.", Ffp::NoStart, true),
            (
                "@sam_k No, the second charge is only a pending hold.",
                Ffp::NoStart,
                true,
            ),
            (
                "@sam_k @help_desk Nope, that plan has no data cap.",
                Ffp::NoStart,
                true,
            ),
            ("@sam_k No worries, it happens!", Ffp::NoStart, false),
            ("I'm sure it will arrive on time.", Ffp::DontKnow, false),
            (
                "We are sure the parcel is on its way.",
                Ffp::DontKnow,
                false,
            ),
            ("I'm unsure which version fixed it.", Ffp::DontKnow, true),
            (
                "Couldn't tell you why the code didn't apply, Jane.",
                Ffp::DontKnow,
                true,
            ),
            (
                "I can't tell you how much we appreciate it.",
                Ffp::DontKnow,
                false,
            ),
            (
                "There's nothing we can do to reverse a cancelled domain.",
                Ffp::CantDo,
                true,
            ),
            (
                "It updates itself, so there's nothing you need to do for now.",
                Ffp::YoullHaveTo,
                false,
            ),
            ("I am not entirely sure why.", Ffp::DontKnow, true),
            ("No one has reported this yet.", Ffp::NoStart, false),
        ] {
            assert_eq!(ffp(r, f), yes, "{r}");
        }
    }

    #[test]
    fn who_knows_is_a_shrug_only_on_its_own() {
        for (r, yes) in [
            ("Who knows? It may work tomorrow.", true),
            ("Honestly, who knows what changed.", true),
            ("Who knows.", true),
            ("Let me find out who knows more.", false),
            (
                "I'll ask the colleague who knows the billing system.",
                false,
            ),
            ("Anyone who knows the answer is welcome to reply.", false),
        ] {
            assert_eq!(ffp(r, Ffp::DontKnow), yes, "{r}");
        }
    }
}
