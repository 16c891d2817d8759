//! Just enough of the Chrome DevTools Protocol to drive headless Chromium
//! from a test: start it, open a page, and evaluate JavaScript in it until
//! a condition holds. `--dump-dom` cannot test `serve`'s overlay: it waits
//! for the network to go quiet, and a page under `serve` keeps its event
//! stream open. The protocol runs over a WebSocket, written here (text
//! frames only) so that the test needs no crate for it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Browser {
    child: Child,
    socket: TcpStream,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A page opened in the browser.
pub struct Page {
    session: String,
}

impl Browser {
    /// Starts headless Chromium (`chromium` is the command's name) with the
    /// protocol on a free port, and connects to it.
    pub fn start(chromium: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let mut url = None;
        for line in stderr.lines().map_while(Result::ok) {
            if let Some(at) = line.find("ws://") {
                url = Some(line[at..].trim().to_string());
                break;
            }
        }
        let url = url.expect("chromium printed its DevTools address");
        let (host, path) = url["ws://".len()..].split_once('/').unwrap();
        let mut socket = TcpStream::connect(host).expect("connect to chromium");
        socket
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            socket,
            "GET /{path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8];
        while !head.ends_with(b"\r\n\r\n") {
            socket
                .read_exact(&mut byte)
                .expect("the WebSocket handshake");
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        assert!(head.starts_with("HTTP/1.1 101"), "{head}");
        Browser {
            child,
            socket,
            next_id: 0,
            _profile: profile,
        }
    }

    /// Opens `url` in a new tab.
    pub fn open(&mut self, url: &str) -> Page {
        let target = self.call(None, "Target.createTarget", json!({ "url": url }));
        let target = target["targetId"].as_str().unwrap().to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        );
        Page {
            session: attached["sessionId"].as_str().unwrap().to_string(),
        }
    }

    /// The value of `expression` in the page, evaluated again and again
    /// until `done` accepts it; panics with the last value after `patience`.
    pub fn wait_for(
        &mut self,
        page: &Page,
        expression: &str,
        patience: Duration,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + patience;
        loop {
            let answer = self.call(
                Some(&page.session),
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true }),
            );
            let value = answer["result"]["value"].clone();
            if done(&value) {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "`{expression}` never became what was waited for; last: {value}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Presses a key in the page, as a user would (`key` and `code` as
    /// `KeyboardEvent` has them, `text` what the key types, if anything).
    pub fn press(&mut self, page: &Page, key: &str, code: &str, text: &str) {
        for kind in ["keyDown", "keyUp"] {
            let mut params = json!({ "type": kind, "key": key, "code": code });
            if kind == "keyDown" && !text.is_empty() {
                params["text"] = json!(text);
            }
            self.call(Some(&page.session), "Input.dispatchKeyEvent", params);
        }
    }

    /// Types `text` into the focused element (one `input` event).
    pub fn type_text(&mut self, page: &Page, text: &str) {
        self.call(
            Some(&page.session),
            "Input.insertText",
            json!({ "text": text }),
        );
    }

    /// Sends a command and returns its result, skipping the events that
    /// arrive meanwhile.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.send(&message.to_string());
        loop {
            let answer: Value = serde_json::from_str(&self.receive()).expect("JSON from chromium");
            if answer["id"] == json!(id) {
                assert!(answer.get("error").is_none(), "{method}: {answer}");
                return answer["result"].clone();
            }
        }
    }

    /// One text frame, masked as a client's frames must be.
    fn send(&mut self, text: &str) {
        let payload = text.as_bytes();
        let mut frame = vec![0x81];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n <= 0xffff => {
                frame.push(0x80 | 126);
                frame.extend((n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend((n as u64).to_be_bytes());
            }
        }
        let mask = [0x5a, 0x17, 0xc3, 0x88];
        frame.extend(mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.socket.write_all(&frame).expect("send to chromium");
    }

    /// One message: frames up to the one marked final.
    fn receive(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut head = [0u8; 2];
            self.socket
                .read_exact(&mut head)
                .expect("read from chromium");
            let length = match head[1] & 0x7f {
                126 => {
                    let mut n = [0u8; 2];
                    self.socket.read_exact(&mut n).unwrap();
                    u16::from_be_bytes(n) as usize
                }
                127 => {
                    let mut n = [0u8; 8];
                    self.socket.read_exact(&mut n).unwrap();
                    u64::from_be_bytes(n) as usize
                }
                n => n as usize,
            };
            let mut payload = vec![0u8; length];
            self.socket.read_exact(&mut payload).unwrap();
            let opcode = head[0] & 0x0f;
            assert!(opcode <= 2, "chromium sent control frame {opcode}");
            message.extend(payload);
            if head[0] & 0x80 != 0 {
                return String::from_utf8(message).expect("a text message");
            }
        }
    }
}
