//! Fenced code → HTML with CSS classes (no JS highlighter). Syntax definitions are loaded once
//! from syntect's binary dump.

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Prefix of every highlighting class, so the theme's own classes never collide with scopes.
pub const CLASS_PREFIX: &str = "hl-";

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` as `lang`; unknown languages are escaped as plain text.
pub fn highlight(code: &str, lang: &str) -> String {
    let set = syntaxes();
    let token = lang.split([',', ' ']).next().unwrap_or("").trim();
    let syntax = if token.is_empty() || matches!(token, "text" | "plain" | "txt") {
        None
    } else {
        set.find_syntax_by_token(token)
    };
    let lang_class = super::escape(token);
    let Some(syntax) = syntax else {
        return format!(
            "<pre class=\"code\"><code class=\"language-{lang_class}\">{}</code></pre>\n",
            super::escape(code)
        );
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed {
            prefix: CLASS_PREFIX,
        },
    );
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"><code>{}</code></pre>\n",
                super::escape(code)
            );
        }
    }
    format!(
        "<pre class=\"code highlighted\"><code class=\"language-{lang_class}\">{}</code></pre>\n",
        gen.finalize()
    )
}
