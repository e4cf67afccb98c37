//! The HTTP core every AuthorWorks service binary runs: `GET /health` answers `200 <service> <version>`, anything else
//! 404. Standard library only, so the workspace builds offline and the images hold one static binary.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

/// The status line and body answered to one request line (`GET /health HTTP/1.1`).
pub fn respond(request_line: &str, service: &str, version: &str) -> (u16, String) {
    let mut words = request_line.split_whitespace();
    match (words.next(), words.next()) {
        (Some("GET" | "HEAD"), Some("/health")) => (200, format!("{service} {version}\n")),
        (Some(_), Some(_)) => (404, "not found\n".to_string()),
        _ => (400, "bad request\n".to_string()),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    }
}

fn handle(stream: TcpStream, service: &str, version: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read the headers to the blank line, so the client's request is consumed before the connection closes.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let (status, body) = respond(&request_line, service, version);
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} {}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        reason(status),
        body.len()
    )?;
    stream.flush()
}

extern "C" fn terminate(_: i32) {
    // SAFETY: _exit is async-signal-safe.
    unsafe { _exit(0) }
}

extern "C" {
    fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
    fn _exit(status: i32) -> !;
}

/// Serves on `0.0.0.0:$PORT` (8080 by default) until SIGTERM. As a container's PID 1 the process must handle SIGTERM
/// itself (the kernel ignores it otherwise), or every blue/green stop would wait for the engine's SIGKILL.
pub fn serve(service: &'static str, version: &'static str) {
    // SAFETY: installs a handler that only calls _exit; 15 is SIGTERM on Linux.
    unsafe {
        signal(15, terminate);
    }
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".to_string());
    let listener = TcpListener::bind(format!("0.0.0.0:{port}")).expect("bind the service port");
    eprintln!("{service} {version} listening on {port}");
    for stream in listener.incoming().flatten() {
        thread::spawn(move || {
            let _ = handle(stream, service, version);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_names_the_service_and_its_version() {
        assert_eq!(respond("GET /health HTTP/1.1\r\n", "user-service", "1.0.0"), (200, "user-service 1.0.0\n".to_string()));
    }

    #[test]
    fn other_paths_are_not_found_and_garbage_is_a_bad_request() {
        assert_eq!(respond("GET /admin HTTP/1.1\r\n", "user-service", "1.0.0").0, 404);
        assert_eq!(respond("\r\n", "user-service", "1.0.0").0, 400);
    }

    #[test]
    fn a_real_connection_gets_the_health_answer() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let server = thread::spawn(move || handle(listener.accept().unwrap().0, "editor-service", "2.0.0").unwrap());
        let mut client = TcpStream::connect(address).unwrap();
        client.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut answer = String::new();
        std::io::Read::read_to_string(&mut client, &mut answer).unwrap();
        server.join().unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.ends_with("editor-service 2.0.0\n"), "{answer}");
    }
}
