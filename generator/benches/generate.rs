//! Generator benchmark: wall time of `load` + `generate` (text to formatted files) for the
//! project spec, Zendesk's Support spec (from ../shared/specs, when present), and synthetic
//! specs of 100, 1,000 and 5,000 operations, to show how cost grows with size.
//!
//! Prints `BENCH_RESULT {json}` lines for `cargo xtask bench`.

use std::path::Path;
use std::time::{Duration, Instant};

/// A spec with `operations` operations, each with a path parameter, two query parameters,
/// a JSON body on half of them, a response schema of its own and two error responses.
fn synthetic_spec(operations: usize) -> String {
    let mut paths = String::new();
    let mut schemas = String::new();
    for i in 0..operations {
        let (method, body) = if i % 2 == 0 {
            ("get", String::new())
        } else {
            (
                "post",
                format!(
                    "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Thing{i}'}}\n"
                ),
            )
        };
        paths.push_str(&format!(
            "  /things{i}/{{thing_id}}:\n    {method}:\n      operationId: Operation{i}\n      tags: [Area{area}]\n      summary: Operation {i}\n      parameters:\n        - {{name: thing_id, in: path, required: true, schema: {{type: integer, format: int64}}}}\n        - {{name: include, in: query, schema: {{type: string}}}}\n        - {{name: 'page[size]', in: query, schema: {{type: integer, minimum: 1, maximum: 100}}}}\n{body}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing{i}'}}\n        '404':\n          description: not found\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Problem'}}\n        '429': {{description: slow down}}\n",
            area = i % 10
        ));
        schemas.push_str(&format!(
            "    Thing{i}:\n      type: object\n      required: [id]\n      properties:\n        id: {{type: integer, format: int64}}\n        name: {{type: string, description: The name.}}\n        created_at: {{type: string, format: date-time, nullable: true}}\n        tags: {{type: array, items: {{type: string}}}}\n        status: {{type: string, enum: [active, inactive]}}\n"
        ));
    }
    format!(
        "openapi: 3.0.3\ninfo: {{title: Synthetic, version: '1'}}\nservers: [{{url: 'https://api.example.com'}}]\npaths:\n{paths}components:\n  schemas:\n    Problem:\n      type: object\n      properties:\n        error: {{type: string}}\n{schemas}"
    )
}

/// Median wall time of `rounds` runs of load + generate; the number of operations generated.
fn measure(text: &str, rounds: usize) -> Result<(Duration, usize), String> {
    let options = generator::Options {
        spec_name: "bench.yaml".to_owned(),
    };
    let mut samples = Vec::new();
    let mut lines = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        let spec = generator::load(text).map_err(|d| d.to_string())?;
        let files = generator::generate(&spec, &options).map_err(|d| d.to_string())?;
        samples.push(start.elapsed());
        lines = files.files.iter().map(|(_, c)| c.lines().count()).sum();
    }
    samples.sort();
    Ok((samples[samples.len() / 2], lines))
}

fn report(name: &str, operations: usize, text: &str, rounds: usize) {
    match measure(text, rounds) {
        Ok((time, lines)) => println!(
            r#"BENCH_RESULT {{"name":"generate/{name}","operations":{operations},"ms":{},"ms_per_operation":{},"generated_lines":{lines}}}"#,
            time.as_secs_f64() * 1e3,
            time.as_secs_f64() * 1e3 / operations.max(1) as f64
        ),
        Err(reason) => {
            let first = reason.lines().next().unwrap_or_default().replace('"', "'");
            println!(
                r#"BENCH_RESULT {{"name":"generate/{name}","operations":{operations},"skipped":"{first}"}}"#
            )
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let project =
        std::fs::read_to_string(root.join("spec/zendesk-oauth.yaml")).expect("project spec");
    report("project", 12, &project, 20);
    match std::fs::read_to_string(root.join("../shared/specs/zendesk-support.yaml")) {
        Ok(text) => report("zendesk-support", 492, &text, 5),
        Err(error) => println!(
            r#"BENCH_RESULT {{"name":"generate/zendesk-support","operations":492,"skipped":"../shared/specs/zendesk-support.yaml absent: {error}"}}"#
        ),
    }
    for operations in [100, 1_000, 5_000] {
        let rounds = if operations >= 5_000 { 3 } else { 5 };
        report(
            &format!("synthetic-{operations}"),
            operations,
            &synthetic_spec(operations),
            rounds,
        );
    }
}
