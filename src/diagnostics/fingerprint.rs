//! Stable fingerprints for CI reports: code hosts match a finding across
//! runs by its fingerprint, so it must survive edits elsewhere in the file
//! and differ between two findings of one run.

use std::collections::HashMap;

use super::{Diagnostic, RepoPaths};

/// Bumped if the hashed fields ever change, so old and new fingerprints
/// cannot be confused.
const VERSION: &str = "lessonbook/v1";

/// One fingerprint per diagnostic, in the same order: a hash of the rule,
/// the file's path in the repository, the message (which names the record),
/// the primary label, and the number of identical findings before it in
/// the same file. The line and column are left out, so inserting a line
/// above a finding keeps its fingerprint.
pub fn fingerprints(diagnostics: &[Diagnostic], paths: &RepoPaths) -> Vec<String> {
    let mut seen: HashMap<[String; 4], usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|diagnostic| {
            let key = [
                diagnostic.rule.to_string(),
                paths.path(&diagnostic.primary.file),
                diagnostic.message.clone(),
                diagnostic.primary.message.clone(),
            ];
            let mut hash = Fnv128::new();
            hash.field(VERSION);
            for field in &key {
                hash.field(field);
            }
            let occurrence = seen.entry(key).or_insert(0);
            hash.field(&occurrence.to_string());
            *occurrence += 1;
            format!("{:032x}", hash.0)
        })
        .collect()
}

/// FNV-1a, 128 bits: defined by its constants, so the same on every
/// platform and Rust version (std's hasher promises neither).
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;

    fn new() -> Fnv128 {
        Fnv128(Self::OFFSET)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u128::from(byte);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    /// The field's length first, so ("ab", "c") and ("a", "bc") differ.
    fn field(&mut self, text: &str) {
        self.bytes(&(text.len() as u64).to_le_bytes());
        self.bytes(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostics::Label;
    use crate::source::SourceFile;

    #[test]
    fn fnv_matches_the_published_test_vector() {
        // FNV-1a 128 of "a", from the reference test suite.
        let mut hash = Fnv128::new();
        hash.bytes(b"a");
        assert_eq!(
            format!("{:032x}", hash.0),
            "d228cb696f1a8caf78912b704e4a8964"
        );
    }

    #[test]
    fn fingerprints_ignore_lines_and_tell_repeated_findings_apart() {
        let before = SourceFile::new("r/PIR-1.md", "---\na: 1\na: 1\n".to_string());
        let after = SourceFile::new("r/PIR-1.md", "---\n\n\na: 1\na: 1\n".to_string());
        let twice = |file: &std::sync::Arc<SourceFile>, first: usize, second: usize| {
            let at = |offset| Label::new(file, offset..offset + 1, "again");
            vec![
                Diagnostic::error("duplicate-key", "`a` written twice", at(first)),
                Diagnostic::error("duplicate-key", "`a` written twice", at(second)),
            ]
        };
        let paths = RepoPaths::new(Path::new(""));
        let old = fingerprints(&twice(&before, 4, 9), &paths);
        let new = fingerprints(&twice(&after, 6, 11), &paths);
        assert_eq!(old, new);
        assert_ne!(old[0], old[1]);
        // Another place in the repository is another finding.
        let moved = fingerprints(&twice(&before, 4, 9), &RepoPaths::new(Path::new("b")));
        assert_ne!(moved[0], old[0]);
    }
}
