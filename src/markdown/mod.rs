//! Markdown → HTML for one chapter: heading ids and anchor links, highlighted code, exercise
//! cards, `.md` links rewritten to pages, and what the checks and the search index need
//! (headings, links, images, exercises, plain text by section).

pub mod exercise;
mod highlight;

use exercises::model::Exercise;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

use exercise::Block;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image target, and where it was written (byte offset in the chapter).
#[derive(Debug, Clone)]
pub struct Reference {
    pub dest: String,
    pub offset: usize,
    /// Bytes the link's source text spans, to underline all of it.
    pub len: usize,
}

#[derive(Debug, Clone)]
pub struct ExerciseAt {
    pub exercise: Exercise,
    pub block: Block,
}

/// A problem found while rendering, at a byte offset of the chapter.
#[derive(Debug, Clone)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

/// Text of one section (from a heading to the next), for search.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub anchor: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The same content with exercises shown for print (customer message and model answer).
    pub print_html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Reference>,
    pub images: Vec<Reference>,
    pub exercises: Vec<ExerciseAt>,
    pub problems: Vec<Problem>,
    pub sections: Vec<Section>,
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// GitHub-style heading slug: lower case, spaces to dashes, punctuation dropped.
pub fn slug(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' || c == '_' {
            s.push('-');
        }
    }
    if s.is_empty() {
        "section".into()
    } else {
        s
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Whether a link points inside the site (and so may be rewritten and checked).
pub fn is_local(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with('/')
        || dest.starts_with("//")
        || dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("data:"))
}

/// `other.md#x` → `other.html#x`; everything else unchanged.
fn rewrite_link(dest: &str) -> String {
    if !is_local(dest) {
        return dest.to_string();
    }
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    match (path.strip_suffix(".md"), frag) {
        (Some(stem), Some(f)) => format!("{stem}.html#{f}"),
        (Some(stem), None) => format!("{stem}.html"),
        _ => dest.to_string(),
    }
}

/// Renders a chapter body. `body` starts at byte `base` of the chapter file; every offset
/// reported is a chapter offset.
pub fn render(body: &str, base: usize) -> Rendered {
    let mut out = Rendered::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut events: Vec<Event> = Vec::new();
    // Where the print page shows something else (an exercise's card becomes its customer message
    // and model answer): (page HTML, print HTML), in order. The print version is the page's HTML
    // with these swapped, rather than a second rendering of the whole chapter.
    let mut print_swaps: Vec<(String, String)> = Vec::new();
    let mut section = Section::default();

    let mut heading: Option<(HeadingLevel, Vec<Event>, String)> = None;
    let mut code: Option<(String, Block)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let at = base + range.start;
        if let Some((lang, block)) = &mut code {
            match event {
                Event::Text(t) => block.push(&t, at),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, block) = (std::mem::take(lang), block.clone());
                    code = None;
                    let (page, print) = code_block(&lang, block, &mut out, &mut section);
                    if page != print {
                        print_swaps.push((page.clone(), print));
                    }
                    events.push(Event::Html(page.into()));
                }
                _ => {}
            }
            continue;
        }
        if let Some((level, inner, text)) = &mut heading {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    let level = *level;
                    let title = text.trim().to_string();
                    let base_id = slug(&title);
                    let n = ids.entry(base_id.clone()).or_insert(0);
                    let id = if *n == 0 {
                        base_id.clone()
                    } else {
                        format!("{base_id}-{n}")
                    };
                    *n += 1;
                    let mut inner_html = String::new();
                    pulldown_cmark::html::push_html(
                        &mut inner_html,
                        std::mem::take(inner).into_iter(),
                    );
                    let lvl = level as u8;
                    let html = format!(
                        "<h{lvl} id=\"{id}\"><a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>{inner_html}</h{lvl}>\n"
                    );
                    events.push(Event::Html(html.into()));
                    out.sections.push(std::mem::replace(
                        &mut section,
                        Section {
                            anchor: id.clone(),
                            title: title.clone(),
                            text: String::new(),
                        },
                    ));
                    out.headings.push(Heading {
                        level: lvl,
                        id,
                        title,
                    });
                    heading = None;
                }
                Event::Text(t) | Event::Code(t) => {
                    text.push_str(&t);
                    inner.push(Event::Text(t));
                }
                other => inner.push(other),
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, Vec::new(), String::new()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, Block::new(at..base + range.end)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                out.links.push(Reference {
                    dest: dest_url.to_string(),
                    offset: at,
                    len: range.len(),
                });
                let dest: CowStr = rewrite_link(&dest_url).into();
                let e = Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                });
                events.push(e);
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                out.images.push(Reference {
                    dest: dest_url.to_string(),
                    offset: at,
                    len: range.len(),
                });
                let e = Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                });
                events.push(e);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                section.text.push_str(t);
                section.text.push(' ');
                events.push(event);
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                // Raw HTML in chapters is the author's, trusted like the rest of the course.
                events.push(event);
            }
            other => {
                events.push(other);
            }
        }
    }
    if let Some((_, block)) = code {
        // An unclosed fence runs to the end of the file; pulldown-cmark still closes it.
        let _ = block;
    }
    out.sections.push(section);
    out.sections
        .retain(|s| !s.text.trim().is_empty() || !s.title.is_empty());
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.print_html = swapped(&out.html, &print_swaps);
    out
}

/// `html` with each (from, to) of `swaps` replaced, in order, each after the one before.
fn swapped(html: &str, swaps: &[(String, String)]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    for (from, to) in swaps {
        // Always found: `from` was written into `html` verbatim, in this order.
        if let Some(at) = rest.find(from.as_str()) {
            out.push_str(&rest[..at]);
            out.push_str(to);
            rest = &rest[at + from.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// A fenced block: an exercise card, or highlighted code. Returns (page HTML, print HTML).
fn code_block(
    lang: &str,
    block: Block,
    out: &mut Rendered,
    section: &mut Section,
) -> (String, String) {
    if lang.trim() == "exercise" {
        return match exercise::parse(&block) {
            Ok(ex) => {
                for e in ex.validate() {
                    out.problems.push(model_problem(&ex, &block, e));
                }
                section.text.push_str(ex.title());
                section.text.push(' ');
                if let Exercise::Reply(r) = &ex {
                    section.text.push_str(&r.customer.message);
                    section.text.push(' ');
                }
                let html = (exercise::card(&ex), exercise::print_card(&ex));
                out.exercises.push(ExerciseAt {
                    exercise: ex,
                    block,
                });
                html
            }
            Err(e) => {
                out.problems.push(Problem {
                    offset: e.offset,
                    message: e.message,
                    hint: e.hint,
                });
                let msg = "<div class=\"exercise broken\">This exercise could not be read.</div>\n"
                    .to_string();
                (msg.clone(), msg)
            }
        };
    }
    section.text.push_str(&block.text);
    let html = highlight::highlight(&block.text, lang);
    (html.clone(), html)
}

/// A problem `validate` found, placed on its line. A self-test naming an unknown criterion
/// points at the misspelt name itself, with the nearest criterion id as a suggestion.
fn model_problem(ex: &Exercise, block: &Block, e: exercises::model::ModelError) -> Problem {
    let unknown = e
        .message
        .split_once("unknown criterion `")
        .and_then(|(_, rest)| rest.split('`').next());
    if let (Some(name), Exercise::Reply(r), true) = (unknown, ex, e.field.starts_with("selftest["))
    {
        if let Some(offset) = block.find_in_field(&e.field, &format!("\"{name}\"")) {
            let ids: Vec<&str> = r.criteria.iter().map(|c| c.id.as_str()).collect();
            let known = format!(
                "`meets` and `misses` name criteria by their `id`; this exercise has: {}",
                ids.join(", ")
            );
            let hint = match crate::diagnostic::closest(name, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? {known}"),
                None => known,
            };
            return Problem {
                offset,
                message: e.message,
                hint,
            };
        }
    }
    Problem {
        offset: block.field_offset(&e.field),
        message: e.message,
        hint: e.hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_anchor_links() {
        let r = render("# Title\n\n## Why it matters\n\n## Why it matters\n", 0);
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["title", "why-it-matters", "why-it-matters-1"]);
        assert!(r
            .html
            .contains("<h2 id=\"why-it-matters\"><a class=\"anchor\" href=\"#why-it-matters\""));
    }

    #[test]
    fn md_links_become_pages_and_are_recorded() {
        let r = render(
            "See [HEARD](heard.md#steps) and [web](https://x.org/a.md).",
            10,
        );
        assert!(r.html.contains("href=\"heard.html#steps\""));
        assert!(r.html.contains("href=\"https://x.org/a.md\""));
        assert_eq!(r.links[0].dest, "heard.md#steps");
        assert_eq!(r.links[0].offset, 14);
    }

    #[test]
    fn gfm_extensions_render() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ and [^1]\n\n- [x] done\n\n[^1]: note\n",
            0,
        );
        for needle in ["<table>", "<del>old</del>", "type=\"checkbox\"", "footnote"] {
            assert!(r.html.contains(needle), "{needle} in {}", r.html);
        }
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = render("```rust\nfn main() {}\n```\n", 0);
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(!r.html.contains("style="));
    }

    #[test]
    fn bad_exercise_toml_points_at_its_line() {
        let src = "# T\n\n```exercise\nkind = \"reply\"\nid = \n```\n";
        let r = render(src, 0);
        assert_eq!(r.problems.len(), 1);
        let p = &r.problems[0];
        let line = src[..p.offset].matches('\n').count() + 1;
        assert_eq!(line, 5, "{}", p.message);
    }

    /// serde's tagged enum forgets positions; errors past the syntax must still find their line.
    #[test]
    fn exercise_errors_point_at_their_own_line_with_a_useful_hint() {
        let src = "```exercise\nkind = \"choice\"\nid = \"q\"\ntitle = \"T\"\n\n[[option]]\ntext = \"A\"\nwhy = \"B\"\nquestion = \"Q?\"\n```\n";
        let r = render(src, 0);
        let p = &r.problems[0];
        let line = src[..p.offset].matches('\n').count() + 1;
        assert_eq!(line, 9, "{}", p.message);
        assert!(
            p.message.contains("unknown field `question`"),
            "{}",
            p.message
        );
        assert!(p.hint.contains("move `question`"), "{}", p.hint);
    }

    #[test]
    fn an_exercise_renders_as_a_card_with_escaped_data() {
        let src = r#"```exercise
kind = "choice"
id = "q1"
title = "Pick </script><b>"
question = "Which?"

[[option]]
text = "A"
correct = true
why = "Because."

[[option]]
text = "B"
why = "No."
```
"#;
        let r = render(src, 0);
        assert!(r.problems.is_empty());
        assert_eq!(r.exercises.len(), 1);
        assert!(r.html.contains("data-exercise=\"q1\""));
        assert!(r.html.contains("Pick &lt;/script&gt;&lt;b&gt;"));
        assert!(!r.html.contains("</script><b>"));
    }

    #[test]
    fn the_print_version_swaps_each_card_for_its_printed_form_and_keeps_the_rest() {
        let choice = |id: &str| {
            format!(
                "```exercise\nkind = \"choice\"\nid = \"{id}\"\ntitle = \"T {id}\"\nquestion = \"Which {id}?\"\n\n[[option]]\ntext = \"A\"\ncorrect = true\nwhy = \"Yes.\"\n\n[[option]]\ntext = \"B\"\nwhy = \"No.\"\n```\n"
            )
        };
        let src = format!(
            "# T\n\nBefore[^n].\n\n{}\n```rust\nfn main() {{}}\n```\n\n{}\nAfter.\n\n[^n]: A note.\n",
            choice("one"),
            choice("two")
        );
        let r = render(&src, 0);
        assert!(
            r.problems.is_empty(),
            "{:?}",
            r.problems.first().map(|p| &p.message)
        );
        assert_eq!(r.html.matches("data-exercise=").count(), 2, "{}", r.html);
        assert_eq!(r.print_html.matches("data-exercise=").count(), 0);
        assert_eq!(r.print_html.matches("print-exercise").count(), 2);
        let (one, two) = (
            r.print_html.find("Which one?").expect("first"),
            r.print_html.find("Which two?").expect("second"),
        );
        assert!(one < two, "cards stay in order");
        // Everything around the cards is the page's HTML: code, footnotes, headings.
        let strip = |html: &str| -> String {
            html.split("<section class=\"exercise")
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        part
                    } else {
                        part.split_once("</section>").map_or("", |(_, after)| after)
                    }
                })
                .collect()
        };
        assert_eq!(strip(&r.html), strip(&r.print_html));
        assert!(r.print_html.contains("class=\"hl-"));
        assert!(r.print_html.contains("A note."));
    }
}
