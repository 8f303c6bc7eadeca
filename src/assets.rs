//! Files the binary carries: the default theme and the grader, so that an installed `rapport`
//! builds sites on its own.

/// The grader for the browser (see `build.rs`): the wasm-bindgen glue with its loader, the WASM
/// that pages fetch over HTTP, and the same WASM as base64 for pages opened from `file://`.
pub const GRADER: &[(&str, &[u8])] = &[
    (
        "grader.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/grader.js")),
    ),
    (
        "grader.wasm",
        include_bytes!(concat!(env!("OUT_DIR"), "/grader.wasm")),
    ),
    (
        "grader-inline.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/grader-inline.js")),
    ),
];

/// The built-in theme's templates, by name. A course overrides one by putting a file of the same
/// name in `themes/<theme>/templates/`.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "progress.html",
        include_str!("../themes/default/templates/progress.html"),
    ),
    (
        "print.html",
        include_str!("../themes/default/templates/print.html"),
    ),
    (
        "chapters.js",
        include_str!("../themes/default/templates/chapters.js"),
    ),
];

/// The built-in theme's static files, written under `assets/`. Overridable the same way from
/// `themes/<theme>/static/`.
pub const STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../themes/default/static/style.css"),
    ),
    (
        "rapport.js",
        include_str!("../themes/default/static/rapport.js"),
    ),
    (
        "search.js",
        include_str!("../themes/default/static/search.js"),
    ),
];
