//! Typed reads from the YAML tree that report every problem as a diagnostic
//! at the exact key or value: missing keys, wrong types, bad dates, unknown
//! keys and values. A read that fails returns `None` and parsing goes on, so
//! one run reports everything wrong with a file.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::{Months, NaiveDate};
use chrono_tz::Tz;

use crate::controls;
use crate::diagnostics::{Diagnostic, Label};
use crate::fields::{self, Field};
use crate::records::Timestamp;
use crate::source::SourceFile;
use crate::suggest;
use crate::yaml::{Node, Value};

pub struct Decoder<'a> {
    pub file: &'a Arc<SourceFile>,
    pub tz: Tz,
    pub diagnostics: Vec<Diagnostic>,
    /// Dates outside this range are typos (`0206` for `2026`).
    plausible: (NaiveDate, NaiveDate),
    /// Keys that an unknown key is a near miss of and that the map lacks
    /// (`severity` for `severty:`), by qualified name, with the index of that
    /// unknown-key diagnostic and whether its help names the key missing
    /// yet: the typo is the one thing to fix, so a "missing key" for the same
    /// key is not reported as well.
    near_misses: HashMap<String, (usize, bool)>,
}

/// The earliest plausible record date: nothing an ISMS records predates it.
pub const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
/// How far past the as-of date a record date may lie (a follow-up, an
/// action's due date): five years.
pub const HORIZON_MONTHS: u32 = 60;

/// A map node being read, with the span that missing keys point at.
#[derive(Clone, Copy)]
pub struct Fields<'n> {
    pub node: &'n Node,
    /// Where "missing key" points: the key naming this map, or the opening
    /// `---` for the front matter itself.
    pub anchor: &'n Range<usize>,
    /// The key path of this map, for messages (`follow_up`, `actions[2]`).
    pub path: &'n str,
}

impl<'n> Fields<'n> {
    /// The value of a key; a key written with no value counts as absent.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.node.get(key).filter(|value| !value.is_null())
    }

    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.node.entry(key).map(|(k, _)| k.span.clone())
    }

    pub fn qualified(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

impl<'a> Decoder<'a> {
    /// `today` is the as-of date, which bounds plausible dates.
    pub fn new(file: &'a Arc<SourceFile>, tz: Tz, today: NaiveDate) -> Decoder<'a> {
        let latest = today
            .checked_add_months(Months::new(HORIZON_MONTHS))
            .unwrap_or(NaiveDate::MAX);
        Decoder {
            file,
            tz,
            diagnostics: Vec::new(),
            plausible: (EARLIEST, latest.max(EARLIEST)),
            near_misses: HashMap::new(),
        }
    }

    pub fn error(
        &mut self,
        rule: &'static str,
        message: impl Into<String>,
        span: Range<usize>,
        label: impl Into<String>,
        help: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::error(rule, message, Label::new(self.file, span, label));
        diagnostic.help = help;
        self.diagnostics.push(diagnostic);
    }

    pub fn wrong_type(&mut self, node: &Node, what: &str, expected: &str, help: Option<String>) {
        self.error(
            "wrong-type",
            format!("`{what}` must be {expected}, found {}", node.type_name()),
            node.span.clone(),
            format!("expected {expected}"),
            help,
        );
    }

    /// Opens a map, reporting a non-map value, duplicate keys and keys not in
    /// `known` (with a "did you mean").
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        anchor: &'n Range<usize>,
        path: &'n str,
        known: &[&str],
    ) -> Option<Fields<'n>> {
        let Value::Map(map) = &node.value else {
            self.wrong_type(node, path, "a map of keys", None);
            return None;
        };
        let fields = Fields { node, anchor, path };
        for (at, (key, _)) in map.entries().iter().enumerate() {
            let Some(name) = key.as_scalar() else {
                self.error(
                    "wrong-type",
                    "keys must be plain words",
                    key.span.clone(),
                    "not a word",
                    None,
                );
                continue;
            };
            if map.position(name) != Some(at) {
                self.error(
                    "duplicate-key",
                    format!("`{name}` is written twice"),
                    key.span.clone(),
                    "second time",
                    Some("YAML keeps only one of them: remove or merge the other".into()),
                );
            }
            if !known.contains(&name) {
                let where_ = if path.is_empty() {
                    String::new()
                } else {
                    format!(" in `{path}`")
                };
                let candidate = suggest::did_you_mean(name, known.iter().copied());
                if let Some(candidate) = candidate
                    && map.position(candidate).is_none()
                {
                    self.near_misses
                        .entry(fields.qualified(candidate))
                        .or_insert((self.diagnostics.len(), false));
                }
                let help = match candidate {
                    Some(candidate) => format!("did you mean `{candidate}`?"),
                    None if path.is_empty() => {
                        "free-form data goes under `extra:`; known keys: ".to_string()
                            + &known.join(", ")
                    }
                    None => format!("known keys: {}", known.join(", ")),
                };
                self.error(
                    "unknown-key",
                    format!("unknown key `{name}`{where_}"),
                    key.span.clone(),
                    "unknown key",
                    Some(help),
                );
            }
        }
        Some(fields)
    }

    /// Opens a map whose keys are those of a field table.
    pub fn fields_of<'n>(
        &mut self,
        node: &'n Node,
        anchor: &'n Range<usize>,
        path: &'n str,
        table: &[Field],
    ) -> Option<Fields<'n>> {
        let known: Vec<&str> = table.iter().map(|field| field.key).collect();
        self.fields(node, anchor, path, &known)
    }

    /// A required key of a field table, with the table's hint.
    pub fn require<'n>(
        &mut self,
        fields: Fields<'n>,
        table: &'static [Field],
        key: &str,
    ) -> Option<&'n Node> {
        // The hint is text for a diagnostic: made only when there is one.
        if let Some(value) = fields.get(key) {
            return Some(value);
        }
        let hint = fields::field(table, key).fixed_hint();
        self.required(fields, key, &hint)
    }

    /// When a missing `key` of `fields` is what an unknown key there was a
    /// near miss of, says so in that diagnostic's help and returns true: the
    /// typo is then the only diagnostic.
    fn explained_by_typo(&mut self, fields: Fields, key: &str) -> bool {
        let Some((index, noted)) = self.near_misses.get_mut(&fields.qualified(key)) else {
            return false;
        };
        if !*noted && let Some(help) = &mut self.diagnostics[*index].help {
            help.push_str(&format!(" (`{key}` is required and missing)"));
        }
        *noted = true;
        true
    }

    /// A map of free-form data (`extra:`): any keys, any values.
    pub fn free_map(&mut self, node: &Node, what: &str) {
        if !matches!(node.value, Value::Map(_)) {
            self.wrong_type(node, what, "a map of keys", None);
        }
    }

    /// As [`Decoder::required`], making the hint only when the key is
    /// missing.
    pub fn required_with<'n>(
        &mut self,
        fields: Fields<'n>,
        key: &str,
        hint: impl FnOnce() -> String,
    ) -> Option<&'n Node> {
        if let Some(value) = fields.get(key) {
            return Some(value);
        }
        self.required(fields, key, &hint())
    }

    /// A required key: reports it missing at the map's anchor.
    pub fn required<'n>(&mut self, fields: Fields<'n>, key: &str, hint: &str) -> Option<&'n Node> {
        if let Some(value) = fields.get(key) {
            return Some(value);
        }
        let path = fields.qualified(key);
        match fields.key_span(key) {
            Some(span) => self.error(
                "missing-key",
                format!("`{path}` has no value"),
                span,
                "empty",
                Some(format!("write `{key}: {hint}`")),
            ),
            None if self.explained_by_typo(fields, key) => {}
            None => {
                let label = if fields.path.is_empty() {
                    "front matter starts here".to_string()
                } else {
                    format!("in `{}`", fields.path)
                };
                self.error(
                    "missing-key",
                    format!("missing required key `{path}`"),
                    fields.anchor.clone(),
                    label,
                    Some(format!("add `{key}: {hint}`")),
                )
            }
        }
        None
    }

    /// A key required because of another value (a `resolved` date because
    /// `status: resolved`): reported at that value, which is what to look at.
    pub fn required_by(&mut self, fields: Fields, key: &str, hint: &str, cause: &str) {
        if fields.node.entry(key).is_some() {
            self.required(fields, key, hint);
            return;
        }
        let Some(value) = fields.get(cause) else {
            return;
        };
        if self.explained_by_typo(fields, key) {
            return;
        }
        let shown = value.as_scalar().unwrap_or_default().to_string();
        self.error(
            "missing-key",
            format!(
                "`{}` is {shown} but `{}` is missing",
                fields.qualified(cause),
                fields.qualified(key)
            ),
            value.span.clone(),
            format!("needs `{key}`"),
            Some(format!("add `{key}: {hint}`")),
        );
    }

    pub fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::Scalar { text, .. } if !node.is_null() => Some(text.clone()),
            _ => {
                self.wrong_type(node, what, "text", None);
                None
            }
        }
    }

    /// A non-empty string; empty text counts as missing.
    pub fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.string(node, what)?;
        if text.trim().is_empty() {
            self.error(
                "missing-key",
                format!("`{what}` is empty"),
                node.span.clone(),
                "empty",
                None,
            );
            return None;
        }
        Some(text)
    }

    pub fn bool(&mut self, node: &Node, what: &str) -> Option<bool> {
        match (&node.value, node.as_scalar()) {
            (Value::Scalar { plain: true, .. }, Some("true" | "True" | "TRUE")) => Some(true),
            (Value::Scalar { plain: true, .. }, Some("false" | "False" | "FALSE")) => Some(false),
            _ => {
                self.wrong_type(node, what, "true or false", None);
                None
            }
        }
    }

    pub fn number(&mut self, node: &Node, what: &str) -> Option<f64> {
        match (
            &node.value,
            node.as_scalar().map(|t| t.replace('_', "").parse::<f64>()),
        ) {
            (Value::Scalar { plain: true, .. }, Some(Ok(n))) if n.is_finite() => Some(n),
            _ => {
                self.wrong_type(node, what, "a number", None);
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    pub fn integer(&mut self, node: &Node, what: &str, min: u64, max: u64) -> Option<u64> {
        let parsed = match &node.value {
            Value::Scalar { plain: true, text } => text.replace('_', "").parse::<u64>().ok(),
            _ => None,
        };
        match parsed {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(n) => {
                self.error(
                    "unknown-value",
                    format!("`{what}` is {n}, outside {min} to {max}"),
                    node.span.clone(),
                    format!("expected {min} to {max}"),
                    None,
                );
                None
            }
            None => {
                self.wrong_type(node, what, "a whole number", None);
                None
            }
        }
    }

    pub fn date(&mut self, node: &Node, what: &str) -> Option<Timestamp> {
        let text = self.string(node, what)?;
        match Timestamp::parse(&text, self.tz) {
            Ok(timestamp) => {
                let (earliest, latest) = self.plausible;
                if (earliest..=latest).contains(&timestamp.date) {
                    return Some(timestamp);
                }
                self.error(
                    "bad-date",
                    format!(
                        "`{what}`: date {} is outside the plausible range {earliest}..={latest}",
                        text.trim()
                    ),
                    node.span.clone(),
                    "implausible date",
                    Some(format!(
                        "record dates lie between {earliest} and five years after the as-of date; check the year for a typo"
                    )),
                );
                None
            }
            Err(message) => {
                self.error(
                    "bad-date",
                    format!("`{what}`: {message}"),
                    node.span.clone(),
                    "not a date",
                    None,
                );
                None
            }
        }
    }

    /// One of a fixed list of words, with a "did you mean" when it is not.
    pub fn one_of(&mut self, node: &Node, what: &str, allowed: &[&str]) -> Option<String> {
        let text = self.string(node, what)?;
        if allowed.contains(&text.as_str()) {
            return Some(text);
        }
        self.error(
            "unknown-value",
            format!("unknown {what} `{text}`"),
            node.span.clone(),
            format!("not a {what}"),
            Some(suggest::help_for(&text, allowed)),
        );
        None
    }

    pub fn list<'n, T>(
        &mut self,
        node: &'n Node,
        what: &str,
        mut item: impl FnMut(&mut Self, &'n Node, usize) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Value::Seq(items) = &node.value else {
            let help = node
                .as_scalar()
                .map(|text| format!("write `{what}: [{text}]` for a list of one"));
            self.wrong_type(node, what, "a list", help);
            return None;
        };
        Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(index, node)| item(self, node, index))
                .collect(),
        )
    }

    pub fn strings(&mut self, node: &Node, what: &str) -> Option<Vec<String>> {
        self.list(node, what, |d, item, _| d.text(item, what))
    }

    /// A list of Annex A 2022 control IDs; unknown IDs are reported with the
    /// closest real one.
    pub fn controls(&mut self, node: &Node, what: &str) -> Option<Vec<String>> {
        self.list(node, what, |d, item, _| d.control(item, what))
    }

    pub fn control(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.string(node, what)?;
        let normalised = text
            .trim()
            .trim_start_matches("A.")
            .trim_start_matches("a.");
        if controls::find(normalised).is_some() && normalised == text.trim() {
            return Some(normalised.to_string());
        }
        let help = if controls::find(normalised).is_some() {
            format!("write `\"{normalised}\"`: controls are named by their 2022 number alone")
        } else {
            match suggest::did_you_mean(normalised, controls::ids()) {
                Some(candidate) => format!(
                    "did you mean `{candidate}` ({})? Annex A 2022 numbers its 93 controls 5.1-5.37, 6.1-6.8, 7.1-7.14 and 8.1-8.34",
                    controls::find(candidate).map_or("", |c| c.title)
                ),
                None => {
                    "Annex A 2022 numbers its 93 controls 5.1-5.37, 6.1-6.8, 7.1-7.14 and 8.1-8.34"
                        .to_string()
                }
            }
        };
        self.error(
            "unknown-control",
            format!("`{text}` is not an ISO/IEC 27001:2022 Annex A control"),
            node.span.clone(),
            "unknown control",
            Some(help),
        );
        None
    }

    /// A record or action ID: `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`, which keeps
    /// IDs usable as file names (no `/`, no leading `.`).
    pub fn id(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.string(node, what)?;
        if is_valid_id(&text) {
            return Some(text);
        }
        self.error(
            "invalid-id",
            format!("`{text}` is not a valid {what}"),
            node.span.clone(),
            "invalid ID",
            Some("IDs are 1-64 letters, digits, `.`, `_` or `-`, starting with a letter or digit (e.g. INC-2026-014)".into()),
        );
        None
    }
}

pub fn is_valid_id(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_alphanumeric()
        && text.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_be_paths() {
        assert!(is_valid_id("INC-2026-014"));
        assert!(is_valid_id("a.b_c-1"));
        assert!(!is_valid_id("../x"));
        assert!(!is_valid_id(".hidden"));
        assert!(!is_valid_id("a/b"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id(&"a".repeat(65)));
    }
}
