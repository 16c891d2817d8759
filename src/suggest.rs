//! "Did you mean" for unknown keys, values and IDs.

/// The closest candidate to `input`, when it is close enough to be a likely
/// typo: Jaro-Winkler for short words, plus a case-insensitive exact match.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = input.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let score = if candidate.to_lowercase() == lowered {
            2.0
        } else {
            strsim::jaro_winkler(&lowered, &candidate.to_lowercase())
        };
        if score > 0.8 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// A help line: "did you mean `x`?" or the list of what is allowed.
pub fn help_for(input: &str, allowed: &[&str]) -> String {
    match did_you_mean(input, allowed.iter().copied()) {
        Some(candidate) => format!("did you mean `{candidate}`?"),
        None => format!("expected one of: {}", allowed.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case_slips() {
        let keys = ["severity", "status", "detected"];
        assert_eq!(did_you_mean("severty", keys), Some("severity"));
        assert_eq!(did_you_mean("Status", keys), Some("status"));
        assert_eq!(did_you_mean("owner", keys), None);
    }
}
