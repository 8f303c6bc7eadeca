//! Where a reply is signed: the agent's sign-off is not part of what the reply says, so the
//! closing is judged before it and no signal reads it.
//!
//! Line-based and forgiving: "^JS", "-Hilde", "...Oskar", "— Sam Lee" on their own line; a
//! tweet's inline "… Thank you. -Priya", "… /MT", "… ~ Tomas", "-Wren 3/3"; a forum "edit:" note
//! or "p.s." after the signature. Never cuts a bullet ("- Open the menu") or a path.

/// Signatures at the very end are not part of what the reply says: closings are judged on
/// what comes before them. Handled: signature lines ("^JS", "-Hilde", "...Oskar", "— Sam from
/// Support"), a forum "edit: ..." note after them, a tweet's inline sign-off after its last
/// sentence ("Thank you. -Priya", "write again any time /MT", "~ Tomas", "-Wren 3/3") and a trailing
/// thread counter ("2/2").
pub(crate) fn signature_start(src: &str) -> usize {
    let mut end = src.trim_end().len();
    loop {
        let body = &src[..end];
        let line_start = body.rfind('\n').map_or(0, |n| n + 1);
        let line = body[line_start..].trim();
        if line_start > 0 && (is_signature_line(line) || is_edit_note(line)) {
            end = src[..line_start].trim_end().len();
            continue;
        }
        let cut = inline_signature(&body[line_start..]);
        if cut == 0 {
            // The whole last line is an inline signature: a one-line signature.
            if line_start == 0 {
                return end;
            }
            end = src[..line_start].trim_end().len();
            continue;
        }
        return line_start + body[line_start..line_start + cut].trim_end().len();
    }
}

/// The end of the reply before a signature line that a postscript follows ("...Oskar" then
/// "p.s. in case that fails…").
pub(crate) fn postscript_signature(src: &str) -> Option<usize> {
    let mut offset = 0;
    let mut signature_at = None;
    for line in src.split('\n') {
        let trimmed = line.trim();
        if let Some(at) = signature_at {
            if trimmed.is_empty() {
                offset += line.len() + 1;
                continue;
            }
            let head: String = trimmed
                .chars()
                .take(6)
                .flat_map(char::to_lowercase)
                .collect();
            if head.starts_with("p.s") || head.starts_with("ps:") || head.starts_with("ps ") {
                return Some(src[..at].trim_end().len());
            }
            signature_at = None;
        }
        if !trimmed.is_empty() && offset > 0 && is_signature_line(trimmed) {
            signature_at = Some(offset);
        }
        offset += line.len() + 1;
    }
    None
}

/// "edit: fixed the link", "EDIT - typo": a forum note appended after the reply was signed.
fn is_edit_note(line: &str) -> bool {
    let head: String = line.chars().take(7).flat_map(char::to_lowercase).collect();
    head.starts_with("edit:") || head.starts_with("edit -") || head.starts_with("edited:")
}

/// Where an inline sign-off at the end of `line` starts (the trimmed line's length if there is
/// none): a marker and one or two names, attached ("-Priya", "^LK", "/MT") or not ("~ Tomas").
fn inline_signature(line: &str) -> usize {
    let trimmed = line.trim_end();
    let end = trailing_counter(trimmed).map_or(trimmed.len(), |at| trimmed[..at].trim_end().len());
    let head = &trimmed[..end];
    let words = word_starts(head);
    for n in 1..=2.min(words.len()) {
        let (at, first) = words[words.len() - n];
        let (marker, name) = split_marker(first);
        let (sig_at, marker, names) = match marker {
            Some(m) if !name.is_empty() => (at, m, &head[at + m.len_utf8()..]),
            Some(_) => continue,
            None if words.len() > n => {
                let (m_at, m) = words[words.len() - n - 1];
                match split_marker(m) {
                    (Some(c), "") => (m_at, c, &head[at..]),
                    _ => continue,
                }
            }
            None => continue,
        };
        let signs = match marker {
            // Initials only: "/MT", "*DL"; a path ("/Applications") is not a signature.
            '/' | '*' => {
                n == 1
                    && (2..=4).contains(&names.chars().count())
                    && names.chars().all(|c| c.is_ascii_uppercase())
            }
            // A dash joins words too ("Help - About Firefox"): after a sentence only.
            '-' | '–' | '—' => {
                names_only(names) && (n == 1 && sig_at == at || ends_sentence(&head[..sig_at]))
            }
            _ => names_only(names),
        };
        if signs {
            return sig_at;
        }
    }
    end
}

/// Byte offset of a trailing "3/3" or "(1/2)", if any.
fn trailing_counter(s: &str) -> Option<usize> {
    let last = s.rsplit(char::is_whitespace).next()?;
    let inner = last.trim_start_matches('(').trim_end_matches(')');
    let (a, b) = inner.split_once('/')?;
    let digits = |x: &str| !x.is_empty() && x.len() <= 2 && x.chars().all(|c| c.is_ascii_digit());
    (digits(a) && digits(b)).then(|| s.len() - last.len())
}

/// The whitespace-separated words of `s` with their byte offsets.
fn word_starts(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (true, Some(a)) => {
                out.push((a, &s[a..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn split_marker(word: &str) -> (Option<char>, &str) {
    match word.chars().next() {
        Some(c @ ('^' | '~' | '-' | '–' | '—' | '/' | '*')) => (Some(c), &word[c.len_utf8()..]),
        _ => (None, word),
    }
}

/// One or two names: "Priya", "NoraQuinn", "DL", "Sam Lee".
fn names_only(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=2).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().count() <= 20
                && w.chars().all(|c| c.is_alphabetic() || c == '.')
        })
}

/// Whether `s` ends a sentence (or an emoji / emoticon closes it).
fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | ')') || !c.is_ascii())
}

fn is_signature_line(line: &str) -> bool {
    let words = line.split_whitespace().count();
    if words == 0 {
        return true;
    }
    let first = line.chars().next().unwrap_or(' ');
    let rest = line.trim_start_matches(['^', '-', '–', '—', '~', '*', ' ']);
    if first == '^' {
        return words <= 3 && rest.chars().next().is_some_and(char::is_alphabetic);
    }
    if matches!(first, '-' | '–' | '—' | '~') {
        // "-Hilde" or "— Sam Lee", but not a bullet such as "- Open the menu".
        return names_only(rest);
    }
    if first == '.' || first == '…' {
        // "...Oskar", "....Oskar", "…Oskar" (an ellipsis is three bytes too).
        let rest = line.trim_start_matches(['.', '…']);
        return line.len() - rest.len() >= 3
            && words <= 3
            && rest
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_alphabetic);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::text::Text;

    #[test]
    fn signatures_are_cut_off() {
        for sig in ["^JS", "-Hilde", "...Oskar", "— Sam", "~ Ana"] {
            let src = format!("Try safe mode.\nCheers!\n\n{sig}");
            let t = Text::new(&src);
            assert_eq!(&src[..t.body_end], "Try safe mode.\nCheers!", "{sig}");
        }
        let t = Text::new("Try this.\n- Open the menu");
        assert_eq!(t.body_end, t.src.len(), "a one-line bullet is not cut");
    }

    #[test]
    fn inline_and_line_signatures_end_the_body() {
        for (src, body) in [
            (
                "Thanks for your patience. -Priya",
                "Thanks for your patience.",
            ),
            (
                "Write again whenever you like /TW",
                "Write again whenever you like",
            ),
            ("Happy to help! ^NoraQuinn", "Happy to help!"),
            (
                "Update us once the reboot is done. -Wren 3/3",
                "Update us once the reboot is done.",
            ),
            (
                "The guide covers each step. ~ Tomas",
                "The guide covers each step.",
            ),
            ("Hope this helps!\n\n....Oskar", "Hope this helps!"),
            ("Cheers!\n...Sam\n\nedit: fixed the link", "Cheers!"),
            ("Have a look (2/2)", "Have a look"),
        ] {
            let t = Text::new(src);
            assert_eq!(&src[..t.body_end], body, "{src}");
        }
        for src in [
            "Open Help - About Firefox",
            "Move it to /Applications",
            "Use the e-mail form",
            "We support Windows/Mac",
        ] {
            assert_eq!(Text::new(src).body_end, src.len(), "{src}");
        }
    }

    #[test]
    fn a_postscript_after_the_signature_stays_in_the_body() {
        let src = "Try this.\n\nCheers!\n\n...Oskar\np.s. what version do you use?";
        let t = Text::new(src);
        assert_eq!(t.body_end, src.len());
        assert_eq!(&src[..t.sign_off_end], "Try this.\n\nCheers!");
    }
}
