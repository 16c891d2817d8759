//! The HTTP side of `serve`: files from the site in memory, the live-reload
//! script injected into HTML answers (never into the stored pages), and an
//! event stream (server-sent events) that tells open pages to reload or to
//! show the checker's messages.

use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::build::Built;

/// Where the reload script and the event stream live; no site path starts
/// with `__`.
pub const LIVE_JS: &str = "/__lessonbook/live.js";
pub const EVENTS: &str = "/__lessonbook/events";

const LIVE_SCRIPT: &str = include_str!("live.js");

/// What open pages are told.
#[derive(Clone, Debug)]
pub enum Event {
    /// A new site is complete: reload.
    Reload,
    /// The records (or book.toml) have errors: show them.
    Problems(String),
}

impl Event {
    fn wire(&self) -> String {
        match self {
            Event::Reload => "event: reload\ndata: \n\n".to_string(),
            Event::Problems(text) => {
                let json = serde_json::to_string(text).unwrap_or_default();
                format!("event: problems\ndata: {json}\n\n")
            }
        }
    }
}

/// What the server answers from; swapped whole by the rebuild loop.
pub struct State {
    /// The last site that built, if any has.
    pub site: Option<Arc<Built>>,
    /// The errors of the last rebuild, if it failed (plain text).
    pub problems: Option<String>,
    /// The board pack's PDF for `site`, once asked for.
    pub pdf: Option<Arc<[u8]>>,
}

pub struct Shared {
    pub state: RwLock<State>,
    clients: Mutex<Vec<Sender<Event>>>,
}

impl Shared {
    pub fn new() -> Shared {
        Shared {
            state: RwLock::new(State {
                site: None,
                problems: None,
                pdf: None,
            }),
            clients: Mutex::new(Vec::new()),
        }
    }

    /// Tells every open page; pages that went away drop out.
    pub fn broadcast(&self, event: &Event) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|client| client.send(event.clone()).is_ok());
    }

    fn subscribe(&self) -> mpsc::Receiver<Event> {
        let (sender, receiver) = mpsc::channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(sender);
        receiver
    }

    /// Shows `text` over the open pages, when `site` is still the one
    /// served: a page of it could not be rendered.
    fn report_problems(&self, site: &Arc<Built>, text: &str) {
        {
            let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
            if !state
                .site
                .as_ref()
                .is_some_and(|now| Arc::ptr_eq(now, site))
            {
                return;
            }
            state.problems = Some(text.to_string());
        }
        self.broadcast(&Event::Problems(text.to_string()));
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }
}

/// Answers requests until the server is dropped; one thread per request,
/// as event streams stay open.
pub fn serve(server: tiny_http::Server, shared: Arc<Shared>) {
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || answer(request, &shared));
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

fn answer(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::from_string("only GET and HEAD\n").with_status_code(405));
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    match path {
        EVENTS => return stream_events(request, shared),
        LIVE_JS => {
            let _ = request.respond(
                Response::from_string(LIVE_SCRIPT)
                    .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                    .with_header(header("Cache-Control", "no-store")),
            );
            return;
        }
        _ => {}
    }
    let (status, content_type, body) = match resolve(path) {
        Some(relative) => look_up(shared, &relative),
        None => not_found(),
    };
    let body = if content_type.starts_with("text/html") {
        inject(&body).into_bytes()
    } else {
        body
    };
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

fn not_found() -> (u16, &'static str, Vec<u8>) {
    (
        404,
        "text/html; charset=utf-8",
        b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>There is no such page in this book. <a href=\"/\">The dashboard</a>.</p></body></html>".to_vec(),
    )
}

fn look_up(shared: &Shared, relative: &str) -> (u16, &'static str, Vec<u8>) {
    let state = shared.read();
    let Some(site) = state.site.clone() else {
        drop(state);
        return (
            503,
            "text/html; charset=utf-8",
            b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No site yet</title></head><body><h1>No site yet</h1><p>The records have errors, so there is no site to show yet; the messages are over this page and in the terminal.</p></body></html>".to_vec(),
        );
    };
    if relative == "board-pack.pdf" {
        let pdf = state.pdf.clone();
        drop(state);
        return board_pdf(shared, &site, pdf);
    }
    drop(state);
    // `/incidents` as well as `/incidents/`.
    let folder_index = format!("{}/index.html", relative.trim_end_matches('/'));
    let found = site.file(relative).and_then(|page| match page {
        Some(page) => Ok(Some((relative, page))),
        None => Ok(site
            .file(&folder_index)?
            .map(|page| (folder_index.as_str(), page))),
    });
    match found {
        Ok(Some((key, page))) => (200, content_type(key), page.bytes.to_vec()),
        Ok(None) => not_found(),
        Err(error) => {
            let text = format!("error: the page could not be rendered: {error}\n");
            shared.report_problems(&site, &text);
            (500, "text/plain; charset=utf-8", text.into_bytes())
        }
    }
}

#[cfg(feature = "pdf")]
fn board_pdf(
    shared: &Shared,
    site: &Arc<Built>,
    cached: Option<Arc<[u8]>>,
) -> (u16, &'static str, Vec<u8>) {
    if let Some(pdf) = cached {
        return (200, "application/pdf", pdf.to_vec());
    }
    match super::build::board_pdf(site) {
        Ok(pdf) => {
            let pdf: Arc<[u8]> = pdf.into();
            let mut state = shared.state.write().unwrap_or_else(|e| e.into_inner());
            // Only when the site it belongs to is still the one served.
            if state
                .site
                .as_ref()
                .is_some_and(|now| Arc::ptr_eq(now, site))
            {
                state.pdf = Some(Arc::clone(&pdf));
            }
            (200, "application/pdf", pdf.to_vec())
        }
        Err(error) => (
            500,
            "text/plain; charset=utf-8",
            format!("the board pack's PDF could not be rendered: {error:#}\n").into_bytes(),
        ),
    }
}

#[cfg(not(feature = "pdf"))]
fn board_pdf(_: &Shared, _: &Arc<Built>, _: Option<Arc<[u8]>>) -> (u16, &'static str, Vec<u8>) {
    (
        404,
        "text/plain; charset=utf-8",
        b"this lessonbook was built without the `pdf` feature: the board pack is HTML only\n"
            .to_vec(),
    )
}

/// The site path a URL path names, or None when it would leave the site
/// (`..`, backslashes, NUL, bad escapes). `/` and folders name index.html.
pub fn resolve(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            _ if part.contains(['\\', '\0']) || part.starts_with("__") => return None,
            _ => parts.push(part),
        }
    }
    let mut relative = parts.join("/");
    if relative.is_empty() || decoded.ends_with('/') {
        if !relative.is_empty() {
            relative.push('/');
        }
        relative.push_str("index.html");
    }
    Some(relative)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script to an HTML answer, and lets the page's content
/// security policy load it and open the event stream.
pub fn inject(body: &[u8]) -> String {
    let mut html = String::from_utf8_lossy(body).into_owned();
    const CSP: &str = "http-equiv=\"Content-Security-Policy\" content=\"";
    if let Some(at) = html.find(CSP) {
        let start = at + CSP.len();
        let end = start + html[start..].find('"').unwrap_or(0);
        let policy = &html[start..end];
        let mut extra = String::from("connect-src 'self'; ");
        if !policy.contains("script-src") {
            extra.push_str("script-src 'self'; ");
        }
        html.insert_str(start, &extra);
    }
    let tag = format!("<script src=\"{LIVE_JS}\"></script>");
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &tag),
        None => html.push_str(&tag),
    }
    html
}

/// An event stream: the current problems first (so a reloaded page shows
/// them again), then every event, with a comment every 15 s so proxies and
/// browsers keep it open. Ends when the page goes away.
fn stream_events(request: Request, shared: &Shared) {
    let receiver = shared.subscribe();
    let problems = shared.read().problems.clone();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    let mut send = |text: &str| {
        writer
            .write_all(text.as_bytes())
            .and_then(|()| writer.flush())
            .is_ok()
    };
    if !send(head) {
        return;
    }
    if let Some(problems) = problems
        && !send(&Event::Problems(problems).wire())
    {
        return;
    }
    loop {
        let text = match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => event.wire(),
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if !send(&text) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_site_are_refused() {
        assert_eq!(resolve("/"), Some("index.html".into()));
        assert_eq!(resolve("/incidents/"), Some("incidents/index.html".into()));
        assert_eq!(
            resolve("/incidents/INC-1.html"),
            Some("incidents/INC-1.html".into())
        );
        assert_eq!(resolve("/a%20b.html"), Some("a b.html".into()));
        for outside in [
            "/../book.toml",
            "/incidents/../../book.toml",
            "/%2e%2e/book.toml",
            "/..%2fbook.toml",
            "/a\\..\\book.toml",
            "/%00",
            "/%zz",
            "/__lessonbook/other",
        ] {
            assert_eq!(resolve(outside), None, "{outside}");
        }
    }

    #[test]
    fn the_script_is_injected_and_allowed_by_the_policy() {
        let page = br#"<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'"></head><body><p>x</p></body></html>"#;
        assert_eq!(
            inject(page),
            r#"<html><head><meta http-equiv="Content-Security-Policy" content="connect-src 'self'; default-src 'none'; script-src 'self'"></head><body><p>x</p><script src="/__lessonbook/live.js"></script></body></html>"#
        );
        let pack = br#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'">"#;
        assert_eq!(
            inject(pack),
            r#"<meta http-equiv="Content-Security-Policy" content="connect-src 'self'; script-src 'self'; default-src 'none'"><script src="/__lessonbook/live.js"></script>"#
        );
    }

    #[test]
    fn events_are_written_as_server_sent_events() {
        assert_eq!(Event::Reload.wire(), "event: reload\ndata: \n\n");
        assert_eq!(
            Event::Problems("error: a\n  --> b:1:2\n".into()).wire(),
            "event: problems\ndata: \"error: a\\n  --> b:1:2\\n\"\n\n"
        );
    }
}
