//! Where schemas start outside other schemas: components, path items, operations, their
//! parameters, headers, request bodies and responses.

use serde_json::Value;

use crate::diagnostics::Pointer;

/// Calls `visit` on every place a schema can start outside another schema.
pub(super) fn for_each_schema_root(
    document: &mut Value,
    visit: &mut dyn FnMut(&mut Value, &Pointer),
) {
    let root = Pointer::root();
    if let Some(components) = document.get_mut("components") {
        let pointer = root.join("components");
        for_each_entry(components, "schemas", &pointer, |schema, pointer| {
            visit(schema, pointer)
        });
        for_each_entry(components, "parameters", &pointer, |parameter, pointer| {
            parameter_schemas(parameter, pointer, visit)
        });
        for_each_entry(components, "headers", &pointer, |header, pointer| {
            parameter_schemas(header, pointer, visit)
        });
        for_each_entry(components, "responses", &pointer, |response, pointer| {
            response_schemas(response, pointer, visit)
        });
        for_each_entry(components, "requestBodies", &pointer, |body, pointer| {
            content_schemas(body, pointer, visit)
        });
    }
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let pointer = root.join("paths").join(path);
        for_each_item(item, "parameters", &pointer, |parameter, pointer| {
            parameter_schemas(parameter, pointer, visit)
        });
        let Value::Object(item) = item else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            if !matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            ) {
                continue;
            }
            let pointer = pointer.join(method);
            for_each_item(operation, "parameters", &pointer, |parameter, pointer| {
                parameter_schemas(parameter, pointer, visit)
            });
            if let Some(body) = operation.get_mut("requestBody") {
                content_schemas(body, &pointer.join("requestBody"), visit);
            }
            for_each_entry(operation, "responses", &pointer, |response, pointer| {
                response_schemas(response, pointer, visit)
            });
        }
    }
}

fn for_each_entry(
    parent: &mut Value,
    key: &str,
    pointer: &Pointer,
    mut visit: impl FnMut(&mut Value, &Pointer),
) {
    if let Some(Value::Object(entries)) = parent.get_mut(key) {
        let pointer = pointer.join(key);
        for (name, value) in entries.iter_mut() {
            visit(value, &pointer.join(name));
        }
    }
}

fn for_each_item(
    parent: &mut Value,
    key: &str,
    pointer: &Pointer,
    mut visit: impl FnMut(&mut Value, &Pointer),
) {
    if let Some(Value::Array(items)) = parent.get_mut(key) {
        let pointer = pointer.join(key);
        for (index, value) in items.iter_mut().enumerate() {
            visit(value, &pointer.join(index));
        }
    }
}

/// Parameters and headers: `schema`, or `content`.
fn parameter_schemas(
    parameter: &mut Value,
    pointer: &Pointer,
    visit: &mut dyn FnMut(&mut Value, &Pointer),
) {
    if let Some(schema) = parameter.get_mut("schema") {
        visit(schema, &pointer.join("schema"));
    }
    content_schemas(parameter, pointer, visit);
}

fn response_schemas(
    response: &mut Value,
    pointer: &Pointer,
    visit: &mut dyn FnMut(&mut Value, &Pointer),
) {
    content_schemas(response, pointer, visit);
    for_each_entry(response, "headers", pointer, |header, pointer| {
        parameter_schemas(header, pointer, visit)
    });
}

fn content_schemas(
    holder: &mut Value,
    pointer: &Pointer,
    visit: &mut dyn FnMut(&mut Value, &Pointer),
) {
    for_each_entry(holder, "content", pointer, |media, pointer| {
        if let Some(schema) = media.get_mut("schema") {
            visit(schema, &pointer.join("schema"));
        }
    });
}
