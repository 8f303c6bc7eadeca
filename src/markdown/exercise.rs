//! ```` ```exercise ```` blocks: TOML in, an exercise card out.
//!
//! The block's text keeps a map back to the chapter's bytes, so that every problem found in an
//! exercise (bad TOML, an unknown check, a self-test whose verdict changed) points at its own
//! line in the chapter.

use exercises::model::{Check, ChoiceExercise, Exercise, ReplyExercise};
use std::ops::Range;

use super::escape;

/// An exercise block as written, with where each piece of it sits in the chapter file.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    /// (offset in `text`, offset in the chapter) for each piece of the block.
    pieces: Vec<(usize, usize)>,
    /// The opening fence in the chapter, for problems with no better place.
    pub fence: Range<usize>,
}

impl Block {
    pub fn new(fence: Range<usize>) -> Self {
        Block {
            text: String::new(),
            pieces: Vec::new(),
            fence,
        }
    }

    pub fn push(&mut self, text: &str, at: usize) {
        self.pieces.push((self.text.len(), at));
        self.text.push_str(text);
    }

    /// Chapter offset of byte `i` of the block.
    pub fn to_chapter(&self, i: usize) -> usize {
        match self.pieces.iter().rev().find(|(b, _)| *b <= i) {
            Some((b, c)) => c + (i - b),
            None => self.fence.start,
        }
    }

    /// Chapter offset of a field, given as `pass`, `criteria[2].check` or `selftest[1]`.
    pub fn field_offset(&self, field: &str) -> usize {
        match self.field_in_text(field) {
            Some(at) => self.to_chapter(at),
            None => self.fence.start,
        }
    }

    /// Chapter offset of `needle` (e.g. `"stpes"`) inside the table that holds `field`, to point
    /// at the very value that is wrong rather than at its table.
    pub fn find_in_field(&self, field: &str, needle: &str) -> Option<usize> {
        let from = self.field_in_text(field)?;
        let first_line = self.text[from..]
            .find('\n')
            .map_or(self.text.len(), |n| from + n);
        let end = self.text[first_line..]
            .find("\n[")
            .map_or(self.text.len(), |n| first_line + n);
        let at = self.text[from..end].find(needle)?;
        Some(self.to_chapter(from + at))
    }

    /// Offset in `text` of a field; the table's header when the key is absent.
    fn field_in_text(&self, field: &str) -> Option<usize> {
        let (table, key) = match field.split_once('.') {
            Some((t, k)) => (Some(t), Some(k)),
            None if field.contains('[') => (Some(field), None),
            None => (None, Some(field)),
        };
        let mut from = 0;
        if let Some(table) = table {
            let (name, index) = match table.split_once('[') {
                Some((n, i)) => (n, i.trim_end_matches(']').parse::<usize>().unwrap_or(0)),
                None => (table, 0),
            };
            let header = format!("[[{name}]]");
            from = self.text.match_indices(&header).nth(index)?.0;
        }
        let Some(key) = key else {
            return Some(from);
        };
        let mut at = from;
        for line in self.text[from..].split_inclusive('\n') {
            let t = line.trim_start();
            if t.starts_with(key) && t[key.len()..].trim_start().starts_with('=') {
                return Some(at + (line.len() - t.len()));
            }
            at += line.len();
        }
        Some(from)
    }
}

/// Why a block did not give an exercise.
pub struct BlockError {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

pub fn parse(block: &Block) -> Result<Exercise, BlockError> {
    toml::from_str::<Exercise>(&block.text).map_err(|e| {
        let e = precise_error(&block.text).unwrap_or(e);
        let at = e.span().map_or(0, |s| s.start);
        let message = e.message().trim().to_string();
        BlockError {
            offset: block.to_chapter(at),
            hint: hint_for(&block.text, at, &message),
            message: format!("invalid exercise: {message}"),
        }
    })
}

/// serde reads an internally tagged enum (`kind = "reply"`) through a buffer that forgets
/// positions, so every error past the TOML syntax points at the block's first line. Reading the
/// exercise's own struct, with the `kind` line blanked out, gives the same error at its place.
fn precise_error(text: &str) -> Option<toml::de::Error> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let kind = table.get("kind")?.as_str()?.to_string();
    let blanked = blank_kind(text)?;
    match kind.as_str() {
        "reply" => toml::from_str::<ReplyExercise>(&blanked).err(),
        "choice" => toml::from_str::<ChoiceExercise>(&blanked).err(),
        _ => None,
    }
}

/// `text` with its top-level `kind = …` line turned to spaces: same length, same offsets.
fn blank_kind(text: &str) -> Option<String> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            return None;
        }
        if let Some(rest) = t.strip_prefix("kind") {
            if rest.trim_start().starts_with('=') {
                let len = line.trim_end_matches(['\n', '\r']).len();
                let mut out = text.to_string();
                out.replace_range(at..at + len, &" ".repeat(len));
                return Some(out);
            }
        }
        at += line.len();
    }
    None
}

/// What to do about a TOML or serde error, as specific as the message allows.
fn hint_for(text: &str, at: usize, message: &str) -> String {
    let quoted = |prefix: &str| {
        message
            .split_once(prefix)
            .and_then(|(_, rest)| rest.split('`').next())
            .map(str::to_string)
    };
    // "`a`, `b` or `c`" / "one of `a`, `b`": the names serde expected.
    let expected = |from: &str| -> Vec<String> {
        message
            .split_once(from)
            .map(|(_, rest)| {
                rest.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(field) = quoted("unknown field `") {
        if after_table(text, at) && TOP_LEVEL.contains(&field.as_str()) {
            return format!(
                "`{field}` belongs to the exercise, but in TOML every key belongs to the table header above it: move `{field}` (and every top-level key) above the first `[customer]`, `[[criteria]]`, `[[option]]` or `[[selftest]]` table"
            );
        }
        let names = expected("expected");
        return match crate::diagnostic::closest(&field, names.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`? Unknown keys are errors, not ignored"),
            None => format!("the keys allowed here are: {}", names.join(", ")),
        };
    }
    if let Some(check) = quoted("unknown check `") {
        return match crate::diagnostic::closest(&check, Check::NAMES.iter().copied()) {
            Some(near) => format!(
                "did you mean `{near}`? The contributors' page says what each check detects"
            ),
            None => {
                "pick a check from the list; the contributors' page says what each detects".into()
            }
        };
    }
    if let Some(variant) = quoted("unknown variant `") {
        if message.contains("`reply`") {
            return format!(
                "`kind = \"{variant}\"` is not a kind of exercise: use `\"reply\"` (the learner writes a reply) or `\"choice\"` (the learner picks an option)"
            );
        }
        let names = expected("expected");
        return format!("use one of: {}", names.join(", "));
    }
    if let Some(field) = quoted("missing field `") {
        let in_table = text.get(at..).is_some_and(|t| t.starts_with('['));
        return if field == "kind" {
            "start the block with `kind = \"reply\"` or `kind = \"choice\"`".into()
        } else if in_table {
            format!("add `{field} = …` to this table; the contributors' page lists the keys each table needs")
        } else {
            format!("add `{field} = …` with the exercise's other keys, above its first table; the contributors' page lists them")
        };
    }
    if message.contains("basic string") {
        return "a string opened with `\"` must close with `\"` on the same line; for text over several lines use `\"\"\"` … `\"\"\"`".into();
    }
    "exercise blocks hold TOML (`key = \"text\"`, `[[criteria]]` tables); see the contributors' page for the format".into()
}

/// Keys of the exercise itself, which must come before its first table.
const TOP_LEVEL: &[&str] = &[
    "kind",
    "id",
    "title",
    "prompt",
    "start",
    "pass",
    "model_answer",
    "question",
];

fn after_table(text: &str, at: usize) -> bool {
    text[..at.min(text.len())].contains("\n[")
}

/// The exercise as the browser needs it: self-tests stay on the build machine.
pub fn browser_json(ex: &Exercise) -> String {
    let mut ex = ex.clone();
    if let Exercise::Reply(r) = &mut ex {
        r.selftests.clear();
    }
    // `</script>` inside the JSON must not close the script element that holds it.
    serde_json::to_string(&ex)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
}

pub fn card(ex: &Exercise) -> String {
    match ex {
        Exercise::Reply(r) => reply_card(r, ex),
        Exercise::Choice(c) => choice_card(c, ex),
    }
}

fn paragraphs(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", escape(p.trim()).replace('\n', "<br>")))
        .collect()
}

fn channel_name(channel: &str) -> &str {
    match channel {
        "forum" => "on the support forum",
        "email" => "by email",
        "chat" => "in live chat",
        "social" => "on social media",
        "phone" => "on the phone",
        _ => "",
    }
}

fn reply_card(r: &ReplyExercise, ex: &Exercise) -> String {
    let id = escape(&r.id);
    let initial = r
        .customer
        .name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map_or('?', |c| c.to_ascii_uppercase());
    let kind = if r.start.is_empty() {
        "Practice reply"
    } else {
        "Rewrite"
    };
    format!(
        r#"<section class="exercise reply-exercise" id="ex-{id}" data-exercise="{id}" data-kind="reply">
<header class="ex-head"><span class="ex-kind">{kind}</span><h3 class="ex-title">{title}</h3></header>
{prompt}<figure class="customer">
<figcaption><span class="avatar" aria-hidden="true">{initial}</span><span class="who">{name}</span> <span class="channel">{channel}</span></figcaption>
<blockquote class="customer-message">{message}</blockquote>
</figure>
<label class="reply-label" for="reply-{id}">Your reply to {name}</label>
<textarea id="reply-{id}" class="reply" rows="8" spellcheck="true" placeholder="Write your reply here…">{start}</textarea>
<div class="ex-actions"><button type="button" class="check">Check my reply</button><span class="ex-status" role="status"></span></div>
<div class="feedback" aria-live="polite" hidden></div>
<details class="model-answer" hidden><summary>Show a model answer</summary><div class="model-text">{model}</div></details>
<script type="application/json" class="exercise-data">{json}</script>
</section>
"#,
        title = escape(&r.title),
        prompt = if r.prompt.is_empty() {
            String::new()
        } else {
            format!("<p class=\"ex-prompt\">{}</p>\n", escape(&r.prompt))
        },
        name = escape(&r.customer.name),
        channel = channel_name(&r.customer.channel),
        message = paragraphs(&r.customer.message),
        start = escape(r.start.trim()),
        model = paragraphs(&r.model_answer),
        json = browser_json(ex),
    )
}

fn choice_card(c: &ChoiceExercise, ex: &Exercise) -> String {
    let id = escape(&c.id);
    let options: String = c
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            format!(
                "<li><label><input type=\"radio\" name=\"choice-{id}\" value=\"{i}\"> <span>{}</span></label></li>\n",
                escape(&o.text)
            )
        })
        .collect();
    format!(
        r#"<section class="exercise choice-exercise" id="ex-{id}" data-exercise="{id}" data-kind="choice">
<header class="ex-head"><span class="ex-kind">Knowledge check</span><h3 class="ex-title">{title}</h3></header>
<fieldset><legend>{question}</legend>
<ul class="options">
{options}</ul></fieldset>
<div class="ex-actions"><button type="button" class="check">Check my answer</button><span class="ex-status" role="status"></span></div>
<div class="feedback" aria-live="polite" hidden></div>
<script type="application/json" class="exercise-data">{json}</script>
</section>
"#,
        title = escape(&c.title),
        question = escape(&c.question),
        json = browser_json(ex),
    )
}

/// The model answer and customer message, printed: for the single-page version.
pub fn print_card(ex: &Exercise) -> String {
    match ex {
        Exercise::Reply(r) => format!(
            "<section class=\"exercise print-exercise\"><h4>{}</h4>{}<p><strong>{}</strong> {}:</p><blockquote>{}</blockquote><p><strong>Model answer:</strong></p><blockquote class=\"model\">{}</blockquote></section>\n",
            escape(&r.title),
            if r.prompt.is_empty() { String::new() } else { format!("<p>{}</p>", escape(&r.prompt)) },
            escape(&r.customer.name),
            channel_name(&r.customer.channel),
            paragraphs(&r.customer.message),
            paragraphs(&r.model_answer)
        ),
        Exercise::Choice(c) => {
            let opts: String = c
                .options
                .iter()
                .map(|o| {
                    format!(
                        "<li>{}{} — {}</li>",
                        escape(&o.text),
                        if o.correct { " <strong>(correct)</strong>" } else { "" },
                        escape(&o.why)
                    )
                })
                .collect();
            format!(
                "<section class=\"exercise print-exercise\"><h4>{}</h4><p>{}</p><ul>{opts}</ul></section>\n",
                escape(&c.title),
                escape(&c.question)
            )
        }
    }
}
