//! Measures `lessonbook serve`'s edit-to-reload time: starts the given
//! binary on a book, opens the event stream as a page does, then edits one
//! incident's body again and again and times each edit until the `reload`
//! event arrives; then, as the reloading pages would, until the edited
//! incident's page (holding the new text) and the dashboard have arrived.
//! `cargo run --release --example serve_latency -- BINARY BOOK [EDITS]`
//! (bench/serve.sh runs it on the sample and on a synthetic book). Prints
//! the median, 90th percentile and maximum in milliseconds of each.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn first_incident(folder: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = walk(folder)
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && std::fs::read_to_string(p).is_ok_and(|t| t.contains("kind: incident"))
        })
        .collect();
    files.sort();
    files.into_iter().next()
}

fn walk(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("book") && !path.ends_with("target") {
                out.extend(walk(&path));
            }
        } else {
            out.push(path);
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: serve_latency BINARY BOOK [EDITS]");
        std::process::exit(2);
    }
    let (binary, book) = (&args[1], Path::new(&args[2]));
    let edits: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(20);
    let mut child = Command::new(binary)
        .args([
            "serve",
            "--port",
            "0",
            "--today",
            "2026-11-27",
            "--color",
            "never",
        ])
        .current_dir(book)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lessonbook serve");
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let _guard = Killed(child);
    let mut lines = stderr.lines().map_while(Result::ok);
    let address = lines
        .by_ref()
        .find_map(|l| {
            l.strip_prefix("serving http://")
                .map(|a| a.split('/').next().unwrap_or("").to_string())
        })
        .expect("serve printed its address");
    // Keep reading stderr so serve never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));

    let mut stream = TcpStream::connect(&address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "GET /__lessonbook/events HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(stream);
    let mut line = String::new();
    while !line.starts_with("retry:") {
        line.clear();
        events.read_line(&mut line).expect("the stream's head");
    }

    let record = first_incident(book).expect("the book has an incident");
    let original = std::fs::read_to_string(&record).unwrap();
    let id = original
        .lines()
        .find_map(|l| l.strip_prefix("id: "))
        .expect("the incident has an id")
        .trim()
        .to_string();
    let page = format!("/incidents/{id}.html");
    let mut times = Vec::with_capacity(edits);
    let mut page_times = Vec::with_capacity(edits);
    let mut dashboard_times = Vec::with_capacity(edits);
    for i in 0..edits {
        let started = Instant::now();
        std::fs::write(&record, format!("{original}\nEdit number {i}.\n")).unwrap();
        loop {
            line.clear();
            if events.read_line(&mut line).expect("an event") == 0 {
                panic!("the event stream closed");
            }
            if line.starts_with("event: reload") {
                break;
            }
            if line.starts_with("event: problems") {
                panic!("the edit broke the book");
            }
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        let (status, body) = get(&address, &page);
        assert_eq!(status, 200, "{page}");
        assert!(
            body.contains(&format!("Edit number {i}.")),
            "{page} is stale"
        );
        page_times.push(started.elapsed().as_secs_f64() * 1000.0);
        let (status, _) = get(&address, "/");
        assert_eq!(status, 200, "the dashboard");
        dashboard_times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    std::fs::write(&record, original).unwrap();
    println!("{} edits of {}:", edits, record.display());
    for (what, times) in [
        ("reload event", times),
        ("incident page", page_times),
        ("dashboard", dashboard_times),
    ] {
        println!("  edit to {what}: {}", summary(times));
    }
}

fn summary(mut times: Vec<f64>) -> String {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    format!(
        "median {:.1} ms, 90th percentile {:.1} ms, max {:.1} ms",
        at(0.5),
        at(0.9),
        times[times.len() - 1]
    )
}

/// One GET on a new connection: the status and the body.
fn get(address: &str, path: &str) -> (u16, String) {
    use std::io::Read;
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("an answer");
    let answer = String::from_utf8_lossy(&answer);
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_string())
}
