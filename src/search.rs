//! The search index, built at build time and shipped as a script (`assets/search-index.js`)
//! so that it loads from `file://` too, where `fetch()` of a JSON file is refused. Pages load it
//! only when the search box is first used.

use rayon::prelude::*;

use crate::site::Site;

/// Text kept per section: enough for ranking and a snippet around the match, small enough that
/// big courses stay light.
const MAX_SECTION_CHARS: usize = 1200;

/// `window.RAPPORT_SEARCH = {"docs": [[page, anchor, page title, heading, text], …]}`.
#[cfg(test)]
pub fn index_js(site: &Site) -> String {
    index_js_parts(site).concat()
}

/// The index script in pieces that concatenate to it (one per chapter, built in parallel), so
/// that it can be written out without being assembled in memory.
///
/// Written directly rather than through a `serde_json::Value` tree: the same bytes, without a
/// few allocations per word of the course.
pub fn index_js_parts(site: &Site) -> Vec<String> {
    let mut parts: Vec<String> = site
        .pages
        .par_iter()
        .map(|page| {
            let mut out = String::new();
            for s in &page.rendered.sections {
                let text = squeeze(&s.text, MAX_SECTION_CHARS);
                if text.is_empty() && s.title.is_empty() {
                    continue;
                }
                out.push_str(",[");
                for (k, field) in [
                    page.chapter.output.as_str(),
                    &s.anchor,
                    &page.chapter.title,
                    &s.title,
                    &text,
                ]
                .into_iter()
                .enumerate()
                {
                    if k > 0 {
                        out.push(',');
                    }
                    push_json_str(&mut out, field);
                }
                out.push(']');
            }
            out.shrink_to_fit();
            out
        })
        .filter(|p| !p.is_empty())
        .collect();
    // Every part starts with the comma that separates it from the one before.
    if let Some(first) = parts.first_mut() {
        first.remove(0);
    }
    parts.insert(0, "window.RAPPORT_SEARCH = {\"docs\":[".to_string());
    parts.push("]};\n".to_string());
    parts
}

/// Whitespace runs collapsed to one space, trimmed, cut after `max` characters.
fn squeeze(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > 0 {
            if chars == max {
                break;
            }
            out.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars == max {
                break;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}

/// `s` as a JSON string, with `<` escaped so that `</script>` in a chapter cannot end the script.
fn push_json_str(out: &mut String, s: &str) {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    if json.contains('<') {
        out.push_str(&json.replace('<', "\\u003c"));
    } else {
        out.push_str(&json);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index as it was first written, through `serde_json::Value`: the reference.
    fn reference_index_js(site: &Site) -> String {
        let mut docs = Vec::new();
        for page in &site.pages {
            for s in &page.rendered.sections {
                let text: String = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
                let text: String = text.chars().take(MAX_SECTION_CHARS).collect();
                if text.is_empty() && s.title.is_empty() {
                    continue;
                }
                docs.push(serde_json::json!([
                    page.chapter.output,
                    s.anchor,
                    page.chapter.title,
                    s.title,
                    text
                ]));
            }
        }
        let json = serde_json::json!({ "docs": docs })
            .to_string()
            .replace('<', "\\u003c");
        format!("window.RAPPORT_SEARCH = {json};\n")
    }

    #[test]
    fn the_index_has_the_same_bytes_as_through_serde_json_values() {
        let site = match Site::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))) {
            Ok(s) => s,
            Err(d) => panic!("{d:?}"),
        };
        let want = reference_index_js(&site);
        assert!(want.len() > 10_000);
        assert_eq!(index_js(&site), want);
    }

    #[test]
    fn squeeze_matches_join_then_take() {
        for (text, max) in [
            ("  a  b\n\tc  ", 1200),
            ("alpha beta gamma", 5),
            ("alpha beta gamma", 6),
            ("alpha beta gamma", 7),
            ("ééé ààà", 4),
            ("", 3),
            ("   ", 3),
        ] {
            let want: String = text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(max)
                .collect();
            assert_eq!(squeeze(text, max), want, "{text:?} {max}");
        }
    }
}
