"""The SSRF guard: a table of tricky addresses, the allow-list, resolve-once pinning."""

import ipaddress

import httpx
import pytest

from alerts.ssrf import AllowList, UnresolvedHost, UnsafeUrl, check_url, is_blocked_ip
from alerts.transport import make_client

NOBODY = AllowList()


def no_dns(host, port):
    raise AssertionError(f"no lookup expected for {host}")


BLOCKED_URLS = [
    "http://127.0.0.1/",
    "http://127.1/",
    "http://0x7f.1/",
    "http://2130706433/",
    "http://017700000001/",
    "http://0/",
    "http://0.0.0.0/",
    "http://10.1.2.3/",
    "http://172.16.0.2/",
    "http://172.31.255.255/",
    "http://192.168.1.2/",
    "http://100.64.0.1/",
    "http://100.100.100.200/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[fc00::1]/",
    "http://[fd00:ec2::254]/",
    "http://[fe80::1]/",
    "http://[fec0::1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://198.18.0.1/",
    "file:///etc/passwd",
    "gopher://example.com/",
    "ftp://example.com/",
    "http://user:pass@93.184.216.34/",
    "https://93.184.216.34:22/",
]


@pytest.mark.parametrize("url", BLOCKED_URLS)
def test_tricky_destinations_are_refused_without_a_lookup(url):
    with pytest.raises(UnsafeUrl):
        check_url(url, NOBODY, no_dns)


@pytest.mark.parametrize(
    "address", ["1.1.1.1", "93.184.216.34", "2001:4860:4860::8888", "::ffff:8.8.8.8"]
)
def test_public_addresses_pass(address):
    assert is_blocked_ip(ipaddress.ip_address(address)) is None


def test_a_name_resolving_to_a_private_address_is_refused():
    with pytest.raises(UnsafeUrl, match="10.0.0.5"):
        check_url("https://hooks.example.test/x", NOBODY, lambda h, p: ["10.0.0.5"])


def test_mixed_public_and_private_answers_are_refused():
    with pytest.raises(UnsafeUrl):
        check_url("https://hooks.example.test/", NOBODY, lambda h, p: ["93.184.216.34", "::1"])


def test_allow_list_exempts_listed_addresses_and_hosts_only():
    allow = AllowList.parse("127.0.0.1, 10.9.0.0/16 ,hooks.internal")
    assert check_url("http://127.0.0.1:8123/x", allow, no_dns).address == "127.0.0.1"
    assert check_url("http://10.9.1.1/", allow, no_dns).address == "10.9.1.1"
    target = check_url("http://hooks.internal:9000/", allow, lambda h, p: ["192.168.0.9"])
    assert target.address == "192.168.0.9"
    with pytest.raises(UnsafeUrl):
        check_url("http://10.8.0.1/", allow, no_dns)


def test_connection_is_pinned_to_the_checked_address_and_resolved_once():
    answers = iter([["93.184.216.34"], ["169.254.169.254"]])
    lookups, connects = [], []

    def resolver(host, port):
        lookups.append(host)
        return next(answers)

    def spy(request):
        connects.append((request.url.host, request.headers["host"]))
        return httpx.Response(200)

    with make_client(NOBODY, resolver, httpx.MockTransport(spy)) as client:
        client.post("http://hooks.example.test/a", content=b"{}")
        with pytest.raises(UnsafeUrl):
            client.post("http://hooks.example.test/a", content=b"{}")
    assert lookups == ["hooks.example.test", "hooks.example.test"]
    assert connects == [("93.184.216.34", "hooks.example.test")]


def test_https_keeps_the_name_for_tls():
    seen = []

    def spy(request):
        seen.append(request.extensions.get("sni_hostname"))
        return httpx.Response(200)

    with make_client(NOBODY, lambda h, p: ["93.184.216.34"], httpx.MockTransport(spy)) as client:
        client.post("https://hooks.example.test/a", content=b"{}")
    assert seen == ["hooks.example.test"]


def test_redirects_are_not_followed(receiver, second_receiver):
    from tests.alerts.receiver import Reply

    receiver.reply(Reply(302, b"", {"location": second_receiver.url}))
    with make_client(AllowList.parse("127.0.0.1")) as client:
        response = client.post(receiver.url, content=b"{}")
    assert response.status_code == 302
    assert second_receiver.requests == []


def test_a_host_without_an_address_now_is_told_from_a_refused_one():
    """A refused address stays refused (a permanent failure); DNS may answer later (a retry)."""

    def no_answer(host, port):
        raise OSError("temporary failure in name resolution")

    with pytest.raises(UnresolvedHost):
        check_url("https://hooks.example.test/x", AllowList(), no_answer)
    with pytest.raises(UnsafeUrl) as refused:
        check_url("https://hooks.example.test/x", AllowList(), lambda h, p: ["10.0.0.5"])
    assert not isinstance(refused.value, UnresolvedHost)
