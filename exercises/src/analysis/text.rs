//! A reply cut into tokens, lines and sentences, with the parts a reader would skip marked.
//!
//! Every token keeps the byte range it came from, so that each signal can point at the learner's
//! own words. Tokens are built from `char_indices`, so every range sits on character boundaries
//! and slicing the source with it can never panic.

use std::ops::Range;

/// Replies longer than this are read only up to here: no learner writes more, and it bounds
/// the work and memory one grading call can take.
pub const MAX_REPLY_BYTES: usize = 200_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    /// `@handle`: a Twitter-style mention.
    Mention,
    Url,
    Punct(char),
}

#[derive(Debug, Clone)]
pub struct Token {
    pub range: Range<usize>,
    /// Lower-cased, curly apostrophes straightened, common apostrophe-less contractions restored.
    pub norm: String,
    pub kind: Kind,
    /// Quoted from someone else, or a URL: ignored by every signal.
    pub masked: bool,
    /// Index of the line the token is on.
    pub line: usize,
    /// Whether the token's first character is upper case.
    pub capital: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Number)
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

#[derive(Debug, Clone)]
pub struct Sentence {
    /// Token indices.
    pub tokens: Range<usize>,
    /// Ends with a question mark.
    pub asks: bool,
    /// First sentence of its line (a list item, a new paragraph).
    pub starts_line: bool,
}

#[derive(Debug)]
pub struct Text<'a> {
    pub src: &'a str,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Where a trailing signature starts (byte offset); everything after is not the reply's body.
    pub body_end: usize,
    pub truncated_at: Option<usize>,
}

impl<'a> Text<'a> {
    pub fn new(src: &'a str) -> Self {
        let (src, truncated_at) = truncate(src);
        let mut tokens = tokenize(src);
        mask_quotes(src, &mut tokens);
        let body_end = signature_start(src);
        let sentences = split_sentences(&tokens, body_end);
        Text {
            src,
            tokens,
            sentences,
            body_end,
            truncated_at,
        }
    }

    /// The unmasked word tokens of a sentence, as indices into `tokens`.
    pub fn words(&self, s: &Sentence) -> Vec<usize> {
        s.tokens
            .clone()
            .filter(|&i| self.tokens[i].is_word() && !self.tokens[i].masked)
            .collect()
    }

    /// Byte range covering tokens `a..=b`.
    pub fn span(&self, a: usize, b: usize) -> Range<usize> {
        self.tokens[a].range.start..self.tokens[b].range.end
    }

    /// Byte range of a whole sentence, trimmed to its tokens.
    pub fn sentence_span(&self, s: &Sentence) -> Range<usize> {
        if s.tokens.is_empty() {
            return 0..0;
        }
        self.span(s.tokens.start, s.tokens.end - 1)
    }

    /// Sentences that hold at least one unmasked word: the ones a reader would read.
    pub fn readable(&self) -> impl Iterator<Item = &Sentence> {
        self.sentences.iter().filter(|s| {
            s.tokens
                .clone()
                .any(|i| self.tokens[i].is_word() && !self.tokens[i].masked)
        })
    }
}

fn truncate(src: &str) -> (&str, Option<usize>) {
    if src.len() <= MAX_REPLY_BYTES {
        return (src, None);
    }
    let mut cut = MAX_REPLY_BYTES;
    while !src.is_char_boundary(cut) {
        cut -= 1;
    }
    (&src[..cut], Some(cut))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

fn tokenize(src: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(src.len() / 4);
    let mut chars = src.char_indices().peekable();
    let mut line = 0usize;
    while let Some(&(start, c)) = chars.peek() {
        if c == '\n' {
            line += 1;
            chars.next();
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            chars.next();
            continue;
        }
        let rest = &src[start..];
        if starts_url(rest) {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || matches!(ch, '"' | '<' | '>' | ')'))
                .map_or(src.len(), |n| start + n);
            // Sentence punctuation right after a URL belongs to the sentence, not the link.
            let end = start
                + src[start..end]
                    .trim_end_matches(['.', ',', '!', '?', ';', ':'])
                    .len()
                    .max(1);
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            tokens.push(Token {
                range: start..end,
                norm: String::new(),
                kind: Kind::Url,
                masked: true,
                line,
                capital: false,
            });
            continue;
        }
        if c == '@' || is_word_char(c) {
            let mention = c == '@';
            chars.next();
            let mut end = start + c.len_utf8();
            while let Some(&(i, ch)) = chars.peek() {
                if is_word_char(ch) {
                    end = i + ch.len_utf8();
                    chars.next();
                } else if is_apostrophe(ch) || ch == '-' || (ch == '.' && !mention) {
                    // Keep "don't", "re-enable" and "3.5" whole, but not a sentence's full stop.
                    let next = src[i + ch.len_utf8()..].chars().next();
                    let joins = match ch {
                        '.' => {
                            src[start..end].chars().all(|x| x.is_ascii_digit())
                                && next.is_some_and(|n| n.is_ascii_digit())
                        }
                        _ => next.is_some_and(is_word_char),
                    };
                    if !joins {
                        break;
                    }
                    end = i + ch.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let raw = &src[start..end];
            let kind = if mention {
                Kind::Mention
            } else if raw.chars().all(|x| x.is_ascii_digit() || x == '.') {
                Kind::Number
            } else {
                Kind::Word
            };
            tokens.push(Token {
                range: start..end,
                norm: normalize(raw),
                kind,
                masked: false,
                line,
                capital: raw.chars().next().is_some_and(char::is_uppercase),
            });
            continue;
        }
        chars.next();
        let c = match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' => '\'',
            '…' => '.',
            '？' => '?',
            '！' => '!',
            other => other,
        };
        tokens.push(Token {
            range: start..start + src[start..].chars().next().map_or(1, char::len_utf8),
            norm: String::new(),
            kind: Kind::Punct(c),
            masked: false,
            line,
            capital: false,
        });
    }
    mask_quoted_lines(src, &mut tokens);
    tokens
}

fn starts_url(s: &str) -> bool {
    let head: String = s.chars().take(8).collect::<String>().to_ascii_lowercase();
    head.starts_with("http://") || head.starts_with("https://") || head.starts_with("www.")
}

fn normalize(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    let restored = match s.as_str() {
        "dont" => "don't",
        "cant" => "can't",
        "wont" => "won't",
        "youll" => "you'll",
        "youre" => "you're",
        "youve" => "you've",
        "im" => "i'm",
        "ive" => "i've",
        "didnt" => "didn't",
        "doesnt" => "doesn't",
        "isnt" => "isn't",
        "arent" => "aren't",
        "wasnt" => "wasn't",
        "couldnt" => "couldn't",
        "wouldnt" => "wouldn't",
        "shouldnt" => "shouldn't",
        "thats" => "that's",
        "whats" => "what's",
        "theyre" => "they're",
        "weve" => "we've",
        "ill" => "i'll",
        _ => "",
    };
    if !restored.is_empty() {
        s = restored.to_string();
    }
    s
}

/// Lines that start with `>` quote an earlier message.
fn mask_quoted_lines(src: &str, tokens: &mut [Token]) {
    let mut quoted_lines = Vec::new();
    for (n, line) in src.split('\n').enumerate() {
        if line.trim_start().starts_with('>') {
            quoted_lines.push(n);
        }
    }
    if quoted_lines.is_empty() {
        return;
    }
    for t in tokens.iter_mut() {
        if quoted_lines.binary_search(&t.line).is_ok() {
            t.masked = true;
        }
    }
}

/// Text between double quotes that runs to four words or more is someone else's words; a short
/// quoted menu name ("Clear Data") stays part of the reply.
fn mask_quotes(_src: &str, tokens: &mut [Token]) {
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].is_punct('"') {
            match open {
                None => open = Some(i),
                Some(o) => {
                    let words = tokens[o..i].iter().filter(|t| t.is_word()).count();
                    if words >= 4 {
                        for t in &mut tokens[o..=i] {
                            t.masked = true;
                        }
                    }
                    open = None;
                }
            }
        } else if open.is_some_and(|o| tokens[i].line > tokens[o].line + 3) {
            // An unbalanced quote: stop looking for its end rather than mask half the reply.
            open = None;
        }
        i += 1;
    }
}

/// Signature lines at the very end ("^JS", "-Becky", "...Roland", "— Sam from Support") are not
/// part of what the reply says: closings are judged on what comes before them.
fn signature_start(src: &str) -> usize {
    let mut end = src.trim_end().len();
    loop {
        let body = &src[..end];
        let line_start = body.rfind('\n').map_or(0, |n| n + 1);
        let line = body[line_start..].trim();
        if line_start == 0 || !is_signature_line(line) {
            return end;
        }
        end = src[..line_start].trim_end().len();
    }
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
        // "-Becky" or "— Sam Lee", but not a bullet such as "- Open the menu".
        let names: Vec<&str> = rest.split_whitespace().collect();
        return (1..=2).contains(&names.len())
            && names.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || c == '.')
            });
    }
    if let Some(rest) = line.strip_prefix("...").or_else(|| line.strip_prefix('…')) {
        return words <= 3
            && rest
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_alphabetic);
    }
    false
}

fn split_sentences(tokens: &[Token], body_end: usize) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut last_line = usize::MAX;
    let mut starts_line = true;
    let mut i = 0;
    while i < tokens.len() && tokens[i].range.start < body_end {
        let t = &tokens[i];
        if t.line != last_line && i > start {
            out.push(Sentence {
                tokens: start..i,
                asks: false,
                starts_line,
            });
            start = i;
        }
        if t.line != last_line {
            starts_line = true;
            last_line = t.line;
        }
        // "1." or "2)" opening a line numbers a list item; it ends nothing.
        let list_number =
            i == start || (i > 0 && tokens[i - 1].kind == Kind::Number && i - 1 == start);
        let ends = matches!(t.kind, Kind::Punct('.' | '!' | '?'))
            && !(list_number && t.is_punct('.') && i > start);
        if ends {
            // Take the whole run of closing punctuation ("?!", "...").
            let mut j = i + 1;
            while j < tokens.len()
                && tokens[j].range.start < body_end
                && matches!(tokens[j].kind, Kind::Punct('.' | '!' | '?' | '"' | ')'))
                && tokens[j].line == t.line
            {
                j += 1;
            }
            let asks = tokens[i..j].iter().any(|x| x.is_punct('?'));
            out.push(Sentence {
                tokens: start..j,
                asks,
                starts_line,
            });
            starts_line = false;
            start = j;
            i = j;
            continue;
        }
        i += 1;
    }
    if start < i {
        out.push(Sentence {
            tokens: start..i,
            asks: false,
            starts_line,
        });
    }
    out
}

/// Damerau-Levenshtein distance (adjacent transpositions count once), stopping early once it
/// exceeds `limit`. Inputs are single words, so the quadratic table is tiny.
pub fn within_edits(a: &str, b: &str, limit: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    if a.len() > 40 || b.len() > 40 {
        return a == b;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (i, row) in d.chunks_mut(w).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let mut row_min = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return false;
        }
    }
    d[a.len() * w + b.len()] <= limit
}

/// How many typos a cue word of this length forgives: none for short words, where one edit
/// turns "hi" into "he"; one for most; two for long words.
pub fn typo_allowance(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(t: &Text) -> Vec<String> {
        t.tokens
            .iter()
            .filter(|t| t.is_word())
            .map(|t| t.norm.clone())
            .collect()
    }

    #[test]
    fn contractions_and_curly_apostrophes_are_one_word() {
        let t = Text::new("I don’t know, dont worry. Re-enable 3.5 now.");
        assert_eq!(
            norms(&t),
            [
                "i",
                "don't",
                "know",
                "don't",
                "worry",
                "re-enable",
                "3.5",
                "now"
            ]
        );
        assert_eq!(t.sentences.len(), 2);
    }

    #[test]
    fn urls_and_quotes_are_masked() {
        let t = Text::new(
            "You wrote: \"it crashes every single time I open it\". See https://example.org/a?b=1.",
        );
        let visible: Vec<_> = t
            .tokens
            .iter()
            .filter(|t| t.is_word() && !t.masked)
            .map(|t| t.norm.as_str())
            .collect();
        assert_eq!(visible, ["you", "wrote", "see"]);
        let url = t.tokens.iter().find(|t| t.kind == Kind::Url).unwrap();
        assert_eq!(&t.src[url.range.clone()], "https://example.org/a?b=1");
    }

    #[test]
    fn quoted_lines_are_masked() {
        let t = Text::new("> I hate this app\nSorry to hear it.");
        let visible = t.tokens.iter().filter(|t| t.is_word() && !t.masked).count();
        assert_eq!(visible, 4);
    }

    #[test]
    fn signatures_are_cut_off() {
        for sig in ["^JS", "-Becky", "...Roland", "— Sam", "~ Ana"] {
            let src = format!("Try safe mode.\nCheers!\n\n{sig}");
            let t = Text::new(&src);
            assert_eq!(&src[..t.body_end], "Try safe mode.\nCheers!", "{sig}");
        }
        let t = Text::new("Try this.\n- Open the menu");
        assert_eq!(t.body_end, t.src.len(), "a one-line bullet is not cut");
    }

    #[test]
    fn sentences_split_on_lines_and_marks() {
        let t = Text::new("Hi Ana\nWhat version? Try again!!\n1. Open it");
        let asks: Vec<bool> = t.sentences.iter().map(|s| s.asks).collect();
        assert_eq!(asks, [false, true, false, false]);
        assert!(t.sentences[3].starts_line);
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert!(within_edits("thnaks", "thanks", 1));
        assert!(within_edits("apologise", "apologize", 1));
        assert!(within_edits("recieve", "receive", 1));
        assert!(!within_edits("hello", "yellow", 1));
        assert!(!within_edits("cat", "dog", 2));
    }

    #[test]
    fn huge_input_is_truncated_on_a_char_boundary() {
        let s = "é".repeat(MAX_REPLY_BYTES);
        let t = Text::new(&s);
        assert!(t.truncated_at.is_some());
        assert!(t.src.len() <= MAX_REPLY_BYTES);
    }
}
