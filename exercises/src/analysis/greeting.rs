//! Greeting: a salutation that opens the reply, and whether it names the customer.
//!
//! Position matters: "hi" in the middle of a reply is not a greeting. Leading `@mentions` (as on
//! Twitter) are skipped. "Hi there" and "Hi @customer" greet, but by no name.

use super::pattern::Patterns;
use super::text::{typo_allowance, within_edits, Kind, Text};
use super::{Context, Signal, Sink};
use std::sync::OnceLock;

fn salutations() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "hi|hii|hiya|hey|heya|heyy|hallo|~hello|howdy|greetings|dear|yo|aloha|g'day|gday",
            "good morning|afternoon|evening|day",
            "morning|evening",
            "hi|hello|hey [there] and welcome",
            "welcome",
        ])
    })
}

/// Words that follow a salutation without being anybody's name.
const NOT_NAMES: &[&str] = &[
    "there",
    "all",
    "everyone",
    "everybody",
    "folks",
    "guys",
    "friend",
    "friends",
    "team",
    "again",
    "and",
    "thanks",
    "thank",
    "sorry",
    "we",
    "i",
    "you",
    "to",
    "the",
    "from",
    "it",
    "this",
    "so",
    "how",
    "what",
    "is",
    "are",
    "sir",
    "madam",
    "customer",
    "user",
    "mate",
    "buddy",
    "back",
    "in",
    "welcome",
    "on",
    "for",
    "with",
    "at",
    "just",
    "please",
    "yes",
    "no",
    "ok",
    "okay",
    "oh",
    "well",
    "hope",
    "happy",
    "good",
    "great",
    "firefox",
    "thunderbird",
    "support",
    "community",
    "forum",
    "morning",
    "afternoon",
    "evening",
    "hey",
    "hi",
    "hello",
    "valued",
    "dear",
    "users",
    "member",
    "members",
    "ma'am",
    "maam",
    "pal",
    "fam",
    "y'all",
    "yall",
    "people",
];

pub(crate) fn detect(text: &Text, ctx: Context<'_>, sink: &mut Sink) {
    let Some(first) = text.readable().next() else {
        return;
    };
    // Skip leading @mentions and punctuation: "@customer Hi Sam," greets Sam.
    let idx: Vec<usize> = first
        .tokens
        .clone()
        .filter(|&i| !text.tokens[i].masked)
        .collect();
    // A thread counter opens some tweets: "(1/2) Hello, Ines!"
    let counter = match idx
        .iter()
        .map(|&i| &text.tokens[i].kind)
        .collect::<Vec<_>>()[..]
    {
        [Kind::Punct('('), Kind::Number, Kind::Punct('/'), Kind::Number, ..] => 4,
        [Kind::Number, Kind::Punct('/'), Kind::Number, ..] => 3,
        _ => 0,
    };
    let lead = idx
        .iter()
        .skip(counter)
        .position(|&i| text.tokens[i].is_word())
        .map_or(idx.len(), |p| p + counter);
    if idx[counter..lead]
        .iter()
        .any(|&i| !matches!(text.tokens[i].kind, Kind::Mention | Kind::Punct(_)))
    {
        return;
    }
    let words: Vec<usize> = idx[lead..]
        .iter()
        .copied()
        .filter(|&i| text.tokens[i].is_word())
        .collect();
    let Some(end) = salutations().match_prefix(text, &words, 0) else {
        return;
    };
    // "Good day to you" is a greeting; "Welcome to Firefox" opening a how-to is not.
    if text.tokens[words[0]].norm == "welcome" && words.len() > 1 {
        let next = &text.tokens[words[1]].norm;
        if next != "back" && next != "to" {
            return;
        }
    }
    let greet_range = text.span(words[0], words[end - 1]);
    sink.push(Signal::Greeting, greet_range.clone());

    if let Some(name_range) = name_after(text, &idx[lead..], words[end - 1], ctx) {
        sink.push(Signal::GreetsByName, greet_range.start..name_range.end);
    }
}

/// The customer's name right after the salutation, if there is one.
fn name_after(
    text: &Text,
    idx: &[usize],
    last_greet: usize,
    ctx: Context<'_>,
) -> Option<std::ops::Range<usize>> {
    let pos = idx.iter().position(|&i| i == last_greet)?;
    let mut rest = idx[pos + 1..]
        .iter()
        .copied()
        .skip_while(|&i| matches!(text.tokens[i].kind, Kind::Punct(',' | '-' | '"' | '\'')));
    let first = rest.next()?;
    let tok = &text.tokens[first];
    if tok.line != text.tokens[last_greet].line {
        return None;
    }
    if let Some(name) = ctx.customer_name {
        if is_customer_name(name, &tok.norm) {
            return Some(tok.range.clone());
        }
    }
    if tok.kind != Kind::Word || NOT_NAMES.contains(&tok.norm.as_str()) {
        return None;
    }
    let follower = rest.next().map(|i| &text.tokens[i]);
    let ends_phrase = match follower {
        None => true,
        Some(f) => {
            matches!(
                f.kind,
                Kind::Punct(',' | '!' | ':' | '.' | ';' | '-' | '"' | '\'')
            ) || f.line != tok.line
                // "hey sarah thanks for…": the courtesy that follows closes the name.
                || matches!(
                    f.norm.as_str(),
                    "thanks" | "thank" | "thx" | "thnx" | "ty" | "sorry" | "and" | "welcome"
                )
        }
    };
    let username_like = tok.norm.chars().any(|c| c.is_ascii_digit() || c == '_');
    // A capitalised word ("Hi Sarah thanks…"), a username ("hi just_a_user"), or any word that
    // stands alone before the comma ("hey frank,") reads as a name.
    (tok.capital || username_like || ends_phrase).then(|| tok.range.clone())
}

fn is_customer_name(name: &str, norm: &str) -> bool {
    name.split(|c: char| c.is_whitespace() || c == '@')
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .any(|p| p == norm || (p.len() > 3 && within_edits(&p, norm, typo_allowance(&p).min(1))))
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{has, spans, spans_with};
    use super::super::{Context, Signal};

    #[test]
    fn greetings_open_the_reply() {
        for (reply, greets) in [
            ("Hi Sarah, thanks for writing.", true),
            ("@customer Hey there! Let's fix it.", true),
            ("Good morning, and sorry for the wait.", true),
            ("Helo Tom,", true),
            ("@priyaaa_s G'day Priya, sorry the size was off.", true),
            ("@cleo.designs Hi Cleo! The Pro plan includes it.", true),
            ("Thanks for reaching out.", false),
            ("Try this first. Hi again later.", false),
            ("This is highly unusual.", false),
        ] {
            assert_eq!(has(reply, Signal::Greeting), greets, "{reply}");
        }
    }

    #[test]
    fn names_count_but_not_handles_or_there() {
        assert_eq!(
            spans("Hi Sarah, thanks", Signal::GreetsByName),
            ["Hi Sarah"]
        );
        assert_eq!(
            spans("hi FrankElliot: try safe mode", Signal::GreetsByName),
            ["hi FrankElliot"]
        );
        assert_eq!(
            spans("Hello just_a_user\n\nTry this.", Signal::GreetsByName),
            ["Hello just_a_user"]
        );
        assert!(!has("Hi there, thanks", Signal::GreetsByName));
        assert!(!has("Hi @customer, thanks", Signal::GreetsByName));
        assert!(!has("hi how are you doing", Signal::GreetsByName));
        assert!(!has("Dear Valued Customer,", Signal::GreetsByName));
    }

    #[test]
    fn the_known_customer_name_is_matched_with_a_typo() {
        let ctx = Context {
            customer_name: Some("Priya"),
            customer_message: None,
        };
        assert_eq!(
            spans_with("hello priay and thanks", ctx, Signal::GreetsByName),
            ["hello priay"]
        );
    }

    #[test]
    fn thread_counters_and_quoted_usernames() {
        assert_eq!(
            spans(
                "(1/2) Hello, Ines! We got your tweet.",
                Signal::GreetsByName
            ),
            ["Hello, Ines"]
        );
        assert_eq!(
            spans("Hi \"Night-Owl\"\n\nTry this.", Signal::GreetsByName),
            ["Hi \"Night-Owl"]
        );
        assert!(has("2/2 Hi there, one more thing", Signal::Greeting));
        assert_eq!(
            spans("hey sarah thnx for the msg", Signal::GreetsByName),
            ["hey sarah"]
        );
        assert!(!has("(1/2) We got your tweet. Hi!", Signal::Greeting));
    }
}
