//! Long lists, paged. A list's rows are rendered one by one from the
//! theme's row partial; page 1 sits on its host page (the incident list,
//! the actions tracker, the compliance page, ...), pages 2..n are
//! `NAME-K.html` beside it, and when there is more than one page every
//! page's rows are also written as a script, `data/lists/NAME-K.js`, so the
//! browser can sort and filter the whole list from any page, offline. What
//! the script sorts and filters by is read here from the rendered row (its
//! `data-*` attributes and its cells' text or `data-value`), so the row
//! partial stays the one source of what a row shows.

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use super::Pages;
use crate::output::Output;

/// A long list: where it lives and how its rows are drawn.
pub(super) struct Listing {
    /// Names the list's pages (`NAME-2.html`) and scripts.
    pub name: &'static str,
    /// The heading of pages 2..n.
    pub title: &'static str,
    /// The page that holds page 1, and the navigation entry it belongs to.
    pub host: &'static str,
    pub nav: &'static str,
    /// Names the list's partials, `lists/TEMPLATES-head.html` (the table's
    /// `<thead>`) and `lists/TEMPLATES-row.html` (one `<tr>` given `row`);
    /// two lists may share them.
    pub templates: &'static str,
    /// The text of the one row of an empty list.
    pub empty: &'static str,
    pub filters: Vec<Filter>,
}

/// A field of a list's filter form. A row passes a select when its
/// `data-NAME` attribute, split at `|`, holds the chosen value; it passes
/// the text box when its text holds the words typed.
#[derive(Clone, Debug, Serialize)]
pub(super) struct Filter {
    pub name: &'static str,
    pub label: &'static str,
    /// Choices of a select; `None` is the text box.
    pub options: Option<Vec<Choice>>,
    pub placeholder: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub(super) struct Choice {
    pub value: String,
    pub label: String,
}

impl Filter {
    pub fn text(placeholder: &'static str) -> Filter {
        Filter {
            name: "q",
            label: "Search",
            options: None,
            placeholder,
        }
    }

    pub fn select(name: &'static str, label: &'static str, values: &[impl AsRef<str>]) -> Filter {
        let options = values
            .iter()
            .map(|v| Choice {
                value: v.as_ref().to_string(),
                label: v.as_ref().to_string(),
            })
            .collect();
        Filter {
            name,
            label,
            options: Some(options),
            placeholder: "",
        }
    }
}

/// One page of a list, as `partials/list.html` draws it.
#[derive(Serialize)]
pub(super) struct ListPage {
    pub name: &'static str,
    /// The table's `id`.
    pub id: String,
    pub title: &'static str,
    pub total: usize,
    /// 1-based.
    pub page: usize,
    pub pages: Vec<String>,
    pub rows_per_page: usize,
    /// Scripts with every page's rows: as many as pages, or none for a
    /// list of one page (the script then reads the rows on the page).
    pub scripts: usize,
    pub head: String,
    pub rows: String,
    pub columns: usize,
    pub empty: &'static str,
    pub filters: Vec<Filter>,
}

impl Pages<'_> {
    /// Writes pages 2..n of the list and, when there are several pages,
    /// every page's rows as a script; gives page 1 for its host page.
    /// `rows` are in the list's order; only one page of rendered rows is
    /// held at a time.
    pub(super) fn write_list<R: Serialize + Sync>(
        &self,
        list: &Listing,
        rows: &[R],
        out: &dyn Output,
    ) -> Result<ListPage> {
        let per_page = self.views.settings.rows_per_page;
        let row_template = format!("lists/{}-row.html", list.templates);
        let head =
            self.render_partial(&format!("lists/{}-head.html", list.templates), &(), list)?;
        // The head is a row of `th` cells: read as a row is.
        let columns = row_keys(&head).cells.len();
        let chunks: Vec<&[R]> = if rows.is_empty() {
            vec![rows]
        } else {
            rows.chunks(per_page).collect()
        };
        let pages: Vec<String> = (1..=chunks.len())
            .map(|k| {
                if k == 1 {
                    list.host.to_string()
                } else {
                    format!("{}-{k}.html", list.name)
                }
            })
            .collect();
        let scripts = if chunks.len() > 1 { chunks.len() } else { 0 };
        let mut first = None;
        for (k, chunk) in chunks.iter().enumerate() {
            let rendered: Vec<String> = chunk
                .par_iter()
                .map(|row| self.render_partial(&row_template, row, list))
                .collect::<Result<_>>()?;
            if scripts > 0 {
                let script = rows_script(list.name, k + 1, &rendered);
                out.write(
                    &format!("data/lists/{}-{}.js", list.name, k + 1),
                    script.as_bytes(),
                )?;
            }
            let page = ListPage {
                name: list.name,
                id: format!("list-{}", list.name),
                title: list.title,
                total: rows.len(),
                page: k + 1,
                pages: pages.clone(),
                rows_per_page: per_page,
                scripts,
                head: head.clone(),
                rows: rendered.join("\n"),
                columns,
                empty: list.empty,
                filters: list.filters.clone(),
            };
            if k == 0 {
                first = Some(page);
            } else {
                let html = self.render("list.html", "", list.nav, |c| {
                    c.insert("list", &page);
                    c.insert("host", list.host);
                })?;
                out.write(&pages[k], html.as_bytes())?;
            }
        }
        Ok(first.expect("a list has a first page"))
    }

    fn render_partial(
        &self,
        template: &str,
        row: &impl Serialize,
        list: &Listing,
    ) -> Result<String> {
        let mut context = tera::Context::new();
        context.insert("root", "");
        context.insert("row", row);
        self.theme.render(
            template,
            &context,
            &format!("a row of the {} list", list.name),
        )
    }
}

/// A link to a list's host page with its filter form set: `page?k=v#list-NAME`
/// (the script fills the form from the query and filters the whole list).
pub(super) fn filtered(list: &Listing, filters: &[(&str, &str)]) -> String {
    let query: Vec<String> = filters
        .iter()
        .map(|(k, v)| format!("{}={}", query_encode(k), query_encode(v)))
        .collect();
    format!("{}?{}#list-{}", list.host, query.join("&"), list.name)
}

/// Percent-encodes every byte but the unreserved ones (RFC 3986).
fn query_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `lessonbookList("NAME", K, [[html, cells, attributes], ...]);`: one
/// page's rows for the browser.
fn rows_script(name: &str, page: usize, rows: &[String]) -> String {
    #[derive(Serialize)]
    struct Entry<'a>(&'a str, Vec<Cell>, Vec<(String, String)>);
    let entries: Vec<Entry> = rows
        .iter()
        .map(|html| {
            let keys = row_keys(html);
            Entry(html, keys.cells, keys.attributes)
        })
        .collect();
    let json = serde_json::to_string(&entries).expect("plain data serialises");
    let name = serde_json::to_string(name).expect("a string serialises");
    format!(
        "lessonbookList({name},{page},{});\n",
        super::super::exports::script_safe(&json)
    )
}

/// What the browser's script sorts and filters a row by.
#[derive(Debug, Default, PartialEq)]
pub(super) struct RowKeys {
    pub cells: Vec<Cell>,
    /// The row's `data-*` attributes, without the prefix.
    pub attributes: Vec<(String, String)>,
}

/// A cell as the script sorts by it (its `data-value`, or else its text)
/// and searches it (its text): `"text"`, or `["value", "text"]`. The text
/// filter matches the row's cells' texts joined by spaces.
#[derive(Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub(super) enum Cell {
    Text(String),
    Valued(String, String),
}

/// Reads a rendered `<tr>`: the attributes of the row and, per `td` or
/// `th`, its text with tags removed and entities decoded, whitespace
/// collapsed, as `textContent` would give it.
pub(super) fn row_keys(html: &str) -> RowKeys {
    let mut keys = RowKeys::default();
    let mut seen_row = false;
    // The cell being read: its data-value and its text so far.
    let mut cell: Option<(Option<String>, String)> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            if let Some((_, text)) = cell.as_mut() {
                decode_into(rest, text);
            }
            break;
        };
        if let Some((_, text)) = cell.as_mut() {
            decode_into(&rest[..open], text);
        }
        let after = &rest[open + 1..];
        let close = after.find('>').unwrap_or(after.len());
        let tag = &after[..close];
        rest = after.get(close + 1..).unwrap_or("");
        // Only rows and cells are read: the tags inside a cell (links,
        // badges) are dropped without parsing their attributes.
        let (name, rest_of_tag) = tag_parts(tag);
        let is = |wanted: &str| name.eq_ignore_ascii_case(wanted);
        match () {
            () if is("tr") && !seen_row => {
                seen_row = true;
                keys.attributes = attributes(rest_of_tag)
                    .into_iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix("data-")?.to_string(), v)))
                    .collect();
            }
            () if is("td") || is("th") => {
                let has_value = rest_of_tag
                    .as_bytes()
                    .windows(10)
                    .any(|w| w.eq_ignore_ascii_case(b"data-value"));
                let value = if has_value {
                    attributes(rest_of_tag)
                        .into_iter()
                        .find(|(k, _)| k == "data-value")
                        .map(|(_, v)| v)
                } else {
                    None
                };
                cell = Some((value, String::new()));
            }
            () if is("/td") || is("/th") => {
                if let Some((value, text)) = cell.take() {
                    let text = collapse(&text);
                    keys.cells.push(match value {
                        Some(value) => Cell::Valued(value, text),
                        None => Cell::Text(text),
                    });
                }
            }
            _ => {}
        }
    }
    keys
}

/// A tag's name (`/td` for an end tag) and the text of its attributes.
fn tag_parts(tag: &str) -> (&str, &str) {
    let tag = tag.trim_end_matches('/');
    let name_end = tag
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(tag.len());
    (&tag[..name_end], &tag[name_end..])
}

/// The attributes of a tag, names lowercased and values decoded.
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (raw, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(quote).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            decode_into(raw, &mut value);
            rest = remaining.trim_start();
        }
        if !key.is_empty() {
            attributes.push((key, value));
        }
    }
    attributes
}

/// Appends `text` with the entities HTML escaping writes decoded.
fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let decoded = after.find(';').and_then(|semi| {
            let entity = &after[1..semi];
            let c = match entity {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    // As a browser reads it: U+FFFD for NUL, a surrogate
                    // or a number past Unicode.
                    char::from_u32(code)
                        .filter(|&c| c != '\0')
                        .unwrap_or('\u{fffd}')
                }
            };
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &after[length..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_row_gives_its_attributes_cell_keys_and_text() {
        let keys = row_keys(
            "<TR data-severity=\"high\" class=\"x\" data-tags=\"a&#x2F;b|c &amp; d\">\n  \
             <td><a href=\"incidents/INC-1.html\">INC-1</a></td>\n  \
             <td>Lost  <strong>laptop</strong> &lt;A&gt;</td>\n  \
             <td DATA-VALUE=\"3\"><span class=\"sev\">High</span></TD>\n</tr>",
        );
        assert_eq!(
            keys,
            RowKeys {
                cells: vec![
                    Cell::Text("INC-1".into()),
                    Cell::Text("Lost laptop <A>".into()),
                    Cell::Valued("3".into(), "High".into()),
                ],
                attributes: pairs(&[("severity", "high"), ("tags", "a/b|c & d")]),
            }
        );
    }

    #[test]
    fn a_filtered_link_encodes_the_query() {
        let list = Listing {
            name: "actions",
            title: "",
            host: "actions.html",
            nav: "",
            templates: "",
            empty: "",
            filters: Vec::new(),
        };
        assert_eq!(
            filtered(&list, &[("state", "overdue"), ("owner", "Zoë & Co/IT")]),
            "actions.html?state=overdue&owner=Zo%C3%AB%20%26%20Co%2FIT#list-actions"
        );
    }

    #[test]
    fn header_cells_count_and_stray_ampersands_stay() {
        let keys =
            row_keys("<tr><th scope=\"row\">1. Detect &amp report</th><td>&bogus; &#0;</td></tr>");
        assert_eq!(
            keys.cells,
            [
                Cell::Text("1. Detect &amp report".into()),
                Cell::Text("&bogus; \u{fffd}".into())
            ]
        );
        assert!(keys.attributes.is_empty());
    }

    #[test]
    fn the_script_names_the_list_and_page_and_escapes_line_separators() {
        let script = rows_script(
            "actions",
            2,
            &[
                "<tr data-state=\"open\"><td data-value=\"1\">A\u{2028}</td><td>B</td></tr>"
                    .to_string(),
            ],
        );
        assert_eq!(
            script,
            "lessonbookList(\"actions\",2,[[\"<tr data-state=\\\"open\\\"><td data-value=\\\"1\\\">A\\u2028<\\/td><td>B<\\/td><\\/tr>\",\
             [[\"1\",\"A\"],\"B\"],[[\"state\",\"open\"]]]]);\n"
        );
    }
}
