//! `cargo xtask lines [N]`: generated lines per operation on the synthetic spec of `N`
//! operations (default 1,000), per file, in seconds rather than the whole bench's half hour.
//!
//! Counts what `cargo xtask bench` counts (the generated files, not the runtime), from the
//! same spec, so a change to the generator's output size can be checked while iterating;
//! the client and the mock server (`mock*.rs`, behind the `mock` feature) separately.

pub fn lines(args: &[String]) -> Result<(), String> {
    let operations = match args {
        [] => 1_000,
        [count] => count
            .parse::<usize>()
            .map_err(|e| format!("`{count}` is not a number of operations: {e}"))?,
        _ => return Err("usage: cargo xtask lines [operations]".to_owned()),
    };
    let spec = crate::versus::synthetic_spec(operations);
    let text = serde_json::to_string(&spec).map_err(|e| e.to_string())?;
    let options = generator::Options {
        spec_name: format!("synthetic-{operations}.json"),
    };
    let files = generator::generate_from_text(&text, &options)
        .map_err(|d| format!("the synthetic spec does not generate:\n{d}"))?;
    let (mut client, mut mock) = (0, 0);
    for (name, contents) in &files.files {
        let count = contents.lines().count();
        if name.starts_with("mock") {
            mock += count;
        } else {
            client += count;
        }
        println!("{count:>9}  {name}");
    }
    let operations = files.operations.max(1) as f64;
    for (what, lines) in [
        ("client (without the mock server)", client),
        ("mock server (cargo feature `mock`)", mock),
        ("total", client + mock),
    ] {
        println!(
            "{lines:>9}  {what}: {:.1} lines per operation",
            lines as f64 / operations
        );
    }
    Ok(())
}
