//! Promise: a commitment to a specific date, time or release ("fixed by Friday", "in the next
//! update"). Vague reassurance ("we're working on it", "it's on our roadmap") is not a promise,
//! and neither is a promise explicitly withheld ("we can't give a date"), nor the helper's own
//! next step ("I'll post here again on Friday"): the course teaches to promise the next step,
//! not the outcome, and the guidelines count commitments for a fix, feature or outcome only.
//! A company's "we'll get back to you within 48 hours" stays a promise: it commits a team whose
//! workload the writer does not control.

use super::pattern::{byte_span, Patterns};
use super::text::Text;
use super::{Signal, Sink};
use std::ops::Range;
use std::sync::OnceLock;

/// "1st|2nd|…|31st": day-of-month ordinals, as a pattern alternative.
fn ordinals() -> String {
    (1..=31)
        .map(|d: u32| {
            let suffix = match (d % 10, d % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{d}{suffix}")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Words that put a sentence in the past ("This was fixed in version 12").
const PAST: &str = "was|were|did|had|already|ago|last|yesterday";

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";

fn when() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        // "on 1st May", "by the 3rd of June", "May 1st".
        let ords = ordinals();
        let day_month = format!("on|by|before|until|till|from [the] NUMBER|{ords} [of] {MONTHS}");
        let month_day = format!("{MONTHS} {ords}");
        // "by Tuesday 21 May".
        let weekday_date = format!(
            "by|on|before|until monday|tuesday|wednesday|thursday|friday|saturday|sunday NUMBER|{ords} [of] {MONTHS}"
        );
        // "expected mid-March": the hyphenated forms are one word each.
        let hyphenated = MONTHS
            .split('|')
            .flat_map(|m| ["early-", "mid-", "late-"].map(|p| format!("{p}{m}")))
            .collect::<Vec<_>>()
            .join("|");
        Patterns::new(&[
            hyphenated.as_str(),
            "by|before|until [the] end+of+day|end+of+the+day|eod|cob|close+of+business|midnight|noon|lunchtime",
            "within|in the|an hour",
            "eta monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today|next|this|NUMBER",
            "for monday|tuesday|wednesday|thursday|friday|saturday|sunday",
            day_month.as_str(),
            month_day.as_str(),
            weekday_date.as_str(),
            "by|before|on|until|this|next|coming monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|weekend|week|month|year|eod|morning|afternoon|evening",
            "by|before|at|until the end of [the|this|next] day|week|month|year|quarter",
            "tomorrow|tonight",
            "later today|this+week|this+month",
            "next|upcoming|coming|following week|month|year|update|release|version|build|patch|sprint|quarter|bill|statement|invoice",
            "in|with|within the next|upcoming|coming|following [major|minor|few] update|updates|release|releases|version|versions|build|builds|patch|patches",
            "within|in|up+to|over [the+next] NUMBER|a|an|one|two|three|four|five|six|seven|ten|few|couple [of] [business|working] minute|minutes|hour|hours|hrs|day|days|week|weeks|month|months",
            "in|with|by|for version|v|release|firefox|thunderbird|build NUMBER",
            "on|by|in|before|until|early|mid|late|end+of january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec",
            // Not "on": "you are still on 115" is a version, not a date.
            "by|before|until NUMBER",
            "arrive|arrives|arriving|ship|ships|delivered|ready|back [on|by] monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow",
        ])
    })
}

fn commitment() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "will|shall|gonna|going+to|we'll|you'll|it'll|i'll|they'll|that'll|there'll|he'll|she'll|should|expect|expected|scheduled|planned|due|coming|arrives|arriving|ships|shipping|lands|landing|ready|available|fixed|resolved|released|out|live|back|done|deliver|delivers|delivered|delivering|guarantee*|promise*|launching|launches|rolling|rolls|booked|arranged|eta",
        ])
    })
}

/// Sentences that withhold a date are the honest opposite of a promise.
fn withheld() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        Patterns::new(&[
            "can't|cannot|can+not|unable|don't|do+not|won't|couldn't … promise|guarantee|give|share|say|confirm|commit|provide|know|predict",
            "no eta|date|timeline|timeframe|estimate|release+date",
            "not … sure|certain|yet|able",
            "if|whether|hopefully|maybe|perhaps|might|may|possibly|probably",
            // "Most bags are delivered within 48 hours": how things go, not a commitment.
            "most|usually|typically|generally|normally|often|sometimes|average",
            PAST,
        ])
    })
}

/// "I'll post", "I will check back", "let me update": what the writer alone will do next.
fn own_next_step() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let who = "i'll|i+will|i+shall|i'm+going+to|i+am+going+to|let+me [also|then|just|again]";
        let patterns: Vec<String> = [
            "post|reply|write|answer|update|check|look|ping|message|email|call|contact|ask|test|try",
            "check+back|check+in|come+back|get+back|be+back|report+back|write+back|follow+up",
            "let+you+know|touch+base|drop+you+a+line",
        ]
        .iter()
        .map(|verbs| format!("{who} {verbs}"))
        .collect();
        Patterns::new(&patterns.iter().map(String::as_str).collect::<Vec<_>>())
    })
}

/// "You'll have to appeal within 21 days": a deadline for the customer, no commitment of ours.
fn customers_deadline() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns::new(&["you'll|you+will have|need to"]))
}

/// `words` without those of the writer's own next steps and the customer's deadlines.
fn words_that_may_commit(text: &Text, words: &[usize]) -> Vec<usize> {
    let mut rest = words.to_vec();
    while let Some(r) = own_next_step()
        .find_in(text, &rest)
        .or_else(|| customers_deadline().find_in(text, &rest))
    {
        rest.drain(r);
    }
    rest
}

/// The first hedge or withheld date in `words` outside the date itself (`when`).
fn hedge(text: &Text, words: &[usize], when: &Range<usize>) -> Option<Range<usize>> {
    let mut from = 0;
    while from < words.len() {
        let w = withheld().find_in(text, &words[from..])?;
        let w = from + w.start..from + w.end;
        if w.start < when.start || w.start >= when.end {
            return Some(w);
        }
        from = w.end.max(w.start + 1);
    }
    None
}

pub(crate) fn detect(text: &Text, sink: &mut Sink) {
    for s in text.readable() {
        let words = text.words(s);
        let Some(r) = when().find_in(text, &words) else {
            continue;
        };
        // "Not yet, but we're launching on 1st May": a "but" between the hedge and the date
        // turns the hedge into background, and so does a "will" after a past tense ("it shipped
        // yesterday and will arrive on Thursday"). The month in "on May 1st" is no "may" of doubt.
        let hedged = hedge(text, &words, &r).is_some_and(|w| {
            let first = text.tokens[words[w.start]].norm.as_str();
            let past = PAST.split('|').any(|p| p == first);
            !words[w.end.min(r.start)..r.start].iter().any(|&i| {
                let n = text.tokens[i].norm.as_str();
                n == "but"
                    || (past
                        && (matches!(
                            n,
                            "will" | "shall" | "gonna" | "should" | "due" | "expected"
                        ) || n.ends_with("'ll")))
            })
        });
        if hedged
            || commitment()
                .find_in(text, &words_that_may_commit(text, &words))
                .is_none()
        {
            continue;
        }
        sink.push(Signal::Promise, byte_span(text, &words, &r));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{has, spans};
    use super::super::Signal;

    #[test]
    fn dates_and_releases_are_promises() {
        for r in [
            "It will be fixed by Friday.",
            "The fix ships in the next update.",
            "You'll have it within 24 hours.",
            "We'll release it next week.",
            "This is scheduled for version 12.",
        ] {
            assert!(has(r, Signal::Promise), "{r}");
        }
        assert_eq!(
            spans("The patch will land next week.", Signal::Promise),
            ["next week"]
        );
    }

    #[test]
    fn reassurance_and_past_dates_are_not() {
        for r in [
            "We are working on it.",
            "It is on our roadmap.",
            "I can't promise a date, but I'll share news when I have it.",
            "This was fixed last week.",
            "It may be fixed in the next update.",
            "Next, open the menu.",
        ] {
            assert!(!has(r, Signal::Promise), "{r}");
        }
    }

    #[test]
    fn durations_and_months() {
        for (r, promised) in [
            ("The change will take up to 3 days to appear.", true),
            ("A specialist will call you within 2 business days.", true),
            ("The fix will ship in March.", true),
            ("We'll get back to you within 24-48 hours.", true),
            ("We'll reach out asap.", false),
            ("Please allow up to 10 business days for the refund.", false),
            ("Hopefully it will be back next week.", false),
            ("Not yet, but we're launching in Cork on 1st May 🎉", true),
            ("We'll open the new branch on May 1st.", true),
            ("The update rolls out by the 3rd of June.", true),
            ("We launched there on 1st May last year.", false),
            ("I was born on 1st May.", false),
            (
                "No, orders up to 15 minutes late are within our delivery window.",
                false,
            ),
            ("We will deliver it within 2 days.", true),
            (
                "Your order shipped yesterday and will arrive on Thursday.",
                true,
            ),
            (
                "The charge was a pre-authorization and it will drop off within 48 hours.",
                true,
            ),
            ("Your device will arrive Tuesday.", true),
            ("The branch will close on 30 June.", true),
            ("It will be back on your card by Tuesday 21 May.", true),
            (
                "You'll have to appeal the penalty fare within 21 days.",
                false,
            ),
            ("It should be live by end of day.", true),
            ("Most bags are delivered within 48 hours.", false),
            ("Refunds usually show within 5 days.", false),
            ("We'll have it sorted within the hour.", true),
            ("ETA Friday for the replacement.", true),
            ("A fix is expected mid-March.", true),
            (
                "An engineer is booked for Thursday between 8am and 1pm.",
                true,
            ),
            (
                "It was a regression and should be fixed in the next update.",
                true,
            ),
            (
                "A technician is booked for tomorrow between 8am and 12pm.",
                true,
            ),
            ("It'll appear on your next bill.", true),
            ("This was fixed in version 12 and will stay fixed.", false),
            (
                "You are still on 115 ESR, so update: About Firefox will check for updates.",
                false,
            ),
        ] {
            assert_eq!(has(r, Signal::Promise), promised, "{r}");
        }
    }

    #[test]
    fn the_writers_own_next_step_is_not_a_promise_but_an_outcome_beside_it_is() {
        for (r, promised) in [
            ("I'll post here again on Friday with any news.", false),
            (
                "I will check back tomorrow to see whether it worked.",
                false,
            ),
            ("I'll get back to you within 24 hours.", false),
            (
                "Let me ask the team; I'll update this thread tonight.",
                false,
            ),
            (
                "I'm going to test this on my own laptop this evening.",
                false,
            ),
            ("I'll have it fixed by Friday.", true),
            (
                "I'll post again tomorrow, and the fix will ship next week.",
                true,
            ),
            ("I'll make sure it's released next week.", true),
            ("We'll get back to you within 24-48 hours.", true),
        ] {
            assert_eq!(has(r, Signal::Promise), promised, "{r}");
        }
    }
}
