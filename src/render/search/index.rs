//! The inverted index: every term's postings with a precomputed score
//! (BM25F), cut into term shards by sorted term and into document shards
//! by document number, each a script of its own. No I/O: `mod.rs` writes
//! the files [`Builder::add`] returns and [`Index::write_files`] hands it.

use std::borrow::Cow;

use foldhash::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::tokens::{js_order, tokens};

/// One field of a document: its text and how much a term in it counts.
pub struct Field {
    pub weight: u16,
    pub text: String,
    /// Shown in results (the snippet is cut from these), or only indexed
    /// (the ID, and the title, which results show anyway).
    pub shown: bool,
}

/// One search result's record: what the result shows and what is indexed.
pub struct Document {
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    /// Relative to the site's root.
    pub url: String,
    pub fields: Vec<Field>,
}

/// BM25's constants, the usual ones.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// A term shard is closed once it passes this many bytes; one term's
/// postings are never split, so a term in every document is a shard alone
/// (about 5 bytes per document: 500 KB at 100,000).
pub const TERM_SHARD_BYTES: usize = 128 * 1024;
/// A document shard is closed at this many bytes or documents, whichever
/// comes first: a query loads one per result it shows.
pub const DOC_SHARD_BYTES: usize = 64 * 1024;
pub const DOC_SHARD_DOCUMENTS: usize = 100;

/// A term's postings as they are gathered: per document that has the
/// term, ascending, the difference of its number from the one before (the
/// first from zero) and the term's weighted frequency in it, both as
/// LEB128 varints. Most differences and frequencies are below 128, so a
/// posting takes two or three bytes rather than the eight of a pair of
/// `u32` (at 100,000 records the postings are some twenty million).
#[derive(Default)]
struct Postings {
    bytes: Vec<u8>,
    count: u32,
    last: u32,
}

impl Postings {
    fn push(&mut self, number: u32, frequency: u32) {
        push_varint(&mut self.bytes, number - self.last);
        push_varint(&mut self.bytes, frequency);
        self.last = number;
        self.count += 1;
    }

    /// `(difference, frequency)` per posting, in order.
    fn entries(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut rest = self.bytes.as_slice();
        std::iter::from_fn(move || {
            let difference = read_varint(&mut rest)?;
            let frequency = read_varint(&mut rest)?;
            Some((difference, frequency))
        })
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        // The cast keeps the low eight bits; setting the eighth is what marks
        // a byte that is followed by another.
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The next varint of `rest`, which it moves past; `None` at the end.
fn read_varint(rest: &mut &[u8]) -> Option<u32> {
    let mut value = 0u32;
    let mut shift = 0;
    loop {
        let (&byte, tail) = rest.split_first()?;
        *rest = tail;
        value |= u32::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
        shift += 7;
        if shift > 28 {
            return None;
        }
    }
}

/// The index as it is built, a batch of documents at a time, so that only
/// one batch's text and term counts are held at once: the terms seen so
/// far with their numbers, their postings, each document's weighted
/// length, and the document shard being filled.
#[derive(Default)]
pub struct Builder {
    numbers: HashMap<String, u32>,
    postings: Vec<Postings>,
    lengths: Vec<u32>,
    doc_shard: String,
    in_shard: usize,
    doc_starts: Vec<usize>,
}

/// The finished index: every term's postings, in term order, scored as
/// they are written.
pub struct Index {
    /// Sorted by [`js_order`].
    terms: Vec<(String, Postings)>,
    /// Each document's weighted length, and their mean.
    lengths: Vec<u32>,
    average: f64,
    doc_starts: Vec<usize>,
    /// The last document shard, which no batch closed.
    last_doc_shard: Option<(String, String)>,
}

/// Per document: its terms with their weighted frequency, and its
/// weighted length. (In no order: the terms are numbered as they come, and
/// only their sorted order reaches the files.)
type Counted<'a> = (HashMap<Cow<'a, str>, u32>, u32);

fn count(document: &Document) -> Counted<'_> {
    let mut terms: HashMap<Cow<str>, u32> = HashMap::default();
    let mut length = 0u32;
    for field in &document.fields {
        let weight = u32::from(field.weight);
        for term in tokens(&field.text) {
            *terms.entry(term).or_default() += weight;
            length += weight;
        }
    }
    (terms, length)
}

impl Builder {
    /// Adds `documents`, numbered on from the ones before; gives the
    /// document shards they filled, to be written now.
    pub fn add(&mut self, documents: &[Document]) -> Vec<(String, String)> {
        let counted: Vec<Counted> = documents.par_iter().map(count).collect();
        let mut files = Vec::new();
        for (document, (terms, length)) in documents.iter().zip(counted) {
            let number = self.lengths.len() as u32;
            self.lengths.push(length);
            for (term, frequency) in terms {
                let id = match self.numbers.get(&*term) {
                    Some(&id) => id,
                    None => {
                        let id = self.postings.len() as u32;
                        self.numbers.insert(term.into_owned(), id);
                        self.postings.push(Postings::default());
                        id
                    }
                };
                self.postings[id as usize].push(number, frequency);
            }
            if self.doc_shard.len() >= DOC_SHARD_BYTES || self.in_shard == DOC_SHARD_DOCUMENTS {
                files.push(close("docs", self.doc_starts.len() - 1, &self.doc_shard));
                self.doc_shard.clear();
                self.in_shard = 0;
            }
            if self.doc_shard.is_empty() {
                self.doc_starts.push(number as usize);
            } else {
                self.doc_shard.push(',');
            }
            self.doc_shard.push_str(&json(&Shown::of(document)));
            self.in_shard += 1;
        }
        files
    }

    /// Sorts the terms; the postings are scored as they are written.
    pub fn finish(self) -> Index {
        let Builder {
            numbers,
            postings,
            lengths,
            doc_shard,
            doc_starts,
            ..
        } = self;
        let total: u64 = lengths.iter().map(|&length| u64::from(length)).sum();
        let average = (total as f64 / lengths.len().max(1) as f64).max(1.0);
        let mut postings: Vec<Option<Postings>> = postings.into_iter().map(Some).collect();
        let mut terms: Vec<(String, Postings)> = numbers
            .into_iter()
            .map(|(term, id)| {
                let postings = postings[id as usize].take().expect("one number per term");
                (term, postings)
            })
            .collect();
        terms.par_sort_unstable_by(|a, b| js_order(&a.0, &b.0));
        let last_doc_shard =
            (!doc_shard.is_empty()).then(|| close("docs", doc_starts.len() - 1, &doc_shard));
        Index {
            terms,
            lengths,
            average,
            doc_starts,
            last_doc_shard,
        }
    }
}

impl Index {
    /// Hands `write` the index's files not yet given by [`Builder::add`],
    /// by path below `search/`: each `terms-N.js` as soon as it is cut (so
    /// that only one shard's text is held), the last `docs-N.js`, then
    /// `index.js` (the shards' first terms and first documents).
    pub fn write_files<E>(
        &self,
        mut write: impl FnMut(&str, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut term_starts: Vec<&str> = Vec::new();
        let mut shard = String::new();
        for (term, postings) in &self.terms {
            if shard.len() >= TERM_SHARD_BYTES {
                let (name, text) = close("terms", term_starts.len() - 1, &shard);
                write(&name, &text)?;
                shard.clear();
            }
            if shard.is_empty() {
                term_starts.push(term);
            } else {
                shard.push(',');
            }
            self.push_term(&mut shard, term, postings);
        }
        if !shard.is_empty() {
            let (name, text) = close("terms", term_starts.len() - 1, &shard);
            write(&name, &text)?;
        }
        if let Some((name, text)) = &self.last_doc_shard {
            write(name, text)?;
        }
        let manifest = Manifest {
            format: 1,
            documents: self.lengths.len(),
            terms: term_starts,
            docs: self.doc_starts.clone(),
        };
        write(
            "index.js",
            &format!("lessonbookSearch.index({});\n", json(&manifest)),
        )
    }

    /// A posting's score (BM25F over the weighted frequencies) in a term
    /// of `df` postings.
    fn score(&self, df: u32, number: u32, frequency: u32) -> u8 {
        let n = self.lengths.len() as f64;
        let df = f64::from(df);
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let tf = f64::from(frequency);
        let length = f64::from(self.lengths[number as usize]);
        let norm = K1 * (1.0 - B + B * length / self.average);
        quantise(idf * tf * (K1 + 1.0) / (tf + norm))
    }

    /// `["term",[d,s,d,s,…]]`: each document number as the difference from
    /// the one before (the first from zero), then its score.
    fn push_term(&self, out: &mut String, term: &str, postings: &Postings) {
        out.push('[');
        out.push_str(&json(term));
        out.push_str(",[");
        let mut number = 0;
        for (i, (difference, frequency)) in postings.entries().enumerate() {
            if i > 0 {
                out.push(',');
            }
            number += difference;
            push_decimal(out, difference);
            out.push(',');
            push_decimal(
                out,
                u32::from(self.score(postings.count, number, frequency)),
            );
        }
        out.push_str("]]");
    }

    /// The documents with `term` and their scores, by number.
    #[cfg(test)]
    pub fn postings(&self, term: &str) -> Option<Vec<(u32, u32)>> {
        let (_, postings) = &self.terms[self
            .terms
            .binary_search_by(|(t, _)| js_order(t, term))
            .ok()?];
        let mut number = 0;
        Some(
            postings
                .entries()
                .map(|(difference, frequency)| {
                    number += difference;
                    let score = self.score(postings.count, number, frequency);
                    (number, u32::from(score))
                })
                .collect(),
        )
    }
}

/// A score as one byte: BM25 scores here run from about 0.01 to 25 (the
/// largest idf at 100,000 documents is 11.5, times at most K1 + 1).
fn quantise(score: f64) -> u8 {
    (score * 10.0).round().clamp(1.0, 255.0) as u8
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: u32,
    documents: usize,
    /// The first term of each term shard, in order.
    terms: Vec<&'a str>,
    /// The first document number of each document shard.
    docs: Vec<usize>,
}

/// A document as a result shows it: `[kind, id, title, url, [texts]]`.
#[derive(Serialize)]
struct Shown<'a>(&'a str, &'a str, &'a str, &'a str, Vec<&'a str>);

impl<'a> Shown<'a> {
    fn of(document: &'a Document) -> Shown<'a> {
        Shown(
            document.kind,
            &document.id,
            &document.title,
            &document.url,
            document
                .fields
                .iter()
                .filter(|f| f.shown && !f.text.is_empty())
                .map(|f| f.text.as_str())
                .collect(),
        )
    }
}

/// `value` in decimal, with the views' digit writer. The shards hold
/// millions of numbers, and `write!` through the formatter was most of
/// [`Index::write_files`] (callgrind, 2026-12-03).
fn push_decimal(out: &mut String, value: u32) {
    let width = value.checked_ilog10().map_or(1, |log| log + 1);
    crate::render::view::push_digits(out, value, width);
}

fn close(kind: &str, number: usize, body: &str) -> (String, String) {
    (
        format!("{kind}-{number}.js"),
        format!("lessonbookSearch.{kind}({number},[{body}]);\n"),
    )
}

/// Compact JSON, inert (as `data/` exports are) wherever it is pasted.
fn json(value: &(impl Serialize + ?Sized)) -> String {
    crate::render::exports::inert_compact_json(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, fields: &[(u16, &str)]) -> Document {
        Document {
            kind: "incident",
            id: id.to_string(),
            title: id.to_string(),
            url: format!("incidents/{id}.html"),
            fields: fields
                .iter()
                .map(|&(weight, text)| Field {
                    weight,
                    text: text.to_string(),
                    shown: true,
                })
                .collect(),
        }
    }

    /// The index of `documents` added in batches of `batch`, and every
    /// file it writes, by name.
    struct Built {
        index: Index,
        files: Vec<(String, String)>,
        ids: Vec<String>,
    }

    fn built_in(documents: Vec<Document>, batch: usize) -> Built {
        let mut builder = Builder::default();
        let mut files = Vec::new();
        for chunk in documents.chunks(batch) {
            files.extend(builder.add(chunk));
        }
        let index = builder.finish();
        index
            .write_files(|name, text| {
                files.push((name.to_string(), text.to_string()));
                Ok::<(), std::convert::Infallible>(())
            })
            .unwrap();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Built {
            index,
            files,
            ids: documents.into_iter().map(|d| d.id).collect(),
        }
    }

    fn built(documents: Vec<Document>) -> Built {
        built_in(documents, 7)
    }

    /// The documents with `term`, best first (ties by number), as the
    /// script ranks a one-word query.
    fn ranked(built: &Built, term: &str) -> Vec<String> {
        let mut hits = built.index.postings(term).unwrap_or_default();
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.iter()
            .map(|(n, _)| built.ids[*n as usize].clone())
            .collect()
    }

    #[test]
    fn a_title_or_lesson_outranks_the_body_and_repetition_counts() {
        let index = built(vec![
            doc("body", &[(3, "Printer"), (1, "the phishing mail came in")]),
            doc("title", &[(3, "Phishing mail"), (1, "a user reported it")]),
            doc("twice", &[(3, "Mail"), (1, "phishing, and more phishing")]),
            doc("none", &[(3, "Lost laptop"), (1, "left on a train")]),
        ]);
        assert_eq!(ranked(&index, "phishing"), ["title", "twice", "body"]);
        assert_eq!(ranked(&index, "laptop"), ["none"]);
        assert!(ranked(&index, "absent").is_empty());
        // A term in every document counts for little, but for something.
        let mail = index.index.postings("mail").unwrap();
        assert_eq!(mail.len(), 3);
        assert!(mail.iter().all(|&(_, s)| s >= 1));
        let laptop = index.index.postings("laptop").unwrap()[0].1;
        assert!(laptop > mail[0].1 * 2, "{laptop} vs {mail:?}");
    }

    #[test]
    fn a_long_body_dilutes_its_terms() {
        let long = format!("breach {}", "word ".repeat(200));
        let index = built(vec![
            doc("long", &[(1, &long)]),
            doc("short", &[(1, "breach of policy")]),
            doc("other", &[(1, "nothing")]),
        ]);
        assert_eq!(ranked(&index, "breach"), ["short", "long"]);
    }

    #[test]
    fn shards_are_cut_in_term_order_and_the_manifest_names_their_first_terms() {
        // Enough distinct terms for several term shards.
        let documents: Vec<Document> = (0..3000)
            .map(|i| {
                let unique: Vec<String> = (0..10)
                    .map(|k| format!("term{i:05}k{k}{}", "x".repeat(24)))
                    .collect();
                doc(
                    &format!("D-{i}"),
                    &[(1, &format!("{} common word{}", unique.join(" "), i % 7))],
                )
            })
            .collect();
        // In batches that do not line up with the document shards.
        let files = built_in(documents, 333).files;
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"index.js"));
        let term_files: Vec<&(String, String)> = files
            .iter()
            .filter(|(n, _)| n.starts_with("terms-"))
            .collect();
        let doc_files = files.iter().filter(|(n, _)| n.starts_with("docs-")).count();
        assert!(term_files.len() >= 2, "{names:?}");
        assert_eq!(doc_files, 30);
        let manifest = &files.iter().find(|(n, _)| n == "index.js").unwrap().1;
        let json: serde_json::Value = serde_json::from_str(
            manifest
                .strip_prefix("lessonbookSearch.index(")
                .and_then(|m| m.strip_suffix(");\n"))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(json["documents"], 3000);
        let starts: Vec<&str> = json["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(starts.len(), term_files.len());
        assert!(starts.windows(2).all(|w| js_order(w[0], w[1]).is_lt()));
        // Each shard starts with the term the manifest names for it, and
        // holds only terms below the next shard's first.
        for (i, start) in starts.iter().enumerate() {
            let (_, text) = files
                .iter()
                .find(|(n, _)| *n == format!("terms-{i}.js"))
                .unwrap();
            assert!(text.starts_with(&format!("lessonbookSearch.terms({i},[[\"{start}\",")));
            assert!(text.len() < TERM_SHARD_BYTES + 1024);
            if let Some(next) = starts.get(i + 1) {
                assert!(!text.contains(&format!("[\"{next}\",")));
            }
        }
        // The first document shard holds documents 0 to 99.
        let docs = json["docs"].as_array().unwrap();
        assert_eq!(docs[0], 0);
        assert_eq!(docs[1], 100);
    }

    #[test]
    fn postings_are_delta_coded_with_their_scores() {
        let index = built(vec![
            doc("a", &[(1, "alpha")]),
            doc("b", &[(1, "beta")]),
            doc("c", &[(1, "alpha")]),
        ]);
        let files = &index.files;
        let terms = &files.iter().find(|(n, _)| n == "terms-0.js").unwrap().1;
        let [(_, first), (_, second)] = index.index.postings("alpha").unwrap()[..] else {
            panic!("two postings");
        };
        assert!(
            terms.contains(&format!("[\"alpha\",[0,{first},2,{second}]]")),
            "{terms}"
        );
    }

    #[test]
    fn postings_are_varints_read_back_as_written() {
        let values = [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 21, u32::MAX];
        let mut bytes = Vec::new();
        for value in values {
            push_varint(&mut bytes, value);
        }
        assert_eq!(bytes[..5], [0, 1, 127, 0x80, 1]);
        assert_eq!(bytes.len(), 1 + 1 + 1 + 2 + 2 + 2 + 3 + 4 + 5);
        let mut rest = bytes.as_slice();
        let read: Vec<u32> = std::iter::from_fn(|| read_varint(&mut rest)).collect();
        assert_eq!(read, values);
        // A varint cut short is the end, not a value.
        assert_eq!(read_varint(&mut &[0x80u8, 0x80][..]), None);

        let mut postings = Postings::default();
        for (number, frequency) in [(3, 1), (4, 9), (200, 300)] {
            postings.push(number, frequency);
        }
        assert_eq!(postings.count, 3);
        assert_eq!(
            postings.entries().collect::<Vec<_>>(),
            [(3, 1), (1, 9), (196, 300)]
        );
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut out = String::new();
        for value in [0, 7, 10, 255, 1_000_000, u32::MAX] {
            push_decimal(&mut out, value);
            out.push(' ');
        }
        assert_eq!(out, "0 7 10 255 1000000 4294967295 ");
    }

    #[test]
    fn shown_text_is_inert() {
        let files = built(vec![doc(
            "x",
            &[(1, "<script>alert(1)</script> & \u{2028}")],
        )])
        .files;
        let docs = &files.iter().find(|(n, _)| n == "docs-0.js").unwrap().1;
        assert!(!docs.contains('<') && !docs.contains('&') && !docs.contains('\u{2028}'));
        assert!(docs.contains("\\u003cscript\\u003e"));
    }
}
