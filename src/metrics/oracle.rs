//! An independent check of the metrics: random record sets are generated as
//! plain structs, written out as record files and run through the real
//! parser and `Analysis`; the same numbers are computed here again by brute
//! force from the structs (quadratic recurrence, no shared code) and must
//! agree exactly, for every quarter and for the whole history.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::{Analysis, Metrics};
use crate::period::Period;
use crate::testing::{Rng, load, settings};

struct Inc {
    id: String,
    severity: usize,
    category: &'static str,
    variety: Option<&'static str>,
    nature: &'static str,
    resolved_status: bool,
    occurred: Option<NaiveDateTime>,
    detected: NaiveDateTime,
    detected_has_time: bool,
    contained: Option<NaiveDateTime>,
    resolved: Option<NaiveDateTime>,
    cost: Option<(u64, &'static str)>,
    downtime: Option<u64>,
}

const SEVERITIES: [&str; 4] = ["low", "medium", "high", "critical"];

struct Act {
    due: NaiveDate,
    status: &'static str,
    done: Option<NaiveDate>,
}

struct Rev {
    id: String,
    incidents: Vec<usize>,
    date: NaiveDate,
    controls: Vec<(&'static str, &'static str)>,
    actions: Vec<Act>,
    follow_up: (NaiveDate, Option<NaiveDate>, Option<bool>),
}

fn stamp(at: NaiveDateTime, has_time: bool) -> String {
    if has_time {
        at.format("%Y-%m-%d %H:%M").to_string()
    } else {
        at.date().to_string()
    }
}

fn generate(seed: u64) -> (Vec<Inc>, Vec<Rev>) {
    let mut rng = Rng(seed);
    let start = NaiveDate::from_ymd_opt(2025, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let mut incidents = Vec::new();
    for i in 0..70 {
        let detected_has_time = rng.chance(70);
        let mut detected = start + Duration::days(rng.below(540) as i64);
        if detected_has_time {
            detected += Duration::minutes(rng.below(24 * 60) as i64);
        }
        let nature = match rng.below(10) {
            0 => "near-miss",
            1 => "false-positive",
            2 => "suspected",
            _ => "confirmed",
        };
        let resolved_status = rng.chance(80);
        let contained = rng
            .chance(60)
            .then(|| detected + Duration::minutes(rng.below(600) as i64));
        let resolved = resolved_status.then(|| {
            contained.unwrap_or(detected) + Duration::minutes(60 + rng.below(9000) as i64)
        });
        incidents.push(Inc {
            id: format!("INC-{i:03}"),
            severity: rng.below(4) as usize,
            category: ["social", "malware", "error"][rng.below(3) as usize],
            variety: [Some("phishing"), Some("misdelivery"), None][rng.below(3) as usize],
            nature,
            resolved_status,
            occurred: rng
                .chance(50)
                .then(|| detected - Duration::minutes(rng.below(3000) as i64)),
            detected,
            detected_has_time,
            contained,
            resolved,
            cost: rng
                .chance(30)
                .then(|| (rng.below(5000), ["GBP", "EUR"][rng.below(2) as usize])),
            downtime: rng.chance(25).then(|| rng.below(48)),
        });
    }
    let mut reviews = Vec::new();
    for (i, incident) in incidents.iter().enumerate() {
        let Some(resolved) = incident.resolved else {
            continue;
        };
        if !rng.chance(65) {
            continue;
        }
        let mut covered = vec![i];
        if rng.chance(10)
            && i + 1 < incidents.len()
            && incidents[i + 1].detected.date() <= resolved.date()
        {
            covered.push(i + 1);
        }
        let date = resolved.date() + Duration::days(rng.below(20) as i64);
        let controls = (0..1 + rng.below(2))
            .map(|_| {
                (
                    ["5.17", "8.5", "8.16", "5.14"][rng.below(4) as usize],
                    ["failed", "bypassed", "missing", "effective"][rng.below(4) as usize],
                )
            })
            .collect();
        let actions = (0..rng.below(3))
            .map(|_| {
                let due = date + Duration::days(10 + rng.below(120) as i64);
                let status = [
                    "open",
                    "in-progress",
                    "done",
                    "done",
                    "done",
                    "done",
                    "cancelled",
                ][rng.below(7) as usize];
                let done =
                    (status == "done").then(|| date + Duration::days(1 + rng.below(60) as i64));
                Act { due, status, done }
            })
            .collect();
        let due = date + Duration::days(180);
        let done = rng
            .chance(50)
            .then(|| due - Duration::days(rng.below(10) as i64));
        let effective = done.and_then(|_| [Some(true), Some(false), None][rng.below(3) as usize]);
        reviews.push(Rev {
            id: format!("PIR-{i:03}"),
            incidents: covered,
            date,
            controls,
            actions,
            follow_up: (due, done, effective),
        });
    }
    (incidents, reviews)
}

fn files(incidents: &[Inc], reviews: &[Rev]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for inc in incidents {
        let mut text = format!(
            "---\nkind: incident\nid: {}\ntitle: t\nseverity: {}\ncategory: {}\nnature: {}\nstatus: {}\ndetected: {}\n",
            inc.id,
            SEVERITIES[inc.severity],
            inc.category,
            inc.nature,
            if inc.resolved_status {
                "closed"
            } else {
                "open"
            },
            stamp(inc.detected, inc.detected_has_time)
        );
        if let Some(variety) = inc.variety {
            text += &format!("variety: {variety}\n");
        }
        if let Some(at) = inc.occurred {
            text += &format!("occurred: {}\n", stamp(at, true));
        }
        if let Some(at) = inc.contained {
            text += &format!("contained: {}\n", stamp(at, true));
        }
        if let Some(at) = inc.resolved {
            text += &format!("resolved: {}\n", stamp(at, true));
        }
        match (inc.cost, inc.downtime) {
            (Some((cost, currency)), Some(hours)) => {
                text += &format!(
                    "impact: {{cost: {cost}, currency: {currency}, downtime_hours: {hours}}}\n"
                )
            }
            (Some((cost, currency)), None) => {
                text += &format!("impact: {{cost: {cost}, currency: {currency}}}\n")
            }
            (None, Some(hours)) => text += &format!("impact: {{downtime_hours: {hours}}}\n"),
            (None, None) => {}
        }
        out.push((format!("r/{}.md", inc.id), text + "---\n"));
    }
    for (r, rev) in reviews.iter().enumerate() {
        let ids: Vec<&str> = rev
            .incidents
            .iter()
            .map(|&i| incidents[i].id.as_str())
            .collect();
        let mut text = format!(
            "---\nkind: review\nid: {}\nincidents: [{}]\ndate: {}\nparticipants: [{{function: IT}}]\nmethod: other\nroot_cause: {{summary: s, category: process}}\nlessons: [l]\ncontrols:\n",
            rev.id,
            ids.join(", "),
            rev.date
        );
        for (id, outcome) in &rev.controls {
            text += &format!("  - {{id: \"{id}\", outcome: {outcome}}}\n");
        }
        if !rev.actions.is_empty() {
            text += "actions:\n";
        }
        for (a, act) in rev.actions.iter().enumerate() {
            text += &format!(
                "  - {{id: ACT-{r}-{a}, title: t, due: {}, type: process, status: {}",
                act.due, act.status
            );
            if let Some(done) = act.done {
                text += &format!(", done: {done}");
            }
            text += "}\n";
        }
        let (due, done, effective) = rev.follow_up;
        text += &format!("follow_up: {{due: {due}");
        if let Some(done) = done {
            text += &format!(", done: {done}");
        }
        if let Some(effective) = effective {
            text += &format!(", effective: {effective}");
        }
        out.push((format!("r/{}.md", rev.id), text + "}\n---\n"));
    }
    out
}

fn real(inc: &Inc) -> bool {
    matches!(inc.nature, "confirmed" | "suspected")
}

fn hours(later: NaiveDateTime, earlier: NaiveDateTime) -> f64 {
    (later - earlier).num_seconds() as f64 / 3600.0
}

fn stats(mut values: Vec<f64>) -> (usize, Option<f64>, Option<f64>, Option<f64>) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return (0, None, None, None);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    let rank = (0.9 * n as f64).ceil() as usize;
    (n, Some(mean), Some(median), Some(values[rank.max(1) - 1]))
}

/// Whether I matches an earlier incident under SPEC §4's window test for
/// one kind of key, and whether it does so after a fix. Quadratic on purpose.
fn matches(
    incidents: &[Inc],
    reviews: &[Rev],
    i: usize,
    window: i64,
    keys: &dyn Fn(usize) -> Vec<String>,
) -> (bool, bool) {
    let day = incidents[i].detected.date();
    let mine = keys(i);
    let (mut found, mut after_fix) = (false, false);
    for (j, other) in incidents.iter().enumerate() {
        if j == i || !real(other) || !keys(j).iter().any(|k| mine.contains(k)) {
            continue;
        }
        for rev in reviews.iter().filter(|r| r.incidents.contains(&j)) {
            if rev.date < day && (day - rev.date).num_days() <= window {
                found = true;
                after_fix |= !rev.actions.is_empty()
                    && rev
                        .actions
                        .iter()
                        .all(|a| a.status == "done" && a.done.is_some_and(|d| d < day));
            }
        }
    }
    (found, after_fix)
}

/// Not cancelled and not done by the end of `day`.
fn not_closed(act: &Act, day: NaiveDate) -> bool {
    match act.status {
        "open" | "in-progress" => true,
        "done" => act.done.is_some_and(|d| d > day),
        _ => false,
    }
}

/// Open at the end of `day`: agreed by then, and not closed.
fn open_on(rev: &Rev, act: &Act, day: NaiveDate) -> bool {
    rev.date <= day && not_closed(act, day)
}

fn median(values: Vec<f64>) -> Option<f64> {
    stats(values).2
}

/// The brute-force computation, straight from SPEC §4.
fn oracle(
    incidents: &[Inc],
    reviews: &[Rev],
    period: Period,
    as_of: NaiveDate,
    window: i64,
) -> Metrics {
    let type_keys = |i: usize| -> Vec<String> {
        incidents[i]
            .variety
            .iter()
            .map(|v| format!("{}/{v}", incidents[i].category))
            .collect()
    };
    let control_keys = |i: usize| -> Vec<String> {
        let mut keys = Vec::new();
        for rev in reviews.iter().filter(|r| r.incidents.contains(&i)) {
            for (id, outcome) in &rev.controls {
                if *outcome != "effective" {
                    keys.push(format!("control:{id}"));
                }
            }
        }
        keys
    };
    let mut m = Metrics::default();
    let (mut mttd, mut mttc, mut mttr, mut to_review) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, inc) in incidents.iter().enumerate() {
        let day = inc.detected.date();
        if inc.nature == "near-miss" && period.contains(day) {
            m.near_misses += 1;
        }
        if !real(inc) {
            continue;
        }
        if period.contains(day) {
            m.incidents += 1;
            m.high_or_above += usize::from(inc.severity >= 2);
            *m.by_severity
                .entry(SEVERITIES[inc.severity].into())
                .or_default() += 1;
            *m.by_category.entry(inc.category.into()).or_default() += 1;
            if let Some((cost, currency)) = inc.cost {
                *m.cost.entry(currency.into()).or_default() += cost as f64;
            }
            m.downtime_hours += inc.downtime.unwrap_or(0) as f64;
            let (recurs, type_fix) = matches(incidents, reviews, i, window, &type_keys);
            let (repeats, control_fix) = matches(incidents, reviews, i, window, &control_keys);
            m.recurrences += usize::from(recurs);
            m.repeat_control_failures += usize::from(repeats);
            m.repeats_after_fix += usize::from(type_fix || control_fix);
        }
        if let Some(resolved) = inc.resolved.filter(|r| period.contains(r.date())) {
            if let Some(occurred) = inc.occurred {
                mttd.push(hours(inc.detected, occurred));
            }
            if let Some(contained) = inc.contained {
                mttc.push(hours(contained, inc.detected));
            }
            mttr.push(hours(resolved, inc.detected));
            m.needing_review += 1;
            let first = reviews
                .iter()
                .filter(|r| r.incidents.contains(&i) && r.date <= as_of)
                .map(|r| r.date)
                .min();
            if let Some(first) = first {
                m.reviewed += 1;
                to_review.push((first - resolved.date()).num_days() as f64);
            }
        }
    }
    let rate = |part: usize, whole: usize| (whole > 0).then(|| part as f64 / whole as f64);
    m.review_coverage = rate(m.reviewed, m.needing_review);
    m.recurrence_rate = rate(m.recurrences, m.incidents);
    m.repeat_control_failure_rate = rate(m.repeat_control_failures, m.incidents);
    m.time_to_review_days_median = median(to_review);
    (
        m.mttd_hours_n,
        m.mttd_hours_mean,
        m.mttd_hours_median,
        m.mttd_hours_p90,
    ) = stats(mttd);
    (
        m.mttc_hours_n,
        m.mttc_hours_mean,
        m.mttc_hours_median,
        m.mttc_hours_p90,
    ) = stats(mttc);
    (
        m.mttr_hours_n,
        m.mttr_hours_mean,
        m.mttr_hours_median,
        m.mttr_hours_p90,
    ) = stats(mttr);
    let end_day = (period.start <= as_of).then(|| (period.end.pred_opt().unwrap()).min(as_of));
    let mut days_to_done = Vec::new();
    let (mut open_at_end, mut overdue_at_end) = (0, 0);
    for rev in reviews {
        if period.contains(rev.date) {
            let failed: std::collections::BTreeSet<&str> = rev
                .controls
                .iter()
                .filter(|(_, o)| *o != "effective")
                .map(|(id, _)| *id)
                .collect();
            let effective: std::collections::BTreeSet<&str> = rev
                .controls
                .iter()
                .filter(|(id, o)| *o == "effective" && !failed.contains(id))
                .map(|(id, _)| *id)
                .collect();
            for id in failed {
                *m.control_failures.entry(id.into()).or_default() += 1;
            }
            for id in effective {
                *m.control_effective.entry(id.into()).or_default() += 1;
            }
        }
        for act in &rev.actions {
            if let Some(day) = end_day
                && open_on(rev, act, day)
            {
                open_at_end += 1;
                overdue_at_end += usize::from(act.due < day);
            }
            if !period.contains(act.due) {
                continue;
            }
            m.actions_due += 1;
            if not_closed(act, as_of) {
                m.actions_open += 1;
                m.actions_overdue += usize::from(act.due < as_of);
            }
            if let Some(done) = act.done {
                m.actions_done += 1;
                m.actions_done_on_time += usize::from(done <= act.due);
                days_to_done.push((done - rev.date).num_days() as f64);
            }
        }
        let (due, done, effective) = rev.follow_up;
        if period.contains(due) {
            m.follow_ups_due += 1;
            if done.is_some_and(|d| d <= as_of) {
                m.follow_ups_done += 1;
                m.follow_ups_effective += usize::from(effective == Some(true));
            }
        }
    }
    if end_day.is_some() {
        m.actions_open_at_end = Some(open_at_end);
        m.actions_overdue_at_end = Some(overdue_at_end);
    }
    m.actions_done_on_time_rate = rate(m.actions_done_on_time, m.actions_done);
    m.actions_days_to_done_median = median(days_to_done);
    m.follow_ups_effective_rate = rate(m.follow_ups_effective, m.follow_ups_done);
    m
}

/// Every field of `Metrics`, as its metrics.json value with numbers rounded
/// to six decimals, so a field the oracle does not compute cannot slip by
/// and a mismatch names itself.
fn comparable(m: &Metrics) -> BTreeMap<String, String> {
    fn round(value: serde_json::Value) -> String {
        match value {
            serde_json::Value::Number(n) => format!("{:.6}", n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::Object(map) => format!(
                "{:?}",
                map.into_iter()
                    .map(|(k, v)| (k, round(v)))
                    .collect::<BTreeMap<_, _>>()
            ),
            other => other.to_string(),
        }
    }
    match serde_json::to_value(m).expect("metrics serialise") {
        serde_json::Value::Object(map) => map.into_iter().map(|(k, v)| (k, round(v))).collect(),
        _ => unreachable!("Metrics is a struct"),
    }
}

#[test]
fn metrics_agree_with_a_brute_force_computation_on_random_books() {
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    for (seed, window) in [
        (0x9E37_79B9_7F4A_7C15u64, 365),
        (0xD1B5_4A32_D192_ED03, 60),
        (0x2545_F491_4F6C_DD1D, 120),
        (0xA076_1D64_78BD_642F, 30),
    ] {
        let (incidents, reviews) = generate(seed);
        let toml = format!("[book]\ntitle = \"T\"\n[policy]\nrecurrence_window_days = {window}\n");
        let settings = settings(Some(&toml), "2026-06-15");
        let files = files(&incidents, &reviews);
        let (mut book, diagnostics) = load(&files, &settings);
        assert!(
            diagnostics.is_empty(),
            "seed {seed:x}: {:?}",
            diagnostics
                .iter()
                .map(|d| (&d.message, d.primary.file.path()))
                .collect::<Vec<_>>()
        );
        book.incidents.sort_by(|a, b| a.id.cmp(&b.id));
        book.reviews.sort_by(|a, b| a.id.cmp(&b.id));
        let analysis = Analysis::new(&book, &settings);
        let mut periods = vec![Period::ALL];
        periods.extend(
            (2025..=2026).flat_map(|y| (1..=4).map(move |q| Period::quarter(y, q).unwrap())),
        );
        periods.extend((1..=12).map(|month| Period::month(2026, month).unwrap()));
        let (mut recurrences, mut repeats, mut after_fix) = (0, 0, 0);
        for period in periods {
            let expected = oracle(&incidents, &reviews, period, as_of, window);
            let actual = analysis.metrics(period);
            assert_eq!(
                comparable(&actual),
                comparable(&expected),
                "seed {seed:x}, window {window}, period {period:?}"
            );
            if period != Period::ALL {
                recurrences += expected.recurrences;
                repeats += expected.repeat_control_failures;
                after_fix += expected.repeats_after_fix;
            }
        }
        assert!(
            recurrences > 0 && repeats > 0 && after_fix > 0,
            "seed {seed:x} exercises too little: {recurrences} recurrences, {repeats} repeat control failures, {after_fix} after a fix"
        );
    }
}
