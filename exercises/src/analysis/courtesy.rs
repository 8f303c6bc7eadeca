//! Thanks, apology and empathy: the courtesy signals.
//!
//! Empathy is more than an apology: it names the customer's feeling or the weight of their
//! situation ("that must be frustrating"). A bare "sorry to hear that" is an apology only.

use super::pattern::{byte_span, Patterns};
use super::text::{Kind, Text};
use super::{Signal, Sink};
use std::ops::Range;
use std::sync::OnceLock;

fn thanks() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "~thanks|thx|thanx|thnx|thnks|tnx|tks|ty|tysm|tyvm|cheers+for",
            "~thank you|u|ya|yall|so|for|again",
            "~many ~thanks",
            "we|i [really|truly|do|greatly|very+much|sincerely|certainly|always|definitely] ~appreciate|value your|you",
            "~appreciate your|you",
            "[we|i] [really|truly|do|greatly|very+much|sincerely|certainly|always|definitely] ~appreciate it|that|this|the",
            "[i'm|i+am|we're|we+are] [so|very|really|truly] ~grateful",
            "much appreciated",
        ])
    })
}

fn apology() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "~sorry",
            "~apolog*",
            "we|i [deeply|sincerely|truly|do] regret",
            "my|our bad",
            "pardon the|our",
        ])
    })
}

/// Words that name how a situation feels to the one in it.
const FEELINGS: &str = "~frustrating|~annoying|~stressful|~upsetting|~disappointing|~inconvenient|worrying|confusing|~exhausting|tough|~irritating|awful|painful|concerning|alarming|~maddening|unsettling|~aggravating|~infuriating|~exasperating|~disheartening|~discouraging|nerve-wracking|nerve-racking|~distressing|~unnerving|~heartbreaking|~devastating";

const INTENSIFIERS: &str = "so|really|very|incredibly|super|pretty|quite|truly|extremely|understandably|definitely|rather|a+bit|a+little|most|utterly|absolutely|genuinely|deeply|totally";

fn empathy() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "i|we [completely|totally|fully|really|definitely|absolutely|can|do|certainly] ~understand how|why|that|your|what|the|this|you|it's|its|it+is",
            "i|we can|could [only|certainly|definitely|totally|well] ~imagine|~understand",
            "i|we can|could [certainly|definitely|totally|easily|clearly] see why|how",
            &format!("must|would|might|can [be|feel|have+been] … {FEELINGS}|difficult|hard|scary"),
            &format!("that's|that+is|this+is|it's|it+is|that+sounds|sounds|sound|how|that+must+be [{INTENSIFIERS}] {FEELINGS}|not+ideal|not+fun|no+fun|rough"),
            "i|we know how ~important|~frustrating|~annoying|hard|difficult|~stressful|much|upsetting|worrying|~inconvenient",
            "understandably|~understandable",
            "i|we|anyone|anybody [would|will] feel|be [the+same|so|really|very] upset|frustrated|annoyed|disappointed|worried|concerned|confused|stressed|angry|mad",
            "i'd|we'd be|feel upset|frustrated|annoyed|disappointed|the+same|worried|concerned|confused|stressed|angry|mad",
            "i|we hear you",
            "i|we feel your|for pain|you|frustration",
            "~frustration|~disappointment|~worry|stress|anxiety|upset this|that|it has|have|is|caused|causes|must|may|you",
            "your ~frustration|~disappointment|~concern|~concerns|~worry|~worries|~feelings",
            "not the … ~experience",
            "i|we [totally|completely|really|definitely|absolutely|fully|100%] get it|that|how|why",
            "nobody|no+one wants|likes|enjoys that|this",
            "a lot to deal with|handle|take+in|cope+with|have+at+risk",
            "the last thing anyone|you|we need|needs|want|wants",
            "i'd|we'd|i+would|we+would be fuming|livid|gutted|furious|cross|fed+up|raging",
            "ugh|oof|ouch|yikes|argh",
            "is|was|sounds+like a|an [real|total|right|huge|absolute] hassle|pain|nightmare|headache",
            "that|this|it is|must|sounds [so|really|very|a+lot] [of+a] [a] [real|total|right|huge] ~important|~serious|~stressful|worrying|scary|hassle|pain|nightmare",
            "i|we know|realize|realise|appreciate this|that|how [is|has|must|can]",
            "difficult|challenging|tough|hard|trying|unprecedented|uncertain|stressful|unusual times|time",
            "frustrat*|upset|annoyed|disappointed|worried|stressed [you+must+be|you+are|you're|you've+been]",
            "you [must|may|might] be|feel [so|very|really] frustrated|upset|annoyed|disappointed|worried|stressed|confused",
            "you're|you+are|you've+been|you+have+been [so|really|feeling] frustrated|upset|annoyed|disappointed|worried|stressed|confused|anxious",
            "what a hassle|pain|nightmare|headache|letdown",
        ])
    })
}

/// "<the customer's situation> is really stressful": a feeling word said of something the
/// sentence ties to the customer ("being locked out of your bank is really stressful", "a
/// calendar that crashes every time you open it is maddening").
fn situation_feels() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[&format!(
            "is|are|was|were|feels|gets|can+be|must+be|would+be [{INTENSIFIERS}] {FEELINGS}"
        )])
    })
}

/// Whether the words before position `at` speak of the customer ("your bank", "you open it").
fn about_customer(text: &Text, words: &[usize], at: usize) -> bool {
    words[..at].iter().any(|&i| {
        matches!(
            text.tokens[i].norm.as_str(),
            "you" | "your" | "you're" | "you've" | "you'd" | "yours"
        )
    })
}

/// "I understand", "We totally get it": empathy when they make the whole sentence.
fn understood() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "i|we [completely|totally|fully|really|definitely|absolutely|can|do|certainly] ~understand|get",
        ])
    })
}

/// Words that, just before a cue, turn it around: "no need to apologize", "not sorry". "If not,
/// my apologies" is a conditional, not a negation.
fn negated(text: &Text, words: &[usize], at: usize) -> bool {
    let from = at.saturating_sub(3);
    (from..at).any(|k| {
        // "I'm not sure, sorry": a comma between them keeps the apology whole.
        let apart = text.tokens[words[k]..words[at]]
            .iter()
            .any(|t| matches!(t.kind, Kind::Punct(',' | ';' | ':' | '.' | '!' | '?')));
        if apart {
            return false;
        }
        let w = text.tokens[words[k]].norm.as_str();
        let negator = matches!(
            w,
            "not"
                | "no"
                | "never"
                | "don't"
                | "didn't"
                | "without"
                | "nothing"
                | "isn't"
                | "nobody"
                | "nobody's"
        );
        let conditional =
            w == "not" && k > 0 && matches!(text.tokens[words[k - 1]].norm.as_str(), "if" | "or");
        negator && !conditional
    })
}

/// Whether `r` (positions in `words`) sits inside a short parenthesis right after a name, like
/// "the bug report that Sam (thanks!) found": an aside to someone else.
fn aside(text: &Text, words: &[usize], r: &Range<usize>) -> bool {
    let (first, last) = (words[r.start], words[r.end - 1]);
    let open = text.tokens[..first]
        .iter()
        .rev()
        .take(3)
        .position(|t| t.is_punct('('));
    let close = text.tokens[last + 1..]
        .iter()
        .take(3)
        .any(|t| t.is_punct(')'));
    open.is_some() && close
}

/// The thanks in one sentence's words, if any: not negated, not to a third party.
pub(crate) fn thanks_in(text: &Text, words: &[usize]) -> Option<Range<usize>> {
    let r = thanks().find_in(text, words)?;
    let norm = |k: usize| words.get(k).map_or("", |&i| text.tokens[i].norm.as_str());
    let first = norm(r.start);
    // "Thanks to Mozilla's team…" thanks a third party; "no thanks" thanks nobody.
    let third_party = (first == "thanks" || first == "thank")
        && norm(r.end) == "to"
        && !matches!(norm(r.end + 1), "you" | "your" | "everyone" | "all");
    // "I appreciate the advice others gave you" is not thanks to the customer; "I appreciate
    // the time you took" and "we appreciate the feedback" are.
    let appreciates = words[r.clone()]
        .iter()
        .any(|&i| text.tokens[i].norm.ends_with("preciate"));
    let object_elsewhere = appreciates && {
        let after = &words[r.end..(r.end + 6).min(words.len())];
        // "We appreciate your patience, volunteers answer…": the object is the customer's.
        let to_customer = words[r.clone()].iter().chain(after).any(|&i| {
            matches!(
                text.tokens[i].norm.as_str(),
                "you" | "your" | "you've" | "you're"
            )
        });
        let others = after.iter().any(|&i| {
            let t = &text.tokens[i];
            t.capital
                || t.norm.chars().any(|c| c.is_ascii_digit())
                || matches!(
                    t.norm.as_str(),
                    "others" | "other" | "they" | "them" | "their" | "he" | "she" | "his" | "her"
                )
        });
        others && !to_customer
    };
    // "I appreciate how stressful this is", "I appreciate this has been hard": understanding.
    let verb = |k: usize| matches!(norm(k), "has" | "is" | "was" | "must" | "can" | "might");
    let understands = appreciates
        && (matches!(norm(r.end), "how" | "what" | "it's" | "you're" | "that's")
            || (matches!(norm(r.end - 1), "this" | "it" | "that") && verb(r.end))
            || (matches!(norm(r.end), "this" | "it" | "that") && verb(r.end + 1)));
    if third_party
        || object_elsewhere
        || understands
        || negated(text, words, r.start)
        || aside(text, words, &r)
    {
        return None;
    }
    Some(byte_span(text, words, &r))
}

/// The apology in one sentence's words, if any, not negated.
pub(crate) fn apology_in(text: &Text, words: &[usize]) -> Option<Range<usize>> {
    let r = apology().find_in(text, words)?;
    (!negated(text, words, r.start)).then(|| byte_span(text, words, &r))
}

pub(crate) fn detect(text: &Text, sink: &mut Sink) {
    for s in text.readable() {
        let words = text.words(s);
        if words.is_empty() {
            continue;
        }
        if let Some(r) = thanks_in(text, &words) {
            sink.push(Signal::Thanks, r);
        }
        if let Some(r) = apology_in(text, &words) {
            sink.push(Signal::Apology, r);
        }
        // "I understand." standing alone acknowledges the feeling too.
        let alone = || {
            (words.len() <= 4)
                .then(|| understood().match_prefix(text, &words, 0).map(|e| 0..e))
                .flatten()
        };
        // The situation's own words may hold a negation ("a bill you did not expect is
        // worrying"); the pattern itself admits none between the verb and the feeling.
        let situation = || {
            situation_feels()
                .find_in(text, &words)
                .filter(|r| about_customer(text, &words, r.start))
        };
        let cue = empathy()
            .find_in(text, &words)
            .or_else(alone)
            .filter(|r| !negated(text, &words, r.start))
            .or_else(situation);
        if let Some(r) = cue {
            sink.push(Signal::Empathy, byte_span(text, &words, &r));
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

    #[test]
    fn conditions_asides_and_third_parties() {
        for (reply, thanks, apology) in [
            ("If not, my apologies, I will explain more.", false, true),
            ("The fix Sam (thanks!) found works.", false, false),
            (
                "I appreciate the advice others have given here.",
                false,
                false,
            ),
            ("I appreciate the detail you gave.", true, false),
            ("We appreciate the feedback!", true, false),
            (
                "I appreciate this has been a very stressful week.",
                false,
                false,
            ),
            ("I appreciate how annoying this is.", false, false),
            (
                "We appreciate your patience, volunteers answer in their spare time.",
                true,
                false,
            ),
            ("I appreciate this, thank you.", true, false),
            ("I think you are right.", false, false),
            ("No worries at all.", false, false),
            ("Tahnks a lot, and apologies for the wait.", true, true),
            ("Much appreciated!", true, false),
            ("I'm not sure, sorry.", false, true),
            (
                "Nobody's sorry to see the old spellchecker go.",
                false,
                false,
            ),
            ("hey sarah thnx for the msg", true, false),
        ] {
            assert_eq!(has(reply, Signal::Thanks), thanks, "thanks: {reply}");
            assert_eq!(has(reply, Signal::Apology), apology, "apology: {reply}");
        }
    }

    #[test]
    fn empathy_beyond_a_bare_apology() {
        for (reply, empathic) in [
            ("That is not the checkout experience anyone deserves.", true),
            ("We know these are difficult times for everyone.", true),
            ("I can see why that would be confusing.", true),
            ("We hear you.", true),
            ("You must be so frustrated.", true),
            ("We apologize for any inconvenience this may cause.", false),
            ("Attach a photo so we can see the error you get.", false),
            ("Glad to lend a hand here.", false),
            (
                "I am sorry you are running into trouble with the router.",
                false,
            ),
            ("I totally understand.", true),
            ("We're sorry you're feeling frustrated.", true),
            ("What a hassle!", true),
            ("We totally get it, waiting for a refund is no fun.", true),
            ("Nobody wants that right before a flight.", true),
            ("Taking a day off for a no-show is a real hassle.", true),
            ("It is a real option.", false),
            ("Moving and a dead router is a lot to deal with.", true),
            ("Ugh, those update loops are maddening.", true),
            ("A double charge is the last thing anyone needs.", true),
            ("I'd be fuming too.", true),
            ("We understand. Please try again.", true),
        ] {
            assert_eq!(has(reply, Signal::Empathy), empathic, "{reply}");
        }
    }

    #[test]
    fn the_weight_of_the_customers_situation() {
        for (reply, empathic) in [
            (
                "Hi Tunde, being locked out of your bank because of missing passwords is really stressful, and I'm sorry it happened.",
                true,
            ),
            (
                "A calendar that crashes the app every time you open it, in the middle of a working week, is maddening.",
                true,
            ),
            ("Losing your photos like that is heartbreaking and so upsetting.", true),
            ("Waiting three weeks for your refund is infuriating.", true),
            ("A bill you did not expect is worrying.", true),
            ("That is exasperating.", true),
            ("Being charged twice must be alarming.", true),
            ("Your order being late again is disheartening, I know.", true),
            ("Changing your password can be nerve-wracking.", true),
            // A feeling word about something that is not the customer's situation.
            ("The new menu layout is confusing at first.", false),
            ("This is not frustrating at all once you know it.", false),
            ("Your account is active again.", false),
        ] {
            assert_eq!(has(reply, Signal::Empathy), empathic, "{reply}");
        }
    }
}
