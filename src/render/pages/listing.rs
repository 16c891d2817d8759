//! Long lists, paged. A list's rows are rendered one by one from the
//! theme's row partial; page 1 sits on its host page (the incident list,
//! the actions tracker, the compliance page, ...), pages 2..n are
//! `NAME-K.html` beside it, and when there is more than one page every
//! page's rows are also written as a script, `data/lists/NAME-K.js`, so the
//! browser can sort and filter the whole list from any page, offline. A
//! script holds each row's HTML and nothing else: the browser reads what it
//! sorts and filters by (the row's `data-*` attributes, its cells' text or
//! `data-value`) from the row it parses, as it reads a list of one page, so
//! the row partial stays the one source of what a row shows.

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
        let columns = cells_in(&head);
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

/// `lessonbookList("NAME", K, [html, ...]);`: one page's rows for the
/// browser.
fn rows_script(name: &str, page: usize, rows: &[String]) -> String {
    let json = serde_json::to_string(rows).expect("plain data serialises");
    let name = serde_json::to_string(name).expect("a string serialises");
    format!(
        "lessonbookList({name},{page},{});\n",
        super::super::exports::script_safe(&json)
    )
}

/// How many cells a rendered row has (the `colspan` of a list's "empty"
/// row): its `<td` and `<th` start tags.
fn cells_in(row: &str) -> usize {
    row.match_indices('<')
        .filter(|&(at, _)| {
            let tag = row.as_bytes()[at + 1..].get(..3).unwrap_or_default();
            tag.len() == 3
                && (tag[..2].eq_ignore_ascii_case(b"td") || tag[..2].eq_ignore_ascii_case(b"th"))
                && (tag[2].is_ascii_whitespace() || tag[2] == b'>')
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_row_s_cells_are_its_td_and_th_start_tags() {
        assert_eq!(
            cells_in(
                "<tr>\n  <TH scope=\"col\">ID</TH><th>Title <thead-like></th>\
                 <td data-value=\"3\"><table-ish/><tbody>x</tbody></td><td>y</td></tr>"
            ),
            4
        );
        assert_eq!(cells_in("<tr><td>a</td><tdx>b</tdx><th"), 1);
        assert_eq!(cells_in(""), 0);
    }

    #[test]
    fn the_script_names_the_list_and_page_and_escapes_line_separators() {
        let script = rows_script(
            "actions",
            2,
            &[
                "<tr data-state=\"open\"><td data-value=\"1\">A\u{2028}</td><td>B</td></tr>"
                    .to_string(),
                "<tr><td>C &amp; D</td></tr>".to_string(),
            ],
        );
        assert_eq!(
            script,
            "lessonbookList(\"actions\",2,[\"<tr data-state=\\\"open\\\"><td data-value=\\\"1\\\">A\\u2028<\\/td><td>B<\\/td><\\/tr>\",\
             \"<tr><td>C &amp; D<\\/td><\\/tr>\"]);\n"
        );
    }
}
