//! The end-to-end tests, as one test binary (one link, shared helpers): the real `aloud`
//! binary against real files, a real voice, real HTTP on loopback and a real server.

mod common;
mod server;

mod check;
mod cli;
mod fleet;
mod hardening;
mod lexicon;
mod narrate;
mod review;
mod serve;
mod ssml;
