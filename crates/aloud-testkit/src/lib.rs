//! Real services for tests, started on loopback by the test that needs them and
//! stopped (and their files removed) when it drops them: a PostgreSQL cluster
//! ([`postgres::PgCluster`]) and an S3-compatible server ([`s3::S3Server`]).

pub mod postgres;
pub mod s3;

use std::net::TcpListener;

/// A loopback port nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
