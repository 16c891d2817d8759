//! The tokeniser the index is built with. `static/search.js` splits a
//! query the same way (`/[^\p{Alphabetic}\p{N}]+/u`, then `toLowerCase`):
//! a term the two disagree on would never match, so change both together.

use std::borrow::Cow;

/// Longer runs of letters and digits (hashes, encoded blobs) are left out:
/// nobody types them, and each would be a term of its own.
pub const MAX_TOKEN_CHARS: usize = 40;

/// The terms of `text`, in order: maximal runs of Unicode letters and
/// digits (`char::is_alphanumeric`: the Alphabetic property or a number),
/// each lowercased, none longer than [`MAX_TOKEN_CHARS`].
/// A term already in lower case (most are) is borrowed from `text`.
pub fn tokens(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty() && t.chars().count() <= MAX_TOKEN_CHARS)
        .map(|t| {
            if t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                Cow::Borrowed(t)
            } else {
                Cow::Owned(t.to_lowercase())
            }
        })
}

/// The order terms are sorted in: by UTF-16 code units, as JavaScript
/// compares strings, so the script's binary search over the shards' first
/// terms agrees with the order they were cut in. (UTF-8 byte order puts
/// characters above U+FFFF after U+E000..U+FFFF; UTF-16 puts them before.)
pub fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        tokens(text).map(Cow::into_owned).collect()
    }

    #[test]
    fn splits_on_anything_but_letters_and_digits_and_lowercases() {
        assert_eq!(
            all("MFA-fatigue: 5.17 (Identity), e-mail!"),
            ["mfa", "fatigue", "5", "17", "identity", "e", "mail"]
        );
        assert_eq!(all("  --  "), Vec::<String>::new());
        assert_eq!(all("don't"), ["don", "t"]);
    }

    #[test]
    fn letters_of_every_script_are_letters() {
        assert_eq!(
            all("Überprüfung der Maßnahmen"),
            ["überprüfung", "der", "maßnahmen"]
        );
        assert_eq!(all("ΣΟΦΟΣ δοκιμή"), ["σοφος", "δοκιμή"]);
        assert_eq!(all("インシデント・対応"), ["インシデント", "対応"]);
        // Digits of other scripts and numerals such as Ⅻ are numbers.
        assert_eq!(all("٣ Ⅻ"), ["٣", "ⅻ"]);
        // Emoji and punctuation separate.
        assert_eq!(all("fix🔥now"), ["fix", "now"]);
    }

    #[test]
    fn long_runs_are_left_out() {
        let hash = "a".repeat(MAX_TOKEN_CHARS + 1);
        let longest = "b".repeat(MAX_TOKEN_CHARS);
        assert_eq!(all(&format!("x {hash} {longest} y")), ["x", &longest, "y"]);
    }

    #[test]
    fn terms_sort_as_javascript_compares_them() {
        // U+FF5E sorts after U+1F600 in UTF-16, before it in UTF-8.
        assert_eq!(
            js_order("\u{FF5E}", "\u{1F600}"),
            std::cmp::Ordering::Greater
        );
        assert!("\u{FF5E}" < "\u{1F600}");
        assert_eq!(js_order("abc", "abd"), std::cmp::Ordering::Less);
        assert_eq!(js_order("ab", "abc"), std::cmp::Ordering::Less);
    }
}
