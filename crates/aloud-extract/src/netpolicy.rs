//! Which addresses a fetch may reach. A server that fetches URLs for its users must not
//! become a way into its own network: [`NetPolicy::public_only`] refuses loopback,
//! private, link-local (cloud metadata), shared, multicast and reserved addresses
//! (also when written inside an IPv6 address: IPv4-mapped, IPv4-compatible, NAT64,
//! 6to4), except for an allow-list of addresses or networks (for tests and intranets).
//!
//! The check and the connection use the same addresses: [`CheckedResolver`] is the HTTP
//! client's resolver, so a name is looked up once per connection, its addresses are
//! checked, and only those are connected to. A name that answers a public address to a
//! check and a private one to the connection (DNS rebinding) therefore cannot slip
//! through, on the first request or on any redirect hop.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;

use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// An IP network, `10.0.0.0/8` or a single address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u32::MAX << (32 - self.prefix as u32)
                };
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u128::MAX << (128 - self.prefix as u32)
                };
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for IpNet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr
            .trim()
            .parse()
            .map_err(|_| format!("not an IP address or network: {s:?}"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("bad prefix in {s:?}"))?,
            None => max,
        };
        Ok(IpNet { addr, prefix })
    }
}

/// How host names become addresses: the system resolver, or another (tests script one
/// to play a rebinding DNS server).
pub trait Lookup: Send + Sync + 'static {
    fn lookup(&self, host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>>;
}

/// The operating system's resolver (`getaddrinfo`).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>> {
        Ok((host, port).to_socket_addrs()?.collect())
    }
}

/// Which addresses fetches may reach, and how names are looked up.
#[derive(Clone)]
pub struct NetPolicy {
    /// Refuse every address that is not public, unless in `allow`.
    public_only: bool,
    allow: Vec<IpNet>,
    lookup: Arc<dyn Lookup>,
}

impl fmt::Debug for NetPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NetPolicy")
            .field("public_only", &self.public_only)
            .field("allow", &self.allow)
            .finish_non_exhaustive()
    }
}

impl Default for NetPolicy {
    fn default() -> Self {
        Self::open()
    }
}

impl NetPolicy {
    /// Anything reachable (the command line: the user fetches what they ask for).
    pub fn open() -> Self {
        Self {
            public_only: false,
            allow: Vec::new(),
            lookup: Arc::new(SystemLookup),
        }
    }

    /// Public addresses only, plus the listed networks.
    pub fn public_only(allow: Vec<IpNet>) -> Self {
        Self {
            public_only: true,
            allow,
            lookup: Arc::new(SystemLookup),
        }
    }

    /// The same policy with names looked up by `lookup`.
    pub fn with_lookup(mut self, lookup: Arc<dyn Lookup>) -> Self {
        self.lookup = lookup;
        self
    }

    /// Whether only public addresses (and the allowed networks) may be reached.
    pub fn is_public_only(&self) -> bool {
        self.public_only
    }

    /// Resolves `host:port` (an IP literal, bracketed or not, is taken as it is) and
    /// checks every address; returns the addresses or the reason for refusing.
    pub fn check(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
        let bare = host.trim_matches(['[', ']']);
        let addrs: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => self
                .lookup
                .lookup(bare, port)
                .map_err(|e| format!("cannot resolve {host}: {e}"))?,
        };
        if addrs.is_empty() {
            return Err(format!("{host} has no addresses"));
        }
        self.check_addrs(&addrs)?;
        Ok(addrs)
    }

    /// Refuses if any of `addrs` may not be reached.
    pub fn check_addrs(&self, addrs: &[SocketAddr]) -> Result<(), String> {
        if !self.public_only {
            return Ok(());
        }
        for addr in addrs {
            let ip = addr.ip();
            if let Some(why) = forbidden(ip) {
                if !self.allow.iter().any(|net| net.contains(ip)) {
                    return Err(format!("refused to fetch from {ip} ({why} address)"));
                }
            }
        }
        Ok(())
    }
}

/// The HTTP client's resolver: looks the name up with the policy's [`Lookup`], checks
/// the addresses and hands exactly those to the connector.
#[derive(Clone)]
pub struct CheckedResolver(pub NetPolicy);

impl fmt::Debug for CheckedResolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CheckedResolver").field(&self.0).finish()
    }
}

impl Resolver for CheckedResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().ok_or(ureq::Error::HostNotFound)?;
        let https = uri
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("https"));
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        let addrs = self.0.check(host, port).map_err(|reason| {
            ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                reason,
            ))
        })?;
        let mut out = self.empty();
        // ureq keeps at most 16 addresses.
        for addr in addrs.into_iter().take(16) {
            out.push(addr);
        }
        Ok(out)
    }
}

/// Why `ip` is not a public address, if it is not.
pub fn forbidden(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn forbidden_v6(v6: Ipv6Addr) -> Option<&'static str> {
    let seg = v6.segments();
    if v6.is_loopback() {
        return Some("loopback");
    }
    if v6.is_unspecified() {
        return Some("unspecified");
    }
    // IPv4 written inside IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64
    // (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::) reach the IPv4 address they carry.
    let tail = Ipv4Addr::new(
        (seg[6] >> 8) as u8,
        seg[6] as u8,
        (seg[7] >> 8) as u8,
        seg[7] as u8,
    );
    if seg[..5] == [0; 5] && seg[5] == 0xffff {
        return forbidden_v4(tail);
    }
    if seg[..6] == [0; 6] {
        // Deprecated since 2006 and never a public address; some stacks still route
        // it to the IPv4 address it carries.
        return Some("IPv4-compatible");
    }
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return forbidden_v4(tail);
    }
    if seg[0] == 0x2002 {
        let carried = Ipv4Addr::new(
            (seg[1] >> 8) as u8,
            seg[1] as u8,
            (seg[2] >> 8) as u8,
            seg[2] as u8,
        );
        return forbidden_v4(carried);
    }
    if seg[0] & 0xfe00 == 0xfc00 {
        Some("private")
    } else if seg[0] & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if seg[0] & 0xffc0 == 0xfec0 {
        Some("site-local")
    } else if v6.is_multicast() {
        Some("multicast")
    } else if seg[0] == 0x2001 && seg[1] == 0x0db8 {
        Some("documentation")
    } else if seg[0] == 0x0100 && seg[1..4] == [0, 0, 0] {
        Some("discard-only")
    } else {
        None
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private")
    } else if ip.is_link_local() {
        Some("link-local") // includes 169.254.169.254, the cloud metadata service
    } else if ip.is_unspecified() || a == 0 {
        Some("unspecified")
    } else if a == 100 && (64..128).contains(&b) {
        Some("shared (carrier-grade NAT)")
    } else if ip.is_multicast() || ip.is_broadcast() || a >= 240 {
        Some("multicast or reserved")
    } else if a == 192 && b == 0 && ip.octets()[2] == 0 {
        Some("reserved")
    } else if a == 198 && (b == 18 || b == 19) {
        Some("benchmarking")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::",
            // IPv4 inside IPv6
            "::127.0.0.1",
            "::8.8.8.8",
            "::ffff:10.0.0.1",
            "64:ff9b::7f00:1",
            "2002:7f00:1::1",
            "2002:a9fe:a9fe::",
            "fec0::1",
            "198.18.0.1",
        ] {
            assert!(forbidden(ip.parse().unwrap()).is_some(), "{ip}");
        }
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "172.32.0.1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(forbidden(ip.parse().unwrap()).is_none(), "{ip}");
        }
    }

    #[test]
    fn networks_parse_and_match() {
        let net: IpNet = "10.0.0.0/8".parse().unwrap();
        assert!(net.contains("10.200.3.4".parse().unwrap()));
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
        let one: IpNet = "127.0.0.1".parse().unwrap();
        assert!(
            one.contains("127.0.0.1".parse().unwrap())
                && !one.contains("127.0.0.2".parse().unwrap())
        );
        assert!("fd00::/8"
            .parse::<IpNet>()
            .unwrap()
            .contains("fd12::1".parse().unwrap()));
        assert!("10.0.0.0/33".parse::<IpNet>().is_err());
        assert!("nonsense".parse::<IpNet>().is_err());
    }

    #[test]
    fn policy_checks_resolved_addresses() {
        let strict = NetPolicy::public_only(vec![]);
        assert!(strict
            .check("localhost", 80)
            .unwrap_err()
            .contains("loopback"));
        assert!(strict.check("127.0.0.1", 80).is_err());
        assert!(strict.check("[::127.0.0.1]", 80).is_err());
        let allowed = NetPolicy::public_only(vec!["127.0.0.0/8".parse().unwrap()]);
        assert!(allowed.check("127.0.0.1", 80).is_ok());
        assert!(NetPolicy::open().check("127.0.0.1", 80).is_ok());
    }
}
