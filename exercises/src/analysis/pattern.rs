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
use super::text::{typo_allowance, within_edits, word_hash, Text, Token};
use std::ops::Range;

#[derive(Debug, Clone)]
enum Word {
    /// A plain word, with its [`word_hash`].
    Exact(String, u64),
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
    fn matches(&self, t: &Token) -> bool {
        let norm = t.norm.as_str();
        match self {
            Word::Exact(w, h) => *h == t.hash && w == norm,
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
    cue.as_bytes().first() == norm.as_bytes().first() && !is_common_word(norm)
}

fn typo_of(cue: &str, norm: &str, limit: usize) -> bool {
    // Cheap tests first: this runs for every word against every typo-forgiving cue.
    limit > 0
        && cue.as_bytes().first() == norm.as_bytes().first()
        && cue.len().abs_diff(norm.len()) <= limit * 4
        && !is_common_word(norm)
        && within_edits(cue, norm, limit)
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
        Word::Exact(w.to_string(), word_hash(w))
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
    #[cfg(test)]
    pub fn find_in(&self, text: &Text, words: &[usize]) -> Option<Range<usize>> {
        (0..words.len())
            .find_map(|start| self.match_at(text, words, 0, start).map(|end| start..end))
    }

    /// The words a match can start with, or `None` when it can start anywhere.
    fn first_words(&self) -> Option<Vec<&Word>> {
        let mut out = Vec::new();
        for slot in &self.slots {
            match slot {
                Slot::Any(alts) => {
                    out.extend(alts.iter().filter_map(|a| a.first()));
                    return Some(out);
                }
                Slot::Optional(alts) => out.extend(alts.iter().filter_map(|a| a.first())),
                Slot::Gap(_) => return None,
            }
        }
        None
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
        if !w.matches(&text.tokens[words[pos + k]]) {
            return None;
        }
    }
    Some(pos + run.len())
}

/// A set of patterns parsed once, indexed by the words they can start with: at each position
/// only the patterns that can start with that word are tried, which keeps a rule's cost close to
/// one lookup per word however many phrases it knows.
pub struct Patterns {
    pats: Vec<Pattern>,
    /// (hash of a plain first word, pattern), sorted. A hash collision only makes a pattern
    /// be tried where it cannot match.
    by_first: Vec<(u64, usize)>,
    /// Patterns whose first word is a class (a typo-forgiving cue, a prefix, `VERB`…).
    by_class: Vec<(Word, usize)>,
    /// Patterns that can start anywhere (only optional words before a gap).
    anywhere: Vec<usize>,
}

impl Patterns {
    pub fn new(srcs: &[&str]) -> Self {
        let pats: Vec<Pattern> = srcs.iter().map(|s| Pattern::parse(s)).collect();
        let mut by_first = Vec::new();
        let mut by_class = Vec::new();
        let mut anywhere = Vec::new();
        for (i, p) in pats.iter().enumerate() {
            match p.first_words() {
                None => anywhere.push(i),
                Some(firsts) => {
                    for w in firsts {
                        match w {
                            Word::Exact(_, h) => by_first.push((*h, i)),
                            other => by_class.push((other.clone(), i)),
                        }
                    }
                }
            }
        }
        // Once per process, a few hundred entries.
        super::sort_small_by_key(&mut by_first, |e| *e);
        by_first.dedup();
        Patterns {
            pats,
            by_first,
            by_class,
            anywhere,
        }
    }

    /// The patterns that may match at `pos`, into `out` (cleared first).
    fn candidates(&self, text: &Text, words: &[usize], pos: usize, out: &mut Vec<usize>) {
        out.clear();
        let tok = &text.tokens[words[pos]];
        let from = self.by_first.partition_point(|&(h, _)| h < tok.hash);
        out.extend(
            self.by_first[from..]
                .iter()
                .take_while(|&&(h, _)| h == tok.hash)
                .map(|&(_, i)| i),
        );
        out.extend(
            self.by_class
                .iter()
                .filter(|(w, _)| w.matches(tok))
                .map(|&(_, i)| i),
        );
        out.extend_from_slice(&self.anywhere);
    }

    /// Earliest match of any pattern in `words` (the longest one at that position).
    pub fn find_in(&self, text: &Text, words: &[usize]) -> Option<Range<usize>> {
        let mut cands = Vec::new();
        (0..words.len()).find_map(|pos| {
            self.longest_at(text, words, pos, &mut cands)
                .map(|end| pos..end)
        })
    }

    /// The last position where a match of any pattern starts.
    pub fn last_start(&self, text: &Text, words: &[usize]) -> Option<usize> {
        let mut cands = Vec::new();
        (0..words.len())
            .rev()
            .find(|&pos| self.longest_at(text, words, pos, &mut cands).is_some())
    }

    /// Whether any pattern matches right at `start`; returns the longest end.
    pub fn match_prefix(&self, text: &Text, words: &[usize], start: usize) -> Option<usize> {
        self.longest_at(text, words, start, &mut Vec::new())
    }

    fn longest_at(
        &self,
        text: &Text,
        words: &[usize],
        pos: usize,
        cands: &mut Vec<usize>,
    ) -> Option<usize> {
        if pos >= words.len() {
            return None;
        }
        self.candidates(text, words, pos, cands);
        cands
            .iter()
            .filter_map(|&i| self.pats[i].match_prefix(text, words, pos))
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
