//! Headless Chromium, started with the project's fixed flags and driven over
//! the DevTools protocol: one page (a flattened session) on one WebSocket.
//! The browser is killed when the `Browser` is dropped; every read has a
//! time limit, so a hung browser fails the run instead of hanging it.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// The flags every run uses: no sandbox (containers run as root), no GPU, and
/// nothing that talks to the network on its own.
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// The Chromium executable: `$CHROMIUM`, else `chromium` (Debian's package).
pub fn program() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into())
}

/// A running headless Chromium with one page attached.
pub struct Browser {
    child: Child,
    profile: PathBuf,
    ws: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    /// Events seen while waiting for replies, oldest first.
    pub events: Vec<Value>,
}

impl Browser {
    /// Starts Chromium with a fresh profile and opens a blank page.
    pub fn start() -> Result<Browser, String> {
        let profile = std::env::temp_dir().join(format!("fmn-chromium-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut child = Command::new(program())
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(["--remote-debugging-port=0", "--window-size=1280,900", "about:blank"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start `{}` ({e}): run `cargo xtask setup`", program()))?;
        let url = match devtools_url(&mut child) {
            Ok(url) => url,
            Err(why) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(why);
            }
        };
        let ws = connect(&url)?;
        let mut browser =
            Browser { child, profile, ws, session: String::new(), next_id: 0, events: Vec::new() };
        let target = browser.call_browser("Target.createTarget", json!({ "url": "about:blank" }))?;
        let target_id = target["targetId"].as_str().ok_or("no targetId")?.to_string();
        let attached = browser
            .call_browser("Target.attachToTarget", json!({ "targetId": target_id, "flatten": true }))?;
        browser.session = attached["sessionId"].as_str().ok_or("no sessionId")?.to_string();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            browser.call(domain, json!({}))?;
        }
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
        )?;
        Ok(browser)
    }

    /// A command to the page's session; returns its `result`.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let session = self.session.clone();
        self.send(method, params, Some(&session))
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.send(method, params, None)
    }

    fn send(&mut self, method: &str, params: Value, session: Option<&str>) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.ws.send(Message::text(message.to_string())).map_err(|e| format!("{method}: {e}"))?;
        loop {
            let reply = self.read().map_err(|e| format!("{method}: {e}"))?;
            if reply["id"].as_u64() == Some(id) {
                if let Some(error) = reply.get("error") {
                    return Err(format!("{method}: {error}"));
                }
                return Ok(reply["result"].clone());
            }
            self.events.push(reply);
        }
    }

    /// Waits up to `limit` for an event called `method`; earlier events are kept.
    pub fn wait_for(&mut self, method: &str, limit: Duration) -> Result<(), String> {
        let end = Instant::now() + limit;
        if self.events.iter().any(|e| e["method"] == method) {
            return Ok(());
        }
        while Instant::now() < end {
            let event = self.read()?;
            let found = event["method"] == method;
            self.events.push(event);
            if found {
                return Ok(());
            }
        }
        Err(format!("no {method} within {} s", limit.as_secs()))
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value.
    pub fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        )?;
        if let Some(details) = result.get("exceptionDetails") {
            return Err(format!("script threw: {details}"));
        }
        Ok(result["result"]["value"].clone())
    }

    fn read(&mut self) -> Result<Value, String> {
        loop {
            match self.ws.read().map_err(|e| format!("DevTools connection: {e}"))? {
                Message::Text(text) => {
                    return serde_json::from_str(text.as_str())
                        .map_err(|e| format!("DevTools sent bad JSON: {e}"));
                }
                Message::Close(_) => return Err("Chromium closed the DevTools connection".into()),
                _ => continue,
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Reads Chromium's stderr until it prints `DevTools listening on ws://…`
/// (at most 30 s), then keeps draining it on a thread.
fn devtools_url(child: &mut Child) -> Result<String, String> {
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        let mut seen = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if !sent {
                if let Some(url) = line.split("DevTools listening on ").nth(1) {
                    let _ = tx.send(Ok(url.trim().to_string()));
                    sent = true;
                } else {
                    seen.push(line);
                }
            }
        }
        if !sent {
            let _ = tx.send(Err(seen.join("\n")));
        }
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(Ok(url)) => Ok(url),
        Ok(Err(output)) => Err(format!("Chromium exited before it listened:\n{output}")),
        Err(_) => Err("Chromium did not open its DevTools port within 30 s and was killed".into()),
    }
}

fn connect(url: &str) -> Result<WebSocket<TcpStream>, String> {
    let host = url.trim_start_matches("ws://").split('/').next().ok_or("bad DevTools URL")?;
    let stream = TcpStream::connect(host).map_err(|e| format!("connect {host}: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    let (ws, _) = tungstenite::client(url, stream).map_err(|e| format!("DevTools handshake: {e}"))?;
    Ok(ws)
}

/// Decodes standard base64 (what `Page.captureScreenshot` returns).
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Ok(c - b'A'),
        b'a'..=b'z' => Ok(c - b'a' + 26),
        b'0'..=b'9' => Ok(c - b'0' + 52),
        b'+' => Ok(62),
        b'/' => Ok(63),
        _ => Err(format!("not base64: {}", c as char)),
    };
    let bytes: Vec<u8> = text.bytes().filter(|&c| c != b'=' && !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= u32::from(value(c)?) << (18 - 6 * i);
        }
        let produced = chunk.len() * 6 / 8;
        out.extend_from_slice(&acc.to_be_bytes()[1..1 + produced]);
    }
    Ok(out)
}
