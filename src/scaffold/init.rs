//! The files of a new book (`lessonbook init`): book.toml with every key
//! and its default, one example incident, review and risk that pass
//! `check` on the day they are written, a .gitignore for the output, and
//! CI jobs for GitHub Actions and GitLab CI. book.toml is written from
//! config's own defaults, so it cannot drift from them (tests parse it back).

use std::path::PathBuf;

use chrono::{Datelike, Days, NaiveDate};

use crate::config::Policy;
use crate::procedure::Level;

/// Every file of a new book, relative to its root.
pub fn files(title: &str, today: NaiveDate, rules: &[(&str, Level)]) -> Vec<(PathBuf, String)> {
    let year = today.year();
    vec![
        ("book.toml".into(), book_toml(title, rules)),
        (
            format!("records/incidents/INC-{year}-001.md").into(),
            example_incident(today),
        ),
        (
            format!("records/reviews/PIR-{year}-001.md").into(),
            example_review(today),
        ),
        ("records/risks/RISK-001.md".into(), EXAMPLE_RISK.to_string()),
        (".gitignore".into(), GITIGNORE.to_string()),
        (
            ".github/workflows/lessonbook.yml".into(),
            GITHUB_WORKFLOW.to_string(),
        ),
        (".gitlab-ci.yml".into(), GITLAB_CI.to_string()),
    ]
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Deny => "deny",
        Level::Warn => "warn",
        Level::Allow => "allow",
    }
}

/// A TOML array of strings (each a JSON string, which TOML reads alike).
fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| quoted(item)).collect();
    format!("[{}]", items.join(", "))
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

pub fn book_toml(title: &str, rules: &[(&str, Level)]) -> String {
    let p = Policy::default();
    let mut out = format!(
        r#"# lessonbook configuration. Every key is shown with its default; only
# [book] title is required. Unknown keys are an error.

[book]
title = {title}
organisation = "Our organisation"     # shown on the site and in the board pack
src = "records"                       # the folder walked for *.md records
ignore = []                           # globs of files under src that are not records

[build]
output = "book"                       # where `lessonbook build` writes the site
theme = "default"                     # themes/<name>/ files override the built-in theme
timezone = "UTC"                      # IANA zone for dates written without an offset
rows_per_page = 1000                  # rows per page of the long lists; sorting and filtering span every page

[policy]                              # your incident procedure's parameters (ISO 27001 5.27)
severities = {severities}   # ordered, lowest first
significant = {significant}                # at or above this, an incident needs a full review
review_within_days = {review_within_days}               # review held at most this long after resolution
required_functions = {required_functions}   # reviews of high and above include all of these
min_functions = {min_functions}                     # any review: at least this many distinct functions
min_whys = {min_whys}                          # five-whys depth
follow_up_after_days = {follow_up_after_days}            # follow-up audit this long after the review...
follow_up_tolerance_days = {follow_up_tolerance_days}         # ...give or take this many days
record_within_days = {record_within_days}               # a review or follow-up result first committed later than this is `recorded-late`
max_open_days = {max_open_days}                    # open or contained longer than this after detection is `stale-incident`
recurrence_window_days = {recurrence_window_days}          # a same-type incident within this after a review is a recurrence
categories = {categories}
channels = {channels}

[rules]                               # each rule's level: "deny" (error), "warn" or "allow" (off)
"#,
        title = quoted(title),
        severities = list(&p.severities),
        significant = quoted(&p.severities[p.significant]),
        review_within_days = p.review_within_days,
        required_functions = list(&p.required_functions),
        min_functions = p.min_functions,
        min_whys = p.min_whys,
        follow_up_after_days = p.follow_up_after_days,
        follow_up_tolerance_days = p.follow_up_tolerance_days,
        record_within_days = p.record_within_days,
        max_open_days = p.max_open_days,
        recurrence_window_days = p.recurrence_window_days,
        categories = list(&p.categories),
        channels = list(&p.channels),
    );
    for (name, level) in rules {
        out.push_str(&format!("{name} = \"{}\"\n", level_name(*level)));
    }
    out.push_str(
        r#"
[provenance]                          # git history as the audit trail
show_authors = false                  # commit author names on record pages (personal data)

# A Statement of Applicability, when some Annex A controls are out of scope
# (or a soa.csv beside this file: control,applicable,justification; not both).
# Without one, every control applies.
# [soa]
# excluded = { "7.5" = "no physical premises of our own" }

[board]
period = "quarter"                    # quarter | month | year | "2026-Q3" | "2026-01-01..2026-06-30"
redact = []                           # extra regexes redacted in the board pack

[extra]                               # free data for your own templates
"#,
    );
    out
}

fn days_before(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn days_after(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_add_days(Days::new(days)).unwrap_or(today)
}

/// An incident detected a month before `today`, resolved the next day.
fn example_incident(today: NaiveDate) -> String {
    let year = today.year();
    let detected = days_before(today, 30);
    let resolved = days_before(today, 29);
    format!(
        r#"---
kind: incident
id: INC-{year}-001
title: Phishing e-mail led to a mailbox takeover
severity: high
category: social
variety: phishing
status: closed
channel: email
reporter: Service desk
detected: {detected} 09:15
contained: {detected} 11:40
resolved: {resolved}
personal_data: false
---
An example incident: replace it with your own (`lessonbook new incident`).

## What happened

A member of staff entered their password on a page copied from the
sign-in portal. The attacker read the mailbox for two hours.

## How it was found

The monitoring service flagged a sign-in from an unusual country.

## How it was handled

Sessions were revoked, the password reset and the mailbox rules checked.
"#
    )
}

/// The review of the example incident, a week after it was resolved, with
/// every step of the procedure recorded.
fn example_review(today: NaiveDate) -> String {
    let year = today.year();
    let detected = days_before(today, 30);
    let date = days_before(today, 22);
    let reported = days_before(today, 19);
    let action_due = days_after(today, 60);
    let follow_up = days_after(date, Policy::default().follow_up_after_days.into());
    format!(
        r#"---
kind: review
id: PIR-{year}-001
incidents: [INC-{year}-001]
date: {date}
chair: Head of Information Security
participants:
  - {{function: IT}}
  - {{function: Legal}}
  - {{function: HR}}
  - {{function: Operations}}
timeline:
  - {{at: {detected} 09:15, event: Unusual sign-in flagged by monitoring}}
  - {{at: {detected} 11:40, event: Sessions revoked and password reset}}
method: five-whys
root_cause:
  summary: Passwords alone protect the mailboxes
  category: technology
  whys:
    - The attacker signed in with a stolen password
    - The password was entered on a copied sign-in page
    - The copied page looked like the real one
    - Nothing but the password was asked for
    - Multi-factor authentication was never rolled out to mailboxes
risk_register:
  previously_documented: true
  risks: [RISK-001]
controls:
  - {{id: "5.17", outcome: failed, note: passwords without a second factor}}
lessons:
  - A password alone does not stop a phished account from being used
actions:
  - {{id: ACT-{year}-001, title: Require phishing-resistant MFA for mail, owner: IT Operations lead, due: {action_due}, controls: ["5.17"], type: technical, status: open}}
training:
  modules: [Recognising phishing]
  audiences: [All staff]
management_report: {{date: {reported}, to: Information Security Committee}}
follow_up: {{due: {follow_up}, auditor: Internal Audit}}
anonymised: true
approval: {{by: Chief Information Security Officer, date: {reported}}}
---
An example review: replace it with your own
(`lessonbook new review --incident INC-{year}-001`).
"#
    )
}

const EXAMPLE_RISK: &str = r#"---
kind: risk
id: RISK-001
title: Staff accounts taken over through phishing
owner: Head of IT
likelihood: 4
impact: 4
treatment: mitigate
controls: ["5.17", "6.3"]
status: open
---
An example risk: replace it with your own (`lessonbook new risk`).
"#;

const GITIGNORE: &str = "# lessonbook build output ([build] output) and its staging folders\n/book/\n/.book.staging-*/\n";

const GITHUB_WORKFLOW: &str = r#"# Checks the records on every push and pull request, and builds the site.
name: lessonbook
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0          # the whole history: lessonbook reads it as the audit trail
      - name: Install lessonbook
        run: cargo install --locked lessonbook
      - name: Check
        run: lessonbook check --format github
      - name: Build
        run: lessonbook build
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: book
"#;

const GITLAB_CI: &str = r#"# Checks the records on every push and merge request, and builds the site.
lessonbook:
  image: rust:latest
  variables:
    GIT_DEPTH: "0"                # the whole history: lessonbook reads it as the audit trail
  script:
    - cargo install --locked lessonbook
    - lessonbook check
    - lessonbook build
  artifacts:
    paths:
      - book/
"#;

#[cfg(test)]
mod tests;
