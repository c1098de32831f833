//! Real services for tests, started on loopback by the test that needs them and
//! stopped (and their files removed) when it drops them: a PostgreSQL cluster
//! ([`postgres::PgCluster`]) and an S3-compatible server ([`s3::S3Server`]).

pub mod postgres;
pub mod s3;

use std::collections::HashSet;
use std::net::TcpListener;
use std::sync::Mutex;

/// A loopback port nothing listens on now, and not handed out before in this process
/// (the kernel may offer a port again once it is released, and services starting side
/// by side would then collide).
pub fn free_port() -> u16 {
    static GIVEN: Mutex<Option<HashSet<u16>>> = Mutex::new(None);
    let mut given = GIVEN.lock().unwrap_or_else(|p| p.into_inner());
    let given = given.get_or_insert_with(HashSet::new);
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free loopback port");
        if given.insert(port) {
            return port;
        }
    }
}
