//! A raw HTTP/1.1 server on 127.0.0.1 for the runtime's own end-to-end tests: it reads one
//! request head and hands the socket to the test, which answers with whatever bytes it likes.

use std::future::Future;

use tokio::io::AsyncReadExt as _;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Serves one connection: reads the request head, then runs `answer` with the socket and
/// the head. Returns the server's `http://127.0.0.1:PORT` and the task, which yields the head.
pub(crate) async fn serve_one<F, Fut>(answer: F) -> (String, JoinHandle<String>)
where
    F: FnOnce(TcpStream, String) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        // Byte by byte, so nothing after the head (an upgraded protocol's bytes) is consumed.
        while !head.ends_with(b"\r\n\r\n") {
            match socket.read(&mut byte).await {
                Ok(1) => head.push(byte[0]),
                _ => break,
            }
        }
        let head = String::from_utf8_lossy(&head).into_owned();
        answer(socket, head.clone()).await;
        head
    });
    (url, task)
}
