//! What makes a token worth a second look: the four flags and the rules that set them.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use zendesk_oauth::models::OAuthToken;

/// Why a token is flagged. A token can carry several flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Last used more than the threshold (`--unused-days`) before now.
    Unused,
    /// Never used (`used_at` is absent or null).
    NeverUsed,
    /// `expires_at` is now or in the past.
    Expired,
    /// Has a global `write` or `impersonate` scope: one without a `resource:` prefix.
    BroadScope,
}

impl Flag {
    /// Every flag, in the order the table, summary and JSON list them.
    pub const ALL: [Flag; 4] = [
        Flag::Unused,
        Flag::NeverUsed,
        Flag::Expired,
        Flag::BroadScope,
    ];

    /// The flag's name in the table and the summary.
    pub fn label(self, policy: &Policy) -> String {
        match self {
            Flag::Unused => format!("unused > {} days", policy.unused_days),
            Flag::NeverUsed => "never used".to_owned(),
            Flag::Expired => "expired".to_owned(),
            Flag::BroadScope => "broad scope".to_owned(),
        }
    }
}

/// The moment the audit is made and how long a token may stay unused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// "Now": ages and expiry are measured against it.
    pub now: DateTime<Utc>,
    /// A token last used more than this many days before `now` is [`Flag::Unused`].
    pub unused_days: u32,
}

impl Policy {
    /// The flags `token` earns, in [`Flag::ALL`] order.
    pub fn flags(&self, token: &OAuthToken) -> Vec<Flag> {
        let mut flags = Vec::new();
        match token.used_at {
            None => flags.push(Flag::NeverUsed),
            Some(used_at) => {
                let idle = self.now.signed_duration_since(used_at);
                if idle > TimeDelta::days(i64::from(self.unused_days)) {
                    flags.push(Flag::Unused);
                }
            }
        }
        if token
            .expires_at
            .is_some_and(|expires_at| expires_at <= self.now)
        {
            flags.push(Flag::Expired);
        }
        if token
            .scopes
            .iter()
            .flatten()
            .any(|scope| is_broad_scope(scope))
        {
            flags.push(Flag::BroadScope);
        }
        flags.sort();
        flags
    }
}

/// Whether `scope` is a global `write` or `impersonate` scope. Scopes are `[resource:]access`;
/// one with a `resource:` prefix (`tickets:write`) is limited to that resource, and a global
/// `read` cannot change anything, so neither is flagged.
pub fn is_broad_scope(scope: &str) -> bool {
    let scope = scope.trim();
    !scope.contains(':')
        && (scope.eq_ignore_ascii_case("write") || scope.eq_ignore_ascii_case("impersonate"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use zendesk_oauth::Secret;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
            .single()
            .expect("valid timestamp")
    }

    fn token(
        used_at: Option<DateTime<Utc>>,
        expires_at: Option<DateTime<Utc>>,
        scopes: &[&str],
    ) -> OAuthToken {
        OAuthToken {
            client_id: Some(1),
            created_at: Some(now() - TimeDelta::days(400)),
            expires_at,
            id: Some(1),
            refresh_token: None,
            refresh_token_expires_at: None,
            scopes: Some(scopes.iter().map(|scope| (*scope).to_owned()).collect()),
            token: Some(Secret::new("0123456789")),
            url: None,
            used_at,
            user_id: Some(1),
            additional_properties: serde_json::Map::new(),
        }
    }

    fn policy(unused_days: u32) -> Policy {
        Policy {
            now: now(),
            unused_days,
        }
    }

    #[test]
    fn unused_means_strictly_more_than_the_threshold() {
        let exactly = token(Some(now() - TimeDelta::days(90)), None, &["read"]);
        assert_eq!(policy(90).flags(&exactly), []);
        let just_over = token(
            Some(now() - TimeDelta::days(90) - TimeDelta::seconds(1)),
            None,
            &["read"],
        );
        assert_eq!(policy(90).flags(&just_over), [Flag::Unused]);
        assert_eq!(policy(0).flags(&exactly), [Flag::Unused]);
        assert_eq!(policy(u32::MAX).flags(&just_over), []);
    }

    #[test]
    fn a_use_after_now_is_not_unused() {
        let future = token(Some(now() + TimeDelta::days(3)), None, &["read"]);
        assert_eq!(policy(0).flags(&future), []);
    }

    #[test]
    fn never_used_and_expired() {
        let never = token(None, None, &["read"]);
        assert_eq!(policy(90).flags(&never), [Flag::NeverUsed]);
        let expiring_now = token(Some(now()), Some(now()), &["read"]);
        assert_eq!(policy(90).flags(&expiring_now), [Flag::Expired]);
        let expiring_later = token(Some(now()), Some(now() + TimeDelta::seconds(1)), &["read"]);
        assert_eq!(policy(90).flags(&expiring_later), []);
        let all = token(None, Some(now() - TimeDelta::days(1)), &["impersonate"]);
        assert_eq!(
            policy(90).flags(&all),
            [Flag::NeverUsed, Flag::Expired, Flag::BroadScope]
        );
    }

    #[test]
    fn broad_scopes_are_global_write_and_impersonate() {
        for scope in ["write", "impersonate", "WRITE", " write "] {
            assert!(is_broad_scope(scope), "{scope}");
        }
        for scope in [
            "read",
            "tickets:write",
            "users:impersonate",
            "tickets:read",
            "",
        ] {
            assert!(!is_broad_scope(scope), "{scope}");
        }
    }
}
