//! A small phrase language for cue patterns, matched over a sentence's words.
//!
//! Written as plain strings so that each rule reads like the phrases it catches:
//!
//! - `thank you` — two words in a row;
//! - `don't|do+not` — alternatives; `+` joins words inside one alternative;
//! - `[really]` — optional word;
//! - `~apologize` — forgives typos (see [`typo_allowance`]);
//! - `apolog*` — any word starting with `apolog`;
//! - `…` — skip up to three words;
//! - `VERB`, `VERBING` — an action verb (see [`super::lexicon`]); `NUMBER` — digits.
//!
//! Patterns are parsed once per process and kept in a `OnceLock`.

use super::lexicon::{is_action_gerund, is_action_verb, is_common_word};
use super::text::{typo_allowance, within_edits, Text};
use std::ops::Range;

#[derive(Debug, Clone)]
enum Word {
    Exact(String),
    Prefix(String),
    Fuzzy(String),
    /// `~word*`: a prefix that forgives typos ("apolgise" for `~apolog*`).
    FuzzyPrefix(String),
    /// `VERB`: an action verb in its bare form ("restart").
    Verb,
    /// `VERBING`: its -ing form ("restarting").
    Gerund,
    /// `NUMBER`: digits ("12", "3.5").
    Number,
}

impl Word {
    fn matches(&self, norm: &str) -> bool {
        match self {
            Word::Exact(w) => w == norm,
            Word::Prefix(p) => norm.starts_with(p.as_str()),
            Word::Fuzzy(w) => w == norm || typo_of(w, norm, typo_allowance(w)),
            Word::FuzzyPrefix(p) => {
                norm.starts_with(p.as_str())
                    || plausible_typo(p, norm) && {
                        let k = typo_allowance(p);
                        let n = p.chars().count();
                        (n.saturating_sub(k)..=n + k).any(|len| {
                            let head: String = norm.chars().take(len).collect();
                            head.chars().count() == len && within_edits(p, &head, k)
                        })
                    }
            }
            Word::Verb => is_action_verb(norm),
            Word::Gerund => is_action_gerund(norm),
            Word::Number => norm.starts_with(|c: char| c.is_ascii_digit()),
        }
    }
}

/// Whether `norm` could be a typo of the cue `cue`: it keeps the first letter (a typo there is
/// rare, and a different first letter mostly makes a different word: "worry" is not "sorry") and
/// is not itself an everyday word ("think" is not a typo of "thank").
fn plausible_typo(cue: &str, norm: &str) -> bool {
    cue.chars().next() == norm.chars().next() && !is_common_word(norm)
}

fn typo_of(cue: &str, norm: &str, limit: usize) -> bool {
    limit > 0 && plausible_typo(cue, norm) && within_edits(cue, norm, limit)
}

#[derive(Debug, Clone)]
enum Slot {
    /// One of several alternatives, each a run of words.
    Any(Vec<Vec<Word>>),
    Optional(Vec<Vec<Word>>),
    Gap(usize),
}

#[derive(Debug, Clone)]
pub struct Pattern {
    slots: Vec<Slot>,
}

fn parse_word(w: &str) -> Word {
    // Tokens keep contractions whole ("we'd"), so a pattern word like `'d` could never match.
    debug_assert!(
        !w.starts_with('\''),
        "pattern word `{w}`: write the whole contraction"
    );
    if w == "VERB" {
        Word::Verb
    } else if w == "VERBING" {
        Word::Gerund
    } else if w == "NUMBER" {
        Word::Number
    } else if let Some(f) = w.strip_prefix('~') {
        match f.strip_suffix('*') {
            Some(p) => Word::FuzzyPrefix(p.to_string()),
            None => Word::Fuzzy(f.to_string()),
        }
    } else if let Some(p) = w.strip_suffix('*') {
        Word::Prefix(p.to_string())
    } else {
        Word::Exact(w.to_string())
    }
}

fn parse_alternatives(s: &str) -> Vec<Vec<Word>> {
    s.split('|')
        .map(|alt| alt.split('+').map(parse_word).collect())
        .collect()
}

impl Pattern {
    /// Parses a pattern. Every pattern needs one word that is not optional: a pattern made of
    /// optional words only would match anything (checked by each rule's tests).
    pub fn parse(src: &str) -> Pattern {
        let slots: Vec<Slot> = src
            .split_whitespace()
            .map(|part| {
                if part == "…" {
                    Slot::Gap(3)
                } else if let Some(inner) = part.strip_prefix('[').and_then(|p| p.strip_suffix(']'))
                {
                    Slot::Optional(parse_alternatives(inner))
                } else {
                    Slot::Any(parse_alternatives(part))
                }
            })
            .collect();
        debug_assert!(
            slots.iter().any(|s| matches!(s, Slot::Any(_))),
            "pattern `{src}` has no required word"
        );
        Pattern { slots }
    }

    /// First match inside `words` (token indices), as a range of positions in `words`.
    pub fn find_in(&self, text: &Text, words: &[usize]) -> Option<Range<usize>> {
        (0..words.len())
            .find_map(|start| self.match_at(text, words, 0, start).map(|end| start..end))
    }

    /// Match anchored at position `start` of `words`; returns the end position.
    pub fn match_prefix(&self, text: &Text, words: &[usize], start: usize) -> Option<usize> {
        self.match_at(text, words, 0, start)
    }

    fn match_at(&self, text: &Text, words: &[usize], slot: usize, pos: usize) -> Option<usize> {
        let Some(s) = self.slots.get(slot) else {
            return Some(pos);
        };
        match s {
            Slot::Any(alts) => alts.iter().find_map(|alt| {
                let end = match_run(text, words, alt, pos)?;
                self.match_at(text, words, slot + 1, end)
            }),
            Slot::Optional(alts) => alts
                .iter()
                .find_map(|alt| {
                    let end = match_run(text, words, alt, pos)?;
                    self.match_at(text, words, slot + 1, end)
                })
                .or_else(|| self.match_at(text, words, slot + 1, pos)),
            Slot::Gap(n) => (0..=*n)
                .filter(|k| pos + k <= words.len())
                .find_map(|k| self.match_at(text, words, slot + 1, pos + k)),
        }
    }
}

fn match_run(text: &Text, words: &[usize], run: &[Word], pos: usize) -> Option<usize> {
    if pos + run.len() > words.len() {
        return None;
    }
    for (k, w) in run.iter().enumerate() {
        if !w.matches(&text.tokens[words[pos + k]].norm) {
            return None;
        }
    }
    Some(pos + run.len())
}

/// A set of patterns parsed once.
pub struct Patterns(Vec<Pattern>);

impl Patterns {
    pub fn new(srcs: &[&str]) -> Self {
        Patterns(srcs.iter().map(|s| Pattern::parse(s)).collect())
    }

    /// Earliest match of any pattern in `words`.
    pub fn find_in(&self, text: &Text, words: &[usize]) -> Option<Range<usize>> {
        self.0
            .iter()
            .filter_map(|p| p.find_in(text, words))
            .min_by_key(|r| (r.start, std::cmp::Reverse(r.end)))
    }

    /// Whether any pattern matches right at `start`; returns the longest end.
    pub fn match_prefix(&self, text: &Text, words: &[usize], start: usize) -> Option<usize> {
        self.0
            .iter()
            .filter_map(|p| p.match_prefix(text, words, start))
            .max()
    }
}

/// `words[r]` as a byte range of the source.
pub fn byte_span(text: &Text, words: &[usize], r: &Range<usize>) -> Range<usize> {
    if r.is_empty() {
        let t = &text.tokens[words[r.start.min(words.len() - 1)]];
        return t.range.clone();
    }
    text.span(words[r.start], words[r.end - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(p: &str, s: &str) -> Option<String> {
        let text = Text::new(s);
        let words: Vec<usize> = text.sentences.iter().flat_map(|x| text.words(x)).collect();
        let r = Pattern::parse(p).find_in(&text, &words)?;
        Some(s[byte_span(&text, &words, &r)].to_string())
    }

    #[test]
    fn alternatives_optional_gaps_and_typos() {
        assert_eq!(
            found(
                "i [really] don't|do+not know",
                "Well I really do not know it"
            ),
            Some("I really do not know".into())
        );
        assert_eq!(found("~thank you", "Thnak you!"), Some("Thnak you".into()));
        assert_eq!(found("apolog*", "We apologise."), Some("apologise".into()));
        assert_eq!(
            found("must … frustrating", "that must be so frustrating"),
            Some("must be so frustrating".into())
        );
        assert_eq!(found("i don't know", "I don't think I know"), None);
    }

    #[test]
    fn typos_keep_the_first_letter_and_are_not_everyday_words() {
        assert_eq!(found("~thank you", "Tahnk you"), Some("Tahnk you".into()));
        assert_eq!(found("~thank you", "I think you are right"), None);
        assert_eq!(found("~hope", "at home"), None);
        assert_eq!(found("~sorry", "no worry"), None);
        assert_eq!(found("~apolog*", "We apolgise"), Some("apolgise".into()));
        assert_eq!(found("~regards", "Kind reagrds"), Some("reagrds".into()));
        assert_eq!(found("~regards", "in that regard"), None);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "write the whole contraction")]
    fn a_split_contraction_in_a_pattern_is_a_bug() {
        Pattern::parse("i 'd recommend");
    }
}
