//! Runs inside the crate generated from `generator/tests/specs/path_styles.yaml` (see
//! `generator/tests/focused_crates.rs`): the generated builders send `matrix`, `label` and
//! exploded `simple` path parameters, and an exploded header, as the OpenAPI 3.0.3 "Style
//! Examples" table writes them (<https://spec.openapis.org/oas/v3.0.3#style-examples>), to a
//! server listening on a local socket. Object members come out in name order (`B`, `G`, `R`).

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::thread::JoinHandle;

use path_styles::models::Color;
use path_styles::Client;

/// A server that answers `count` requests with `204` and returns each request head.
fn serve(count: usize) -> (String, JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        (0..count)
            .map(|_| {
                let (mut socket, _) = listener.accept().unwrap();
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).unwrap() == 1 {
                    head.push(byte[0]);
                }
                socket
                    .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
                    .unwrap();
                String::from_utf8_lossy(&head).into_owned()
            })
            .collect()
    });
    (url, server)
}

fn color() -> Color {
    Color {
        r: Some(100),
        g: Some(200),
        b: Some(150),
    }
}

fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(String::from).to_vec()
}

#[tokio::test]
async fn matrix_label_and_exploded_parameters_arrive_as_the_style_table_writes_them() {
    let (url, server) = serve(3);
    let client = Client::builder().api_example_base_url(url).build().unwrap();
    let general = client.general();
    general
        .get_matrix(5, colors(), color())
        .send()
        .await
        .unwrap();
    general
        .get_label("a b", colors(), color())
        .send()
        .await
        .unwrap();
    general
        .get_simple(color())
        .x_color(color())
        .send()
        .await
        .unwrap();
    let heads = server.join().unwrap();
    let lines: Vec<&str> = heads
        .iter()
        .map(|head| head.lines().next().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "GET /matrix/;id=5/;colors=blue;colors=black;colors=brown/;color=B,150,G,200,R,100 HTTP/1.1",
            "GET /label/.a%20b.blue.black.brown/.B=150.G=200.R=100 HTTP/1.1",
            "GET /simple/B=150,G=200,R=100 HTTP/1.1",
        ]
    );
    let header = heads[2]
        .lines()
        .find_map(|line| line.strip_prefix("x-color: "))
        .unwrap();
    assert_eq!(header, "B=150,G=200,R=100");
}

#[tokio::test]
async fn a_label_that_would_be_a_dot_segment_is_never_sent() {
    let client = Client::builder()
        .api_example_base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    // An empty object in `label` style is `.`: as a whole segment, URLs resolve it away.
    let error = client
        .general()
        .get_label("x", colors(), Color::default())
        .send()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("`.` or `..` segment"), "{error}");
}
