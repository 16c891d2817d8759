use super::*;

fn parse(text: &str) -> Result<Settings, Vec<Diagnostic>> {
    let file = SourceFile::new("book.toml", text.to_string());
    from_source(
        Path::new("/book"),
        &file,
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        &crate::validate::defaults(),
    )
}

fn first_error(text: &str) -> (String, String, (usize, usize), Option<String>) {
    let errors = parse(text).expect_err("book.toml should be refused");
    let d = &errors[0];
    (
        d.rule.to_string(),
        d.message.clone(),
        d.primary.line_col().unwrap_or((0, 0)),
        d.help.clone(),
    )
}

#[test]
fn day_counts_past_a_century_are_refused_at_their_line() {
    let (rule, message, at, _) =
        first_error("[book]\ntitle = \"T\"\n[policy]\nrecurrence_window_days = 4000000000\n");
    assert_eq!(
        (rule.as_str(), message.as_str(), at),
        (
            "config",
            "policy.recurrence_window_days is 4000000000 days; at most 36525 (a century) is allowed",
            (4, 26)
        )
    );
    let settings = parse(
        "[book]\ntitle = \"T\"\n[policy]\nfollow_up_after_days = 36525\nreview_within_days = 0\nrecord_within_days = 7\nmax_open_days = 45\n[provenance]\nshow_authors = true\n",
    )
    .unwrap();
    assert_eq!(
        (
            settings.policy.follow_up_after_days,
            settings.policy.review_within_days,
            settings.policy.record_within_days,
            settings.policy.max_open_days,
            settings.show_authors,
        ),
        (36_525, 0, 7, 45, true)
    );
    let (_, message, at, _) =
        first_error("[book]\ntitle = \"T\"\n[policy]\nmax_open_days = 36526\n");
    assert_eq!(
        (message.as_str(), at),
        (
            "policy.max_open_days is 36526 days; at most 36525 (a century) is allowed",
            (4, 17)
        )
    );
}

#[test]
fn defaults_fill_every_optional_key() {
    let settings = parse("[book]\ntitle = \"T\"\n").unwrap();
    assert_eq!(settings.src, Path::new("/book/records"));
    assert_eq!(settings.output, Path::new("/book/book"));
    assert_eq!(settings.policy.significant, 1);
    assert_eq!(settings.policy.high, 2);
    assert_eq!(settings.policy.min_whys, 5);
    assert_eq!(settings.policy.record_within_days, 30);
    assert_eq!(settings.policy.max_open_days, 30);
    assert!(!settings.show_authors);
    assert_eq!(settings.level("late-review"), Level::Warn);
    assert_eq!(settings.level("missing-review"), Level::Deny);
    assert_eq!(settings.timezone, Tz::UTC);
}

#[test]
fn unknown_key_has_location_and_suggestion() {
    let (rule, message, at, help) = first_error("[book]\ntitle = \"T\"\nsrcs = \"x\"\n");
    assert_eq!(rule, "unknown-key");
    assert!(message.contains("`srcs`"), "{message}");
    assert_eq!(at, (3, 1));
    assert_eq!(help.as_deref(), Some("did you mean `src`?"));
}

#[test]
fn unknown_rule_and_level_are_refused() {
    let (rule, _, at, help) =
        first_error("[book]\ntitle = \"T\"\n[rules]\nlate-reviews = \"warn\"\n");
    assert_eq!(rule, "unknown-key");
    assert_eq!(at, (4, 1));
    assert_eq!(help.as_deref(), Some("did you mean `late-review`?"));
    let (_, message, at, _) =
        first_error("[book]\ntitle = \"T\"\n[rules]\nlate-review = \"warning\"\n");
    assert!(message.contains("unknown level `warning`"));
    assert_eq!(at, (4, 15));
}

#[test]
fn bad_values_point_at_the_value() {
    let (_, message, at, help) =
        first_error("[book]\ntitle = \"T\"\n[build]\ntimezone = \"Europe/Londn\"\n");
    assert_eq!(message, "unknown time zone `Europe/Londn`");
    assert_eq!(at, (4, 12));
    assert_eq!(help.as_deref(), Some("did you mean `Europe/London`?"));
    let (_, message, at, _) =
        first_error("[book]\ntitle = \"T\"\n[policy]\nsignificant = \"severe\"\n");
    assert!(message.contains("not one of policy.severities"));
    assert_eq!(at, (4, 15));
    let (_, message, _, _) =
        first_error("[book]\ntitle = \"T\"\n[board]\nperiod = \"fortnight\"\n");
    assert!(message.contains("not a period"));
}

#[test]
fn missing_title_is_an_error() {
    let (_, message, _, _) = first_error("[book]\nsrc = \"x\"\n");
    assert!(message.contains("title"), "{message}");
}
