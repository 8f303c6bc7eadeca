//! What a reply shows: greeting, thanks, steps, forbidden phrases… each with the byte ranges of
//! the learner's words that justify it.
//!
//! Each signal is one rule in its own file. A rule reads a [`Text`] (tokens, sentences, masked
//! quotes and URLs, signature cut off) and pushes [`Finding`]s. Rules never panic and do work
//! linear in the (capped) length of the reply.

mod closing;
mod courtesy;
mod forbidden;
mod greeting;
mod lexicon;
pub mod paraphrase;
mod pattern;
mod promise;
mod question;
mod signature;
mod steps;
pub mod text;

use serde::{Deserialize, Serialize};
use std::ops::Range;

pub use text::Text;

/// The five forbidden phrases of complaint handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ffp {
    DontKnow,
    CantDo,
    YoullHaveTo,
    HangOn,
    NoStart,
}

impl Ffp {
    pub const ALL: [Ffp; 5] = [
        Ffp::DontKnow,
        Ffp::CantDo,
        Ffp::YoullHaveTo,
        Ffp::HangOn,
        Ffp::NoStart,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Ffp::DontKnow => "dont_know",
            Ffp::CantDo => "cant_do",
            Ffp::YoullHaveTo => "youll_have_to",
            Ffp::HangOn => "hang_on",
            Ffp::NoStart => "no_start",
        }
    }

    pub fn from_key(k: &str) -> Option<Ffp> {
        Ffp::ALL.into_iter().find(|f| f.key() == k)
    }

    /// What to say instead: the positive turn of each forbidden phrase.
    pub fn advice(self) -> &'static str {
        match self {
            Ffp::DontKnow => "Instead of \"I don't know\", say \"Let me find out\" and say when you will come back.",
            Ffp::CantDo => "Instead of \"We can't do that\", say what you can do: \"Here is what I can do for you…\"",
            Ffp::YoullHaveTo => "Instead of \"You'll have to…\", ask: \"Would it be possible for you to…?\" or \"Could you…?\"",
            Ffp::HangOn => "Instead of \"Hang on a second\", ask: \"May I check this and come back to you?\" and say how long it will take.",
            Ffp::NoStart => "Instead of opening with \"No\", offer a way forward: \"How about…?\" or \"Would you be okay with…?\"",
        }
    }
}

/// Everything the grader can look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Signal {
    Greeting,
    GreetsByName,
    Thanks,
    Apology,
    Empathy,
    Steps,
    Question,
    Closing,
    Paraphrase,
    Promise,
    Forbidden(Ffp),
}

impl Signal {
    /// The signal's name in the labelled data and in `rapport analyze --spans`: `"greeting"`,
    /// `"ffp:dont_know"`, ...
    pub fn key(self) -> &'static str {
        match self {
            Signal::Greeting => "greeting",
            Signal::GreetsByName => "greets_by_name",
            Signal::Thanks => "thanks",
            Signal::Apology => "apology",
            Signal::Empathy => "empathy",
            Signal::Steps => "steps",
            Signal::Question => "question",
            Signal::Closing => "closing",
            Signal::Paraphrase => "paraphrase",
            Signal::Promise => "promise",
            Signal::Forbidden(Ffp::DontKnow) => "ffp:dont_know",
            Signal::Forbidden(Ffp::CantDo) => "ffp:cant_do",
            Signal::Forbidden(Ffp::YoullHaveTo) => "ffp:youll_have_to",
            Signal::Forbidden(Ffp::HangOn) => "ffp:hang_on",
            Signal::Forbidden(Ffp::NoStart) => "ffp:no_start",
        }
    }
}

/// One signal, and the words that show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub signal: Signal,
    pub range: Range<usize>,
}

/// What the grader knows about the conversation besides the reply.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The customer's name or forum username, when known.
    pub customer_name: Option<&'a str>,
    /// The message being answered, when known.
    pub customer_message: Option<&'a str>,
}

/// All findings for one reply.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub truncated_at: Option<usize>,
}

impl Analysis {
    pub fn has(&self, s: Signal) -> bool {
        self.findings.iter().any(|f| f.signal == s)
    }

    pub fn ranges(&self, s: Signal) -> impl Iterator<Item = Range<usize>> + '_ {
        self.findings
            .iter()
            .filter(move |f| f.signal == s)
            .map(|f| f.range.clone())
    }

    /// The forbidden phrases present, each kind once, in a fixed order.
    pub fn ffp(&self) -> Vec<Ffp> {
        let mut v: Vec<Ffp> = self
            .findings
            .iter()
            .filter_map(|f| match f.signal {
                Signal::Forbidden(k) => Some(k),
                _ => None,
            })
            .collect();
        sort_small_by_key(&mut v, |k| *k);
        v.dedup();
        v
    }
}

/// Collects findings, keeping at most a few per signal so that a pathological reply cannot make
/// the verdict grow without bound.
pub(crate) struct Sink {
    findings: Vec<Finding>,
}

const MAX_FINDINGS_PER_SIGNAL: usize = 12;

impl Sink {
    pub(crate) fn push(&mut self, signal: Signal, range: Range<usize>) {
        let same = self.findings.iter().filter(|f| f.signal == signal);
        if same.clone().count() >= MAX_FINDINGS_PER_SIGNAL || same.clone().any(|f| f.range == range)
        {
            return;
        }
        self.findings.push(Finding { signal, range });
    }
}

/// Reads a reply and reports every signal it shows.
pub fn analyze(reply: &str, ctx: Context<'_>) -> Analysis {
    let text = Text::new(reply);
    let mut sink = Sink {
        findings: Vec::new(),
    };
    greeting::detect(&text, ctx, &mut sink);
    courtesy::detect(&text, &mut sink);
    steps::detect(&text, &mut sink);
    question::detect(&text, &mut sink);
    closing::detect(&text, &mut sink);
    promise::detect(&text, &mut sink);
    forbidden::detect(&text, &mut sink);
    if let Some(msg) = ctx.customer_message {
        paraphrase::detect(&text, msg, &mut sink);
    }
    let mut findings = sink.findings;
    sort_small_by_key(&mut findings, |f| (f.range.start, f.signal));
    Analysis {
        findings,
        truncated_at: text.truncated_at,
    }
}

/// A stable insertion sort, for the short lists sorted per reply (findings, marks, span
/// offsets: a few dozen at most, thanks to the per-signal cap). One small generic function weighs
/// far less in the WASM than an instance of the standard library's sorts per element type.
pub(crate) fn sort_small_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Heapsort, for the lists that may be long (the customer's words): O(n log n) without an
/// instance of the standard library's sorts, and no hashing (a `HashSet` weighs ~7 KB in the
/// WASM).
pub(crate) fn heap_sort<T: Ord>(v: &mut [T]) {
    fn sift<T: Ord>(v: &mut [T], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v[child] < v[child + 1] {
                child += 1;
            }
            if v[root] >= v[child] {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    use super::*;

    /// The text each finding of `signal` points at.
    pub fn spans(reply: &str, signal: Signal) -> Vec<String> {
        spans_with(reply, Context::default(), signal)
    }

    pub fn spans_with(reply: &str, ctx: Context, signal: Signal) -> Vec<String> {
        analyze(reply, ctx)
            .ranges(signal)
            .map(|r| reply[r].to_string())
            .collect()
    }

    pub fn has(reply: &str, signal: Signal) -> bool {
        analyze(reply, Context::default()).has(signal)
    }

    #[test]
    fn heap_sort_sorts() {
        for mut v in [
            vec![],
            vec![3],
            vec![5, 1, 4, 1, 5, 9, 2, 6, 5, 3],
            (0..100).rev().collect(),
        ] {
            let mut want = v.clone();
            want.sort();
            super::heap_sort(&mut v);
            assert_eq!(v, want);
        }
    }
}
