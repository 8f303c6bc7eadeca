//! Pages through Tera templates: the built-in theme, with any template the course overrides.

use std::path::Path;
use tera::Tera;

use crate::assets;
use crate::diagnostic::{Diagnostic, Location};

pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Built-in templates, replaced by same-named files from `theme_dir/templates` if present.
    /// Every broken template is reported, not only the first.
    pub fn load(theme_dir: &Path) -> Result<Self, Vec<Diagnostic>> {
        let mut sources: Vec<(String, String, Option<std::path::PathBuf>)> = assets::TEMPLATES
            .iter()
            .map(|(n, s)| ((*n).to_string(), (*s).to_string(), None))
            .collect();
        let mut problems = Vec::new();
        for (name, src, origin) in &mut sources {
            let path = theme_dir.join("templates").join(&*name);
            match std::fs::read_to_string(&path) {
                Ok(s) => {
                    *src = s;
                    *origin = Some(path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => problems.push(Diagnostic::error(
                    Location::file(&path),
                    format!("cannot read template: {e}"),
                    "check the file is readable and UTF-8".into(),
                )),
            }
        }
        // Parse each template alone first, so each syntax error is pinned to its own file.
        for (name, src, origin) in &sources {
            if let Err(e) = tera::Template::new(name, None, src) {
                let path = origin
                    .clone()
                    .unwrap_or_else(|| Path::new("<built-in theme>").join(name));
                problems.push(template_error(&path, src, &e));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::default();
        tera.add_raw_templates(sources.iter().map(|(n, s, _)| (n.as_str(), s.as_str())))
            .map_err(|e| {
                vec![Diagnostic::error(
                    Location::file(&theme_dir.join("templates")),
                    format!("templates do not fit together: {}", chain(&e)),
                    "check `{% extends %}` and `{% include %}` names".into(),
                )]
            })?;
        tera.autoescape_on(vec![".html"]);
        Ok(Templates { tera })
    }

    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, String> {
        self.tera.render(name, ctx).map_err(|e| chain(&e))
    }
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// Tera's parse errors carry ` --> line:column` in their message: point there.
fn template_error(path: &Path, src: &str, e: &tera::Error) -> Diagnostic {
    let text = chain(e);
    let pos = text.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((
            it.next()?.parse::<usize>().ok()?,
            it.next()?.parse::<usize>().ok()?,
        ))
    });
    let location = match pos {
        Some((line, col)) => {
            let offset: usize = src
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum::<usize>()
                + src
                    .split_inclusive('\n')
                    .nth(line.saturating_sub(1))
                    .map_or(0, |l| {
                        l.char_indices()
                            .nth(col.saturating_sub(1))
                            .map_or(0, |(i, _)| i)
                    });
            Location::in_source(path, src, offset)
        }
        None => Location::file(path),
    };
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| l.contains("expected") || l.starts_with("= "))
        .unwrap_or("syntax error")
        .trim_start_matches("= ")
        .to_string();
    let hint = unclosed_block(&text, src, location.line)
        .or_else(|| {
            if first.contains("variable end (`}}`)") {
                Some("an expression opened with `{{` must close with `}}`".to_string())
            } else if first.contains("tag end (`%}`)") {
                Some("a tag opened with `{%` must close with `%}`".to_string())
            } else {
                None
            }
        })
        .unwrap_or_else(|| "Tera syntax: `{{ value }}`, `{% if %}…{% endif %}`, `{% for x in xs %}…{% endfor %}`; check every tag is closed".into());
    let hint = match path.file_name() {
        Some(name) if !path.starts_with("<built-in theme>") => format!(
            "{hint}. This file overrides the built-in `{}`; delete it to use the built-in one",
            name.to_string_lossy()
        ),
        _ => hint,
    };
    Diagnostic::error(location, format!("template does not parse: {first}"), hint)
}

/// When Tera wanted an `{% endif %}` (or `endfor`, …), the tag it closes, found by scanning back
/// from the error: the error itself points where the closing tag was missed, not at the opener.
fn unclosed_block(error: &str, src: &str, error_line: usize) -> Option<String> {
    let tag = ["if", "for", "block", "macro", "filter", "raw"]
        .into_iter()
        .find(|t| error.contains(&format!("{{% end{t} %}}")))?;
    let opens = |l: &str| -> bool {
        let inner = l.trim_start().strip_prefix("{%").unwrap_or("");
        inner
            .trim_start_matches('-')
            .trim_start()
            .strip_prefix(tag)
            .is_some_and(|rest| rest.starts_with(char::is_whitespace) || rest.starts_with("%}"))
    };
    let line = src
        .lines()
        .take(error_line.saturating_sub(1))
        .enumerate()
        .filter(|(_, l)| opens(l))
        .map(|(n, _)| n + 1)
        .last()?;
    Some(format!(
        "the `{{% {tag} %}}` on line {line} is never closed: add `{{% end{tag} %}}` where it should end"
    ))
}
