//! A small static file server for `www/` on localhost, serving as a real
//! host would: gzip when the browser accepts it, the right types (wasm as
//! `application/wasm`, so it compiles while it downloads), and CORS, so
//! the widget's files can be loaded from it by a page on another origin.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::root;

/// Serves `www/` on 127.0.0.1:`port` until interrupted.
pub fn serve(port: u16) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", port)).with_context(|| {
        format!("cannot listen on 127.0.0.1:{port}: is another server running? use --port N")
    })?;
    println!("serving www/ at http://127.0.0.1:{port}/  (Ctrl-C stops)");
    accept(listener, root().join("www"));
    Ok(())
}

/// Serves `dir` on a free port of 127.0.0.1 in a background thread; returns the port.
pub fn spawn(dir: &Path) -> Result<u16> {
    spawn_on("127.0.0.1", dir)
}

/// Serves `dir` on a free port of the loopback address `ip` in a background
/// thread; returns the port. Another address is another origin.
pub fn spawn_on(ip: &str, dir: &Path) -> Result<u16> {
    let listener = TcpListener::bind((ip, 0)).with_context(|| format!("cannot listen on {ip}"))?;
    let port = listener.local_addr()?.port();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || accept(listener, dir));
    Ok(port)
}

fn accept(listener: TcpListener, dir: PathBuf) {
    for stream in listener.incoming().flatten() {
        let dir = dir.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &dir);
        });
    }
}

fn handle(mut stream: TcpStream, www: &Path) -> std::io::Result<()> {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    reader.read_line(&mut request_line)?;
    let mut header = String::new();
    let mut gzip = false;
    while reader.read_line(&mut header)? > 2 {
        let lower = header.to_ascii_lowercase();
        if let Some(accepted) = lower.strip_prefix("accept-encoding:") {
            gzip |= accepted.split(',').any(|e| e.trim().starts_with("gzip"));
        }
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            405,
            "text/plain",
            b"method not allowed",
            method == "HEAD",
        );
    }
    if let Some(location) = studio_redirect(target) {
        let kind = format!("text/plain\r\nLocation: {location}");
        return respond(&mut stream, 302, &kind, b"found", method == "HEAD");
    }
    match resolve(www, target).and_then(|path| std::fs::read(&path).ok().map(|body| (path, body))) {
        Some((path, body)) if gzip => {
            let body = compress(&body)?;
            let kind = format!("{}\r\nContent-Encoding: gzip", content_type(&path));
            respond(&mut stream, 200, &kind, &body, method == "HEAD")
        }
        Some((path, body)) => respond(
            &mut stream,
            200,
            content_type(&path),
            &body,
            method == "HEAD",
        ),
        None => respond(
            &mut stream,
            404,
            "text/plain",
            b"not found",
            method == "HEAD",
        ),
    }
}

/// Where `/studio/…` is served from: the studio as built and shipped
/// (`www/dist/studio/`, next to the widget its preview loads), not its
/// sources in `www/studio/`.
fn studio_redirect(target: &str) -> Option<String> {
    let rest = target.strip_prefix("/studio")?;
    match rest {
        "" => Some("/dist/studio/".into()),
        rest if rest.starts_with('/') || rest.starts_with('?') => {
            Some(format!("/dist/studio{rest}"))
        }
        _ => None,
    }
}

/// The file a request target names inside `www`, refusing anything that
/// would leave it.
fn resolve(www: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?.trim_start_matches('/');
    let relative = Path::new(path);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let full = www.join(relative);
    Some(if full.is_dir() {
        full.join("index.html")
    } else {
        full
    })
}

/// `body` gzipped at the level CDNs commonly use; each distinct body is
/// compressed once, as a host that precompresses its files would.
fn compress(body: &[u8]) -> std::io::Result<Vec<u8>> {
    static CACHE: Mutex<Vec<(u32, Vec<u8>)>> = Mutex::new(Vec::new());
    let key = crc32fast::hash(body) ^ body.len() as u32;
    if let Some((_, gz)) = CACHE
        .lock()
        .ok()
        .and_then(|c| c.iter().find(|(k, _)| *k == key).cloned())
    {
        return Ok(gz);
    }
    let gz = gzip(body)?;
    if let Ok(mut cache) = CACHE.lock() {
        cache.push((key, gz.clone()));
    }
    Ok(gz)
}

fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(body)?;
    encoder.finish()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "md" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        302 => "Found",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nVary: Accept-Encoding\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_studio_is_served_as_shipped() {
        assert_eq!(studio_redirect("/studio"), Some("/dist/studio/".into()));
        assert_eq!(studio_redirect("/studio/"), Some("/dist/studio/".into()));
        assert_eq!(
            studio_redirect("/studio/preview.html?x=1"),
            Some("/dist/studio/preview.html?x=1".into())
        );
        assert_eq!(studio_redirect("/studios"), None);
        assert_eq!(studio_redirect("/dist/studio/"), None);
    }

    #[test]
    fn requests_cannot_leave_www() {
        let www = Path::new("/srv/www");
        assert_eq!(resolve(www, "/../etc/passwd"), None);
        assert_eq!(resolve(www, "/dist/../../x"), None);
        assert_eq!(
            resolve(www, "/dist/plauder.js?v=1"),
            Some(PathBuf::from("/srv/www/dist/plauder.js"))
        );
    }
}
