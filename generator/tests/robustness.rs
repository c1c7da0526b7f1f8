//! Determinism (byte-identical output across runs and whatever the order of the spec's maps)
//! and robustness (no panic, no hang on mutated specs: only generated code or diagnostics).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use serde_json::Value;

fn options() -> generator::Options {
    generator::Options {
        spec_name: "spec.yaml".to_owned(),
    }
}

/// The project spec and every small spec of the test suite.
fn specs() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("../spec/zendesk-oauth.yaml")];
    for dir in ["tests/specs", "tests/diagnostics"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
            .collect();
        found.sort();
        paths.extend(found);
    }
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect()
}

/// Rebuilds every mapping of `value` with its keys in an order given by `seed`.
fn shuffle(value: serde_yaml::Value, seed: u64) -> serde_yaml::Value {
    match value {
        serde_yaml::Value::Mapping(mapping) => {
            let mut entries: Vec<(serde_yaml::Value, serde_yaml::Value)> = mapping
                .into_iter()
                .map(|(key, value)| (key, shuffle(value, seed)))
                .collect();
            entries.sort_by_key(|(key, _)| {
                let mut hasher = DefaultHasher::new();
                seed.hash(&mut hasher);
                serde_yaml::to_string(key).unwrap().hash(&mut hasher);
                hasher.finish()
            });
            serde_yaml::Value::Mapping(entries.into_iter().collect())
        }
        serde_yaml::Value::Sequence(items) => {
            serde_yaml::Value::Sequence(items.into_iter().map(|item| shuffle(item, seed)).collect())
        }
        other => other,
    }
}

/// What must not depend on the order of keys: the files, and each finding's pointer and
/// message (their order and line numbers follow the text).
fn essence(
    result: Result<generator::GeneratedFiles, generator::Diagnostics>,
) -> (Vec<(String, String)>, Vec<String>) {
    let (files, findings) = match result {
        Ok(files) => (files.files, files.warnings),
        Err(diagnostics) => (Vec::new(), diagnostics),
    };
    let mut findings: Vec<String> = findings
        .0
        .iter()
        .map(|d| format!("{:?} {} {}", d.severity, d.pointer, d.message))
        .collect();
    findings.sort();
    (files, findings)
}

#[test]
fn output_is_identical_across_runs_and_map_orders() {
    for (path, text) in specs() {
        let first = generator::generate_from_text(&text, &options());
        let second = generator::generate_from_text(&text, &options());
        assert_eq!(first, second, "{}: two runs differ", path.display());
        let expected = essence(first);
        let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&text) else {
            continue; // The broken-YAML diagnostics spec.
        };
        for seed in 1..=3 {
            let shuffled = serde_yaml::to_string(&shuffle(value.clone(), seed)).unwrap();
            assert_ne!(shuffled, text);
            let result = generator::generate_from_text(&shuffled, &options());
            assert!(
                essence(result) == expected,
                "{}: output changes when the spec's keys are reordered (seed {seed})",
                path.display()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Mutations.

/// One change to a spec: which node (an index into all nodes, modulo their number), what to
/// do, and a number that picks among variants.
#[derive(Debug, Clone)]
struct Mutation {
    node: usize,
    kind: u8,
    pick: usize,
}

const ODD_NAMES: &[&str] = &[
    "",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "_",
    "1abc",
    "a-b c",
    "ünïcödé",
    "__",
    "fooBar",
    "foo_bar",
    "FOO_BAR",
    "r#x",
    "~1/",
    "{x}",
    "default",
    "Option",
    "String",
    "new",
    "send",
];

fn wrong_value(pick: usize) -> Value {
    match pick % 8 {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => Value::from(42),
        3 => Value::from(-1.5),
        4 => Value::from("x"),
        5 => Value::Array(Vec::new()),
        6 => serde_json::json!({}),
        _ => Value::from(u64::MAX),
    }
}

/// Every node's path (keys and indexes) from the root.
fn nodes(value: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(path.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(Value::from(key.clone()));
                nodes(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(Value::from(index));
                nodes(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'v>(mut value: &'v mut Value, path: &[Value]) -> Option<&'v mut Value> {
    for step in path {
        value = match step {
            Value::String(key) => value.as_object_mut()?.get_mut(key)?,
            Value::Number(index) => value.as_array_mut()?.get_mut(index.as_u64()? as usize)?,
            _ => return None,
        };
    }
    Some(value)
}

fn apply(document: &mut Value, mutation: &Mutation) {
    let mut all = Vec::new();
    nodes(document, &mut Vec::new(), &mut all);
    let path = all[mutation.node % all.len()].clone();
    let schema_names: Vec<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    match mutation.kind % 9 {
        // Delete the node.
        0 => {
            if let Some((last, parent)) = path.split_last() {
                match (node_mut(document, parent), last) {
                    (Some(Value::Object(map)), Value::String(key)) => {
                        map.remove(key);
                    }
                    (Some(Value::Array(items)), Value::Number(index)) => {
                        let index = index.as_u64().unwrap_or(0) as usize;
                        if index < items.len() {
                            items.remove(index);
                        }
                    }
                    _ => {}
                }
            }
        }
        // A value of the wrong type.
        1 => {
            if let Some(node) = node_mut(document, &path) {
                *node = wrong_value(mutation.pick);
            }
        }
        // A dangling reference.
        2 => {
            if let Some(node) = node_mut(document, &path) {
                let targets = [
                    "#/components/schemas/DoesNotExist",
                    "#/components/parameters/Nope",
                    "#/components/responses/Nope",
                    "other.yaml#/x",
                    "#/paths",
                    "",
                ];
                *node = serde_json::json!({"$ref": targets[mutation.pick % targets.len()]});
            }
        }
        // A reference cycle: to a component schema from inside the tree (often itself),
        // or two schemas that are only references to each other.
        3 => {
            let cycle = serde_json::json!({
                "CycleA": {"$ref": "#/components/schemas/CycleB"},
                "CycleB": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/CycleA"}}},
                "CycleC": {"$ref": "#/components/schemas/CycleC"},
            });
            if let Some(Value::Object(components)) = document.get_mut("components") {
                let schemas = components
                    .entry("schemas")
                    .or_insert_with(|| serde_json::json!({}));
                if let (Value::Object(schemas), Value::Object(cycle)) = (schemas, cycle) {
                    schemas.extend(cycle);
                }
            }
            let mut names = schema_names;
            names.extend(["CycleA".to_owned(), "CycleC".to_owned()]);
            let target = &names[mutation.pick % names.len()];
            if let Some(node) = node_mut(document, &path) {
                *node = serde_json::json!({"$ref": format!("#/components/schemas/{target}")});
            }
        }
        // A huge string.
        4 => {
            if let Some(node) = node_mut(document, &path) {
                *node = Value::from("é-x".repeat(10_000 + mutation.pick % 20_000));
            }
        }
        // Rename a key to an odd name.
        5 => {
            if let Some((Value::String(key), parent)) = path.split_last() {
                if let Some(Value::Object(map)) = node_mut(document, parent) {
                    if let Some(value) = map.remove(key) {
                        map.insert(ODD_NAMES[mutation.pick % ODD_NAMES.len()].to_owned(), value);
                    }
                }
            }
        }
        // Add keys that collide with an existing one after case conversion.
        6 => {
            if let Some(Value::Object(map)) = node_mut(document, &path) {
                if let Some((key, value)) = map.iter().next().map(|(k, v)| (k.clone(), v.clone())) {
                    map.insert(key.to_uppercase(), value.clone());
                    map.insert(format!("{key}_"), value.clone());
                    map.insert(format!("-{key}-"), value);
                }
            }
        }
        // Deep nesting.
        7 => {
            if let Some(node) = node_mut(document, &path) {
                let mut nested = node.clone();
                for _ in 0..(mutation.pick % 60) {
                    nested = serde_json::json!({"type": "array", "items": nested});
                }
                *node = nested;
            }
        }
        // An odd property name in a schema.
        _ => {
            if let Some(Value::Object(map)) = node_mut(document, &path) {
                let name = ODD_NAMES[mutation.pick % ODD_NAMES.len()];
                let properties = map
                    .entry("properties")
                    .or_insert_with(|| serde_json::json!({}));
                if let Value::Object(properties) = properties {
                    properties.insert(name.to_owned(), serde_json::json!({"type": "string"}));
                }
            }
        }
    }
}

/// Runs the whole pipeline on `text` in a thread, failing on a panic or after `limit`.
fn generate_within(text: String, limit: Duration) -> Result<(), String> {
    let (send, receive) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let outcome = generator::generate_from_text(&text, &options());
            let findings = match &outcome {
                Ok(files) => files.warnings.0.clone(),
                Err(diagnostics) => diagnostics.0.clone(),
            };
            // Every finding says what would fix it.
            let unhelpful: Vec<String> = findings
                .iter()
                .filter(|finding| finding.help.is_none())
                .map(ToString::to_string)
                .collect();
            let answer = if unhelpful.is_empty() {
                outcome.map(|_| ()).map_err(|d| d.0.len().to_string())
            } else {
                Err(format!("findings without help:\n{}", unhelpful.join("\n")))
            };
            let _ = send.send(answer);
        })
        .map_err(|e| e.to_string())?;
    match receive.recv_timeout(limit) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(count)) if count == "0" => Err("failed with no diagnostic".to_owned()),
        Ok(Err(count)) if count.parse::<usize>().is_ok() => Ok(()),
        Ok(Err(problem)) => Err(problem),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("no answer within {limit:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => Err(format!(
                "panicked: {}",
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            )),
            Ok(()) => Err("worker ended without an answer".to_owned()),
        },
    }
}

/// How many mutated specs the property test tries.
const CASES: u32 = 1000;

fn mutation() -> impl Strategy<Value = Mutation> {
    (any::<usize>(), any::<u8>(), any::<usize>()).prop_map(|(node, kind, pick)| Mutation {
        node,
        kind,
        pick,
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        // A failure is saved under `generator/proptest-regressions/` (its seed on a
        // `cc` line; commit it) and replayed first on every later run; the failure message
        // prints the spec and the mutations, which replay it by hand.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::SourceParallel("proptest-regressions"),
        )),
        max_shrink_iters: 8,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_specs_never_panic_or_hang(
        spec in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..5),
        as_yaml in any::<bool>(),
    ) {
        let specs = spec_values();
        let (name, original) = &specs[spec % specs.len()];
        let mut document = original.clone();
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        let text = if as_yaml {
            serde_yaml::to_string(&document).unwrap_or_default()
        } else {
            serde_json::to_string_pretty(&document).unwrap_or_default()
        };
        if let Err(problem) = generate_within(text, Duration::from_secs(10)) {
            prop_assert!(false, "{name} with {mutations:?}: {problem}");
        }
    }
}

#[test]
fn every_spec_is_a_mutation_input() {
    let loaded = spec_values().len();
    assert_eq!(
        loaded + 1,
        specs().len(),
        "only the broken-YAML spec may be left out"
    );
}

/// The specs as JSON values, parsed once.
fn spec_values() -> &'static [(String, Value)] {
    static VALUES: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    VALUES.get_or_init(|| {
        specs()
            .into_iter()
            .filter_map(|(path, text)| {
                let value = serde_yaml::from_str::<Value>(&text).ok()?;
                Some((path.file_name()?.to_string_lossy().into_owned(), value))
            })
            .collect()
    })
}
