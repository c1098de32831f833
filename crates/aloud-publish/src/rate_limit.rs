//! Per-key rate limit on writes: a token bucket of `per_minute` tokens per key (an API
//! key, or an address for keyless requests), refilled continuously. Buckets idle for a
//! minute are full again, the same as absent, so they are dropped once the table grows
//! (at most once a second): many distinct addresses cannot grow it without bound.
//! Counted by each API node.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets kept before idle ones are dropped.
const PRUNE_ABOVE: usize = 1024;

pub struct RateLimiter {
    per_minute: f64,
    state: Mutex<Buckets>,
}

struct Buckets {
    /// Tokens left and when they were counted, per key.
    by_key: HashMap<String, (f64, Instant)>,
    last_prune: Instant,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1) as f64,
            state: Mutex::new(Buckets {
                by_key: HashMap::new(),
                last_prune: Instant::now(),
            }),
        }
    }

    /// Takes a token for `key`, or says how many seconds until one is available.
    pub(crate) fn take(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.by_key.len() > PRUNE_ABOVE
            && now.duration_since(state.last_prune) >= Duration::from_secs(1)
        {
            let full_after = Duration::from_secs(60);
            state
                .by_key
                .retain(|_, (_, last)| now.duration_since(*last) < full_after);
            state.last_prune = now;
        }
        let (tokens, last) = state
            .by_key
            .entry(key.to_string())
            .or_insert((self.per_minute, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.per_minute / 60.0)
            .min(self.per_minute);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) * 60.0 / self.per_minute).ceil() as u64)
        }
    }

    /// Keys with a bucket now.
    pub fn tracked(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .by_key
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_run_out_and_say_when_the_next_comes() {
        let limiter = RateLimiter::new(2);
        assert!(limiter.take("k").is_ok());
        assert!(limiter.take("k").is_ok());
        assert_eq!(limiter.take("k"), Err(30));
        assert!(limiter.take("other").is_ok(), "buckets are per key");
    }

    #[test]
    fn idle_buckets_are_dropped_once_the_table_grows() {
        let limiter = RateLimiter::new(60);
        {
            // Many keys seen over a minute ago (an address sweep).
            let mut state = limiter.state.lock().unwrap();
            let long_ago = Instant::now() - Duration::from_secs(120);
            for n in 0..5000 {
                state
                    .by_key
                    .insert(format!("10.0.{}.{}", n / 256, n % 256), (0.0, long_ago));
            }
            state.last_prune = long_ago;
        }
        assert!(limiter.take("fresh").is_ok());
        assert_eq!(limiter.tracked(), 1);
    }
}
