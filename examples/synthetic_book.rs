//! Writes a synthetic book of N record files for benchmarks:
//! `cargo run --release --example synthetic_book -- DIR N`. Deterministic
//! (a fixed xorshift seed): the same N gives the same files.
//!
//! The records have the size and shape of the sample book's: incidents of
//! 1–3 KB whose bodies have headings, lists and paragraphs; reviews of
//! 3–6 KB with participants, evidence, a timeline, five whys or a fishbone,
//! several controls and actions, lessons, training, sign-off and a written
//! body. Prose is drawn from a few thousand made-up words with a skewed
//! (Zipf-like) frequency, so a search index sees a realistic vocabulary.
//! Every book checks with no error.

use std::fmt::Write;
use std::path::Path;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// In `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }
    /// A uniform number in 0..1.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const CATEGORIES: &[(&str, &[&str])] = &[
    ("hacking", &["credential-stuffing", "sqli", "brute-force"]),
    ("malware", &["ransomware", "infostealer", "trojan"]),
    ("social", &["phishing", "pretexting", "bec"]),
    ("misuse", &["privilege-abuse", "data-mishandling"]),
    ("physical", &["theft", "tailgating"]),
    ("error", &["misdelivery", "misconfiguration", "loss"]),
    ("environmental", &["power-failure", "flood"]),
    ("unknown", &["unknown"]),
];
const SEVERITIES: &[&str] = &["low", "medium", "high", "critical"];
const CONTROLS: &[&str] = &[
    "5.7", "5.14", "5.15", "5.17", "5.23", "6.3", "7.2", "8.5", "8.7", "8.8", "8.12", "8.15",
    "8.16", "8.20", "8.23",
];
const FUNCTIONS: &[&str] = &[
    "IT",
    "Legal",
    "HR",
    "Operations",
    "Development",
    "Finance",
    "Customer Services",
];
const OWNERS: &[&str] = &[
    "IT Operations Lead",
    "Head of Digital",
    "Security Engineering Lead",
    "People Director",
    "Finance Systems Manager",
    "Portal Development Lead",
    "Service Desk Manager",
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ner", "tas", "vel", "dor", "pin", "sel", "ru", "fa", "gen", "hol", "tri",
    "bex", "cor", "dun", "el", "fro", "gli", "mar", "nov", "ost", "pra", "quin", "ros", "sta",
    "tul", "ump", "var",
];
/// Common words of incident writing, mixed into the made-up ones.
const COMMON: &[&str] = &[
    "the",
    "and",
    "of",
    "to",
    "a",
    "in",
    "was",
    "for",
    "on",
    "that",
    "with",
    "by",
    "alert",
    "account",
    "password",
    "server",
    "access",
    "user",
    "service",
    "network",
    "team",
    "customer",
    "data",
    "login",
    "firewall",
    "backup",
    "patch",
    "vendor",
    "laptop",
    "email",
    "report",
    "incident",
    "control",
    "review",
    "monitoring",
    "contained",
    "restored",
    "credentials",
];

/// A vocabulary of made-up words, drawn with a skewed frequency.
struct Words {
    words: Vec<String>,
}

impl Words {
    fn new(rng: &mut Rng, count: usize) -> Words {
        let mut words: Vec<String> = COMMON.iter().map(|w| w.to_string()).collect();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < count {
            let syllables = rng.between(2, 4);
            let word: String = (0..syllables).map(|_| rng.pick(SYLLABLES)).collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        Words { words }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        // u³ puts most draws on the first (common) words, as prose does.
        let u = rng.unit();
        &self.words[((u * u * u) * self.words.len() as f64) as usize]
    }

    fn sentence(&self, rng: &mut Rng, words: u64) -> String {
        let mut text = String::new();
        for i in 0..words {
            if i > 0 {
                text.push(' ');
            }
            let word = self.word(rng);
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            } else {
                text.push_str(word);
            }
        }
        text.push('.');
        text
    }

    /// A paragraph of `low..=high` sentences.
    fn paragraph(&self, rng: &mut Rng, low: u64, high: u64) -> String {
        let sentences = rng.between(low, high);
        (0..sentences)
            .map(|_| {
                let n = rng.between(8, 18);
                self.sentence(rng, n)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A short phrase without a full stop, for titles and list items.
    fn phrase(&self, rng: &mut Rng, words: u64) -> String {
        let mut text = self.sentence(rng, words);
        text.pop();
        text
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(total)) = (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: synthetic_book DIR N");
        std::process::exit(2);
    };
    let root = Path::new(dir);
    for folder in ["records/incidents", "records/reviews", "records/risks"] {
        std::fs::create_dir_all(root.join(folder))?;
    }
    // Dates run 2021-2025 and the benchmarks' as-of date is 2026-11-27, so
    // rules about deadlines relative to today are off: every action and
    // follow-up would be long overdue by then.
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Synthetic benchmark book\"\norganisation = \"Bench Ltd\"\n\n[rules]\naction-overdue = \"allow\"\nfollow-up-overdue = \"allow\"\nlate-review = \"allow\"\nrecurred-after-fix = \"allow\"\n",
    )?;
    let risks = (total / 50).max(1);
    let reviews = (total - risks) * 2 / 5;
    let incidents = total - risks - reviews;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let words = Words::new(&mut rng, 4000);
    for r in 0..risks {
        let mut text = format!(
            "---\nkind: risk\nid: RISK-{r:05}\ntitle: {}\nowner: {}\nlikelihood: {}\nimpact: {}\ntreatment: mitigate\ncontrols: [\"{}\", \"{}\"]\nstatus: open\n---\n",
            words.phrase(&mut rng, 5),
            rng.pick(OWNERS),
            rng.between(1, 5),
            rng.between(1, 5),
            rng.pick(CONTROLS),
            rng.pick(CONTROLS),
        );
        let _ = write!(
            text,
            "## Description\n\n{}\n\n## Treatment\n\n- {}\n- {}\n",
            words.paragraph(&mut rng, 3, 3),
            words.phrase(&mut rng, 7),
            words.phrase(&mut rng, 6),
        );
        std::fs::write(root.join(format!("records/risks/RISK-{r:05}.md")), text)?;
    }
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("valid date");
    let days = 365 * 5;
    for i in 0..incidents {
        let detected = start + chrono::Duration::days((i * days / incidents) as i64);
        let (category, varieties) = CATEGORIES[(rng.below(CATEGORIES.len() as u64)) as usize];
        let variety = rng.pick(varieties);
        // Reviewed incidents are medium or above; the rest are low and waived.
        let reviewed = i < reviews;
        let severity = if reviewed {
            SEVERITIES[1 + rng.below(3) as usize]
        } else {
            "low"
        };
        let resolved = detected + chrono::Duration::days(rng.between(1, 5) as i64);
        let mut text = String::new();
        let _ = write!(
            text,
            "---\nkind: incident\nid: INC-{i:06}\ntitle: {} ({variety})\nseverity: {severity}\ncategory: {category}\nvariety: {variety}\nstatus: closed\noccurred: {detected} 07:{:02}\ndetected: {detected} 09:00\ncontained: {detected} 13:00\nresolved: {resolved}\nchannel: monitoring\nreporter: SOC analyst\nassets: [AST-{:04}, AST-{:04}]\nimpact: {{cost: {}, currency: GBP, records: {}, downtime_hours: {}}}\n",
            words.phrase(&mut rng, 6),
            rng.below(60),
            rng.below(9999),
            rng.below(9999),
            rng.below(20_000),
            rng.below(500),
            rng.below(12)
        );
        if !reviewed {
            let _ = write!(
                text,
                "review_waiver: Contained automatically; no user impact\ndecided_by: Head of Security\ndecided: {resolved}\n"
            );
        }
        text.push_str("---\n");
        let _ = write!(
            text,
            "## What happened\n\n{}\n\n{}\n\n## Detection and containment\n\n",
            words.paragraph(&mut rng, 2, 4),
            words.paragraph(&mut rng, 1, 3),
        );
        for _ in 0..rng.between(3, 6) {
            let n = rng.between(5, 12);
            let _ = writeln!(text, "- {}", words.phrase(&mut rng, n));
        }
        let _ = write!(text, "\n## Impact\n\n{}\n", words.paragraph(&mut rng, 1, 4),);
        std::fs::write(root.join(format!("records/incidents/INC-{i:06}.md")), text)?;
        if reviewed {
            let review = review_text(&mut rng, &words, i, detected, risks);
            std::fs::write(root.join(format!("records/reviews/PIR-{i:06}.md")), review)?;
        }
    }
    println!(
        "wrote {incidents} incidents, {reviews} reviews, {risks} risks to {}",
        root.display()
    );
    Ok(())
}

fn review_text(
    rng: &mut Rng,
    words: &Words,
    i: usize,
    detected: chrono::NaiveDate,
    risks: usize,
) -> String {
    let date = detected + chrono::Duration::days(8);
    let mut text = format!(
        "---\nkind: review\nid: PIR-{i:06}\nincidents: [INC-{i:06}]\ndate: {date}\nchair: Head of Security\nparticipants:\n"
    );
    // The four functions a high incident's review needs, and up to two more.
    let functions = rng.between(4, 6) as usize;
    for function in &FUNCTIONS[..functions] {
        let _ = writeln!(text, "  - {{function: {function}}}");
    }
    text.push_str("evidence:\n");
    for k in 0..rng.between(2, 3) {
        let _ = writeln!(
            text,
            "  - {{ref: SEC-{:05}-{k}, kind: ticket}}",
            rng.below(99_999)
        );
    }
    text.push_str("timeline:\n");
    let events = rng.between(4, 8);
    for k in 0..events {
        let n = rng.between(5, 10);
        let _ = writeln!(
            text,
            "  - {{at: \"{detected} {:02}:{:02}\", event: \"{}\"}}",
            9 + k,
            rng.below(60),
            words.phrase(rng, n)
        );
    }
    let summary = words.phrase(rng, 14);
    if i.is_multiple_of(3) {
        let _ = write!(
            text,
            "method: fishbone\nroot_cause:\n  summary: \"{summary}\"\n  category: technology\n  fishbone:\n"
        );
        for branch in ["technology", "process", "people"] {
            let _ = writeln!(text, "    {branch}:");
            for _ in 0..rng.between(1, 3) {
                let n = rng.between(5, 10);
                let _ = writeln!(text, "      - \"{}\"", words.phrase(rng, n));
            }
        }
    } else {
        let _ = write!(
            text,
            "method: five-whys\nroot_cause:\n  summary: \"{summary}\"\n  category: process\n  whys:\n"
        );
        for _ in 0..5 {
            let n = rng.between(6, 12);
            let _ = writeln!(text, "    - \"{}\"", words.phrase(rng, n));
        }
    }
    let _ = write!(
        text,
        "risk_register:\n  previously_documented: true\n  risks: [RISK-{:05}]\n",
        rng.below(risks as u64)
    );
    // Distinct failed controls; each is treated by the action of its index.
    let failed_count = rng.between(1, 3) as usize;
    let offset = rng.below(CONTROLS.len() as u64) as usize;
    let failed: Vec<&str> = (0..failed_count)
        .map(|k| CONTROLS[(offset + k) % CONTROLS.len()])
        .collect();
    text.push_str("controls:\n");
    for control in &failed {
        let n = rng.between(4, 9);
        let _ = writeln!(
            text,
            "  - {{id: \"{control}\", outcome: failed, note: \"{}\"}}",
            words.phrase(rng, n)
        );
    }
    let _ = writeln!(
        text,
        "  - {{id: \"{}\", outcome: effective}}",
        CONTROLS[(offset + failed_count) % CONTROLS.len()]
    );
    text.push_str("lessons:\n");
    for _ in 0..rng.between(2, 4) {
        let n = rng.between(10, 18);
        let _ = writeln!(text, "  - \"{}\"", words.sentence(rng, n));
    }
    text.push_str("actions:\n");
    let actions = rng.between(failed_count as u64, 5) as usize;
    for k in 0..actions {
        let control = failed[k % failed.len()];
        let due = date + chrono::Duration::days(rng.between(20, 90) as i64);
        let n = rng.between(6, 12);
        let _ = write!(
            text,
            "  - id: ACT-{i:06}-{k}\n    title: \"{}\"\n    owner: {}\n    due: {due}\n    controls: [\"{control}\"]\n    type: {}\n",
            words.phrase(rng, n),
            rng.pick(OWNERS),
            if k % 2 == 0 { "technical" } else { "process" },
        );
        if rng.below(10) < 8 {
            let done = date + chrono::Duration::days(rng.between(5, 100) as i64);
            let _ = writeln!(text, "    status: done\n    done: {done}");
        } else {
            text.push_str("    status: in-progress\n");
        }
    }
    let _ = write!(
        text,
        "training: {{modules: [\"{}\"], audiences: [All staff]}}\nmanagement_report: {{date: {}, to: Board}}\nfollow_up: {{due: {}, done: {}, effective: true, auditor: Internal Audit}}\nanonymised: true\napproval: {{by: CISO, role: Chief Information Security Officer, date: {}}}\n---\n",
        words.phrase(rng, 3),
        date + chrono::Duration::days(3),
        date + chrono::Duration::days(180),
        date + chrono::Duration::days(179),
        date + chrono::Duration::days(2),
    );
    let _ = write!(
        text,
        "## Summary\n\n{}\n\n## Analysis\n\n{}\n\n{}\n\n## What went well\n\n",
        words.paragraph(rng, 2, 4),
        words.paragraph(rng, 2, 5),
        words.paragraph(rng, 1, 3),
    );
    for _ in 0..rng.between(2, 4) {
        let n = rng.between(6, 12);
        let _ = writeln!(text, "- {}", words.phrase(rng, n));
    }
    text.push_str("\n## What to improve\n\n");
    for _ in 0..rng.between(2, 4) {
        let n = rng.between(6, 12);
        let _ = writeln!(text, "- {}", words.phrase(rng, n));
    }
    text
}
