//! A static file server on 127.0.0.1 for the built book, under the book's
//! `site-url` prefix so the 404 page's absolute links resolve too.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::thread;

/// Serves `dir` at `http://127.0.0.1:<port><prefix>` on a background thread
/// for the rest of the process; returns the base URL (ending in `/`).
pub fn start(dir: &Path, prefix: &str) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}{prefix}", listener.local_addr()?);
    let (dir, prefix) = (dir.to_path_buf(), prefix.to_string());
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (dir, prefix) = (dir.clone(), prefix.clone());
            thread::spawn(move || {
                let _ = answer(stream, &dir, &prefix);
            });
        }
    });
    Ok(base)
}

fn answer(mut stream: TcpStream, dir: &Path, prefix: &str) -> std::io::Result<()> {
    let mut request = String::new();
    BufReader::new(&stream).read_line(&mut request)?;
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == "/favicon.ico" {
        // Chromium sometimes asks the origin's root for an icon although the
        // page names its own; the book lives under the prefix, so say "none".
        return stream.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    }
    let file = path.strip_prefix(prefix).and_then(|rel| safe_join(dir, rel));
    let (status, body, kind) = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (b, f))) {
        Some((body, file)) => ("200 OK", body, content_type(&file)),
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)
}

/// `dir/rel`, with `index.html` for a folder, refusing `..`.
fn safe_join(dir: &Path, rel: &str) -> Option<PathBuf> {
    if rel.split('/').any(|part| part == "..") {
        return None;
    }
    let joined = dir.join(rel);
    Some(if rel.is_empty() || rel.ends_with('/') { joined.join("index.html") } else { joined })
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}
