//! Runs inside the crate generated from `generator/tests/specs/upgrade.yaml` (see
//! `generator/tests/focused_crates.rs`): an operation whose success is `101 Switching
//! Protocols` hands over the connection, which then carries bytes both ways; any other
//! status is the operation's typed error, after one attempt.

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::thread::JoinHandle;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use upgrade::general::AttachContainerError;
use upgrade::{Client, Error};

/// A server that accepts one connection, reads the request head, writes `answer` and, if
/// `echo`, echoes what it receives until the client closes. Returns the request head.
fn serve(answer: &'static str, echo: bool) -> (String, JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).unwrap() == 1 {
            head.push(byte[0]);
        }
        socket.write_all(answer.as_bytes()).unwrap();
        let mut buffer = [0u8; 64];
        while echo {
            match socket.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(read) => socket.write_all(&buffer[..read]).unwrap(),
            }
        }
        String::from_utf8_lossy(&head).into_owned()
    });
    (url, server)
}

#[tokio::test]
async fn the_switched_connection_is_returned_and_carries_bytes_both_ways() {
    let (url, server) = serve(
        "HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: tcp\r\nx-stream: 3\r\n\r\n",
        true,
    );
    let client = Client::builder().api_example_base_url(url).build().unwrap();
    let response = client
        .general()
        .attach_container("c1")
        .logs(true)
        .send("tcp")
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 101);
    assert_eq!(response.headers()["x-stream"], "3");
    let mut connection = response.into_body();
    connection.write_all(b"hello").await.unwrap();
    let mut echoed = [0u8; 5];
    connection.read_exact(&mut echoed).await.unwrap();
    assert_eq!(&echoed, b"hello");
    connection.shutdown().await.unwrap();
    drop(connection);
    let head = server.join().unwrap().to_ascii_lowercase();
    assert!(
        head.starts_with("post /containers/c1/attach?logs=true http/1.1\r\n"),
        "{head}"
    );
    assert!(head.contains("\r\nupgrade: tcp\r\n"), "{head}");
    assert!(head.contains("\r\nconnection: upgrade\r\n"), "{head}");
}

#[tokio::test]
async fn a_declared_error_is_typed_and_the_call_is_not_retried() {
    // The server accepts one connection: a second attempt could not connect.
    let (url, server) = serve(
        "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 24\r\nconnection: close\r\n\r\n{\"message\":\"no such c9\"}",
        false,
    );
    let client = Client::builder().api_example_base_url(url).build().unwrap();
    let error = client
        .general()
        .attach_container("c9")
        .send("tcp")
        .await
        .unwrap_err();
    match error {
        Error::Api {
            error, response, ..
        } => {
            let AttachContainerError::NotFound(body) = *error;
            assert_eq!(body.message.as_deref(), Some("no such c9"));
            assert_eq!(response.attempts, 1);
        }
        other => panic!("{other:?}"),
    }
    server.join().unwrap();
}
