//! Machine-readable exports under `data/`: incidents.json, metrics.json,
//! actions.csv, findings.csv and deadlines.ics (RFC 5545). Confidentiality applies here as
//! on the pages.

use std::fmt::Write;
use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use super::view::{ActionView, IncidentRow, Views, action_views, incident_row};
use crate::metrics::Report;

#[derive(Serialize)]
struct IncidentExport {
    #[serde(flatten)]
    row: IncidentRow,
    #[serde(rename = "type")]
    type_key: Option<String>,
    control_keys: Vec<String>,
    recurrence_of: Option<String>,
    repeat_control_failure_of: Option<String>,
    repeat_after_fix: bool,
}

/// Pretty JSON with `<`, `>` and `&` written as `\u003c`, `\u003e` and
/// `\u0026` (and the JavaScript line separators escaped), so record text
/// stays inert when the file is served as HTML or pasted into a page. Those
/// characters occur only inside strings, so escaping them keeps the JSON
/// valid and its values unchanged.
pub fn inert_json(value: &(impl Serialize + ?Sized)) -> String {
    let mut out = serialise(value, Inert(serde_json::ser::PrettyFormatter::new()));
    out.push('\n');
    out
}

/// Compact JSON, inert as [`inert_json`] is.
pub fn inert_compact_json(value: &(impl Serialize + ?Sized)) -> String {
    serialise(value, Inert(serde_json::ser::CompactFormatter))
}

/// Written once, with the strings escaped as they are written: the exports
/// are megabytes at 100,000 records (incidents.json 47 MB), and escaping
/// the finished text held it twice.
fn serialise(value: &(impl Serialize + ?Sized), formatter: impl Formatter) -> String {
    let mut out = Vec::new();
    value
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut out, formatter,
        ))
        .expect("plain data serialises");
    String::from_utf8(out).expect("JSON of strings is UTF-8")
}

/// serde_json's formatter `F`, with every fragment of a string (key or
/// value) written through [`write_inert`]. serde_json writes the
/// characters it escapes itself (quotes, backslashes, control characters)
/// apart from the fragments, and none of those is one [`write_inert`]
/// replaces.
struct Inert<F>(F);

impl<F: Formatter> Formatter for Inert<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_inert(writer, fragment)
    }

    // What the pretty formatter adds: line breaks and indentation.
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// JSON for a script file: `</` written `<\/` (a row's markup cannot end
/// a `<script>` it is pasted into) and the JavaScript line separators
/// escaped; the strings are unchanged once parsed. Smaller than
/// [`inert`], for data that is markup anyway.
pub fn script_safe(json: &str) -> String {
    json.replace("</", "<\\/")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Text with those characters escaped (see [`inert_json`]).
#[cfg(test)]
pub fn inert(text: &str) -> String {
    let mut out = Vec::new();
    write_inert(&mut out, text).expect("a Vec takes every write");
    String::from_utf8(out).expect("escapes are ASCII")
}

/// Writes `text` with `<`, `>`, `&`, U+2028 and U+2029 as JSON escapes.
/// Copies the runs between them whole: the JSON exports and search shards
/// are megabytes, and pushing them a character at a time took 1.7–2.4 % of
/// a 10,000-record build's samples (perf, 2026-12-03).
fn write_inert<W: ?Sized + io::Write>(out: &mut W, text: &str) -> io::Result<()> {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8; every other
        // character replaced is one ASCII byte.
        let (replacement, width): (&[u8], usize) = match bytes[i] {
            b'<' => (b"\\u003c", 1),
            b'>' => (b"\\u003e", 1),
            b'&' => (b"\\u0026", 1),
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => {
                (b"\\u2028", 3)
            }
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => {
                (b"\\u2029", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.write_all(&bytes[copied..i])?;
        out.write_all(replacement)?;
        i += width;
        copied = i;
    }
    out.write_all(&bytes[copied..])
}

pub fn incidents_json(views: &Views) -> String {
    let analysis = views.analysis;
    let book = analysis.book;
    let earlier = |found: Option<&crate::recurrence::Recurrence>| {
        found.map(|f| book.incidents[f.earlier].id.clone())
    };
    let rows: Vec<IncidentExport> = (0..book.incidents.len())
        .map(|i| {
            let recurred = analysis.recurrence[i].as_ref();
            let repeated = analysis.repeat_failure[i].as_ref();
            IncidentExport {
                row: incident_row(views, i),
                type_key: analysis.type_keys[i].first().cloned(),
                control_keys: analysis.control_keys[i].iter().cloned().collect(),
                recurrence_of: earlier(recurred),
                repeat_control_failure_of: earlier(repeated),
                repeat_after_fix: recurred.into_iter().chain(repeated).any(|f| f.after_fix),
            }
        })
        .collect();
    inert_json(&rows)
}

pub fn metrics_json(report: &Report) -> String {
    inert_json(report)
}

/// Every action of every review, in review order.
pub fn all_actions(views: &Views) -> Vec<ActionView> {
    (0..views.analysis.book.reviews.len())
        .flat_map(|r| action_views(views, r))
        .collect()
}

/// RFC 4180: fields with a comma, quote or line break are quoted, quotes
/// doubled; lines end in CRLF.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

pub fn actions_csv(actions: &[ActionView]) -> String {
    let mut out = String::from(
        "id,review,incidents,title,owner,type,status,due,done,overdue_days,controls\r\n",
    );
    for a in actions {
        let fields = [
            a.id.clone(),
            a.review.id.clone(),
            a.incidents
                .iter()
                .map(|l| l.id.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            a.title.clone(),
            a.owner.clone(),
            a.kind.clone(),
            a.status.clone(),
            a.due.clone().unwrap_or_default(),
            a.done.clone().unwrap_or_default(),
            a.days_overdue.to_string(),
            a.controls
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ];
        push_csv_row(&mut out, &fields);
    }
    out
}

/// Every finding of the build, in diagnostic order (file, line, column),
/// as the compliance page shows it: a restricted record's path is
/// `[restricted]`. `step` is the procedure step of the rule, empty for
/// format errors; `record` the ID of the record the file holds.
pub fn findings_csv(views: &Views, diagnostics: &[crate::diagnostics::Diagnostic]) -> String {
    let mut out = String::from("rule,step,level,record,path,line,column,message\r\n");
    for d in diagnostics {
        let finding = views.finding_view(d);
        let step = crate::validate::RULES
            .iter()
            .find(|rule| rule.name == d.rule)
            .map(|rule| rule.step.number().to_string())
            .unwrap_or_default();
        let number = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        let fields = [
            finding.rule,
            step,
            finding.severity,
            finding.record.map(|link| link.id).unwrap_or_default(),
            finding.path,
            number(finding.line),
            number(finding.column),
            finding.message,
        ];
        push_csv_row(&mut out, &fields);
    }
    out
}

/// One RFC 4180 record: the fields quoted as needed, CRLF-terminated.
pub(super) fn push_csv_row(out: &mut String, fields: &[String]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(field));
    }
    out.push_str("\r\n");
}

/// RFC 5545 TEXT escaping.
fn ics_text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a
/// UTF-8 character, and ends it with CRLF.
fn ics_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// Open actions' due dates and pending follow-up audits as all-day events.
/// DTSTAMP is the as-of date, so the file is the same for the same input.
pub fn deadlines_ics(views: &Views, actions: &[ActionView], title: &str) -> String {
    let stamp = views.settings.today.format("%Y%m%dT000000Z").to_string();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//lessonbook//deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        ics_line(&mut out, line);
    }
    ics_line(
        &mut out,
        &format!("X-WR-CALNAME:{}", ics_text(&format!("{title}: deadlines"))),
    );
    let mut event = |uid: String, day: &str, summary: String, description: String| {
        let date = day.get(..10).unwrap_or(day).replace('-', "");
        let Ok(start) = chrono::NaiveDate::parse_from_str(&date, "%Y%m%d") else {
            return;
        };
        let end = start.succ_opt().unwrap_or(start).format("%Y%m%d");
        ics_line(&mut out, "BEGIN:VEVENT");
        ics_line(&mut out, &format!("UID:{uid}"));
        ics_line(&mut out, &format!("DTSTAMP:{stamp}"));
        ics_line(&mut out, &format!("DTSTART;VALUE=DATE:{date}"));
        ics_line(&mut out, &format!("DTEND;VALUE=DATE:{end}"));
        ics_line(&mut out, &format!("SUMMARY:{}", ics_text(&summary)));
        ics_line(&mut out, &format!("DESCRIPTION:{}", ics_text(&description)));
        ics_line(&mut out, "TRANSP:TRANSPARENT");
        ics_line(&mut out, "END:VEVENT");
    };
    for action in actions.iter().filter(|a| a.open) {
        let Some(due) = &action.due else { continue };
        event(
            format!("action-{}@lessonbook", action.id),
            due,
            format!("Action due: {} {}", action.id, action.title),
            format!(
                "Owner: {}. Agreed in review {}. Status: {}.",
                action.owner, action.review.id, action.status
            ),
        );
    }
    for (index, review) in views.analysis.book.reviews.iter().enumerate() {
        let Some(follow_up) = &review.follow_up else {
            continue;
        };
        let (Some(due), None) = (follow_up.due, follow_up.done) else {
            continue;
        };
        let mut description = format!(
            "Follow-up audit of review {} (incidents {}).",
            review.id,
            review.incidents.join(", ")
        );
        if let Some(auditor) = follow_up
            .auditor
            .as_ref()
            .filter(|_| !views.review_is_restricted(index))
        {
            let _ = write!(description, " Auditor: {auditor}.");
        }
        event(
            format!("follow-up-{}@lessonbook", review.id),
            &due.date.to_string(),
            format!("Follow-up audit: {}", review.id),
            description,
        );
    }
    ics_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_escapes_markup_and_line_separators_and_keeps_the_rest() {
        // `€` (E2 82 AC) and U+2027 (E2 80 A7) share the separators' first
        // bytes and stay as they are.
        let text = "<a href=\"x&y\">€\u{2027}</a>\u{2028}é\u{2029}>";
        assert_eq!(
            inert(text),
            "\\u003ca href=\"x\\u0026y\"\\u003e€\u{2027}\\u003c/a\\u003e\\u2028é\\u2029\\u003e"
        );
        assert_eq!(inert(""), "");
        assert_eq!(inert("plain"), "plain");
        assert_eq!(inert("x\u{2029}"), "x\\u2029");
    }

    #[test]
    fn json_is_escaped_as_it_is_written_the_same_as_escaping_the_text() {
        let value = serde_json::json!({
            "<key & \u{2028}>": ["a\"<b>\"\n\u{1}&", "€\u{2027}\u{2029}", 1.5, null],
            "plain": {"nested": "</script>", "empty": []},
        });
        let pretty = inert_json(&value);
        assert_eq!(
            pretty,
            inert(&serde_json::to_string_pretty(&value).unwrap()) + "\n"
        );
        assert!(pretty.contains("\n  \"\\u003ckey \\u0026 \\u2028\\u003e\": [\n    \""));
        let compact = inert_compact_json(&value);
        assert_eq!(compact, inert(&serde_json::to_string(&value).unwrap()));
        assert!(
            compact.contains("\"a\\\"\\u003cb\\u003e\\\"\\n\\u0001\\u0026\""),
            "{compact}"
        );
        // The values read back unchanged.
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&compact).unwrap(),
            value
        );
    }

    #[test]
    fn ics_lines_fold_at_75_octets_and_escape_text() {
        let mut out = String::new();
        ics_line(
            &mut out,
            &format!("SUMMARY:{}", ics_text(&"é, x; y".repeat(12))),
        );
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        assert!(out.starts_with("SUMMARY:é\\, x\\; y"));
        assert!(out.contains("\r\n "));
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }
}
