//! The JSON the page hands the grader (an exercise) and gets back (a verdict), read and written
//! by hand.
//!
//! The browser's grader needs exactly one shape in and one out. Through serde and serde_json,
//! those two conversions (their generic code, error messages, and the `core::fmt` machinery they
//! pull in) were a third of the WASM; this module does the same work in a few hundred lines. The
//! native side keeps serde for TOML and for everything else, and tests hold the two to the same
//! results (the tests in `lib.rs` and `tests/robustness.rs`, and the generator's test over the
//! whole shipped course).
//!
//! The reader is strict where serde was (unknown fields, wrong types, missing fields are errors)
//! and bounded: nesting deeper than [`MAX_DEPTH`] is refused, so no input can exhaust the stack.

use crate::model::{
    Check, Criterion, CriterionResult, Customer, Expect, Mark, ReplyExercise, SelfTest, Span,
    Verdict,
};

/// Deeper nesting than any exercise has (four levels), far below what the stack can take.
const MAX_DEPTH: usize = 32;

/// What [`read_exercise`] found.
pub enum Wire {
    Reply(Box<ReplyExercise>),
    /// A multiple-choice exercise: checked by the page itself, not the grader.
    Choice,
}

/// A parsed JSON value. Numbers are kept as integers: every number of an exercise is one.
/// Booleans are recognised but not kept: no field of an exercise is one.
#[derive(Debug)]
enum Json {
    Null,
    Bool,
    Int(i64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// Reads an exercise as the page embeds it: `{"kind": "reply", ...}` or `{"kind": "choice", ...}`.
pub fn read_exercise(text: &str) -> Result<Wire, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let value = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.error("trailing characters"));
    }
    let mut obj = Fields::new(value, "the exercise")?;
    match obj.str("kind")?.as_str() {
        "reply" => {}
        "choice" => return Ok(Wire::Choice),
        other => return Err(format!("unknown exercise kind `{other}`")),
    }
    let customer = {
        let mut c = Fields::new(obj.take("customer")?, "customer")?;
        let customer = Customer {
            name: c.str("name")?,
            channel: c.opt_str("channel")?.unwrap_or_else(|| "forum".into()),
            message: c.str("message")?,
        };
        c.done()?;
        customer
    };
    let criteria = obj
        .arr("criteria")?
        .into_iter()
        .map(criterion)
        .collect::<Result<_, _>>()?;
    let selftests = match obj.opt("selftest") {
        Some(v) => array(v, "selftest")?
            .into_iter()
            .map(selftest)
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let exercise = ReplyExercise {
        id: obj.str("id")?,
        title: obj.str("title")?,
        prompt: obj.opt_str("prompt")?.unwrap_or_default(),
        customer,
        start: obj.opt_str("start")?.unwrap_or_default(),
        criteria,
        pass: obj.u32("pass")?,
        model_answer: obj.str("model_answer")?,
        selftests,
    };
    obj.done()?;
    Ok(Wire::Reply(Box::new(exercise)))
}

fn criterion(v: Json) -> Result<Criterion, String> {
    let mut c = Fields::new(v, "criterion")?;
    let check = c.str("check")?;
    let criterion = Criterion {
        id: c.str("id")?,
        label: c.str("label")?,
        check: Check::try_from(check)?,
        points: c.opt_u32("points")?,
        penalty: c.opt_u32("penalty")?,
        terms: match c.opt("terms") {
            Some(v) => strings(v, "terms")?,
            None => Vec::new(),
        },
        good: c.str("good")?,
        fix: c.str("fix")?,
    };
    c.done()?;
    Ok(criterion)
}

fn selftest(v: Json) -> Result<SelfTest, String> {
    let mut t = Fields::new(v, "selftest")?;
    let test = SelfTest {
        note: t.opt_str("note")?.unwrap_or_default(),
        reply: t.str("reply")?,
        expect: match t.str("expect")?.as_str() {
            "pass" => Expect::Pass,
            "fail" => Expect::Fail,
            other => {
                return Err(format!(
                    "`expect` must be \"pass\" or \"fail\", not `{other}`"
                ))
            }
        },
        meets: match t.opt("meets") {
            Some(v) => strings(v, "meets")?,
            None => Vec::new(),
        },
        misses: match t.opt("misses") {
            Some(v) => strings(v, "misses")?,
            None => Vec::new(),
        },
    };
    t.done()?;
    Ok(test)
}

fn array(v: Json, what: &str) -> Result<Vec<Json>, String> {
    match v {
        Json::Arr(a) => Ok(a),
        _ => Err(format!("`{what}` must be a list")),
    }
}

fn strings(v: Json, what: &str) -> Result<Vec<String>, String> {
    array(v, what)?
        .into_iter()
        .map(|s| match s {
            Json::Str(s) => Ok(s),
            _ => Err(format!("`{what}` must be a list of strings")),
        })
        .collect()
}

/// The fields of one object, taken one by one; [`Fields::done`] rejects any left over.
struct Fields {
    what: &'static str,
    fields: Vec<(String, Json)>,
}

impl Fields {
    fn new(v: Json, what: &'static str) -> Result<Self, String> {
        match v {
            Json::Obj(fields) => Ok(Fields { what, fields }),
            _ => Err(format!("{what} must be an object")),
        }
    }

    fn missing(&self, key: &str) -> String {
        format!("{} has no `{key}`", self.what)
    }

    /// The field `key`, if present and not null (serde reads a null `Option` as absent).
    fn opt(&mut self, key: &str) -> Option<Json> {
        let at = self.fields.iter().position(|(k, _)| k == key)?;
        match self.fields.remove(at).1 {
            Json::Null => None,
            v => Some(v),
        }
    }

    fn take(&mut self, key: &str) -> Result<Json, String> {
        self.opt(key).ok_or_else(|| self.missing(key))
    }

    fn opt_str(&mut self, key: &str) -> Result<Option<String>, String> {
        match self.opt(key) {
            None => Ok(None),
            Some(Json::Str(s)) => Ok(Some(s)),
            Some(_) => Err(format!("`{key}` must be a string")),
        }
    }

    fn str(&mut self, key: &str) -> Result<String, String> {
        self.opt_str(key)?.ok_or_else(|| self.missing(key))
    }

    fn opt_u32(&mut self, key: &str) -> Result<Option<u32>, String> {
        match self.opt(key) {
            None => Ok(None),
            Some(Json::Int(n)) => u32::try_from(n)
                .map(Some)
                .map_err(|_| format!("`{key}` must be a whole number from 0 to {}", u32::MAX)),
            Some(_) => Err(format!("`{key}` must be a number")),
        }
    }

    fn u32(&mut self, key: &str) -> Result<u32, String> {
        self.opt_u32(key)?.ok_or_else(|| self.missing(key))
    }

    fn arr(&mut self, key: &str) -> Result<Vec<Json>, String> {
        array(self.take(key)?, key)
    }

    fn done(self) -> Result<(), String> {
        // A choice exercise's fields may sit beside a reply's (the page embeds either kind).
        match self.fields.into_iter().next() {
            Some((k, _)) if self.what == "the exercise" && (k == "question" || k == "option") => {
                Ok(())
            }
            Some((k, _)) => Err(format!("unknown field `{k}` in {}", self.what)),
            None => Ok(()),
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.i)
    }

    fn ws(&mut self) {
        while self
            .s
            .get(self.i)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> bool {
        let end = self.i + lit.len();
        if self.s.get(self.i..end) == Some(lit.as_bytes()) {
            self.i = end;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.eat("}") {
                    return Ok(Json::Obj(fields));
                }
                loop {
                    self.ws();
                    if self.s.get(self.i) != Some(&b'"') {
                        return Err(self.error("expected a field name"));
                    }
                    let key = self.string()?;
                    self.ws();
                    if !self.eat(":") {
                        return Err(self.error("expected `:`"));
                    }
                    let v = self.value(depth + 1)?;
                    if fields.iter().any(|(k, _)| *k == key) {
                        return Err(format!("duplicate field `{key}`"));
                    }
                    fields.push((key, v));
                    self.ws();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("}") {
                        return Ok(Json::Obj(fields));
                    }
                    return Err(self.error("expected `,` or `}`"));
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat("]") {
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("]") {
                        return Ok(Json::Arr(items));
                    }
                    return Err(self.error("expected `,` or `]`"));
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ if self.eat("true") => Ok(Json::Bool),
            _ if self.eat("false") => Ok(Json::Bool),
            _ if self.eat("null") => Ok(Json::Null),
            _ => Err(self.error("expected a value")),
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.i;
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let digits = self.i;
        while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        if self.i == digits {
            return Err(self.error("expected a digit"));
        }
        if self
            .s
            .get(self.i)
            .is_some_and(|b| matches!(b, b'.' | b'e' | b'E'))
        {
            return Err(self.error("expected a whole number"));
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()
            .and_then(|t| t.parse::<i64>().ok())
            .map(Json::Int)
            .ok_or_else(|| self.error("number out of range"))
    }

    /// A string literal starting at the opening quote, escapes decoded.
    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let Some(&b) = self.s.get(self.i) else {
                return Err(self.error("unterminated string"));
            };
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.s.get(self.i) else {
                        return Err(self.error("unterminated string"));
                    };
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.error("invalid escape")),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err(self.error("control character in a string")),
                _ => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| self.error("invalid UTF-8"))
    }

    /// The character of a `\uXXXX` escape (the `\u` already read), pairing surrogates.
    fn unicode_escape(&mut self) -> Result<char, String> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if !self.eat("\\u") {
                return Err(self.error("lone surrogate"));
            }
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(self.error("lone surrogate"));
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(code).ok_or_else(|| self.error("lone surrogate"))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .s
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.error("short \\u escape"))?;
        let mut n = 0;
        for &d in digits {
            let v = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid \\u escape"))?;
            n = n * 16 + v;
        }
        self.i += 4;
        Ok(n)
    }
}

/// `{"ok": verdict}`, in the shape serde gave it (same field names and order).
pub fn write_verdict(v: &Verdict) -> String {
    let mut w = Writer(String::with_capacity(512));
    w.raw("{\"ok\":{");
    w.key("exercise", true);
    w.str(&v.exercise);
    w.key("score", false);
    w.num(v.score as u64);
    w.key("max", false);
    w.num(v.max as u64);
    w.key("pass_mark", false);
    w.num(v.pass_mark as u64);
    w.key("passed", false);
    w.bool(v.passed);
    w.key("criteria", false);
    w.list(&v.criteria, criterion_result);
    w.key("marks", false);
    w.list(&v.marks, mark);
    if let Some(t) = v.truncated_at {
        w.key("truncated_at", false);
        w.num(t as u64);
    }
    w.raw("}}");
    w.0
}

/// `{"error": message}`.
pub fn write_error(message: &str) -> String {
    let mut w = Writer(String::new());
    w.raw("{\"error\":");
    w.str(message);
    w.raw("}");
    w.0
}

fn criterion_result(w: &mut Writer, c: &CriterionResult) {
    w.raw("{");
    w.key("id", true);
    w.str(&c.id);
    w.key("label", false);
    w.str(&c.label);
    w.key("met", false);
    w.bool(c.met);
    w.key("found", false);
    w.bool(c.found);
    w.key("delta", false);
    if c.delta < 0 {
        w.raw("-");
    }
    w.num(c.delta.unsigned_abs());
    w.key("feedback", false);
    w.str(&c.feedback);
    w.key("spans", false);
    w.list(&c.spans, span);
    w.raw("}");
}

fn mark(w: &mut Writer, m: &Mark) {
    w.raw("{");
    w.key("kind", true);
    w.str(&m.kind);
    w.key("span", false);
    span(w, &m.span);
    w.key("text", false);
    w.str(&m.text);
    w.key("advice", false);
    w.str(&m.advice);
    w.raw("}");
}

fn span(w: &mut Writer, s: &Span) {
    w.raw("{");
    for (k, (key, n)) in [
        ("start", s.start),
        ("end", s.end),
        ("u16_start", s.u16_start),
        ("u16_end", s.u16_end),
    ]
    .into_iter()
    .enumerate()
    {
        w.key(key, k == 0);
        w.num(n as u64);
    }
    w.raw("}");
}

struct Writer(String);

impl Writer {
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    fn key(&mut self, k: &str, first: bool) {
        if !first {
            self.0.push(',');
        }
        self.str(k);
        self.0.push(':');
    }

    fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    /// Digits by hand: `u64`'s `Display` would bring `core::fmt` back for one call site.
    fn num(&mut self, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut at = buf.len();
        loop {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &buf[at..] {
            self.0.push(d as char);
        }
    }

    /// A JSON string, escaped as serde_json escapes it.
    fn str(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.0.push('"');
        for c in s.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                '\t' => self.0.push_str("\\t"),
                '\u{8}' => self.0.push_str("\\b"),
                '\u{c}' => self.0.push_str("\\f"),
                c if (c as u32) < 0x20 => {
                    self.0.push_str("\\u00");
                    self.0.push(HEX[(c as usize) >> 4] as char);
                    self.0.push(HEX[(c as usize) & 0xf] as char);
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
    }

    fn list<T>(&mut self, items: &[T], each: fn(&mut Writer, &T)) {
        self.0.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            each(self, item);
        }
        self.0.push(']');
    }
}
