"""The SSRF guard for user-supplied webhook URLs.

A URL is checked when it is saved (for a clear 422) and again at every send (the check that
counts: DNS may answer differently by then). The host is resolved once, every address must be
public, and the connection is then made to the checked address itself (see transport.py), so a
second, different DNS answer can never be what we connect to.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# host, port -> the addresses it resolves to (as text). Injected in tests.
Resolver = Callable[[str, int], Sequence[str]]

ALLOWED_SCHEMES = ("http", "https")
# Web ports only, unless the host is on the operator's allow-list: a public IP's SSH or
# database port is no place for an alert.
ALLOWED_PORTS = frozenset({80, 443, 8080, 8443})
MAX_HOST_CHARS = 253


def _nets(*cidrs: str) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(c) for c in cidrs)


# Every range below is refused even where Python's `is_global` would say otherwise, so the
# guard does not depend on which Python patch release runs it.
BLOCKED_NETWORKS: tuple[IPNetwork, ...] = _nets(
    "0.0.0.0/8",  # "this network"; 0.0.0.0 reaches localhost on Linux
    "10.0.0.0/8",  # RFC 1918 private
    "100.64.0.0/10",  # CGNAT shared space; Alibaba Cloud metadata is 100.100.100.200
    "127.0.0.0/8",  # loopback
    "169.254.0.0/16",  # link-local; cloud metadata at 169.254.169.254
    "172.16.0.0/12",  # RFC 1918 private
    "192.0.0.0/24",  # IETF protocol assignments
    "192.0.2.0/24",  # documentation (TEST-NET-1)
    "192.88.99.0/24",  # 6to4 relay anycast
    "192.168.0.0/16",  # RFC 1918 private
    "198.18.0.0/15",  # benchmarking
    "198.51.100.0/24",  # documentation (TEST-NET-2)
    "203.0.113.0/24",  # documentation (TEST-NET-3)
    "224.0.0.0/4",  # multicast
    "240.0.0.0/4",  # reserved, and 255.255.255.255 broadcast
    "::/96",  # unspecified, loopback and the old IPv4-compatible form
    "::ffff:0:0/96",  # IPv4-mapped (checked again after unwrapping)
    "64:ff9b::/96",  # NAT64: 64:ff9b::7f00:1 is 127.0.0.1 behind a translator
    "64:ff9b:1::/48",  # local-use NAT64
    "100::/64",  # discard-only
    "2001::/23",  # IETF protocol assignments, including Teredo 2001::/32
    "2001:db8::/32",  # documentation
    "2002::/16",  # 6to4: 2002:7f00:1:: wraps 127.0.0.1
    "fc00::/7",  # unique local; AWS IMDS IPv6 is fd00:ec2::254
    "fe80::/10",  # link-local
    "fec0::/10",  # deprecated site-local (Python calls it global)
    "ff00::/8",  # multicast
)


class UnsafeUrl(ValueError):
    """The URL may not be called; the message says why, in words a user can act on."""


class UnresolvedHost(UnsafeUrl):
    """The host has no address now: DNS may answer later, unlike a refused address."""


def is_blocked_ip(address: IPAddress) -> str | None:
    """Why this address may not be called, or None when it is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        inner = is_blocked_ip(address.ipv4_mapped)
        return f"IPv4-mapped {inner}" if inner else None
    for network in BLOCKED_NETWORKS:
        if address in network:
            return f"address {address} is in the non-public range {network}"
    if not address.is_global or address.is_multicast:
        return f"address {address} is not a public unicast address"
    return None


@dataclass(frozen=True)
class AllowList:
    """Operator exemptions (KOLRISK_WEBHOOK_ALLOW_HOSTS): host names and IPs or CIDRs."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, text: str) -> AllowList:
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in (e.strip() for e in text.split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry.lower().rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def covers_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def covers_address(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)


@dataclass(frozen=True)
class Target:
    """A URL that passed the guard, and the one address we will connect to."""

    url: str
    scheme: str
    host: str
    port: int
    address: str


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _literal_ip(host: str) -> IPAddress | None:
    """The address a literal host names, including inet_aton's odd spellings (127.1, 0x7f.1,
    2130706433, 0177.0.0.1), which getaddrinfo accepts but ipaddress does not."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def _split(url: str) -> tuple[SplitResult, str, int]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise UnsafeUrl(f"the URL cannot be parsed: {exc}") from exc
    if parts.scheme not in ALLOWED_SCHEMES:
        raise UnsafeUrl(f"scheme {parts.scheme or '(none)'!r} is not allowed; use https or http")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("credentials in the URL (user:password@) are not allowed")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeUrl("the URL has no host")
    if len(host) > MAX_HOST_CHARS:
        raise UnsafeUrl(f"the host name is longer than {MAX_HOST_CHARS} characters")
    return parts, host, port or (443 if parts.scheme == "https" else 80)


def _addresses(host: str, port: int, resolver: Resolver) -> list[IPAddress]:
    literal = _literal_ip(host)
    if literal is not None:
        return [literal]
    try:
        host.encode("idna")
        answers = resolver(host, port)
    except OSError as exc:
        raise UnresolvedHost(f"the host {host!r} cannot be resolved: {exc}") from exc
    except UnicodeError as exc:
        raise UnsafeUrl(f"the host {host!r} cannot be resolved: {exc}") from exc
    if not answers:
        raise UnresolvedHost(f"the host {host!r} resolves to no address")
    return [ipaddress.ip_address(a.split("%", 1)[0]) for a in answers]


def check_url(url: str, allow: AllowList, resolver: Resolver = system_resolver) -> Target:
    """Resolve once and check every address; raise UnsafeUrl, or return the address to use."""
    parts, host, port = _split(url)
    addresses = _addresses(host, port, resolver)
    exempt = allow.covers_host(host) or all(allow.covers_address(a) for a in addresses)
    if not exempt:
        for address in addresses:
            # Any blocked answer refuses the whole host: a name straddling public and private
            # addresses is exactly what a rebinding attack looks like.
            reason = is_blocked_ip(address)
            if reason:
                raise UnsafeUrl(f"{host} is not allowed: {reason}")
        if port not in ALLOWED_PORTS:
            raise UnsafeUrl(f"port {port} is not allowed; use 443, 80, 8443 or 8080")
    return Target(url=url, scheme=parts.scheme, host=host, port=port, address=str(addresses[0]))
