//! What wakes a process's idle workers: speech requests, which a client is waiting on
//! (their own queue, capped, always taken before any job), and hints that a job may be
//! queued (a submission here, a feed poll, a database notice), coalesced into one flag
//! so that no number of them can fill anything or delay speech.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::worker::SpeechRequest;

/// Speech requests waiting at most; more are refused (503) until workers catch up.
pub const MAX_WAITING_SPEECH: usize = 64;

#[derive(Default)]
struct State {
    speech: VecDeque<SpeechRequest>,
    job_hint: bool,
}

/// The wake-ups of one process's workers.
pub struct WakeQueue {
    state: Mutex<State>,
    changed: Condvar,
    max_speech: usize,
}

impl WakeQueue {
    pub fn new(max_speech: usize) -> Self {
        Self {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            max_speech,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A job may be waiting: wakes one idle worker (hints while one is pending merge).
    pub fn job(&self) {
        self.lock().job_hint = true;
        self.changed.notify_one();
    }

    /// Queues a speech request for the next free worker; gives it back when the queue
    /// is full.
    pub fn speech(&self, request: SpeechRequest) -> Result<(), SpeechRequest> {
        let mut state = self.lock();
        if state.speech.len() >= self.max_speech {
            return Err(request);
        }
        state.speech.push_back(request);
        drop(state);
        self.changed.notify_one();
        Ok(())
    }

    /// Clears the job hint, saying whether there was one (a claim after this looks for
    /// every job hinted so far).
    pub fn take_job_hint(&self) -> bool {
        std::mem::take(&mut self.lock().job_hint)
    }

    /// Whether a job may be waiting (hinted since the last claim), or a speech request.
    pub fn anything_waiting(&self) -> bool {
        let state = self.lock();
        state.job_hint || !state.speech.is_empty()
    }

    /// The oldest waiting speech request, if any.
    pub fn take_speech(&self) -> Option<SpeechRequest> {
        self.lock().speech.pop_front()
    }

    /// Waits up to `timeout` for a speech request (returned) or a job hint (consumed;
    /// returns `None`, as does the timeout).
    pub fn wait(&self, timeout: Duration) -> Option<SpeechRequest> {
        let until = Instant::now() + timeout;
        let mut state = self.lock();
        loop {
            if let Some(request) = state.speech.pop_front() {
                return Some(request);
            }
            if state.job_hint {
                state.job_hint = false;
                return None;
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// Speech requests waiting now.
    pub fn waiting_speech(&self) -> usize {
        self.lock().speech.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::SpeechFormat;

    fn request(text: &str) -> SpeechRequest {
        SpeechRequest {
            text: text.into(),
            voice: "v".into(),
            speed: 1.0,
            lexicon: None,
            format: SpeechFormat::Wav,
            reply: tokio::sync::oneshot::channel().0,
        }
    }

    #[test]
    fn speech_comes_first_job_hints_merge_and_the_speech_queue_is_capped() {
        let queue = WakeQueue::new(2);
        // Any number of job hints: one wake-up, and they never block speech.
        for _ in 0..1000 {
            queue.job();
        }
        queue.speech(request("one")).map_err(|_| ()).unwrap();
        queue.speech(request("two")).map_err(|_| ()).unwrap();
        assert!(queue.speech(request("three")).is_err(), "capped at two");
        assert_eq!(queue.waiting_speech(), 2);
        let first = queue.wait(Duration::from_secs(1)).unwrap();
        assert_eq!(first.text, "one");
        assert_eq!(queue.take_speech().unwrap().text, "two");
        // The merged hint wakes once, then waiting times out.
        assert!(queue.wait(Duration::from_secs(1)).is_none());
        let started = Instant::now();
        assert!(queue.wait(Duration::from_millis(50)).is_none());
        assert!(started.elapsed() >= Duration::from_millis(50));
    }

    #[test]
    fn a_check_is_stopped_by_a_hint_until_a_claim_takes_it() {
        let queue = WakeQueue::new(2);
        assert!(!queue.anything_waiting());
        queue.job();
        assert!(queue.anything_waiting(), "a job may wait: the check stops");
        assert!(queue.take_job_hint(), "the claim takes the hint");
        assert!(!queue.anything_waiting(), "and the check goes on");
        assert!(!queue.take_job_hint());
        queue.speech(request("now")).map_err(|_| ()).unwrap();
        assert!(queue.anything_waiting(), "someone waits for speech");
    }

    #[test]
    fn a_waiting_worker_is_woken_by_speech() {
        let queue = std::sync::Arc::new(WakeQueue::new(4));
        let waiter = {
            let queue = queue.clone();
            std::thread::spawn(move || queue.wait(Duration::from_secs(10)).map(|r| r.text))
        };
        std::thread::sleep(Duration::from_millis(50));
        queue.speech(request("hello")).map_err(|_| ()).unwrap();
        assert_eq!(waiter.join().unwrap().as_deref(), Some("hello"));
    }
}
