//! Scribe's API, reduced to what a release checks: `GET /health` answers 200 with its version once the settings it needs are present.
//! std only, so it builds and tests without a crate registry.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

/// The settings the API refuses to start without (ECS injects them from the task definition).
const REQUIRED: [&str; 2] = ["QDRANT_URL", "DATABASE_URL"];

/// Status line and body for one request line, e.g. `GET /health HTTP/1.1`.
fn answer(request_line: &str) -> (&'static str, &'static str) {
    let mut parts = request_line.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some("GET"), Some("/health")) => ("200 OK", concat!("ok ", env!("CARGO_PKG_VERSION"))),
        (Some(_), Some(_)) => ("404 Not Found", "not found"),
        _ => ("400 Bad Request", "bad request"),
    }
}

/// The settings of `REQUIRED` that `lookup` does not find.
fn missing(lookup: impl Fn(&str) -> Option<String>) -> Vec<&'static str> {
    REQUIRED.into_iter().filter(|name| lookup(name).is_none()).collect()
}

fn serve(stream: TcpStream) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line)?;
    let (status, body) = answer(&line);
    write!(&stream, "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
}

fn main() {
    let absent = missing(|name| std::env::var(name).ok());
    if !absent.is_empty() {
        eprintln!("scribe-api: missing settings: {}", absent.join(", "));
        std::process::exit(2);
    }
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".into());
    let listener = TcpListener::bind(("0.0.0.0", port.parse::<u16>().expect("PORT is a port number"))).expect("bind");
    for stream in listener.incoming().flatten() {
        if let Err(error) = serve(stream) {
            eprintln!("scribe-api: {error}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_answers_ok_and_other_paths_not_found() {
        assert_eq!(answer("GET /health HTTP/1.1\r\n"), ("200 OK", concat!("ok ", env!("CARGO_PKG_VERSION"))));
        assert_eq!(answer("GET /documents HTTP/1.1\r\n").0, "404 Not Found");
        assert_eq!(answer("\r\n").0, "400 Bad Request");
    }

    #[test]
    fn refuses_to_start_without_qdrant_and_the_database() {
        assert_eq!(missing(|_| None), vec!["QDRANT_URL", "DATABASE_URL"]);
        assert!(missing(|name| Some(format!("set {name}"))).is_empty());
    }
}
