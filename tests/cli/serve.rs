//! `lessonbook serve`, run as a user runs it: a real process on a free port,
//! real edits to the record files, and the page and the event stream read
//! over TCP. Every wait is bounded by a deadline; none is a fixed sleep.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::book_test::*;

/// Long enough for a debug build on a loaded 2-core machine.
const PATIENCE: Duration = Duration::from_secs(60);

struct Served {
    child: Child,
    port: u16,
    stderr: Receiver<String>,
    /// Lines read while waiting for another, not yet looked at.
    backlog: std::cell::RefCell<Vec<String>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start(book: &BookTest) -> Served {
        Served::start_with(book, &[])
    }

    fn start_with(book: &BookTest, extra: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lessonbook"))
            .args(["serve", "--port", "0", "--today", TODAY, "--color", "never"])
            .args(extra)
            .current_dir(book.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start lessonbook serve");
        let (sender, stderr) = channel();
        let pipe = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut served = Served {
            child,
            port: 0,
            stderr,
            backlog: std::cell::RefCell::new(Vec::new()),
        };
        // What serve printed before it listened (the first build) stays
        // in the backlog for the test to look at.
        let deadline = Instant::now() + PATIENCE;
        let line = loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .unwrap_or_else(|| panic!("serve never listened: {:?}", served.backlog));
            match served.stderr.recv_timeout(left) {
                Ok(line) if line.starts_with("serving http://") => break line,
                Ok(line) => served.backlog.borrow_mut().push(line),
                Err(_) => panic!("serve stopped: {:?}", served.backlog),
            }
        };
        let address = line
            .trim_start_matches("serving http://")
            .split('/')
            .next()
            .unwrap();
        served.port = address.rsplit(':').next().unwrap().parse().unwrap();
        served
    }

    /// The first line of stderr (from now) that contains `needle`.
    fn wait_for_line(&self, needle: &str) -> String {
        let mut backlog = self.backlog.borrow_mut();
        if let Some(at) = backlog.iter().position(|line| line.contains(needle)) {
            return backlog.drain(..=at).next_back().unwrap();
        }
        let deadline = Instant::now() + PATIENCE;
        let mut seen = std::mem::take(&mut *backlog);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stderr.recv_timeout(left) {
                Ok(line) if line.contains(needle) => {
                    *backlog = Vec::new();
                    return line;
                }
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!(
            "serve never printed {needle:?}; it printed:\n{}",
            seen.join("\n")
        );
    }

    /// (status, body) of a GET of a raw path, sent as written (no client
    /// normalises `..` away).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("read the answer");
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("not HTTP: {answer}"));
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_string())
            .unwrap_or_default();
        (status, body)
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET /__lessonbook/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        // The head, then `retry:`: the stream is open.
        let mut line = String::new();
        loop {
            line.clear();
            reader.read_line(&mut line).expect("read the stream's head");
            if line.starts_with("retry:") {
                break;
            }
            assert!(!line.is_empty(), "the event stream closed");
        }
        Events { reader }
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event: (name, data).
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).expect("read an event");
            assert!(read > 0, "the event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() {
                    return (name, data);
                }
            } else if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_string();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data = value.to_string();
            }
        }
    }
}

fn incident_with_title(title: &str) -> String {
    INCIDENT.replace(
        "title: Finance mailbox taken over",
        &format!("title: {title}"),
    )
}

#[test]
fn serve_answers_reloads_on_edits_and_refuses_paths_outside_the_site() {
    let book = BookTest::valid();
    let served = Served::start(&book);
    let (status, dashboard) = served.get("/");
    assert_eq!(status, 200);
    assert!(dashboard.contains("<script src=\"/__lessonbook/live.js\"></script></body>"));
    assert!(dashboard.contains("content=\"connect-src 'self'; default-src 'none'"));
    let (status, page) = served.get("/incidents/INC-1.html");
    assert_eq!(status, 200);
    assert!(page.contains("Finance mailbox taken over"));
    for outside in [
        "/../book.toml",
        "/incidents/../../book.toml",
        "/%2e%2e/book.toml",
    ] {
        let (status, body) = served.get(outside);
        assert_eq!(status, 404, "{outside}");
        assert!(!body.contains("title ="), "{outside} leaked book.toml");
    }
    let (status, script) = served.get("/__lessonbook/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("new EventSource(\"/__lessonbook/events\")"));

    // An edit in place.
    let mut events = served.events();
    book.write("records/INC-1.md", incident_with_title("Edited in place"));
    assert_eq!(events.next().0, "reload");
    assert!(
        served
            .get("/incidents/INC-1.html")
            .1
            .contains("Edited in place")
    );

    // A save by writing a new file and renaming it over the old one.
    book.write(
        "records/.INC-1.md.tmp",
        incident_with_title("Saved by rename"),
    );
    std::fs::rename(
        book.path().join("records/.INC-1.md.tmp"),
        book.path().join("records/INC-1.md"),
    )
    .unwrap();
    assert_eq!(events.next().0, "reload");
    assert!(
        served
            .get("/incidents/INC-1.html")
            .1
            .contains("Saved by rename")
    );

    // A new file, then the same file deleted.
    // Still open, so it needs no review yet.
    let second = INCIDENT
        .replace("id: INC-1", "id: INC-2")
        .replace(
            "title: Finance mailbox taken over",
            "title: A second incident",
        )
        .replace("status: closed", "status: open")
        .replace("resolved: 2026-01-06\n", "");
    book.write("records/INC-2.md", &second);
    assert_eq!(events.next().0, "reload");
    assert_eq!(served.get("/incidents/INC-2.html").0, 200);
    std::fs::remove_file(book.path().join("records/INC-2.md")).unwrap();
    assert_eq!(events.next().0, "reload");
    assert_eq!(served.get("/incidents/INC-2.html").0, 404);
}

#[test]
fn a_broken_record_keeps_the_last_good_site_and_shows_the_messages() {
    let book = BookTest::valid();
    let served = Served::start(&book);
    let mut events = served.events();
    book.write(
        "records/INC-1.md",
        INCIDENT.replace("severity: high", "severity: [high"),
    );
    let (name, data) = events.next();
    assert_eq!(name, "problems");
    let text: String = serde_json::from_str(&data).expect("the data is a JSON string");
    assert!(
        text.starts_with("error[yaml-syntax]: invalid YAML: this `[` is never closed\n --> records/INC-1.md:5:11\n"),
        "{text}"
    );
    served.wait_for_line("still serving the last good site");
    // The last good page, and a page opened now is shown the messages too.
    let (status, page) = served.get("/incidents/INC-1.html");
    assert_eq!(status, 200);
    assert!(page.contains("Finance mailbox taken over"));
    let mut late = served.events();
    assert_eq!(late.next().0, "problems");

    book.write("records/INC-1.md", incident_with_title("Fixed again"));
    assert_eq!(events.next().0, "reload");
    assert_eq!(late.next().0, "reload");
    assert!(
        served
            .get("/incidents/INC-1.html")
            .1
            .contains("Fixed again")
    );
    // The new site has no problems to show: a new stream starts quiet.
    let (status, _) = served.get("/");
    assert_eq!(status, 200);
}

#[test]
#[ignore = "needs Chromium: `apt-get install -y chromium`, then `cargo test -- --include-ignored` (bash .ci/run does both)"]
fn the_overlay_shows_the_messages_over_the_page_and_goes_when_they_are_fixed() {
    let book = BookTest::valid();
    let served = Served::start(&book);
    let mut browser = crate::cdp::Browser::start(&crate::browser::chromium());
    let page = browser.open(&format!(
        "http://127.0.0.1:{}/incidents/INC-1.html",
        served.port
    ));
    const OVERLAY: &str =
        "(document.getElementById('lessonbook-problems') || {}).textContent || ''";
    const BODY: &str = "document.readyState === 'complete' ? document.body.textContent : ''";
    let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_string();
    browser.wait_for(&page, BODY, PATIENCE, |v| {
        text(v).contains("Finance mailbox taken over")
    });

    book.write(
        "records/INC-1.md",
        INCIDENT.replace("severity: high", "severity: [high"),
    );
    let overlay = browser.wait_for(&page, OVERLAY, PATIENCE, |v| !text(v).is_empty());
    let overlay = text(&overlay);
    assert!(
        overlay.starts_with("lessonbook: the records have errors."),
        "{overlay}"
    );
    assert!(
        overlay.contains(
            "error[yaml-syntax]: invalid YAML: this `[` is never closed\n --> records/INC-1.md:5:11"
        ),
        "{overlay}"
    );
    // The last good page is still beneath it.
    let body = text(&browser.wait_for(&page, BODY, PATIENCE, |_| true));
    assert!(body.contains("Finance mailbox taken over"), "{body}");

    book.write("records/INC-1.md", incident_with_title("Fixed again"));
    // Reloaded: the new page, and no overlay.
    let check = format!("({BODY}).includes('Fixed again') && !({OVERLAY})");
    browser.wait_for(&page, &check, PATIENCE, |v| v == &serde_json::json!(true));
}

#[test]
fn only_changed_records_are_parsed_and_pages_wait_to_be_asked_for() {
    let book = BookTest::valid();
    let served = Served::start(&book);
    let first = served.wait_for_line("rebuilt in");
    // The first build renders every page (a template error would show now).
    assert!(first.contains(": 3 records parsed, "), "{first}");
    assert!(first.contains(" files rendered"), "{first}");
    book.write(
        "records/INC-1.md",
        INCIDENT.replace("Body.", "Body, edited."),
    );
    let again = served.wait_for_line("rebuilt in");
    assert!(
        again.contains(": 1 records parsed, pages rendered when asked for"),
        "{again}"
    );
    // Asked for, the record's page and the aggregate pages are the new ones.
    assert!(
        served
            .get("/incidents/INC-1.html")
            .1
            .contains("Body, edited.")
    );
    let (status, list) = served.get("/incidents.html");
    assert_eq!(status, 200);
    assert!(list.contains("INC-1"), "{list}");
    assert_eq!(served.get("/incidents/INC-404.html").0, 404);
}

#[test]
fn polling_sees_edits_new_files_and_deletions() {
    let book = BookTest::valid();
    let served = Served::start_with(&book, &["--poll"]);
    served.wait_for_line("note: watching by polling every 300 ms: --poll was given");
    let mut events = served.events();
    book.write("records/INC-1.md", incident_with_title("Seen by polling"));
    assert_eq!(events.next().0, "reload");
    assert!(
        served
            .get("/incidents/INC-1.html")
            .1
            .contains("Seen by polling")
    );
    let second = INCIDENT
        .replace("id: INC-1", "id: INC-2")
        .replace("status: closed", "status: open")
        .replace("resolved: 2026-01-06\n", "");
    book.write("records/INC-2.md", &second);
    assert_eq!(events.next().0, "reload");
    assert_eq!(served.get("/incidents/INC-2.html").0, 200);
    std::fs::remove_file(book.path().join("records/INC-2.md")).unwrap();
    assert_eq!(events.next().0, "reload");
    assert_eq!(served.get("/incidents/INC-2.html").0, 404);
}

#[test]
fn build_output_never_has_the_reload_script() {
    let book = BookTest::valid();
    book.run(&["build"]).code(0);
    for entry in walkdir::WalkDir::new(book.path().join("book")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__lessonbook"),
                "{} has the serve script",
                entry.path().display()
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_serve() {
    let book = BookTest::valid();
    let mut served = Served::start(&book);
    let stopped = Command::new("kill")
        .args(["-INT", &served.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(stopped.success());
    let deadline = Instant::now() + PATIENCE;
    loop {
        if served.child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(TcpStream::connect(("127.0.0.1", served.port)).is_err());
}
