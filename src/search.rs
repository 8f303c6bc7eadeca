//! The search index, built at build time and shipped as a script (`assets/search-index.js`)
//! so that it loads from `file://` too, where `fetch()` of a JSON file is refused. Pages load it
//! only when the search box is first used.

use crate::site::Site;

/// Text kept per section: enough for ranking and a snippet around the match, small enough that
/// big courses stay light.
const MAX_SECTION_CHARS: usize = 1200;

/// `window.RAPPORT_SEARCH = {"docs": [[page, anchor, page title, heading, text], …]}`.
pub fn index_js(site: &Site) -> String {
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
