//! Markdown bodies to safe HTML: pulldown-cmark with tables, footnotes,
//! strikethrough, task lists and heading anchors, then ammonia so raw HTML
//! in a record can never run script, handle events or link to
//! `javascript:`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_generic_attributes(["id"])
        .add_tag_attributes("div", ["class"])
        .add_tag_attributes("sup", ["class"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Renders a record body; headings get `id`s (slugs) so sections can be
/// linked, prefixed so they never clash with the page's own ids.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let mut with_anchors = Vec::with_capacity(events.len());
    let mut slugs = Slugs::default();
    let mut index = 0;
    while index < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id: None,
            classes,
            attrs,
        }) = &events[index]
        {
            let text: String = events[index + 1..]
                .iter()
                .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let slug = slugs.unique(format!("s-{}", slugify(&text)));
            with_anchors.push(Event::Start(Tag::Heading {
                level: demote(*level),
                id: Some(slug.into()),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
        } else if let Event::Start(Tag::Heading {
            level,
            id: Some(id),
            classes,
            attrs,
        }) = &events[index]
        {
            // The author's own id stays; the level is demoted as the end
            // tag's is (it once was not: `<h2 id="x">…</h3>`).
            with_anchors.push(Event::Start(Tag::Heading {
                level: demote(*level),
                id: Some(id.clone()),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
        } else if let Event::Start(Tag::FootnoteDefinition(label)) = &events[index] {
            // Footnote ids are prefixed so `[^1]` cannot clash with page ids.
            with_anchors.push(Event::Start(Tag::FootnoteDefinition(
                format!("fn-{label}").into(),
            )));
        } else if let Event::FootnoteReference(label) = &events[index] {
            with_anchors.push(Event::FootnoteReference(format!("fn-{label}").into()));
        } else if let Event::End(TagEnd::Heading(level)) = &events[index] {
            with_anchors.push(Event::End(TagEnd::Heading(demote(*level))));
        } else {
            with_anchors.push(events[index].clone());
        }
        index += 1;
    }
    let sanitize = needs_sanitizer(&with_anchors);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, with_anchors.into_iter());
    if sanitize {
        SANITIZER.clean(&html).to_string()
    } else {
        html
    }
}

/// Whether pulldown-cmark's HTML for `events` could hold anything the
/// sanitiser would change: raw HTML, a link or image (its URL may be
/// `javascript:`, and the sanitiser adds `rel`), a footnote reference (a
/// link too), a table with aligned columns, a code block's language, a rule, line break or task
/// box (written `<hr />`, the sanitiser writes `<hr>`), or a heading with
/// attributes of the author's. Without those, every tag and attribute is
/// one pulldown-cmark writes and every text is escaped, so the sanitiser
/// would give the same bytes (`the_sanitiser_is_skipped_only_where_it_changes_nothing`
/// checks each construct), and it is about a sixth of rendering a record's
/// page.
fn needs_sanitizer(events: &[Event]) -> bool {
    events.iter().any(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) => true,
        // Void elements, which pulldown-cmark closes XHTML-style (`<hr />`)
        // and the sanitiser writes as HTML (`<hr>`).
        Event::Rule | Event::HardBreak | Event::TaskListMarker(_) => true,
        Event::Start(Tag::Link { .. } | Tag::Image { .. }) => true,
        // Aligned columns are `style` attributes, which it removes.
        Event::Start(Tag::Table(alignments)) => alignments
            .iter()
            .any(|a| *a != pulldown_cmark::Alignment::None),
        // A fenced block's language is a `class`, which it removes.
        Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(language))) => {
            !language.is_empty()
        }
        Event::Start(Tag::Heading { classes, attrs, .. }) => {
            !classes.is_empty() || !attrs.is_empty()
        }
        _ => false,
    })
}

/// A body's words without their markup, for the search index: text and
/// code spans, blocks and line breaks as spaces. Raw HTML is left out, as
/// are link targets: what is indexed is what a reader sees as text.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            // Inline markup ends inside a word's sentence: no space there.
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) | Event::Rule
                if !text.ends_with(' ') && !text.is_empty() =>
            {
                text.push(' ');
            }
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// Heading ids handed out so far. A repeated heading gets `-2`, `-3`, …;
/// the next number to try is kept per base, so 5,000 identical headings cost
/// 5,000 steps, not 12.5 million. A numbered id can still be taken by a
/// heading whose own text ends so (`A 2` after two `A`s), hence the check
/// against every id used: each (base, number) is tried at most once.
#[derive(Default)]
struct Slugs {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Slugs {
    fn unique(&mut self, base: String) -> String {
        let mut n = self.next.get(&base).copied().unwrap_or(1);
        let mut slug = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while self.used.contains(&slug) {
            n += 1;
            slug = format!("{base}-{n}");
        }
        self.next.insert(base, n + 1);
        self.used.insert(slug.clone());
        slug
    }
}

/// The page's own `h1` is the record title: body headings start at `h2`.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_extensions_and_anchors() {
        let html = to_html(
            "# What happened\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ and a note[^1]\n\n[^1]: the note\n",
        );
        assert!(
            html.contains("<h2 id=\"s-what-happened\">What happened</h2>"),
            "{html}"
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(
            html.contains("<div class=\"footnote-definition\" id=\"fn-1\">"),
            "{html}"
        );
        assert!(html.contains("href=\"#fn-1\""), "{html}");
    }

    fn heading_ids(html: &str) -> Vec<&str> {
        html.split("<h2 id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    #[test]
    fn repeated_headings_get_numbered_ids_that_never_collide() {
        let html = to_html("# A\n\n# A\n\n# A 2\n\n# A\n\n# A-3\n\n# A\n");
        assert_eq!(
            heading_ids(&html),
            ["s-a", "s-a-2", "s-a-2-2", "s-a-3", "s-a-3-2", "s-a-4"]
        );
    }

    /// 5,000 identical headings (a 50 KB body) once took 20 s: the ids are
    /// now found in linear time, which keeps this test fast in debug.
    #[test]
    fn many_identical_headings_are_numbered_in_linear_time() {
        let mut body = "# x\n\n".repeat(5_000);
        body.push_str("# x 2\n");
        let html = to_html(&body);
        let ids = heading_ids(&html);
        assert_eq!(ids.len(), 5_001);
        assert_eq!(ids[0], "s-x");
        assert_eq!(ids[1], "s-x-2");
        assert_eq!(ids[4_999], "s-x-5000");
        // The literal `x 2` comes last and finds `s-x-2` taken.
        assert_eq!(ids[5_000], "s-x-2-2");
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len());
    }

    #[test]
    fn plain_text_keeps_the_words_and_drops_the_markup() {
        let text = plain_text(
            "# Heading\n\nSome *emphasis* and `code`,\na [link](https://x.example/secret).\n\n- one\n- two\n\n<div onclick=\"x\">raw html</div>\n\n| a | b |\n|---|---|\n| c | d |\n",
        );
        assert_eq!(
            text,
            "Heading Some emphasis and code, a link. one two a b c d"
        );
    }

    #[test]
    fn raw_html_cannot_run_script() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) <a href=\"javascript:alert(4)\">y</a>\n\n<iframe src=\"https://e.example\"></iframe>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
    }

    #[test]
    fn the_sanitiser_is_skipped_only_where_it_changes_nothing() {
        // Each construct the fast path lets through: its HTML must be what
        // the sanitiser would make of it.
        let plain = [
            "# What happened\n\nText with *emphasis*, **strong**, `code <b>`, ~~gone~~.",
            "| a | b |\n|---|---|\n| <1> | \"q\" & 'a' |\n",
            "- done\n- not yet\n\n1. one\n2. two\n\n> quoted\n",
            "```\nfn main() { if a < b && c > d { } }\n```\n\n    indented <code>\n",
            "Line one\nline two &amp; &copy; &#x27; &lt;tag&gt; \"quoted\"",
            "Heading\n=======\n\n## Second {#custom-id}\n\nNo note[^1] without its definition.",
        ];
        assert!(to_html("## Own {#own}").contains("<h3 id=\"own\">Own</h3>"));
        let events = |markdown| -> Vec<Event> {
            let options = Options::ENABLE_TABLES
                | Options::ENABLE_FOOTNOTES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_HEADING_ATTRIBUTES;
            Parser::new_ext(markdown, options).collect()
        };
        for markdown in plain {
            assert!(!needs_sanitizer(&events(markdown)), "{markdown}");
            let html = to_html(markdown);
            assert_eq!(SANITIZER.clean(&html).to_string(), html, "{markdown}");
        }
        // And the constructs that go through it.
        for markdown in [
            "<b onclick=\"x\">raw</b>",
            "a <span>inline</span> tag",
            "[x](javascript:alert(1)) and [y](https://example.org)",
            "![i](data:image/png;base64,xx)",
            "# T {.red}",
            "note[^1]\n\n[^1]: text",
            "| a |\n|:-:|\n| 1 |",
            "- [x] done",
            "a\n\n---\n\nb",
            "hard  \nbreak",
            "```rust\nfn main() {}\n```",
        ] {
            assert!(needs_sanitizer(&events(markdown)), "{markdown}");
        }
    }

    #[test]
    fn template_syntax_in_bodies_stays_text() {
        let html = to_html("{{ config }} {% raw %}");
        assert_eq!(html, "<p>{{ config }} {% raw %}</p>\n");
    }
}
