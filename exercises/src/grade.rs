//! Rubric × signals → verdict.
//!
//! Every criterion looks at one signal. A rewarding criterion adds its points when the signal is
//! found; a penalty criterion takes its points away when its (bad) signal is found. The score
//! never goes below zero; the reply passes when the score reaches the pass mark. Each criterion
//! says why, and points at the words that decided it.

use crate::analysis::paraphrase::stem;
use crate::analysis::text::{typo_allowance, within_edits};
use crate::analysis::{analyze, sort_small_by_key, Analysis, Context, Ffp, Signal, Text};
use crate::model::{Check, CriterionResult, Effect, Mark, ReplyExercise, SelfTest, Span, Verdict};
use std::ops::Range;

/// Grades one reply against one exercise. Never panics, whatever `reply` holds.
pub fn grade(ex: &ReplyExercise, reply: &str) -> Verdict {
    let analysis = analyze(
        reply,
        Context {
            customer_name: Some(&ex.customer.name),
            customer_message: Some(&ex.customer.message),
        },
    );
    let mut score: i64 = 0;
    let mut byte_spans: Vec<Vec<Range<usize>>> = Vec::with_capacity(ex.criteria.len());
    let mut criteria = Vec::with_capacity(ex.criteria.len());
    for c in &ex.criteria {
        let ranges = match c.check {
            Check::Mentions => mentions(reply, &c.terms),
            check => found_ranges(&analysis, check),
        };
        let found = !ranges.is_empty();
        let (met, delta) = match c.effect() {
            Some(Effect::Reward(p)) => (found, if found { i64::from(p) } else { 0 }),
            Some(Effect::Penalty(p)) => (!found, if found { -i64::from(p) } else { 0 }),
            None => (true, 0),
        };
        score += delta;
        criteria.push(CriterionResult {
            id: c.id.clone(),
            label: c.label.clone(),
            met,
            found,
            delta,
            feedback: if met { c.good.clone() } else { c.fix.clone() },
            spans: Vec::new(),
        });
        byte_spans.push(ranges);
    }
    let mut marks: Vec<(Range<usize>, Mark)> = Vec::new();
    for f in Ffp::ALL {
        for r in analysis.ranges(Signal::Forbidden(f)) {
            marks.push(mark(reply, r, f.key(), f.advice()));
        }
    }
    for r in analysis.ranges(Signal::Promise) {
        marks.push(mark(
            reply,
            r,
            "promise",
            "Do not promise a date or a release you do not control: say what is known now, and when you will give news.",
        ));
    }
    sort_small_by_key(&mut marks, |(r, _)| r.start);

    // Byte offsets are what Rust slices by; the browser slices by UTF-16 units. Convert once.
    let mut offsets: Vec<usize> = byte_spans
        .iter()
        .flatten()
        .chain(marks.iter().map(|(r, _)| r))
        .flat_map(|r| [r.start, r.end])
        .collect();
    let table = Utf16Table::new(reply, &mut offsets);
    for (c, ranges) in criteria.iter_mut().zip(&byte_spans) {
        c.spans = ranges.iter().map(|r| table.span(r)).collect();
    }
    let marks = marks
        .into_iter()
        .map(|(r, mut m)| {
            m.span = table.span(&r);
            m
        })
        .collect();

    let score = u32::try_from(score.max(0)).unwrap_or(u32::MAX);
    Verdict {
        exercise: ex.id.clone(),
        score,
        max: ex.max_score(),
        pass_mark: ex.pass,
        passed: score >= ex.pass,
        criteria,
        marks,
        truncated_at: analysis.truncated_at,
    }
}

/// A mark whose span is filled in once UTF-16 offsets are known.
fn mark(reply: &str, r: Range<usize>, kind: &str, advice: &str) -> (Range<usize>, Mark) {
    let m = Mark {
        kind: kind.into(),
        span: Span {
            start: r.start,
            end: r.end,
            u16_start: 0,
            u16_end: 0,
        },
        text: reply.get(r.clone()).unwrap_or_default().to_string(),
        advice: advice.into(),
    };
    (r, m)
}

fn found_ranges(a: &Analysis, check: Check) -> Vec<Range<usize>> {
    let signal = match check {
        Check::Greeting => Signal::Greeting,
        Check::GreetsByName => Signal::GreetsByName,
        Check::Thanks => Signal::Thanks,
        Check::Apology => Signal::Apology,
        Check::Empathy => Signal::Empathy,
        Check::Steps => Signal::Steps,
        Check::Question => Signal::Question,
        Check::Closing => Signal::Closing,
        Check::Paraphrase => Signal::Paraphrase,
        Check::Promise => Signal::Promise,
        Check::Forbidden(f) => Signal::Forbidden(f),
        Check::AnyForbidden => {
            return Ffp::ALL
                .into_iter()
                .flat_map(|f| a.ranges(Signal::Forbidden(f)))
                .collect()
        }
        Check::Mentions => return Vec::new(),
    };
    a.ranges(signal).collect()
}

/// Where the reply mentions any of `terms` (phrases matched word by word on stems, forgiving
/// typos in long words). Quoted text and URLs do not count.
fn mentions(reply: &str, terms: &[String]) -> Vec<Range<usize>> {
    let text = Text::new(reply);
    let words: Vec<usize> = (0..text.tokens.len())
        .filter(|&i| {
            let t = &text.tokens[i];
            t.is_word() && !t.masked && t.range.start < text.body_end
        })
        .collect();
    let stems: Vec<String> = words.iter().map(|&i| stem(&text.tokens[i].norm)).collect();
    let mut out = Vec::new();
    for term in terms {
        let wanted: Vec<String> = Text::new(term)
            .tokens
            .iter()
            .filter(|t| t.is_word())
            .map(|t| stem(&t.norm))
            .collect();
        if wanted.is_empty() || wanted.len() > stems.len() {
            continue;
        }
        for start in 0..=stems.len() - wanted.len() {
            let hit = wanted.iter().enumerate().all(|(k, w)| {
                let got = &stems[start + k];
                // Typos are forgiven in words of six letters or more (one edit, two from
                // eight letters), never in the first letter: short words have too many
                // neighbours ("safe", "save", "same").
                got == w
                    || (w.chars().count() >= 6
                        && got.chars().next() == w.chars().next()
                        && within_edits(w, got, typo_allowance(w)))
            });
            if hit {
                out.push(text.span(words[start], words[start + wanted.len() - 1]));
                if out.len() >= 12 {
                    return out;
                }
            }
        }
    }
    sort_small_by_key(&mut out, |r| r.start);
    out
}

/// Converts byte offsets of `src` to UTF-16 offsets, for the offsets it was built with.
struct Utf16Table {
    pairs: Vec<(usize, usize)>,
}

impl Utf16Table {
    fn new(src: &str, offsets: &mut [usize]) -> Self {
        sort_small_by_key(offsets, |o| *o);
        let mut pairs = Vec::with_capacity(offsets.len());
        let mut u16_pos = 0;
        let mut next = offsets.iter().peekable();
        for (byte, ch) in src.char_indices().chain(std::iter::once((src.len(), ' '))) {
            while next.peek().is_some_and(|&&o| o <= byte) {
                let o = *next.next().unwrap_or(&byte);
                pairs.push((o, u16_pos));
            }
            u16_pos += ch.len_utf16();
        }
        pairs.dedup();
        Utf16Table { pairs }
    }

    fn u16(&self, byte: usize) -> usize {
        match self.pairs.binary_search_by_key(&byte, |p| p.0) {
            Ok(i) => self.pairs[i].1,
            Err(_) => 0,
        }
    }

    fn span(&self, r: &Range<usize>) -> Span {
        Span {
            start: r.start,
            end: r.end,
            u16_start: self.u16(r.start),
            u16_end: self.u16(r.end),
        }
    }
}

/// Why a self-test does not hold, if it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfTestFailure {
    pub index: usize,
    pub problems: Vec<String>,
}

/// Runs an exercise's self-tests and its model answer through the grader.
pub fn run_selftests(ex: &ReplyExercise) -> Vec<SelfTestFailure> {
    let mut out = Vec::new();
    let model = grade(ex, &ex.model_answer);
    if !model.passed {
        out.push(SelfTestFailure {
            index: usize::MAX,
            problems: vec![format!(
                "the model answer fails its own rubric: {} of {} points, pass mark {}; missed: {}",
                model.score,
                model.max,
                model.pass_mark,
                model
                    .criteria
                    .iter()
                    .filter(|c| !c.met)
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )],
        });
    }
    for (i, t) in ex.selftests.iter().enumerate() {
        let problems = check_selftest(ex, t);
        if !problems.is_empty() {
            out.push(SelfTestFailure { index: i, problems });
        }
    }
    out
}

fn check_selftest(ex: &ReplyExercise, t: &SelfTest) -> Vec<String> {
    let v = grade(ex, &t.reply);
    let mut problems = Vec::new();
    let expect_pass = t.expect == crate::model::Expect::Pass;
    if v.passed != expect_pass {
        problems.push(format!(
            "expected {} but the grader says {} ({} of {} points, pass mark {})",
            if expect_pass { "pass" } else { "fail" },
            if v.passed { "pass" } else { "fail" },
            v.score,
            v.max,
            v.pass_mark
        ));
    }
    for id in &t.meets {
        if let Some(c) = v.criteria.iter().find(|c| &c.id == id) {
            if !c.met {
                problems.push(format!(
                    "expected criterion `{id}` to be met, but it was missed"
                ));
            }
        }
    }
    for id in &t.misses {
        if let Some(c) = v.criteria.iter().find(|c| &c.id == id) {
            if c.met {
                problems.push(format!(
                    "expected criterion `{id}` to be missed, but it was met"
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Criterion, Customer};

    fn crit(id: &str, check: &str, points: Option<u32>, penalty: Option<u32>) -> Criterion {
        Criterion {
            id: id.into(),
            label: id.into(),
            check: Check::try_from(check.to_string()).expect("known check"),
            points,
            penalty,
            terms: if check == "mentions" {
                vec!["safe mode".into(), "troubleshoot".into()]
            } else {
                vec![]
            },
            good: format!("{id} good"),
            fix: format!("{id} fix"),
        }
    }

    fn exercise() -> ReplyExercise {
        ReplyExercise {
            id: "t".into(),
            title: "T".into(),
            prompt: String::new(),
            customer: Customer {
                name: "Dana".into(),
                channel: "forum".into(),
                message: "Firefox crashes every time I open a PDF.".into(),
            },
            start: String::new(),
            criteria: vec![
                crit("name", "greets_by_name", Some(2), None),
                crit("steps", "steps", Some(3), None),
                crit("safe", "mentions", Some(1), None),
                crit("ffp", "forbidden", None, Some(3)),
            ],
            pass: 5,
            model_answer: String::new(),
            selftests: vec![],
        }
    }

    #[test]
    fn points_add_and_penalties_subtract() {
        let ex = exercise();
        let good = grade(&ex, "Hi Dana, please try starting Firefox in Safe Mode.");
        assert_eq!((good.score, good.max, good.passed), (6, 6, true));
        assert!(good.criteria.iter().all(|c| c.met));
        let bad = grade(
            &ex,
            "Hi Dana. I don't know. You'll have to reinstall it in safe mode.",
        );
        assert_eq!(bad.score, 3, "{bad:#?}");
        assert!(!bad.passed);
        let ffp = bad.criteria.iter().find(|c| c.id == "ffp").expect("ffp");
        assert_eq!(
            (ffp.met, ffp.delta, ffp.feedback.as_str()),
            (false, -3, "ffp fix")
        );
        let kinds: Vec<_> = bad.marks.iter().map(|m| m.kind.as_str()).collect();
        assert_eq!(kinds, ["dont_know", "youll_have_to"]);
        assert_eq!(bad.marks[0].text, "I don't know");
    }

    #[test]
    fn score_never_goes_below_zero() {
        let v = grade(&exercise(), "No. I don't know.");
        assert_eq!(v.score, 0);
    }

    #[test]
    fn utf16_offsets_follow_multibyte_text() {
        let ex = exercise();
        let reply = "😀 é — Hi Dana! I don’t know.";
        let v = grade(&ex, reply);
        let m = &v.marks[0];
        let utf16: Vec<u16> = reply.encode_utf16().collect();
        let via16 = String::from_utf16_lossy(&utf16[m.span.u16_start..m.span.u16_end]);
        assert_eq!(via16, "I don’t know");
        assert_eq!(&reply[m.span.start..m.span.end], "I don’t know");
    }

    #[test]
    fn selftests_report_a_changed_verdict() {
        let mut ex = exercise();
        ex.model_answer = "Hi Dana, please try Safe Mode.".into();
        ex.selftests = vec![SelfTest {
            note: "claims a pass it does not get".into(),
            reply: "hello".into(),
            expect: crate::model::Expect::Pass,
            meets: vec!["steps".into()],
            misses: vec![],
        }];
        let failures = run_selftests(&ex);
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert_eq!(failures[0].index, 0);
        assert_eq!(failures[0].problems.len(), 2, "{failures:?}");
    }

    #[test]
    fn mentions_forgive_typos_in_long_words_only() {
        let terms = vec![
            "troubleshoot".to_string(),
            "receive".into(),
            "safe mode".into(),
        ];
        for (reply, hits) in [
            ("Open Troublshooting mode.", 1),
            ("Did you recieve the email?", 1),
            ("Try trouble-shooting first.", 1),
            ("No trouble shooting it.", 0),
            ("Open it in same mode.", 0),
            ("Restart in SAFE MODE.", 1),
            ("Did you deceive us?", 0),
        ] {
            assert_eq!(mentions(reply, &terms).len(), hits, "{reply}");
        }
    }
}
