//! A reply cut into tokens, lines and sentences, with the parts a reader would skip marked.
//!
//! Every token keeps the byte range it came from, so that each signal can point at the learner's
//! own words. Tokens are built from `char_indices`, so every range sits on character boundaries
//! and slicing the source with it can never panic.

use super::signature;
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
    /// [`word_hash`] of `norm`: patterns compare this first.
    pub hash: u64,
    pub kind: Kind,
    /// Quoted from someone else, or a URL: ignored by every signal.
    pub masked: bool,
    /// Inside a `QUOTE` … `END QUOTE` block: another helper's answer quoted as the answer. Masked
    /// like any quote, but its instructions are still instructions to the customer.
    pub quoted_answer: bool,
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
    /// Where the reply was signed off: `body_end`, or earlier when a postscript follows the
    /// signature ("…Oskar\np.s. what version…"). The postscript still counts for the other
    /// signals; the closing is looked for before it.
    pub sign_off_end: usize,
    pub truncated_at: Option<usize>,
}

impl<'a> Text<'a> {
    pub fn new(src: &'a str) -> Self {
        let (src, truncated_at) = truncate(src);
        let mut tokens = tokenize(src);
        mask_quotes(src, &mut tokens);
        let body_end = signature::signature_start(src);
        let sign_off_end = signature::postscript_signature(src)
            .unwrap_or(body_end)
            .min(body_end);
        let sentences = split_sentences(&tokens, body_end);
        Text {
            src,
            tokens,
            sentences,
            body_end,
            sign_off_end,
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

    /// Like [`Text::words`], but reading a quoted answer (`QUOTE` … `END QUOTE`) too.
    pub fn words_with_quoted_answers(&self, s: &Sentence) -> Vec<usize> {
        s.tokens
            .clone()
            .filter(|&i| {
                let t = &self.tokens[i];
                t.is_word() && (!t.masked || t.quoted_answer)
            })
            .collect()
    }

    /// The readable sentences that end before the sign-off: a closing is looked for there.
    pub fn before_sign_off(&self) -> impl Iterator<Item = &Sentence> {
        self.readable().filter(|s| {
            self.tokens
                .get(s.tokens.start)
                .is_some_and(|t| t.range.start < self.sign_off_end)
        })
    }

    /// Where the last clause of a sentence starts, as a position in `words`: the last word with
    /// one of `breaks` between it and the word before (0 when there is none).
    pub fn last_clause_start(&self, words: &[usize], breaks: &[char]) -> usize {
        (1..words.len())
            .rev()
            .find(|&k| {
                self.tokens[words[k - 1]..words[k]]
                    .iter()
                    .any(|t| matches!(t.kind, Kind::Punct(c) if breaks.contains(&c)))
            })
            .unwrap_or(0)
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
                hash: 0,
                kind: Kind::Url,
                masked: true,
                quoted_answer: false,
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
                } else if is_apostrophe(ch) || ch == '-' || ch == '.' {
                    // Keep "don't", "re-enable" and "3.5" whole, but not a sentence's full stop.
                    let next = src[i + ch.len_utf8()..].chars().next();
                    let joins = match ch {
                        // "@cleo.designs": a handle keeps an inner dot, not a final one.
                        '.' if mention => next.is_some_and(|n| n.is_alphanumeric() || n == '_'),
                        '.' => {
                            (src[start..end].chars().all(|x| x.is_ascii_digit())
                                && next.is_some_and(|n| n.is_ascii_digit()))
                                || dotted_name(&src[i + 1..])
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
            let norm = normalize(raw);
            let kind = if mention {
                Kind::Mention
            } else if raw.chars().all(|x| x.is_ascii_digit() || x == '.') {
                Kind::Number
            } else {
                Kind::Word
            };
            tokens.push(Token {
                range: start..end,
                hash: word_hash(&norm),
                norm,
                kind,
                masked: false,
                quoted_answer: false,
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
            hash: 0,
            kind: Kind::Punct(c),
            masked: false,
            quoted_answer: false,
            line,
            capital: false,
        });
    }
    mask_quoted_lines(src, &mut tokens);
    tokens
}

/// After a dot inside a word: whether the dot belongs to a name rather than ending a sentence
/// ("stackoverflow.com", "about:config's prefs.js", "e.g.").
fn dotted_name(after: &str) -> bool {
    let run: &str = after
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    if run.is_empty() || !run.starts_with(|c: char| c.is_ascii_lowercase()) {
        return false;
    }
    let next = after[run.len()..].chars().next();
    matches!(next, Some('.' | '/'))
        || matches!(
            run,
            "com"
                | "org"
                | "net"
                | "edu"
                | "gov"
                | "io"
                | "co"
                | "uk"
                | "de"
                | "fr"
                | "ca"
                | "au"
                | "tv"
                | "me"
                | "ly"
                | "gl"
                | "us"
                | "info"
                | "biz"
                | "app"
                | "dev"
                | "html"
                | "htm"
                | "php"
                | "exe"
                | "js"
                | "json"
                | "pdf"
                | "txt"
                | "zip"
                | "dmg"
                | "xml"
                | "ini"
                | "cfg"
                | "log"
                | "sqlite"
                | "dll"
                | "css"
                | "png"
                | "jpg"
                | "gif"
                | "mp4"
                | "mp3"
                | "csv"
                | "xpi"
                | "apk"
        )
}

fn starts_url(s: &str) -> bool {
    let head = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    head("http://") || head("https://") || head("www.")
}

/// FNV-1a of a word: cheap, and the same for a token and a pattern word.
pub fn word_hash(w: &str) -> u64 {
    w.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn normalize(raw: &str) -> String {
    let mut s: String = if raw.is_ascii() {
        raw.to_ascii_lowercase()
    } else {
        raw.chars()
            .map(|c| if is_apostrophe(c) { '\'' } else { c })
            .flat_map(char::to_lowercase)
            .collect()
    };
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

/// Lines that start with `>` quote an earlier message, and so do the lines of a block between
/// `QUOTE` and `END QUOTE` (or `[quote]` and `[/quote]`) lines, as forum answers mark them.
fn mask_quoted_lines(src: &str, tokens: &mut [Token]) {
    const QUOTED: u8 = 1;
    const ANSWER: u8 = 2;
    // One state per line: no sorting, no search, however many lines are quoted.
    let mut state: Vec<u8> = Vec::new();
    // The opening marker's line, while a block is open.
    let mut open: Option<usize> = None;
    for (n, line) in src.split('\n').enumerate() {
        let trimmed = line.trim().trim_end_matches(':');
        // Markers are short: do not lower-case every line of a long reply.
        let marker = if trimmed.len() <= 16 {
            trimmed.to_ascii_lowercase()
        } else {
            String::new()
        };
        let reply_quote = line.trim_start().starts_with('>');
        state.push(if reply_quote { QUOTED } else { 0 });
        match (open, marker.as_str()) {
            (None, "quote" | "[quote]" | "begin quote" | "start quote") => open = Some(n),
            (Some(o), "end quote" | "endquote" | "unquote" | "[/quote]" | "end of quote") => {
                for s in &mut state[o + 1..n] {
                    *s |= QUOTED | ANSWER;
                }
                state[o] |= QUOTED;
                state[n] |= QUOTED;
                open = None;
            }
            _ => {}
        }
    }
    for t in tokens.iter_mut() {
        let s = state.get(t.line).copied().unwrap_or(0);
        if s & QUOTED != 0 {
            t.masked = true;
            t.quoted_answer = s & ANSWER != 0;
        }
    }
}

/// Text between double quotes that runs to four words or more is someone else's words; a short
/// quoted menu name ("Clear Data") stays part of the reply, unless a verb of saying introduces
/// it (`you wrote: "sorry, no refunds"`).
fn mask_quotes(_src: &str, tokens: &mut [Token]) {
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].is_punct('"') {
            match open {
                None => open = Some(i),
                Some(o) => {
                    let words = tokens[o..i].iter().filter(|t| t.is_word()).count();
                    if words >= 4 || (words > 0 && introduced_as_speech(&tokens[..o])) {
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

/// Whether the tokens before a quote end with a verb of saying ("you wrote:", "he said,").
fn introduced_as_speech(before: &[Token]) -> bool {
    let mut rest = before
        .iter()
        .rev()
        .skip_while(|t| matches!(t.kind, Kind::Punct(':' | ',')));
    rest.next().is_some_and(|t| {
        t.is_word()
            && matches!(
                t.norm.as_str(),
                "wrote"
                    | "write"
                    | "writes"
                    | "said"
                    | "say"
                    | "says"
                    | "asked"
                    | "ask"
                    | "asks"
                    | "posted"
                    | "mentioned"
                    | "mention"
                    | "mentions"
                    | "stated"
                    | "states"
                    | "reported"
                    | "quote"
                    | "quoted"
                    | "replied"
                    | "typed"
                    | "reads"
                    | "read"
                    | "saying"
                    | "asking"
            )
    })
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
        // A tweet runs on after a link: "…here: https://… Hope this helps". A capitalised word
        // after a URL starts a new sentence.
        if t.kind == Kind::Url
            && tokens.get(i + 1).is_some_and(|n| {
                n.kind == Kind::Word && n.capital && n.line == t.line && n.range.start < body_end
            })
        {
            out.push(Sentence {
                tokens: start..i + 1,
                asks: false,
                starts_line,
            });
            starts_line = false;
            start = i + 1;
            i += 1;
            continue;
        }
        // "1." or "2)" opening a line numbers a list item; it ends nothing.
        let list_number =
            i == start || (i > 0 && tokens[i - 1].kind == Kind::Number && i - 1 == start);
        // A dot inside a name ("parent.lock", "sidebar.revamp") ends nothing.
        let inside_name = t.is_punct('.')
            && i > 0
            && tokens[i - 1].kind == Kind::Word
            && tokens[i - 1].range.end == t.range.start
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.range.start == t.range.end && n.kind == Kind::Word);
        let ends = matches!(t.kind, Kind::Punct('.' | '!' | '?'))
            && !inside_name
            && !(list_number && t.is_punct('.') && i > start)
            && !(t.is_punct('.') && i > 0 && abbreviation(&tokens[i - 1], tokens.get(i + 1)));
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
            // A question mark inside a quote is the quoted person's question, not ours.
            let asks = tokens[i..j].iter().any(|x| x.is_punct('?') && !x.masked);
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

/// "e.g.", "i.e." never end a sentence; "etc." and "vs." do only before a capital.
fn abbreviation(word: &Token, next: Option<&Token>) -> bool {
    match word.norm.as_str() {
        "e.g" | "i.e" | "eg" | "ie" => true,
        "etc" | "vs" | "approx" | "incl" | "esp" | "cf" => next.is_some_and(|n| !n.capital),
        _ => false,
    }
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
    fn short_quotes_introduced_as_speech_are_masked_and_their_questions_are_not_ours() {
        for (src, visible_words, asks) in [
            ("You wrote: \"sorry, no refunds\" - that's wrong.", 4, false),
            (
                "You asked \u{201c}Why is it German?\u{201d} Good question.",
                4,
                false,
            ),
            ("You wrote: \"Can I stop this?\" Yes.", 3, false),
            ("Click \"Clear Data\" in the menu.", 6, false),
            ("Did you click \"Clear Data\"?", 5, true),
        ] {
            let t = Text::new(src);
            let visible = t.tokens.iter().filter(|t| t.is_word() && !t.masked).count();
            assert_eq!(visible, visible_words, "{src}");
            assert_eq!(t.sentences.iter().any(|s| s.asks), asks, "{src}");
        }
    }

    #[test]
    fn a_dot_inside_a_file_or_setting_name_ends_no_sentence() {
        let t = Text::new(
            "Firefox keeps a parent.lock file while it runs. Set sidebar.revamp to false.",
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

    #[test]
    fn a_url_followed_by_a_capital_ends_the_sentence() {
        let t = Text::new("More here: https://example.org/a Hope the page explains it");
        assert_eq!(t.sentences.len(), 2);
        let second = t.words(&t.sentences[1]);
        assert_eq!(t.tokens[second[0]].norm, "hope");
    }

    #[test]
    fn quote_blocks_are_masked_but_remembered_as_answers() {
        let t = Text::new("See below:\nQUOTE\nOpen the menu and pick Options.\nEND QUOTE\nBye");
        let quoted: Vec<&str> = t
            .tokens
            .iter()
            .filter(|t| t.masked && t.quoted_answer && t.is_word())
            .map(|t| t.norm.as_str())
            .collect();
        assert_eq!(quoted[..2], ["open", "the"]);
        let open = Text::new("QUOTE\nno end marker, so nothing is hidden");
        assert!(open.tokens.iter().all(|t| !t.masked));
    }

    #[test]
    fn dotted_names_and_abbreviations_do_not_end_sentences() {
        let t = Text::new("Ask on stackoverflow.com about it, e.g. with a tag. Then wait.");
        assert_eq!(t.sentences.len(), 2);
        assert!(norms(&t).contains(&"stackoverflow.com".to_string()));
        assert!(norms(&t).contains(&"e.g".to_string()));
    }
}
