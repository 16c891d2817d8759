//! Writes a synthetic book of N record files for benchmarks:
//! `cargo run --release --example synthetic_book -- DIR N`. Deterministic
//! (a fixed xorshift seed): the same N gives the same files.

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
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Synthetic benchmark book\"\norganisation = \"Bench Ltd\"\n\n[rules]\naction-overdue = \"allow\"\nfollow-up-overdue = \"allow\"\nlate-review = \"allow\"\nrecurred-after-fix = \"allow\"\n",
    )?;
    let risks = (total / 50).max(1);
    let reviews = (total - risks) * 2 / 5;
    let incidents = total - risks - reviews;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for r in 0..risks {
        let text = format!(
            "---\nkind: risk\nid: RISK-{r:05}\ntitle: Synthetic risk {r}\nowner: Risk owner {}\nlikelihood: {}\nimpact: {}\ntreatment: mitigate\ncontrols: [\"{}\"]\nstatus: open\n---\nA synthetic risk for benchmarks.\n",
            r % 17,
            rng.below(5) + 1,
            rng.below(5) + 1,
            rng.pick(CONTROLS)
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
        let mut text = String::new();
        let _ = write!(
            text,
            "---\nkind: incident\nid: INC-{i:06}\ntitle: Synthetic incident {i} - {variety} affecting service {}\nseverity: {severity}\ncategory: {category}\nvariety: {variety}\nstatus: closed\noccurred: {detected} 07:{:02}\ndetected: {detected} 09:00\ncontained: {detected} 13:00\nresolved: {}\nchannel: monitoring\nreporter: SOC analyst\nassets: [AST-{:04}]\nimpact: {{cost: {}, currency: GBP, downtime_hours: {}}}\n",
            rng.below(40),
            rng.below(60),
            detected + chrono::Duration::days(1 + rng.below(5) as i64),
            rng.below(9999),
            rng.below(20_000),
            rng.below(12)
        );
        if !reviewed {
            text.push_str("review_waiver: Contained automatically; no user impact\n");
        }
        text.push_str("---\n## What happened\n\nA synthetic narrative paragraph describing detection, containment and recovery, long enough to be realistic for markdown rendering and escaping work.\n\n- first observation\n- second observation\n");
        std::fs::write(root.join(format!("records/incidents/INC-{i:06}.md")), text)?;
        if reviewed {
            let date = detected + chrono::Duration::days(8);
            let control = rng.pick(CONTROLS);
            let review = format!(
                "---\nkind: review\nid: PIR-{i:06}\nincidents: [INC-{i:06}]\ndate: {date}\nchair: Head of Security\nparticipants:\n  - {{function: IT}}\n  - {{function: Legal}}\n  - {{function: HR}}\n  - {{function: Operations}}\ntimeline:\n  - {{at: {detected} 09:00, event: Alert}}\n  - {{at: {detected} 13:00, event: Contained}}\nmethod: five-whys\nroot_cause:\n  summary: Synthetic root cause {i}\n  category: process\n  whys: [one, two, three, four, five]\nrisk_register:\n  previously_documented: true\n  risks: [RISK-{:05}]\ncontrols:\n  - {{id: \"{control}\", outcome: failed}}\n  - {{id: \"8.16\", outcome: effective}}\nlessons: [Synthetic lesson {i}]\nactions:\n  - {{id: ACT-{i:06}, title: Fix {i}, owner: Team {}, due: {}, controls: [\"{control}\"], type: technical, status: done, done: {}}}\ntraining: {{none: synthetic}}\nmanagement_report: {{date: {}, to: Board}}\nfollow_up: {{due: {}, done: {}, effective: true}}\nanonymised: true\n---\nSynthetic review write-up.\n",
                rng.below(risks as u64),
                rng.below(12),
                date + chrono::Duration::days(30),
                date + chrono::Duration::days(20),
                date + chrono::Duration::days(3),
                date + chrono::Duration::days(180),
                date + chrono::Duration::days(179),
            );
            std::fs::write(root.join(format!("records/reviews/PIR-{i:06}.md")), review)?;
        }
    }
    println!(
        "wrote {incidents} incidents, {reviews} reviews, {risks} risks to {}",
        root.display()
    );
    Ok(())
}
