//! The shapes of an exercise and of a verdict.
//!
//! An exercise arrives as TOML (from a Markdown block) or JSON (in the browser); both go through
//! these serde types, and [`Exercise::validate`] rejects what serde alone cannot: unknown signals,
//! criteria that neither add nor subtract, a pass mark no reply could reach.

use serde::{Deserialize, Serialize};

use crate::analysis::Ffp;

/// One practice item in a chapter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Exercise {
    /// The learner writes a reply to a customer; the rubric grades it.
    Reply(ReplyExercise),
    /// The learner picks one option; each option explains itself.
    Choice(ChoiceExercise),
}

impl Exercise {
    pub fn id(&self) -> &str {
        match self {
            Exercise::Reply(r) => &r.id,
            Exercise::Choice(c) => &c.id,
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Exercise::Reply(r) => &r.title,
            Exercise::Choice(c) => &c.title,
        }
    }

    /// Problems serde cannot see. Each names the field path so the caller can point at the line.
    pub fn validate(&self) -> Vec<ModelError> {
        let mut errors = Vec::new();
        let id = self.id();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            errors.push(ModelError {
                field: "id".into(),
                message: format!("exercise id `{id}` is not a valid id"),
                hint: "use lowercase letters, digits and dashes, e.g. `anatomy-first-reply`".into(),
            });
        }
        match self {
            Exercise::Reply(r) => r.validate(&mut errors),
            Exercise::Choice(c) => c.validate(&mut errors),
        }
        errors
    }
}

/// The customer whose message the learner answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: String,
    #[serde(default = "default_channel")]
    pub channel: String,
    pub message: String,
}

fn default_channel() -> String {
    "forum".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyExercise {
    pub id: String,
    pub title: String,
    /// What the learner is asked to do, shown above the customer's message.
    #[serde(default)]
    pub prompt: String,
    pub customer: Customer,
    /// Text the text area starts with: a rewrite exercise hands the learner a poor reply to fix.
    #[serde(default)]
    pub start: String,
    pub criteria: Vec<Criterion>,
    /// Points needed to pass, after penalties.
    pub pass: u32,
    pub model_answer: String,
    #[serde(default, rename = "selftest")]
    pub selftests: Vec<SelfTest>,
}

impl ReplyExercise {
    /// Sum of all rewards: the best score a reply can reach.
    pub fn max_score(&self) -> u32 {
        self.criteria
            .iter()
            .filter_map(|c| match c.effect() {
                Some(Effect::Reward(p)) => Some(p),
                _ => None,
            })
            .sum()
    }

    fn validate(&self, errors: &mut Vec<ModelError>) {
        if self.criteria.is_empty() {
            errors.push(ModelError {
                field: "criteria".into(),
                message: "a reply exercise needs at least one criterion".into(),
                hint: "add a `[[criteria]]` table with `check` and `points`".into(),
            });
        }
        let mut seen = std::collections::HashSet::new();
        for (i, c) in self.criteria.iter().enumerate() {
            let field = format!("criteria[{i}]");
            if !seen.insert(c.id.as_str()) {
                errors.push(ModelError {
                    field: format!("{field}.id"),
                    message: format!("criterion id `{}` is used twice", c.id),
                    hint: "give every criterion of an exercise its own id".into(),
                });
            }
            if c.check == Check::Mentions && c.terms.is_empty() {
                errors.push(ModelError {
                    field: format!("{field}.terms"),
                    message: format!("criterion `{}` checks `mentions` but lists no terms", c.id),
                    hint: "add `terms = [\"word\", \"other phrase\"]`".into(),
                });
            }
            match (c.points, c.penalty) {
                (Some(_), Some(_)) => errors.push(ModelError {
                    field: field.clone(),
                    message: format!("criterion `{}` has both `points` and `penalty`", c.id),
                    hint: "a criterion either rewards a good signal (`points`) or costs points for a bad one (`penalty`)".into(),
                }),
                (None, None) | (Some(0), None) | (None, Some(0)) => errors.push(ModelError {
                    field: field.clone(),
                    message: format!("criterion `{}` is worth nothing", c.id),
                    hint: "set `points = N` (reward) or `penalty = N` (cost), with N > 0".into(),
                }),
                _ => {}
            }
        }
        let max = self.max_score();
        if self.pass > max {
            errors.push(ModelError {
                field: "pass".into(),
                message: format!(
                    "pass mark {} cannot be reached: the criteria give at most {max} points",
                    self.pass
                ),
                hint: format!("lower `pass` to {max} or less, or add points to the criteria"),
            });
        }
        let ids: Vec<&str> = self.criteria.iter().map(|c| c.id.as_str()).collect();
        for (i, t) in self.selftests.iter().enumerate() {
            for name in t.meets.iter().chain(&t.misses) {
                if !ids.contains(&name.as_str()) {
                    errors.push(ModelError {
                        field: format!("selftest[{i}]"),
                        message: format!("self-test names unknown criterion `{name}`"),
                        hint: format!("criteria of this exercise: {}", ids.join(", ")),
                    });
                }
            }
        }
    }
}

/// One line of the rubric: a check on the reply, and what it is worth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    /// Short name shown in the feedback panel.
    pub label: String,
    /// Which signal the criterion looks for.
    pub check: Check,
    /// Points gained when the signal is present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    /// Points lost when the signal is present (forbidden phrases, promised dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty: Option<u32>,
    /// For `mentions`: words or phrases, any of which counts (stemmed, case-insensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
    /// Feedback when the criterion goes the learner's way.
    pub good: String,
    /// Feedback when it does not.
    pub fix: String,
}

/// What a criterion does to the score. Derived from `points` / `penalty`, which validation
/// guarantees are exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Reward(u32),
    Penalty(u32),
}

impl Criterion {
    pub fn effect(&self) -> Option<Effect> {
        match (self.points, self.penalty) {
            (Some(p), None) if p > 0 => Some(Effect::Reward(p)),
            (None, Some(p)) if p > 0 => Some(Effect::Penalty(p)),
            _ => None,
        }
    }
}

/// The signals a criterion can check, written as a string in the exercise (`"greeting"`,
/// `"forbidden:dont_know"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Check {
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
    /// Any of the five forbidden phrases.
    AnyForbidden,
    Forbidden(Ffp),
    Mentions,
}

impl Check {
    pub const NAMES: &'static [&'static str] = &[
        "greeting",
        "greets_by_name",
        "thanks",
        "apology",
        "empathy",
        "steps",
        "question",
        "closing",
        "paraphrase",
        "promise",
        "forbidden",
        "forbidden:dont_know",
        "forbidden:cant_do",
        "forbidden:youll_have_to",
        "forbidden:hang_on",
        "forbidden:no_start",
        "mentions",
    ];
}

impl TryFrom<String> for Check {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Ok(match s.as_str() {
            "greeting" => Check::Greeting,
            "greets_by_name" => Check::GreetsByName,
            "thanks" => Check::Thanks,
            "apology" => Check::Apology,
            "empathy" => Check::Empathy,
            "steps" => Check::Steps,
            "question" => Check::Question,
            "closing" => Check::Closing,
            "paraphrase" => Check::Paraphrase,
            "promise" => Check::Promise,
            "forbidden" => Check::AnyForbidden,
            "mentions" => Check::Mentions,
            other => match other.strip_prefix("forbidden:").and_then(Ffp::from_key) {
                Some(f) => Check::Forbidden(f),
                None => {
                    return Err(format!(
                        "unknown check `{s}`; use one of: {}",
                        Check::NAMES.join(", ")
                    ))
                }
            },
        })
    }
}

impl From<Check> for String {
    fn from(c: Check) -> String {
        match c {
            Check::Greeting => "greeting".into(),
            Check::GreetsByName => "greets_by_name".into(),
            Check::Thanks => "thanks".into(),
            Check::Apology => "apology".into(),
            Check::Empathy => "empathy".into(),
            Check::Steps => "steps".into(),
            Check::Question => "question".into(),
            Check::Closing => "closing".into(),
            Check::Paraphrase => "paraphrase".into(),
            Check::Promise => "promise".into(),
            Check::AnyForbidden => "forbidden".into(),
            Check::Forbidden(f) => format!("forbidden:{}", f.key()),
            Check::Mentions => "mentions".into(),
        }
    }
}

/// A sample reply and the verdict the grader must give it: the exercise's own regression test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfTest {
    /// Why this sample exists ("strong", "uses a forbidden phrase", "borderline").
    #[serde(default)]
    pub note: String,
    pub reply: String,
    pub expect: Expect,
    /// Criteria whose signal must be found.
    #[serde(default)]
    pub meets: Vec<String>,
    /// Criteria whose signal must not be found.
    #[serde(default)]
    pub misses: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    Pass,
    Fail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceExercise {
    pub id: String,
    pub title: String,
    pub question: String,
    #[serde(rename = "option")]
    pub options: Vec<ChoiceOption>,
}

impl ChoiceExercise {
    fn validate(&self, errors: &mut Vec<ModelError>) {
        if self.options.len() < 2 {
            errors.push(ModelError {
                field: "option".into(),
                message: "a choice exercise needs at least two options".into(),
                hint: "add `[[option]]` tables with `text`, `correct` and `why`".into(),
            });
        }
        if !self.options.iter().any(|o| o.correct) {
            errors.push(ModelError {
                field: "option".into(),
                message: "no option is marked `correct = true`".into(),
                hint: "mark the right answer with `correct = true`".into(),
            });
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    /// Why this option is right or wrong; shown once it is picked.
    pub why: String,
}

/// A problem in an exercise definition, with the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ModelError {
    /// Dotted path of the offending field, e.g. `criteria[2].check`.
    pub field: String,
    pub message: String,
    pub hint: String,
}

/// A byte range of the reply, with its UTF-16 equivalent so that the browser can slice the same
/// text without re-encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub u16_start: usize,
    pub u16_end: usize,
}

/// The grader's answer for one reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub exercise: String,
    pub score: u32,
    pub max: u32,
    pub pass_mark: u32,
    pub passed: bool,
    pub criteria: Vec<CriterionResult>,
    /// Forbidden phrases and promises found, each with what to say instead.
    pub marks: Vec<Mark>,
    /// Set when the reply was too long to read in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated_at: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub id: String,
    pub label: String,
    /// Whether the criterion went the learner's way (a penalty criterion is met when the bad
    /// signal is absent).
    pub met: bool,
    /// Whether the signal it checks was found in the reply.
    pub found: bool,
    /// Points this criterion added (positive) or took away (negative).
    pub delta: i64,
    pub feedback: String,
    pub spans: Vec<Span>,
}

/// A passage of the reply worth pointing at, with advice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub kind: String,
    pub span: Span,
    pub text: String,
    pub advice: String,
}
