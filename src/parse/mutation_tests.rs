//! Robustness: thousands of mutated copies of valid records (lines dropped,
//! doubled or swapped, characters changed, indentation broken) go through
//! parsing and every rule. Nothing may panic, and every diagnostic must
//! point inside its file.

use crate::testing::{INCIDENT, REVIEW, Rng, check};

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.index(3) {
        let at = rng.index(lines.len());
        match rng.index(7) {
            0 => {
                lines.remove(at);
            }
            1 => {
                let copy = lines[at].clone();
                lines.insert(at, copy);
            }
            2 => {
                let other = rng.index(lines.len());
                lines.swap(at, other);
            }
            3 => lines[at].insert(0, [' ', '\t', '-', '['][rng.index(4)]),
            4 => {
                let line = &mut lines[at];
                if !line.is_empty() {
                    let cut = line
                        .char_indices()
                        .nth(rng.index(line.chars().count()))
                        .map_or(0, |(i, _)| i);
                    line.truncate(cut);
                }
            }
            5 => lines[at].push_str([": x", "]", "}", " #", "\"", "&a", "*a", "é"][rng.index(8)]),
            _ => lines[at] = lines[at].replace(':', ""),
        }
        if lines.is_empty() {
            break;
        }
    }
    lines.join("\n") + "\n"
}

#[test]
fn mutated_records_never_panic_and_point_inside_their_file() {
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    for round in 0..1500 {
        let incident = mutate(INCIDENT, &mut rng);
        let review = mutate(REVIEW, &mut rng);
        let files = [
            ("r/INC-1.md", incident.clone()),
            ("r/PIR-1.md", review.clone()),
        ];
        let diagnostics = check(&files, None, "2026-02-01");
        // Every renderer slices the text at the spans: none may panic.
        let _ = crate::diagnostics::render_human(&diagnostics, true);
        let _ = crate::diagnostics::render_github(&diagnostics);
        for d in diagnostics {
            let text = if d.primary.file.path().ends_with("INC-1.md") {
                &incident
            } else {
                &review
            };
            if let Some(span) = &d.primary.span {
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "round {round}: span {span:?} outside the file for {}",
                    d.message
                );
                assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "round {round}: span {span:?} splits a character: {} in\n{text}",
                    d.message
                );
            }
        }
    }
}
