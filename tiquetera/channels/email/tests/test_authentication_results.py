"""Reading Authentication-Results (RFC 8601) as the receiving servers write them: only trusted
authserv-ids, only the topmost header of each, comments and quoted strings, and the From domain's
alignment with what DKIM and SPF passed for."""

from tiquetera.channels.email.authentication import aligned, check_sender, parse_header

ANA = "ana.perez@hotelcliente.co"
GMAIL = (
    "mx.google.com;\r\n       dkim=pass header.i=@hotelcliente.co header.s=s1 header.b=Ab1;\r\n"
    "       spf=pass (google.com: domain of ana.perez@hotelcliente.co designates 1.2.3.4 as "
    "permitted sender) smtp.mailfrom=ana.perez@hotelcliente.co;\r\n"
    "       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=hotelcliente.co"
)
OPENDMARC = "mail.isys.co; dmarc=fail (p=reject dis=none) header.from=hotelcliente.co"
MICROSOFT = (
    "spf=pass (sender IP is 40.1.2.3) smtp.mailfrom=hotelcliente.co; dkim=pass (signature was "
    "verified) header.d=hotelcliente.co;dmarc=pass action=none header.from=hotelcliente.co;"
    "compauth=pass reason=100"
)


def verdict(headers, trusted=("mx.vendor",), sender=ANA):
    check = check_sender(headers, sender, trusted)
    return check.status, check.method, check.result


def test_gmail_results_with_comments_are_read():
    authserv_id, results = parse_header(GMAIL)
    assert authserv_id == "mx.google.com"
    assert [(r.method, r.result) for r in results] == [
        ("dkim", "pass"),
        ("spf", "pass"),
        ("dmarc", "pass"),
    ]
    assert results[1].properties == {"smtp.mailfrom": "ana.perez@hotelcliente.co"}
    assert verdict([GMAIL], ["mx.google.com"]) == ("verified", "dmarc", "pass")


def test_only_trusted_authserv_ids_count():
    assert verdict([GMAIL], ["mx.vendor"]) == ("unverified", "", "missing")
    assert verdict([GMAIL], ["MX.Google.COM "]) == ("verified", "dmarc", "pass")


def test_no_trusted_id_means_not_checked():
    assert verdict([GMAIL], []) == ("unchecked", "", "")


def test_a_forged_header_below_the_servers_own_is_ignored():
    forged_below = "mx.vendor; dmarc=pass header.from=hotelcliente.co"
    assert verdict(["mx.vendor; dmarc=fail", forged_below]) == ("unverified", "dmarc", "fail")


def test_dkim_counts_only_for_the_from_domain_or_its_relatives():
    assert verdict(["mx.vendor; dkim=pass header.d=hotelcliente.co"])[0] == "verified"
    assert verdict(["mx.vendor; dkim=pass header.d=mail.hotelcliente.co"])[0] == "verified"
    assert verdict(["mx.vendor; dkim=pass header.d=evil.example"]) == (
        "unverified",
        "dkim",
        "unaligned",
    )
    assert verdict(["mx.vendor; dkim=pass header.d=co"])[2] == "unaligned"  # a bare TLD


def test_spf_counts_for_the_envelope_sender_aligned():
    assert verdict(["mx.vendor; spf=pass smtp.mailfrom=bounce@hotelcliente.co"])[:2] == (
        "verified",
        "spf",
    )
    assert verdict(["mx.vendor; spf=pass smtp.mailfrom=bulk.example"])[2] == "unaligned"
    assert verdict(["mx.vendor; spf=softfail smtp.mailfrom=hotelcliente.co; dkim=none"]) == (
        "unverified",
        "spf",
        "softfail",
    )


def test_dmarc_pass_for_another_from_domain_does_not_count():
    assert verdict(["mx.vendor; dmarc=pass header.from=evil.example"])[0] == "unverified"


def test_a_header_without_results_and_a_versioned_id():
    assert parse_header("mx.vendor 1; none") == ("mx.vendor", [])
    assert verdict(["mx.vendor 1; none"]) == ("unverified", "", "missing")


def test_quoted_values_and_semicolons_inside_them():
    _id, results = parse_header(
        'mx.vendor; spf=pass smtp.mailfrom="ana;x"@hotelcliente.co reason="a \\"b\\"; c"'
    )
    assert results[0].properties == {"smtp.mailfrom": "ana;x@hotelcliente.co"}


def test_microsoft_365_reads_as_its_own_authserv_id():
    # Microsoft writes no authserv-id: the first token is its first result, never trusted
    assert verdict([MICROSOFT], ["spf=pass"])[0] == "unverified"
    assert verdict([OPENDMARC, MICROSOFT], ["mail.isys.co"]) == ("unverified", "dmarc", "fail")


def test_alignment():
    assert aligned("hotelcliente.co", "HotelCliente.co.")
    assert not aligned("cliente.co", "hotelcliente.co")
    assert not aligned("", "hotelcliente.co")


ARC_MICROSOFT = (
    "i=2; mx.microsoft.com 1; spf=pass smtp.mailfrom=hotelcliente.co; dmarc=pass action=none "
    "header.from=hotelcliente.co; dkim=pass header.d=hotelcliente.co; arc=pass"
)


def test_microsoft_365_is_trusted_by_its_last_arc_set():
    forged_first_hop = "i=1; mx.microsoft.com 1; dmarc=pass header.from=hotelcliente.co"
    check = check_sender([MICROSOFT], ANA, ["arc:mx.microsoft.com"], [ARC_MICROSOFT])
    assert (check.status, check.method) == ("verified", "dmarc")
    # a forged set below the last hop's, or a last hop by another server, never counts
    last_fails = "i=2; mx.microsoft.com 1; dmarc=fail header.from=hotelcliente.co"
    check = check_sender([], ANA, ["arc:mx.microsoft.com"], [last_fails, forged_first_hop])
    assert (check.status, check.result) == ("unverified", "fail")
    other = "i=3; relay.example; dmarc=pass header.from=hotelcliente.co"
    check = check_sender([], ANA, ["arc:mx.microsoft.com"], [other, ARC_MICROSOFT])
    assert check.status == "unverified"
    # an Authentication-Results header naming the ARC id is not read for it
    forged = "mx.microsoft.com; dmarc=pass header.from=hotelcliente.co"
    assert check_sender([forged], ANA, ["arc:mx.microsoft.com"]).status == "unverified"
