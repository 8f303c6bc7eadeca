//! Paraphrase: the reply restates the customer's problem in its own words, so the customer knows
//! they were read. Also home of the stemmer used by `mentions` criteria.
//!
//! A sentence paraphrases when it shares content words (stemmed) with the customer's message and
//! either opens with a restatement cue ("It sounds like…", "If I understand correctly…", "So
//! you…") or carries enough of the message's content on its own. Copying a long run of the
//! customer's words verbatim is parroting, not paraphrase.

use super::lexicon::is_action_verb;
use super::pattern::Patterns;
use super::text::Text;
use super::{Signal, Sink};
use std::sync::OnceLock;

const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "so",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "by",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "i",
    "you",
    "we",
    "he",
    "she",
    "it",
    "they",
    "me",
    "my",
    "your",
    "our",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "have",
    "has",
    "had",
    "do",
    "does",
    "did",
    "not",
    "no",
    "can",
    "could",
    "would",
    "should",
    "will",
    "just",
    "also",
    "very",
    "really",
    "what",
    "which",
    "who",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "some",
    "about",
    "into",
    "out",
    "up",
    "down",
    "then",
    "than",
    "too",
    "again",
    "now",
    "i'm",
    "it's",
    "don't",
    "can't",
    "i've",
    "you're",
    "hi",
    "hello",
    "thanks",
    "thank",
    "please",
    "get",
    "got",
    "like",
    "sounds",
    "seems",
    "want",
    "wants",
    "trying",
    "try",
    "mention",
    "mentioned",
    "say",
    "said",
    "understand",
    "correctly",
    "know",
    "let",
    "us",
    "them",
    "him",
    "her",
    "one",
    "way",
    "still",
    "even",
    "only",
    "after",
    "before",
    "since",
    "because",
    "while",
    "way",
    "anything",
    "something",
    "nothing",
    "thing",
    "things",
    "help",
    "hey",
    "dear",
    "sorry",
    "im",
    "ive",
    "u",
    "ur",
    "yes",
    "ok",
    "okay",
];

/// A light suffix stripper: enough to meet "crashes"/"crashed"/"crashing" at "crash" and
/// "photos"/"photo" at "photo", without a dictionary. British and American spellings meet too
/// ("cancelled"/"canceled", "organise"/"organize", "colour"/"color"), and a few words customers
/// and agents use for the same thing ("bought"/"purchased") share one stem.
pub fn stem(word: &str) -> String {
    let w = word.trim_end_matches("'s");
    let mut s = strip_suffix(w);
    // "cancell" (cancelled) and "cancel" (canceled); "call" and "called" alike.
    if s.ends_with("ll") && s.len() > 3 {
        s.pop();
    }
    // organise / organize, realis(ation) / realiz(ation).
    if s.ends_with("is") && s.len() > 4 {
        s.truncate(s.len() - 2);
        s.push_str("iz");
    }
    // colour / color, behaviour / behavior.
    if s.ends_with("our") && s.len() > 4 {
        s.truncate(s.len() - 3);
        s.push_str("or");
    }
    match SYNONYMS.iter().find(|(from, _)| *from == s) {
        Some((_, to)) => (*to).to_string(),
        None => s,
    }
}

/// Stems that mean the same in a support conversation, mapped to one of them.
const SYNONYMS: &[(&str, &str)] = &[
    ("bought", "buy"),
    ("purchas", "buy"),
    ("vanish", "disappear"),
    ("gone", "disappear"),
    ("remov", "delet"),
    ("eras", "delet"),
    ("bil", "charg"),
    ("mail", "email"),
    ("e-mail", "email"),
    ("mobil", "phon"),
    ("cellphon", "phon"),
    ("applic", "app"),
    ("pw", "password"),
    ("pwd", "password"),
    ("brok", "break"),
    ("broken", "break"),
];

fn strip_suffix(w: &str) -> String {
    for suffix in [
        "ational", "fulness", "iveness", "ization", "isation", "ations", "ation", "ments", "ment",
        "ingly", "edly", "ness", "ings", "ing", "ied", "ies", "ers", "er", "ed", "ly", "es", "s",
    ] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if stem.chars().count() >= 3 {
                let mut s = stem.to_string();
                if suffix == "ied" || suffix == "ies" {
                    s.push('y');
                }
                // "stopped" -> "stopp" -> "stop"
                let mut rev = s.chars().rev();
                if let (Some(a), Some(b)) = (rev.next(), rev.next()) {
                    if a == b && !matches!(a, 'l' | 's' | 'z') && !a.is_ascii_digit() {
                        s.pop();
                    }
                }
                return drop_final_e(s);
            }
        }
    }
    drop_final_e(w.to_string())
}

/// "update" and "updating" meet at "updat".
fn drop_final_e(mut s: String) -> String {
    if s.len() > 4 && s.ends_with('e') {
        s.pop();
    }
    s
}

fn is_content(norm: &str) -> bool {
    norm.chars().count() >= 3 && !STOPWORDS.contains(&norm)
}

/// The stems of the content words of a text, masked parts (quotes, URLs) left out.
pub fn content_stems(text: &Text) -> Vec<String> {
    text.tokens
        .iter()
        .filter(|t| t.is_word() && !t.masked && is_content(&t.norm))
        .map(|t| stem(&t.norm))
        .collect()
}

fn cues() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "it|that|this sounds|seems|looks like",
            "sounds|seems|looks like",
            "if i|we … understand|understood|read [you|this|that|it] [correctly|right]",
            "so [it+sounds+like|it+seems] you|you're|your|you've|the",
            "you're|you+are [still] seeing|getting|having|experiencing|facing|unable|stuck|trying|wondering|asking|saying|looking",
            "you're|you+are not able",
            "you|you've [have] mentioned|said|described|noticed|wrote|explained|noted|reported",
            "you'd|you+would like|love|prefer to",
            "you want|wanted|were+trying|are+trying to",
            "from|by|based+on what you describe|described|say|said|wrote|explain|explained|mention|mentioned",
            "i|we see|understand|gather|read|hear|noticed|notice [that] you|your|you're|you've|the",
            "your|the problem|issue|question|concern|request is|seems|sounds",
            "to make sure i|we understand",
            "just to confirm|check|clarify|recap|summarize|summarise",
            "in other words",
            "sorry|sad|unfortunate|frustrating to hear|see|read|learn [that|about] your|you|you're|the|this",
            "trouble|issue|issues|problem|problems|difficulty|difficulties with|about your|the",
        ])
    })
}

/// How far into a sentence a restatement cue may start: "Hi Lee, I'm so sorry to hear…".
const CUE_WITHIN: usize = 4;

pub(crate) fn detect(text: &Text, customer: &str, sink: &mut Sink) {
    let customer_text = Text::new(customer);
    // Sorted for binary search: no hashing in the WASM.
    let mut theirs = content_stems(&customer_text);
    super::heap_sort(&mut theirs);
    theirs.dedup();
    if theirs.is_empty() {
        return;
    }
    let their_words: Vec<&str> = customer_text
        .tokens
        .iter()
        .filter(|t| t.is_word())
        .map(|t| t.norm.as_str())
        .collect();
    for s in text.readable() {
        let words = text.words(s);
        // A restatement is a sentence, not a pasted page.
        if words.len() > 80 {
            continue;
        }
        let stems: Vec<String> = words
            .iter()
            .map(|&i| text.tokens[i].norm.as_str())
            .filter(|w| is_content(w))
            .map(stem)
            .collect();
        if stems.is_empty() {
            continue;
        }
        let mut shared: Vec<&String> = stems
            .iter()
            .filter(|s| theirs.binary_search(s).is_ok())
            .collect();
        super::sort_small_by_key(&mut shared, |s| *s);
        shared.dedup();
        let cue_at = cues()
            .find_in(text, &words)
            .map(|r| r.start)
            .filter(|&at| at <= CUE_WITHIN);
        let cue = cue_at.is_some();
        let enough = if cue {
            !shared.is_empty()
        } else {
            // No cue: the sentence must be about their problem, mostly in their terms, and not
            // an instruction that happens to name the same things ("Restart Firefox and open
            // the PDF again").
            shared.len() >= 3 && shared.len() * 2 >= stems.len() && !instructs(text, &words)
        };
        if enough && !parrots(text, &words, &their_words) {
            // The restatement without the greeting it shares a sentence with: "Hi Lee, it
            // sounds like…" points at "it sounds like…".
            let whole = text.sentence_span(s);
            let from = after_greeting(text, &words).unwrap_or(whole.start);
            sink.push(Signal::Paraphrase, from..whole.end);
            return;
        }
    }
}

/// Where the words after a leading "Hi Lee," start.
fn after_greeting(text: &Text, words: &[usize]) -> Option<usize> {
    let first = text.tokens.get(*words.first()?)?;
    if !matches!(
        first.norm.as_str(),
        "hi" | "hello" | "hey" | "dear" | "hiya" | "greetings" | "good" | "howdy"
    ) {
        return None;
    }
    let comma = (words[0]..*words.last()?).find(|&i| text.tokens[i].is_punct(','))?;
    let next = words.iter().find(|&&i| i > comma)?;
    Some(text.tokens[*next].range.start)
}

/// A sentence that opens with an instruction ("Please restart…", "Open the menu…").
fn instructs(text: &Text, words: &[usize]) -> bool {
    words
        .iter()
        .map(|&i| text.tokens[i].norm.as_str())
        .find(|w| {
            !matches!(
                *w,
                "please" | "pls" | "just" | "then" | "so" | "now" | "also"
            )
        })
        .is_some_and(|w| is_action_verb(w) || w == "try")
}

/// Copying the customer instead of restating: eight or more of their words in a row, or a
/// short sentence that is almost all one run of their words.
fn parrots(text: &Text, words: &[usize], theirs: &[&str]) -> bool {
    let mine: Vec<&str> = words
        .iter()
        .map(|&i| text.tokens[i].norm.as_str())
        .collect();
    // The run that counts as copying: 8 words, or 80% of a shorter sentence (at least 4).
    let run = 8.min((mine.len() * 4).div_ceil(5)).max(4);
    if mine.len() < run || theirs.len() < run {
        return false;
    }
    let mut grams: Vec<&[&str]> = theirs.windows(run).collect();
    super::heap_sort(&mut grams);
    mine.windows(run).any(|w| grams.binary_search(&w).is_ok())
}

#[cfg(test)]
mod tests {
    use super::super::testutil::spans_with;
    use super::super::{Context, Signal};
    use super::stem;

    fn para(customer: &str, reply: &str) -> Vec<String> {
        spans_with(
            reply,
            Context {
                customer_name: None,
                customer_message: Some(customer),
            },
            Signal::Paraphrase,
        )
    }

    #[test]
    fn stems_meet_at_the_root() {
        assert_eq!(stem("crashes"), "crash");
        assert_eq!(stem("crashing"), "crash");
        assert_eq!(stem("photos"), "photo");
        assert_eq!(stem("stopped"), "stop");
        assert_eq!(stem("libraries"), "library");
    }

    #[test]
    fn restatements_count() {
        let customer = "Since yesterday's update my bookmarks toolbar disappeared and I can't find my saved sites.";
        assert_eq!(
            para(customer, "Hi Lee. It sounds like the update hid your bookmarks toolbar. Try View > Toolbars."),
            ["It sounds like the update hid your bookmarks toolbar."]
        );
        assert_eq!(
            para(
                customer,
                "So your saved sites vanished after updating? Let's bring them back."
            ),
            ["So your saved sites vanished after updating?"]
        );
    }

    #[test]
    fn unrelated_or_parroted_text_does_not() {
        let customer = "Since yesterday's update my bookmarks toolbar disappeared and I can't find my saved sites.";
        assert!(para(customer, "Hi. Please restart your computer.").is_empty());
        assert!(para(
            customer,
            "You said: since yesterday's update my bookmarks toolbar disappeared and I can't find it."
        )
        .is_empty());
    }

    #[test]
    fn spellings_and_synonyms_meet() {
        for (a, b) in [
            ("cancelled", "canceled"),
            ("organise", "organized"),
            ("colour", "colors"),
            ("bought", "purchased"),
            ("vanished", "disappeared"),
            ("billed", "charged"),
            ("called", "call"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_ne!(stem("cancel"), stem("call"));
    }

    /// Hand-made pairs: (customer message, reply, the restating sentence or "" for none).
    const PAIRS: &[(&str, &str, &str)] = &[
        (
            "I was charged twice for my subscription this month!!",
            "Hi Jo, I'm sorry to hear you were billed twice this month. I've refunded one charge.",
            "I'm sorry to hear you were billed twice this month.",
        ),
        (
            "my order #1234 never arrived and the tracking says delivered",
            "So your order shows as delivered but never reached you? Let's sort that out.",
            "So your order shows as delivered but never reached you?",
        ),
        (
            "Thunderbird won't send email since I changed my password.",
            "It sounds like Thunderbird still has the old password saved. Go to Settings > Privacy.",
            "It sounds like Thunderbird still has the old password saved.",
        ),
        (
            "The app keeps logging me out every few minutes on my phone.",
            "If I understand correctly, the app signs you out every few minutes on your phone.",
            "If I understand correctly, the app signs you out every few minutes on your phone.",
        ),
        (
            "I cancelled my flight but the refund never came through",
            "I see that you canceled your flight and are still waiting on the refund.",
            "I see that you canceled your flight and are still waiting on the refund.",
        ),
        (
            "Where did my bookmarks go? They vanished after the update.",
            "Sorry about the trouble with your bookmarks after the update!",
            "Sorry about the trouble with your bookmarks after the update!",
        ),
        (
            "Firefox crashes whenever I open a PDF file.",
            "You mentioned Firefox crashes on PDF files.",
            "You mentioned Firefox crashes on PDF files.",
        ),
        // The other direction: replies that do not restate the problem.
        (
            "Firefox crashes whenever I open a PDF file.",
            "Please restart Firefox and open the PDF file again.",
            "",
        ),
        (
            "Firefox crashes whenever I open a PDF file.",
            "If you restart Firefox, the crash report will be sent.",
            "",
        ),
        (
            "I was charged twice for my subscription this month!!",
            "Thanks for reaching out. Please DM us your account email.",
            "",
        ),
        (
            "my order #1234 never arrived and the tracking says delivered",
            "My order #1234 never arrived and the tracking says delivered.",
            "",
        ),
        (
            "The app keeps logging me out.",
            "The app keeps logging me out?",
            "",
        ),
        (
            "Firefox crashes whenever I open a PDF file.",
            "You need to update Firefox.",
            "",
        ),
        ("", "It sounds like the update broke something.", ""),
    ];

    #[test]
    fn hand_made_pairs_both_ways() {
        for &(customer, reply, want) in PAIRS {
            let got = para(customer, reply);
            let want: Vec<&str> = if want.is_empty() { vec![] } else { vec![want] };
            assert_eq!(got, want, "customer: {customer}\nreply: {reply}");
        }
    }
}
