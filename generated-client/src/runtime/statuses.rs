//! The statuses an operation succeeds with, as generated code writes them: a list
//! (`&[200, 201]`) or, for a `2XX` response, the whole range (`200..=299`).

use std::ops::RangeInclusive;

/// A set of HTTP statuses.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statuses {
    /// These statuses.
    Listed(&'static [u16]),
    /// Every status from `first` to `last`, both included.
    Range {
        /// The lowest.
        first: u16,
        /// The highest.
        last: u16,
    },
}

impl Statuses {
    /// Whether `status` is one of them.
    pub(crate) fn contains(self, status: u16) -> bool {
        match self {
            Self::Listed(codes) => codes.contains(&status),
            Self::Range { first, last } => (first..=last).contains(&status),
        }
    }
}

impl<const N: usize> From<&'static [u16; N]> for Statuses {
    fn from(codes: &'static [u16; N]) -> Self {
        Self::Listed(codes)
    }
}

impl From<RangeInclusive<u16>> for Statuses {
    fn from(range: RangeInclusive<u16>) -> Self {
        Self::Range {
            first: *range.start(),
            last: *range.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Statuses;

    #[test]
    fn a_list_holds_its_codes_and_a_range_its_bounds_and_what_lies_between() {
        let listed = Statuses::from(&[200, 204]);
        assert!(listed.contains(200) && listed.contains(204));
        assert!(!listed.contains(201));
        let range = Statuses::from(200..=299);
        assert!(range.contains(200) && range.contains(250) && range.contains(299));
        assert!(!range.contains(199) && !range.contains(300));
    }
}
