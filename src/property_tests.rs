//! Property tests (proptest) over the fuzzing entry points, with bounded
//! case counts so the suite stays quick in debug builds:
//!
//! - mutated sample records (lines deleted, doubled, swapped; characters and
//!   raw bytes inserted; ranges cut) never panic through parsing, every rule
//!   and the human, JSON and GitHub renderers;
//! - every diagnostic points inside its file (line and column in range, span
//!   on character boundaries), also for generated YAML-ish text;
//! - rendered markdown never holds script, event handlers or `javascript:`
//!   URLs for generated hostile markdown and HTML.

use std::path::Path;
use std::sync::LazyLock;

use chrono::NaiveDate;
use proptest::prelude::*;

use crate::fuzzing::{self, Checked};

/// Every file under sample-records/ and tests/fixtures/records/, as
/// (path relative to the crate, bytes).
static SAMPLES: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["sample-records", "tests/fixtures/records"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.expect("readable sample folder");
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
                let shown = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap()
                    .display()
                    .to_string();
                files.push((shown, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    assert!(files.len() > 20, "sample records found: {}", files.len());
    files
});

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()
}

#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    InsertChars(usize, String),
    InsertByte(usize, u8),
    DeleteBytes(usize, usize),
    IndentLine(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let chars = prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(vec![
                ':', '-', ' ', '\t', '\n', '\r', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>',
                '"', '\'', ',', '?', '%', '@', '`', 'é', '\u{feff}', '\u{2028}', '😀', '\0',
            ]),
            1 => any::<char>(),
        ],
        1..6,
    )
    .prop_map(|c| c.into_iter().collect::<String>());
    prop_oneof![
        2 => any::<usize>().prop_map(Mutation::DeleteLine),
        2 => any::<usize>().prop_map(Mutation::DuplicateLine),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        3 => (any::<usize>(), chars).prop_map(|(at, s)| Mutation::InsertChars(at, s)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::InsertByte(at, b)),
        1 => (any::<usize>(), 1usize..40).prop_map(|(at, n)| Mutation::DeleteBytes(at, n)),
        1 => (any::<usize>(), prop::sample::select(vec![" ", "  ", "\t", "- ", "? "]))
            .prop_map(|(at, s)| Mutation::IndentLine(at, s)),
    ]
}

fn apply(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    for m in mutations {
        let n = lines.len().max(1);
        match m {
            Mutation::DeleteLine(at) if lines.len() > 1 => {
                lines.remove(at % n);
            }
            Mutation::DuplicateLine(at) if !lines.is_empty() => {
                let copy = lines[at % n].clone();
                lines.insert(at % n, copy);
            }
            Mutation::SwapLines(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
            Mutation::IndentLine(at, prefix) if !lines.is_empty() => {
                lines[at % n].splice(0..0, prefix.bytes());
            }
            Mutation::InsertChars(..) | Mutation::InsertByte(..) | Mutation::DeleteBytes(..) => {
                let mut flat = lines.join(&b'\n');
                let at = match m {
                    Mutation::InsertChars(at, _)
                    | Mutation::InsertByte(at, _)
                    | Mutation::DeleteBytes(at, _) => at % (flat.len() + 1),
                    _ => unreachable!(),
                };
                match m {
                    Mutation::InsertChars(_, s) => {
                        flat.splice(at..at, s.bytes());
                    }
                    Mutation::InsertByte(_, b) => flat.insert(at, *b),
                    Mutation::DeleteBytes(_, len) => {
                        flat.drain(at..(at + len).min(flat.len()));
                    }
                    _ => unreachable!(),
                }
                lines = flat.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            }
            _ => {}
        }
    }
    lines.join(&b'\n')
}

fn assert_positions(checked: &Checked) -> Result<(), TestCaseError> {
    for finding in &checked.findings {
        if let Err(problem) = fuzzing::position_problem(finding) {
            return Err(TestCaseError::fail(problem));
        }
    }
    Ok(())
}

/// A line of YAML-ish front matter from pieces people (and fuzzers) write.
fn yamlish_line() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "kind",
        "id",
        "title",
        "severity",
        "status",
        "detected",
        "resolved",
        "incidents",
        "date",
        "chair",
        "participants",
        "controls",
        "actions",
        "follow_up",
        "extra",
        "tags",
        "root_cause",
        "whys",
        "due",
        "- id",
        "- function",
        "",
        "é",
        "<<",
    ]);
    let value = prop::sample::select(vec![
        "incident",
        "review",
        "risk",
        "INC-1",
        "PIR-1",
        "high",
        "closed",
        "2026-01-05",
        "2026-01-05 09:00",
        "2026-02-30",
        "9999-12-31T23:59:59+14:00",
        "[INC-1]",
        "[",
        "]",
        "{a: 1}",
        "&a x",
        "*a",
        "*b",
        "!!str 5.17",
        "\"5.17\"",
        "'",
        "|",
        ">-",
        "~",
        "null",
        "1e999",
        "-0",
        "0x1F",
        "é😀",
        "\t",
        "",
        "\"\\u0000\"",
        "\r",
    ]);
    (
        prop::sample::select(vec!["", " ", "  ", "    ", "- ", "  - ", "\t"]),
        key,
        prop::sample::select(vec![": ", ":", " : ", ""]),
        value,
        prop::sample::select(vec!["", " # c", "\r", " ", "é"]),
    )
        .prop_map(|(indent, key, colon, value, tail)| format!("{indent}{key}{colon}{value}{tail}"))
}

fn yamlish_record() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["---\n", "---\r\n", "\u{feff}---\n", "--- \n", ""]),
        prop::collection::vec(yamlish_line(), 0..14),
        prop::sample::select(vec!["---\n", "---\r\n", "...\n", "---", ""]),
        prop::sample::select(vec!["", "Body.\n", "body é 😀", "\n\n---\n"]),
    )
        .prop_map(|(open, lines, close, body)| format!("{open}{}\n{close}{body}", lines.join("\n")))
}

/// Hostile markdown and HTML fragments.
fn hostile_markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//x.example/a.js></SCRIPT>",
            "<scr<script>ipt>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<img src=\"x\" ONERROR = \"alert(1)\">",
            "<svg onload=alert(1)><circle/></svg>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<a href=\" javascript:alert(1)\">x</a>",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<object data=\"javascript:alert(1)\"></object>",
            "<form action=\"javascript:alert(1)\"><button formaction=javascript:x>b</button></form>",
            "<div style=\"background:url(javascript:alert(1))\" onclick=\"x\">d</div>",
            "<input type=checkbox onfocus=alert(1) autofocus>",
            "<details open ontoggle=alert(1)>",
            "<a title=\"onclick=x\" href=\"https://ok.example\">ok</a>",
            "<style>@import 'javascript:alert(1)';</style>",
            "<!-- <script>alert(1)</script> -->",
            "<![CDATA[<script>alert(1)</script>]]>",
            "<base href=\"javascript:/\">",
            "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1) \"t\")",
            "[x]( javascript:alert(1) )",
            "[x](<javascript:alert(1)>)",
            "![i](javascript:alert(1))",
            "<javascript:alert(1)>",
            "[ref]: javascript:alert(1)\n\n[ref]",
            "[x](java\0script:alert(1))",
            "# Heading {onclick=alert(1)}",
            "## H {#id onmouseover=alert(1) .c}",
            "# H {href=javascript:alert(1)}",
            "[^1]\n\n[^1]: <img src=x onerror=alert(1)>",
            "| a | <script>x</script> |\n|---|---|\n| <img onerror=1 src=x> | b |",
            "- [x] <a href=javascript:x>t</a>",
            "```html\n<script>alert(1)</script>\n```",
            "`<script>`",
            "&lt;script&gt;",
            "<a href=\"https://ok.example\" onclick=\"x\">ok</a>",
            "<p onclick=alert(1)>p</p>",
            "<a\nhref=\"javascript:alert(1)\"\n>x</a>",
            "<a href='javascript:alert(1)'>x</a>",
            "<a href=javascript&colon;alert(1)>x</a>",
        ]).prop_map(str::to_string),
        1 => "[<>a-zA-Z=\"' :/()&#;{}\\[\\]!*\n\t.-]{0,30}",
    ];
    (
        prop::collection::vec(piece, 1..6),
        prop::sample::select(vec!["", "\n", "\n\n", " ", "> ", "    ", "* "]),
    )
        .prop_map(|(pieces, sep)| pieces.join(sep))
}

// Case counts: the three properties take about 7 s together in a debug
// build on the 2-core CI machine.
const MUTATED_CASES: u32 = 400;
const GENERATED_CASES: u32 = 600;
const MARKDOWN_CASES: u32 = 2000;
const YAML_CASES: u32 = 4000;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: MUTATED_CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// (a) and (b): mutated sample records never panic anywhere in check and
    /// every diagnostic points inside its file.
    #[test]
    fn mutated_sample_records_never_panic_and_point_inside(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
        mutations in prop::collection::vec(prop::collection::vec(mutation(), 1..6), 1..4),
    ) {
        let samples = &*SAMPLES;
        let mutated: Vec<(String, Vec<u8>)> = picks
            .iter()
            .enumerate()
            .map(|(n, pick)| {
                let (path, bytes) = pick.get(samples);
                match mutations.get(n) {
                    Some(m) => (path.clone(), apply(bytes, m)),
                    None => (path.clone(), bytes.clone()),
                }
            })
            .collect();
        let files: Vec<(&str, &[u8])> =
            mutated.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
        let checked = fuzzing::check_records(&files, today());
        prop_assert!(checked.json.ends_with('\n'));
        assert_positions(&checked)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: GENERATED_CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// (b) for generated YAML-ish records, two at a time.
    #[test]
    fn generated_records_point_inside_their_file(
        a in yamlish_record(),
        b in yamlish_record(),
    ) {
        for text in [&a, &b] {
            fuzzing::yaml_readers_agree(text).map_err(TestCaseError::fail)?;
        }
        let files = [("r/a.md", a.as_bytes()), ("r/b.md", b.as_bytes())];
        let checked = fuzzing::check_records(&files, today());
        assert_positions(&checked)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: MARKDOWN_CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// (c) rendered bodies never hold script, event handlers or
    /// `javascript:` URLs.
    #[test]
    fn hostile_markdown_renders_safe(markdown in hostile_markdown()) {
        let html = fuzzing::render_markdown(&markdown);
        prop_assert!(
            !html.to_ascii_lowercase().contains("<script"),
            "<script in {html:?}"
        );
        if let Some(problem) = fuzzing::unsafe_html(&html) {
            return Err(TestCaseError::fail(format!("{problem} in {html:?} from {markdown:?}")));
        }
    }
}

/// The fast YAML reader reads every sample record's front matter (the
/// shapes people write: flow maps holding lists, times in flow maps,
/// quotes inside plain text), so the property below tests it on them, and
/// gives the full parser's nodes.
#[test]
fn the_fast_yaml_reader_reads_the_sample_records_as_yaml_rust2_does() {
    let mut declined = Vec::new();
    for (path, bytes) in &*SAMPLES {
        let text = std::str::from_utf8(bytes).unwrap();
        match fuzzing::yaml_readers_agree(text) {
            Ok(true) => {}
            Ok(false) => declined.push(path.as_str()),
            Err(problem) => panic!("{path}: {problem}"),
        }
    }
    assert!(
        declined.is_empty(),
        "the fast reader declined {} of {} sample records: {declined:?}",
        declined.len(),
        SAMPLES.len()
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: YAML_CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Mutated sample records (quotes, colons, dashes, tabs, brackets and
    /// indentation put anywhere): wherever the fast YAML reader reads the
    /// front matter, it gives exactly yaml-rust2's nodes and spans.
    #[test]
    fn the_fast_yaml_reader_agrees_with_yaml_rust2_on_mutated_records(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (_, bytes) = pick.get(&SAMPLES);
        let mutated = apply(bytes, &mutations);
        if let Ok(text) = std::str::from_utf8(&mutated) {
            fuzzing::yaml_readers_agree(text).map_err(TestCaseError::fail)?;
        }
    }
}
