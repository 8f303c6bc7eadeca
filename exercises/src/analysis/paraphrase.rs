//! Paraphrase: the reply restates the customer's problem in its own words, so the customer knows
//! they were read. Also home of the stemmer used by `mentions` criteria.
//!
//! A sentence paraphrases when it shares content words (stemmed) with the customer's message and
//! either opens with a restatement cue ("It sounds like…", "If I understand correctly…", "So
//! you…") or carries enough of the message's content on its own. Copying a long run of the
//! customer's words verbatim is parroting, not paraphrase.

use super::pattern::Patterns;
use super::text::Text;
use super::{Signal, Sink};
use std::collections::HashSet;
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
/// "photos"/"photo" at "photo", without a dictionary.
pub fn stem(word: &str) -> String {
    let w = word.trim_end_matches("'s");
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
            "it|that sounds|seems|looks like",
            "sounds|seems|looks like",
            "if i|we|i've|we've [have] understand|understood|read|get [you|this|that|it] [correctly|right]",
            "so|if you're|you+are|you've|you+have|you|your",
            "you're|you+are seeing|getting|having|trying|unable|not+able|stuck|experiencing|running|facing|saying|looking|wondering|asking",
            "you [have] mentioned|said|described|noticed|wrote|explained|noted|reported|want|wanted|would+like|need|tried|can't|cannot|lost|see|get",
            "you'd|you+would like|love|prefer",
            "from|by what you describe|described|say|said|wrote|explain",
            "i|we see|understand|gather|read [that] you|your",
            "your|the problem|issue|question|concern is|seems|sounds|being",
            "to make sure i|we understand",
            "just to confirm|check|clarify|recap|summarize|summarise",
            "in other words",
        ])
    })
}

pub(crate) fn detect(text: &Text, customer: &str, sink: &mut Sink) {
    let customer_text = Text::new(customer);
    let theirs: HashSet<String> = content_stems(&customer_text).into_iter().collect();
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
        let stems: Vec<String> = words
            .iter()
            .map(|&i| text.tokens[i].norm.as_str())
            .filter(|w| is_content(w))
            .map(stem)
            .collect();
        if stems.is_empty() {
            continue;
        }
        let shared: HashSet<&String> = stems.iter().filter(|s| theirs.contains(*s)).collect();
        let cue = cues().find_in(text, &words).is_some_and(|r| r.start <= 2);
        let enough = if cue {
            !shared.is_empty()
        } else {
            shared.len() >= 3 && shared.len() * 2 >= stems.len()
        };
        if enough && !parrots(text, &words, &their_words) {
            sink.push(Signal::Paraphrase, text.sentence_span(s));
            return;
        }
    }
}

/// Eight or more of the customer's words in a row, copied: parroting.
fn parrots(text: &Text, words: &[usize], theirs: &[&str]) -> bool {
    const RUN: usize = 8;
    if words.len() < RUN || theirs.len() < RUN {
        return false;
    }
    let mine: Vec<&str> = words
        .iter()
        .map(|&i| text.tokens[i].norm.as_str())
        .collect();
    let grams: HashSet<&[&str]> = theirs.windows(RUN).collect();
    mine.windows(RUN).any(|w| grams.contains(w))
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
}
