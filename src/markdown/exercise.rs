//! ```` ```exercise ```` blocks: TOML in, an exercise card out.
//!
//! The block's text keeps a map back to the chapter's bytes, so that every problem found in an
//! exercise (bad TOML, an unknown check, a self-test whose verdict changed) points at its own
//! line in the chapter.

use exercises::model::{ChoiceExercise, Exercise, ReplyExercise};
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
            match self.text.match_indices(&header).nth(index) {
                Some((at, _)) => from = at,
                None => return self.fence.start,
            }
        }
        let Some(key) = key else {
            return self.to_chapter(from);
        };
        let mut at = from;
        for line in self.text[from..].split_inclusive('\n') {
            let t = line.trim_start();
            if t.starts_with(key) && t[key.len()..].trim_start().starts_with('=') {
                return self.to_chapter(at + (line.len() - t.len()));
            }
            at += line.len();
        }
        self.to_chapter(from)
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
        let at = e.span().map_or(0, |s| s.start);
        let message = e.message().trim().to_string();
        let hint = if message.contains("unknown field") && after_table(&block.text, at) {
            "keys after a `[customer]`, `[[criteria]]` or `[[selftest]]` header belong to that table: move top-level keys (`pass`, `model_answer`, …) above the first table".to_string()
        } else if message.contains("unknown check") {
            "pick a check from the list above; see the contributors' page for what each detects"
                .to_string()
        } else if message.contains("missing field") {
            "add the missing key; see the contributors' page for the exercise format".to_string()
        } else {
            "exercise blocks hold TOML; see the contributors' page for the format".to_string()
        };
        BlockError {
            offset: block.to_chapter(at),
            message: format!("invalid exercise: {message}"),
            hint,
        }
    })
}

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
