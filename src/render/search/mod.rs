//! The full-text search index under `search/`, built from the views'
//! records with confidentiality applied: a restricted incident, and a
//! review covering one, is indexed by its ID (and a review by its
//! incidents' IDs) and nothing else, since the site shows no more of it.
//! Every file is a script that hands its data to `static/search.js`
//! (`lessonbookSearch.index(…)`, `.terms(n, …)`, `.docs(n, …)`), loaded
//! with a `<script>` tag so that it works from `file://`, where `fetch`
//! does not. Pages load none of it until the search box is used.

mod index;
mod tokens;

use anyhow::Result;
use rayon::prelude::*;

use super::markdown::plain_text;
use super::view::{self, RESTRICTED, Views};
use crate::output::Output;
use index::{Builder, Document, Field};

/// How much a term counts, by field: a title or a lesson says what a
/// record is about more than a sentence of its body does.
const TITLE: u16 = 3;
const LESSON: u16 = 3;
const ROOT_CAUSE: u16 = 2;
const ACTION: u16 = 2;
const BODY: u16 = 1;

/// Documents are made and counted this many at a time, so that only one
/// batch's text is held (at 100,000 records all of it is about 300 MB).
/// At 2,048, a batch of reviews held 27 MB at the build's peak (massif,
/// 10,000 records, 2026-12-03); 256 still gives each core a long run of
/// documents to count.
const BATCH: usize = 256;

/// Writes the index's files (`search/index.js`, `search/terms-N.js`,
/// `search/docs-N.js`) to `out`. Every record the site has a page or an
/// anchor for is a document, numbered in this order: incidents, reviews,
/// risks (each in ID order), then the Annex A controls.
pub fn write(views: &Views, out: &dyn Output) -> Result<()> {
    let book = views.analysis.book;
    let mut builder = Builder::default();
    let mut add = |documents: Vec<Document>| -> Result<()> {
        for (name, text) in builder.add(&documents) {
            out.write(&format!("search/{name}"), text.as_bytes())?;
        }
        Ok(())
    };
    let batches = |n: usize| {
        (0..n)
            .step_by(BATCH)
            .map(move |start| start..(start + BATCH).min(n))
    };
    for batch in batches(book.incidents.len()) {
        add(batch.into_par_iter().map(|i| incident(views, i)).collect())?;
    }
    for batch in batches(book.reviews.len()) {
        add(batch.into_par_iter().map(|i| review(views, i)).collect())?;
    }
    for batch in batches(book.risks.len()) {
        add(batch.into_par_iter().map(|i| risk(views, i)).collect())?;
    }
    add(crate::controls::all().iter().map(control).collect())?;
    builder
        .finish()
        .write_files(|name, text| out.write(&format!("search/{name}"), text.as_bytes()))
}

fn field(weight: u16, text: impl Into<String>, shown: bool) -> Field {
    Field {
        weight,
        text: text.into(),
        shown,
    }
}

fn incident(views: &Views, index: usize) -> Document {
    let incident = &views.analysis.book.incidents[index];
    let hidden = views.incident_is_hidden(incident);
    let mut fields = vec![field(TITLE, incident.id.clone(), false)];
    if !hidden {
        fields.push(field(TITLE, incident.title.clone(), false));
        fields.push(field(BODY, plain_text(incident.origin.body_text()), true));
    }
    Document {
        kind: "incident",
        id: incident.id.clone(),
        title: if hidden {
            RESTRICTED.to_string()
        } else {
            incident.title.clone()
        },
        url: view::incident_link(&incident.id).url,
        fields,
    }
}

fn review(views: &Views, index: usize) -> Document {
    let review = &views.analysis.book.reviews[index];
    let hidden = views.review_is_restricted(index);
    let title = format!("Review of {}", review.incidents.join(", "));
    let mut fields = vec![
        field(TITLE, review.id.clone(), false),
        field(BODY, title.clone(), false),
    ];
    if !hidden {
        fields.extend(
            review
                .lessons
                .iter()
                .map(|l| field(LESSON, l.clone(), true)),
        );
        let mut cause = review.root_cause.summary.clone();
        for why in review.root_cause.whys.iter().flatten() {
            cause.push_str(" · ");
            cause.push_str(why);
        }
        fields.push(field(ROOT_CAUSE, cause, true));
        fields.extend(
            review
                .actions()
                .iter()
                .map(|a| field(ACTION, a.title.clone(), true)),
        );
        fields.push(field(BODY, plain_text(review.origin.body_text()), true));
    }
    Document {
        kind: "review",
        id: review.id.clone(),
        title,
        url: view::review_link(&review.id).url,
        fields,
    }
}

fn risk(views: &Views, index: usize) -> Document {
    let risk = &views.analysis.book.risks[index];
    Document {
        kind: "risk",
        id: risk.id.clone(),
        title: risk.title.clone(),
        url: view::risk_link(&risk.id).url,
        fields: vec![
            field(TITLE, risk.id.clone(), false),
            field(TITLE, risk.title.clone(), false),
            field(BODY, plain_text(risk.origin.body_text()), true),
        ],
    }
}

fn control(control: &crate::controls::Control) -> Document {
    Document {
        kind: "control",
        id: control.id.to_string(),
        title: control.title.to_string(),
        url: view::control_ref(control.id).url,
        fields: vec![
            field(TITLE, control.id, false),
            field(TITLE, control.title, false),
            field(BODY, control.theme, true),
        ],
    }
}
