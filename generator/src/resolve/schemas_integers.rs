//! Integer schemas: the Rust type that holds every value the schema allows, and the inclusive
//! bounds to check. `i32`/`i64` as the `format` says, unless a bound, enum value or default is
//! beyond `i64` (moved aside by the tolerant pre-pass, see `tolerate::WIDE_INTEGERS`): then
//! `u64` when no value can be negative and all fit it, `i128` when all fit that, `f64` beyond.

use openapiv3::{IntegerFormat, IntegerType, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use crate::ir::RustType;
use crate::tolerate::WIDE_INTEGERS;

/// A whole number from the spec: exact when it fits an `i128` (JSON numbers beyond `u64` are
/// read as `f64`, so only as exact as that), else only known to be beyond it (any such bound
/// makes the type `f64`, whatever its sign).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Whole {
    Fits(i128),
    Beyond,
}

impl Whole {
    fn read(value: &Value) -> Option<Self> {
        if let Some(value) = value.as_i64() {
            return Some(Self::Fits(value.into()));
        }
        if let Some(value) = value.as_u64() {
            return Some(Self::Fits(value.into()));
        }
        let float = value.as_f64()?;
        if float.fract() != 0.0 {
            return None;
        }
        // 2^127 is exact as an f64 (`i128::MAX as f64` rounds up to it): compare strictly.
        let limit = 2f64.powi(127);
        Some(if (-limit..limit).contains(&float) {
            Self::Fits(float as i128)
        } else {
            Self::Beyond
        })
    }

    /// Moved in by `step` for an exclusive bound.
    fn inclusive(self, exclusive: bool, step: i128) -> Self {
        match self {
            Self::Fits(value) if exclusive => Self::Fits(value.saturating_add(step)),
            other => other,
        }
    }

    fn exact(self) -> Option<i128> {
        match self {
            Self::Fits(value) => Some(value),
            Self::Beyond => None,
        }
    }

    fn within(self, low: i128, high: i128) -> bool {
        matches!(self, Self::Fits(value) if (low..=high).contains(&value))
    }
}

/// What an integer schema becomes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IntegerRange {
    pub(crate) ty: RustType,
    /// Inclusive bounds, to check before sending.
    pub(crate) minimum: Option<i128>,
    /// See `minimum`.
    pub(crate) maximum: Option<i128>,
    /// Keywords whose value is beyond what is checked (only with `f64`).
    pub(crate) unchecked: Vec<&'static str>,
}

/// The type and bounds of an integer schema; `None` for other schemas.
pub(crate) fn integer_range(schema: &Schema) -> Option<IntegerRange> {
    let SchemaKind::Type(Type::Integer(integer)) = &schema.schema_kind else {
        return None;
    };
    let wide = schema.schema_data.extensions.get(WIDE_INTEGERS);
    let wide_bound = |key: &str| wide.and_then(|wide| wide.get(key)).and_then(Whole::read);
    let minimum = integer
        .minimum
        .map(|value| Whole::Fits(value.into()))
        .or_else(|| wide_bound("minimum"))
        .map(|value| value.inclusive(integer.exclusive_minimum, 1));
    let maximum = integer
        .maximum
        .map(|value| Whole::Fits(value.into()))
        .or_else(|| wide_bound("maximum"))
        .map(|value| value.inclusive(integer.exclusive_maximum, -1));
    let enumerated: Vec<Whole> = integer
        .enumeration
        .iter()
        .flatten()
        .map(|value| Whole::Fits((*value).into()))
        .chain(
            wide.and_then(|wide| wide.get("enum"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Whole::read),
        )
        .collect();
    let default = schema.schema_data.default.as_ref().and_then(Whole::read);
    let mentioned: Vec<Whole> = [minimum, maximum, default]
        .into_iter()
        .flatten()
        .chain(enumerated.iter().copied())
        .collect();
    let fits = |low: i128, high: i128| mentioned.iter().all(|value| value.within(low, high));
    // The smallest value allowed: the minimum, else (an enum lists every value) the enum's.
    let never_negative = match minimum {
        Some(minimum) => minimum.within(0, i128::MAX),
        None => !enumerated.is_empty() && enumerated.iter().all(|value| value.within(0, i128::MAX)),
    };
    let ty = if fits(i64::MIN.into(), i64::MAX.into()) {
        narrow_type(integer)
    } else if never_negative && fits(0, u64::MAX.into()) {
        RustType::U64
    } else if fits(i128::MIN, i128::MAX) {
        RustType::I128
    } else {
        RustType::F64
    };
    let mut unchecked = Vec::new();
    let mut exact = |bound: Option<Whole>, keyword| match bound {
        Some(bound) if ty != RustType::F64 => bound.exact(),
        Some(_) => {
            unchecked.push(keyword);
            None
        }
        None => None,
    };
    let (minimum, maximum) = (exact(minimum, "minimum"), exact(maximum, "maximum"));
    Some(IntegerRange {
        ty,
        minimum,
        maximum,
        unchecked,
    })
}

fn narrow_type(integer: &IntegerType) -> RustType {
    match integer.format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => RustType::I32,
        _ => RustType::I64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(schema: serde_json::Value) -> IntegerRange {
        let mut document = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {}, "components": {"schemas": {"S": schema}}});
        crate::tolerate::repair(
            &mut document,
            &mut crate::diagnostics::Diagnostics::default(),
        );
        let schema: Schema = serde_json::from_value(document["components"]["schemas"]["S"].take())
            .unwrap_or_else(|error| panic!("{error}"));
        integer_range(&schema).unwrap_or_else(|| panic!("not an integer"))
    }

    fn typed(schema: serde_json::Value) -> (RustType, Option<i128>, Option<i128>) {
        let range = range(schema);
        (range.ty, range.minimum, range.maximum)
    }

    #[test]
    fn within_i64_nothing_changes() {
        let schema =
            serde_json::json!({"type": "integer", "format": "int32", "minimum": 1, "maximum": 10});
        assert_eq!(typed(schema), (RustType::I32, Some(1), Some(10)));
        let exclusive =
            serde_json::json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true});
        assert_eq!(typed(exclusive), (RustType::I64, Some(2), None));
    }

    #[test]
    fn never_negative_and_beyond_i64_is_u64() {
        let max = u64::MAX;
        let schema = serde_json::json!({"type": "integer", "minimum": 0, "maximum": max});
        assert_eq!(typed(schema), (RustType::U64, Some(0), Some(max.into())));
        let exclusive = serde_json::json!({"type": "integer", "minimum": 0, "maximum": max, "exclusiveMaximum": true});
        assert_eq!(typed(exclusive).2, Some(i128::from(max) - 1));
        // An enum lists every value: all positive is never negative.
        let enumerated = serde_json::json!({"type": "integer", "enum": [1, max]});
        assert_eq!(typed(enumerated), (RustType::U64, None, None));
    }

    #[test]
    fn possibly_negative_or_beyond_u64_is_i128() {
        let default = serde_json::json!({"type": "integer", "default": u64::MAX});
        assert_eq!(typed(default), (RustType::I128, None, None));
        let negative = serde_json::json!({"type": "integer", "minimum": -1, "maximum": u64::MAX});
        assert_eq!(
            typed(negative),
            (RustType::I128, Some(-1), Some(u64::MAX.into()))
        );
        let wider =
            serde_json::json!({"type": "integer", "minimum": 0, "maximum": 18446744073709551616.0});
        assert_eq!(typed(wider), (RustType::I128, Some(0), Some(1 << 64)));
    }

    #[test]
    fn beyond_i128_is_f64_and_its_bounds_are_not_checked() {
        let range = range(serde_json::json!({"type": "integer", "minimum": 0, "maximum": 1.0e40}));
        assert_eq!(
            (range.ty, range.minimum, range.maximum),
            (RustType::F64, None, None)
        );
        assert_eq!(range.unchecked, ["minimum", "maximum"]);
    }
}
