//! Problems found in a course, reported the way rustc does: severity, `file:line:column`, the
//! source line with a caret under the span, and a hint that says how to fix it.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is. Lines and columns count from 1; columns count characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// Characters to underline.
    #[serde(skip)]
    pub width: usize,
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Location {
    /// A whole file, no position inside it.
    pub fn file(path: &Path) -> Self {
        Location {
            file: path.to_path_buf(),
            line: 1,
            column: 1,
            width: 0,
            source_line: None,
        }
    }

    /// The position of byte `offset` of `src`, underlining the rest of the word there.
    pub fn in_source(path: &Path, src: &str, offset: usize) -> Self {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = src[..offset].rfind('\n').map_or(0, |n| n + 1);
        let line_end = src[offset..].find('\n').map_or(src.len(), |n| offset + n);
        let line = src[..offset].matches('\n').count() + 1;
        let column = src[line_start..offset].chars().count() + 1;
        let rest = &src[offset..line_end];
        let width = rest
            .find(|c: char| c.is_whitespace() || c == ',' || c == ']')
            .unwrap_or(rest.len())
            .max(1);
        Location {
            file: path.to_path_buf(),
            line,
            column,
            width: rest[..width.min(rest.len())].chars().count().max(1),
            source_line: Some(src[line_start..line_end].trim_end_matches('\r').to_string()),
        }
    }

    /// Byte range `start..end` of `src`, underlined (clipped to its first line).
    pub fn span(path: &Path, src: &str, start: usize, end: usize) -> Self {
        let mut loc = Location::in_source(path, src, start);
        if let Some(line) = &loc.source_line {
            let avail = line.chars().count() + 1 - loc.column;
            let len = src
                .get(start..end.max(start))
                .map_or(1, |s| s.chars().count());
            loc.width = len.clamp(1, avail.max(1));
        }
        loc
    }

    /// The first place `needle` occurs in `src`, or the file's start.
    pub fn find(path: &Path, src: &str, needle: &str) -> Self {
        match src.find(needle) {
            Some(at) => Location::span(path, src, at, at + needle.len()),
            None => Location::file(path),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
    pub hint: String,
}

impl Diagnostic {
    pub fn error(location: Location, message: String, hint: String) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message,
            hint,
        }
    }

    pub fn warning(location: Location, message: String, hint: String) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message,
            hint,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Paths are shown relative to the course root, as a contributor types them.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.location.file.strip_prefix(root) {
            self.location.file = rel.to_path_buf();
        }
        self
    }

    /// rustc-style text, without colour.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let loc = &self.location;
        let _ = writeln!(out, "{sev}: {}", self.message);
        let gutter = loc.line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(
            out,
            "{pad}--> {}:{}:{}",
            loc.file.display(),
            loc.line,
            loc.column
        );
        if let Some(src) = &loc.source_line {
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{} | {}", loc.line, src);
            let lead: String = src
                .chars()
                .take(loc.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} | {lead}{}", "^".repeat(loc.width.max(1)));
        }
        if !self.hint.is_empty() {
            let _ = writeln!(out, "{pad} = hint: {}", self.hint);
        }
        out
    }
}

/// The candidate nearest to `wanted` by edit distance, if it is near enough to be a typo
/// (`greting` → `greeting`, `secnd.md` → `second.md`): for "did you mean" hints.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_caret_and_hint() {
        let src = "a = 1\ncheck = \"greting\"\n";
        let at = src.find("\"greting\"").unwrap();
        let d = Diagnostic::error(
            Location::span(Path::new("content/x.md"), src, at, at + 9),
            "unknown check `greting`".into(),
            "use `greeting`".into(),
        );
        assert_eq!(
            d.render(),
            "error: unknown check `greting`\n --> content/x.md:2:9\n  |\n2 | check = \"greting\"\n  |         ^^^^^^^^^\n  = hint: use `greeting`\n"
        );
    }

    #[test]
    fn closest_finds_typos_and_ignores_strangers() {
        let names = ["greeting", "greets_by_name", "steps", "second.md"];
        assert_eq!(closest("greting", names), Some("greeting"));
        assert_eq!(closest("stpes", names), Some("steps"));
        assert_eq!(closest("secnd.md", names), Some("second.md"));
        assert_eq!(closest("apology", names), None);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let loc = Location::in_source(Path::new("f"), "é é x", 6);
        assert_eq!((loc.line, loc.column), (1, 5));
    }
}
