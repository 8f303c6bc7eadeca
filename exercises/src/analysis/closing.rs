//! Closing: a courteous close at the end of the reply (before any signature).
//!
//! Only the last sentence counts: "hope this helps" in the middle is not a closing, and a reply
//! that stops after an instruction or a link has none. What a reader skips at the end is skipped
//! here too: a signature, a trailing "More information: URL" line, a bare link, the agent's
//! name on its own ("… Hope this helps. Marek").

use super::courtesy;
use super::lexicon::is_action_verb;
use super::pattern::{byte_span, Patterns};
use super::text::{Kind, Sentence, Text};
use super::{Signal, Sink};
use std::sync::OnceLock;

fn closings() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            // Well-wishing.
            "~hope|hopefully this|that|it|these|the|you|everything|all|things … help|helps|helped|helpful|works|work|worked|useful|sorted|resolves|resolved|fixes|fixed|solves|solved|well|great|good|day|week|weekend|clears|clarifies|clarify|answers|explains|safe|better|soon|back",
            "have|enjoy a|the|your [great|good|nice|wonderful|lovely|fantastic|happy|pleasant|safe|brilliant|awesome|terrific|blessed|relaxing|restful|best|greatest|loveliest] day|week|weekend|evening|one|night|holiday|holidays|time|rest|afternoon|morning",
            "have|enjoy a|an|the|your [great|good|nice|wonderful|lovely|fantastic|happy|pleasant|safe|brilliant|awesome|terrific|blessed|relaxing|restful|merry|amazing|fab|fabulous] christmas|xmas|easter|thanksgiving|trip|flight|stay|vacation|break|journey|visit|summer|winter|season|birthday|meal|game|match|show|celebration|party|ride|concert|anniversary|holidays|new+year",
            "good|best [of] luck",
            "all the best",
            "take care",
            "hang in there",
            "stay safe|well|tuned|healthy",
            "safe travels|trip|flight|flights|journey|drive",
            "happy start|monday|tuesday|wednesday|thursday|friday|weekend|holidays|browsing|shopping|reading|gaming|listening|streaming|travels|travelling|traveling|new+year|birthday|coding|watching|flying|surfing",
            "enjoy",
            "fingers crossed",
            // Offers of further help and follow-up formulas.
            "let|lemme us|me know if|how|whether",
            "let|lemme us|me know the|your result|results|outcome",
            "let|lemme us|me know and we'll|we+will|i'll|i+will|we+can|i+can help|walk|sort|guide|get+you|take+care|fix",
            "anything else|more [i|we] can",
            "is there anything",
            "keep|get us|me posted|updated|informed",
            "update|ping us|me",
            "feel free",
            "don't|do+not ~hesitate",
            "we're|we+are|i'm|i+am|we'll+be|i'll+be|we+will+be|i+will+be [always|just|still|right|also] here|around|available",
            "we're|we+are|i'm|i+am|we'd+be|we+would+be|i'd+be|i+would+be [always|more+than|very|really|so] ~happy|glad|pleased to help|assist",
            "~happy|glad to help|assist",
            "here if|for|to you|help|assist",
            "any other|further|more questions|problems|issues|concerns",
            "any [other|more|further|additional] questions|issues|problems|probs|queries|concerns|trouble … let|shout|dm|message|reach|contact|tweet|ping|ask|holler|get|give|drop|email|call|text",
            "give|drop us|me a shout|holler|buzz|line",
            "if anything|something [else|more] comes+up|crops+up|pops+up|happens",
            "if you [still|ever] need|have … anything|more|further|other|additional|else|questions|concerns|assistance",
            // "If it persists, open a new thread" offers more help; "If not, update the app"
            // is one more instruction.
            "if … doesn't|does+not|didn't|won't|persists|continues|not|otherwise … let|reply|post|reach|come|write|contact|get+back|get+in+touch|update+us|tell|ask|message|dm|call|email|please+open|please+start|please+create|please+file|open+a+new|start+a+new|create+a+new|file+a+new|file+a+bug",
            "if … works|helps|helped|worked|fixes|fixed|solves|solved … let|please+let",
            "come|pop back and|to post|reply|update|let|tell|ask|say",
            "does|did|do that|this|these|it help|work|answer|clear|solve|fix|resolve|make+sense",
            "reach|get back|out [to+us|to+me|with+us] again|anytime|any+time|whenever|if",
            "we|i look forward to",
            "we'll|we+will|i'll|i+will look|watch|wait out|for … reply|response|dm|message|answer",
            "we'll|we+will|i'll|i+will go|take it from there",
            "we'll|we+will|we'd|we+would|i'll|i+will|i'd|i+would [be+happy+to|love+to] take|go [it] from there",
            "talk|speak|chat soon|later",
            "see you|ya [soon|later|around]",
            "hear from you",
            "here's|here+is to",
            "you're|you+are welcome",
            "my pleasure",
        ])
    })
}

/// Sign-offs that close a reply when they make up a short sentence of their own: "Cheers!",
/// "Best regards,", "Kind regards, Sam". ("The best option is…" is not one.)
fn sign_offs() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "~cheers|cheerio|ta|bye|goodbye|ciao|later|thx|ty",
            "let|lemme us|me know",
            "[best|kind|warm|warmest|kindest|many|with] ~regards|wishes|thanks",
            "best|~sincerely|~warmly|~respectfully|cordially|yours",
        ])
    })
}

/// Words that introduce a link to background reading rather than to the fix.
fn info_line() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "more|additional|further|full info|information|details|detail|context|background|reading",
            "learn|read|find+out|see more",
            "see also",
            "for reference",
            "source|sources|ref|reference|link|via",
        ])
    })
}

pub(crate) fn detect(text: &Text, sink: &mut Sink) {
    let readable: Vec<&Sentence> = text.before_sign_off().collect();
    let mut end = readable.len();
    while end > 0 && skipped_at_end(text, readable[end - 1]) {
        end -= 1;
    }
    let Some(last) = end.checked_sub(1).map(|i| readable[i]) else {
        return;
    };
    let words = text.words(last);
    let found = closings()
        .find_in(text, &words)
        .or_else(|| {
            (words.len() <= 4)
                .then(|| sign_offs().match_prefix(text, &words, 0).map(|e| 0..e))
                .flatten()
        })
        .or_else(|| happy_doing(text, &words))
        .map(|r| byte_span(text, &words, &r))
        // Thanks or an apology ending the reply is a courteous close too ("Sorry for the
        // trouble!", "Thanks, Sam!"), but not "We regret to inform you that…" (bad news) nor
        // "Thanks for the message, try logging out" (it ends on an instruction).
        .or_else(|| courtesy::thanks_in(text, &words).filter(|r| ends_clause(text, last, r)))
        .or_else(|| {
            // "Sorry, there's no way back, but you can set X and pick Y" ends on the rest. (Byte
            // ranges from here on.)
            courtesy::apology_in(text, &words).filter(|r| {
                ends_clause(text, last, r)
                    && apology_closes(text, &words)
                    && words
                        .iter()
                        .filter(|&&i| text.tokens[i].range.start >= r.end)
                        .count()
                        <= 10
            })
        });
    if let Some(r) = found {
        sink.push(Signal::Closing, r);
    }
}

/// Whether the words at byte range `r` close their sentence: no instruction follows them after
/// a comma or a dash ("Thanks, we'll sort it out" closes; "Thanks, try again" does not).
fn ends_clause(text: &Text, s: &Sentence, r: &std::ops::Range<usize>) -> bool {
    let toks = &text.tokens[s.tokens.clone()];
    let Some(cut) = toks.iter().position(|t| {
        t.range.start >= r.end && matches!(t.kind, Kind::Punct(',' | ';' | ':' | '-' | '—' | '–'))
    }) else {
        return true;
    };
    let next = toks[cut..]
        .iter()
        .filter(|t| t.is_word() && !t.masked)
        .map(|t| t.norm.as_str())
        .find(|w| {
            !matches!(
                *w,
                "please" | "pls" | "just" | "now" | "then" | "and" | "so"
            )
        });
    !next.is_some_and(is_action_verb)
}

/// An apology that closes: short ("My apologies."), or about the trouble ("sorry for any
/// inconvenience", "apologies about the wait").
fn apology_closes(text: &Text, words: &[usize]) -> bool {
    let last = words.last().map(|&i| text.tokens[i].norm.as_str());
    let has = |w: &[&str]| {
        words
            .iter()
            .any(|&i| w.contains(&text.tokens[i].norm.as_str()))
    };
    words.len() <= 6
        || matches!(last, Some("sorry"))
        || has(&["for", "about", "inconvenience", "trouble", "confusion", "delay"])
        // "We're really sorry to see this, Katie."
        || has(&["see", "hear", "read"])
        // "Sorry we can't be more help here."
        || (has(&["more"]) && has(&["help", "helpful", "use", "assistance"]))
}

/// "Happy snapping!", "Happy knitting": a wish for whatever the customer is about to do, as a
/// short sentence of its own. A range of positions in `words`.
fn happy_doing(text: &Text, words: &[usize]) -> Option<std::ops::Range<usize>> {
    let norm = |k: usize| text.tokens[words[k]].norm.as_str();
    (words.len() == 2 && norm(0) == "happy" && norm(1).len() > 4 && norm(1).ends_with("ing"))
        .then_some(0..2)
}

/// What a reader skips at the end of a reply: a link to background reading ("More information:
/// URL"), or the agent's name standing alone ("Marek", "Sam Lee").
fn skipped_at_end(text: &Text, s: &Sentence) -> bool {
    let toks = &text.tokens[s.tokens.clone()];
    let words = text.words(s);
    let has_url = toks.iter().any(|t| t.kind == Kind::Url);
    if has_url && words.len() <= 8 && info_line().find_in(text, &words).is_some() {
        return true;
    }
    let punct_end = toks
        .last()
        .is_some_and(|t| matches!(t.kind, Kind::Punct('.' | '!' | '?' | ',')));
    // "Marek", "Sam Lee", "The Support Team".
    (1..=3).contains(&words.len())
        && !punct_end
        && words.iter().all(|&i| {
            let t = &text.tokens[i];
            // "Cor-el", "Mary-Ann", "O'Neil" are names too.
            t.capital
                && t.kind == Kind::Word
                && t.norm
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\''))
        })
        && sign_offs().match_prefix(text, &words, 0).is_none()
        && closings().find_in(text, &words).is_none()
        && courtesy::thanks_in(text, &words).is_none()
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{has, spans};
    use super::super::Signal;

    #[test]
    fn closings_at_the_end() {
        for r in [
            "Try safe mode. Hope this helps!",
            "Restart it.\n\nCheers!\n\n...Oskar",
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
    fn wishes_offers_and_regrets_in_more_words() {
        for (r, closes) in [
            ("It's with the courier. Have a lovely Christmas!", true),
            ("Your card works abroad. Have a great trip ✈️", true),
            ("A fix is on its way. Hang in there 🙏", true),
            ("Try the portrait mode. Happy snapping!", true),
            ("Restart it and it should work.\n\nCheerio", true),
            (
                "Glad you got it sorted! Give us a shout if anything else comes up.",
                true,
            ),
            (
                "Your plan is under Account. Any questions, just give us a shout.",
                true,
            ),
            (
                "Try clearing the cache. If that fixes it, please let us know!",
                true,
            ),
            (
                "Glad to help! If the toolbar disappears again, come back and post here.",
                true,
            ),
            ("Check the porch. We're really sorry to see this, Katie.", true),
            ("Report it under Lost items. Hope you get it back soon! -SR", true),
            ("The folder may be read-only; let us know and we'll walk you through fixing it.", true),
            ("Check the porch. If it's not there, I'll open a claim with the courier.", false),
            (
                "Sorry, there is no way to get the old layout back fully, but you can set the density to compact and then pick Compact.",
                false,
            ),
            (
                "Is the app up to date? If not, update it from the App Store and try again.",
                false,
            ),
            (
                "The number moves with the SIM. Any issues, just DM us 📱",
                true,
            ),
            (
                "You'll need to contact the recipient's bank. Sorry we can't be more help here.",
                true,
            ),
            ("Have a look at the settings page.", false),
            (
                "Do you have any questions about the steps above and the order to follow?",
                false,
            ),
        ] {
            assert_eq!(has(r, Signal::Closing), closes, "{r}");
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

    #[test]
    fn what_a_reader_skips_at_the_end() {
        for r in [
            "Try it. Hopefully that explains the fee. Marek",
            "Restart it. Thank you. -Priya",
            "Details: https://example.org/a Hopefully that clarifies it /PV",
            "Try safe mode.\n\nCheers!\n\n...Oskar\np.s. which version do you use?",
            "Try it.\nKind regards,\nSam Lee",
            "Tick the box.\n\nCheers,\nCor-el",
            "Update us once the reboot is done. -Wren 3/3",
            "Try the steps.\nGood luck!\nFor more information: https://example.org/kb",
        ] {
            assert!(has(r, Signal::Closing), "{r}");
        }
    }

    #[test]
    fn only_a_courteous_last_sentence_closes() {
        for (r, closes) in [
            (
                "Happy to help. Post the full log on the board: https://example.org",
                false,
            ),
            ("Could you message me the ticket ID? -DL", false),
            (
                "We regret to inform you that we are unable to process your request.",
                false,
            ),
            ("The best option is to reinstall.", false),
            (
                "Please ring the branch if you need help with the card.",
                false,
            ),
            ("Follow the steps here: https://example.org/fix", false),
            ("We'll reach out tomorrow to help.", false),
            ("I don't know of any add-on that does that, sorry.", true),
            ("Is there anything else I can help with?", true),
            ("Fingers crossed this sorts it!", true),
            ("Let us know!", true),
            ("Safe travels!", true),
            ("We'll watch for a message from you!", true),
            ("Does that help?", true),
            (
                "Thanks for the message, try logging out and in again.",
                false,
            ),
            ("Sorry for the trouble, Farah!", true),
            ("Thanks, we'll sort it out from there.", true),
            (
                "Try it. If the problem persists, please start a new thread.",
                true,
            ),
            ("Try it.\nRegards,\nThe Support Team", true),
        ] {
            assert_eq!(has(r, Signal::Closing), closes, "{r}");
        }
    }
}
