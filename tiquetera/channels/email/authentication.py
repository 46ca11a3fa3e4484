"""Is the From of an inbound email its real sender? Read from the `Authentication-Results`
headers (RFC 8601) that the receiving mail server wrote: its SPF, DKIM and DMARC results.

Anybody can write an `Authentication-Results` header into a message, so only headers whose
authserv-id (the first token: the name the receiving server gives itself) is one the mailbox
trusts are read — `EMAIL_TRUSTED_AUTHSERV_IDS`, or the mailbox URL's `authserv_id` — and of
each trusted authserv-id only the topmost header, the one written last, on arrival (a forged one
claiming the same id sits below it). The receiving server must remove forged headers that claim
its own id (RFC 8601 §5); docs/email.md says how. Microsoft 365 writes its Authentication-Results
without an authserv-id, so for it "arc:mx.microsoft.com" trusts instead the results of the last
ARC set (`ARC-Authentication-Results` with the highest `i=`), which only the last hop writes.

A sender is *verified* by DMARC pass (the receiving server checked alignment itself), or by a
DKIM pass whose signing domain (`header.d`, else `header.i`) is aligned with the From domain,
or by an SPF pass whose envelope sender (`smtp.mailfrom`) is. Aligned is relaxed alignment: the
same domain, or one a subdomain of the other (without the public-suffix list: a bare top-level
domain never aligns).

A small parser rather than `authres` (PyPI, last released 2019): we need the authserv-id and
each result's method, result and two properties; comments and quoted strings are handled here.
We do not verify DKIM ourselves (dkimpy): it would need DNS at processing time, which fails or
changes later (a key rotated out) and a retry would judge the same bytes differently, while the
receiving server checked it on arrival, with SPF too, which only it can (it saw the client IP).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

METHODS = ("dmarc", "dkim", "spf")
# the property naming each method's domain, to align with the From domain
DOMAIN_PROPERTY = {"dmarc": "header.from", "dkim": "header.d", "spf": "smtp.mailfrom"}


@dataclass(frozen=True)
class Result:
    method: str  # "dkim", "spf", "dmarc", …
    result: str  # "pass", "fail", "softfail", "none", …
    properties: dict[str, str] = field(default_factory=dict)  # "header.d" -> "isys.co"


@dataclass(frozen=True)
class Check:
    """The verdict on an email's sender, as stored on its `InboundEmail` row."""

    status: str  # "verified", "unverified" or "unchecked" (InboundEmail.SenderCheck)
    method: str = ""  # the method that verified it, or that failed ("" when none said anything)
    result: str = ""  # that method's result; "unaligned": it passed for another domain


def check_sender(
    headers: Iterable[str],
    from_address: str,
    trusted: Iterable[str],
    arc_headers: Iterable[str] = (),
) -> Check:
    """The verdict for an email from `from_address` carrying the `Authentication-Results`
    header values `headers` (in the message's order, topmost first) and the
    `ARC-Authentication-Results` ones `arc_headers`, trusting `trusted` authserv-ids ("arc:ID":
    the ARC results of the last hop, when ID wrote them). "unchecked" when none is trusted."""
    trusted_ids = {value.strip().lower() for value in trusted if value.strip()}
    if not trusted_ids:
        return Check("unchecked")
    arc_ids = {value[4:].strip() for value in trusted_ids if value.startswith("arc:")}
    results = trusted_results(headers, trusted_ids - {f"arc:{value}" for value in arc_ids})
    results += last_arc_results(arc_headers, arc_ids)
    domain = from_address.rsplit("@", 1)[-1].strip().strip(">").lower()
    for method in METHODS:
        for found in results:
            if found.method == method and found.result == "pass" and _aligned_pass(found, domain):
                return Check("verified", method, "pass")
    return _failure(results, domain)


def trusted_results(headers: Iterable[str], trusted_ids: set[str]) -> list[Result]:
    """The results of the topmost header of each trusted authserv-id."""
    seen: set[str] = set()
    results: list[Result] = []
    for value in headers:
        parsed = parse_header(value)
        if parsed is None:
            continue
        authserv_id, header_results = parsed
        if authserv_id not in trusted_ids or authserv_id in seen:
            continue
        seen.add(authserv_id)
        results.extend(header_results)
    return results


def last_arc_results(headers: Iterable[str], trusted_ids: set[str]) -> list[Result]:
    """The results of the ARC set with the highest instance (`i=`), the last hop's: one written
    before it, forged or not, never counts; [] unless a trusted authserv-id wrote it."""
    latest: tuple[int, str] | None = None
    for value in headers:
        found = _ARC_INSTANCE.match(value)
        if found and (latest is None or int(found.group(1)) > latest[0]):
            latest = int(found.group(1)), value[found.end() :]
    parsed = parse_header(latest[1]) if latest is not None else None
    return parsed[1] if parsed is not None and parsed[0] in trusted_ids else []


_ARC_INSTANCE = re.compile(r"\s*i\s*=\s*(\d{1,2})\s*;")


def _aligned_pass(found: Result, domain: str) -> bool:
    given = found.properties.get(DOMAIN_PROPERTY[found.method], "")
    if found.method == "dkim" and not given:  # Gmail names the signer by header.i=@domain
        given = found.properties.get("header.i", "")
    if found.method == "dmarc" and not given:
        return True  # DMARC is about the From domain itself
    return aligned(given.rsplit("@", 1)[-1], domain)


def aligned(one: str, other: str) -> bool:
    """Relaxed alignment: equal, or one a subdomain of the other; never a bare TLD."""
    one, other = one.strip().strip(".").lower(), other.strip().strip(".").lower()
    if not one or not other or "." not in one or "." not in other:
        return False
    return one == other or one.endswith("." + other) or other.endswith("." + one)


def _failure(results: list[Result], domain: str) -> Check:
    """Why it is not verified: the first method (DMARC, DKIM, SPF) that said something other
    than "none", else the first that said anything; "missing" when no trusted header came."""
    said = [found for method in METHODS for found in results if found.method == method]
    if not said:
        return Check("unverified", "", "missing")
    telling = next((found for found in said if found.result != "none"), said[0])
    result = "unaligned" if telling.result == "pass" else telling.result
    return Check("unverified", telling.method, result)


# --- RFC 8601 parsing ---------------------------------------------------------------------------
_TOKEN = re.compile(r"[^\s;=()\"]+")


def parse_header(value: str) -> tuple[str, list[Result]] | None:
    """(authserv-id in lower case, its results) of one header value; None when unreadable."""
    parts = _split(_uncomment(" ".join(value.split())))
    if not parts:
        return None
    head = parts[0].split()
    if not head or not _TOKEN.fullmatch(head[0]):
        return None
    results = []
    for part in parts[1:]:
        pairs = _pairs(part)
        if not pairs or pairs[0][0] == "reason":
            continue
        method, result = pairs[0]
        properties = {name: data for name, data in pairs[1:] if "." in name}
        results.append(Result(method.split("/")[0], result, properties))
    return head[0].lower(), results


def _uncomment(text: str) -> str:
    """`text` without its (nested) comments, quoted strings kept as they are."""
    kept: list[str] = []
    depth, quoted, escaped = 0, False, False
    for char in text:
        if escaped:
            escaped = False
            if depth == 0:
                kept.append(char)
            continue
        if char == "\\":
            escaped = True
            if depth == 0:
                kept.append(char)
            continue
        if quoted:
            quoted = char != '"'
            kept.append(char)
        elif char == '"' and depth == 0:
            quoted = True
            kept.append(char)
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def _split(text: str) -> list[str]:
    """`text` split at semicolons outside quoted strings."""
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


_PAIR = re.compile(r'([^\s=;"]+)\s*=\s*("(?:[^"\\]|\\.)*"[^\s;"]*|[^\s;"]+)')
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _pairs(part: str) -> list[tuple[str, str]]:
    """The name=value pairs of one result, names in lower case; values unquoted and, but for
    the reason text, in lower case."""
    pairs = []
    for name, data in _PAIR.findall(part):
        data = _QUOTED.sub(lambda found: re.sub(r"\\(.)", r"\1", found.group(1)), data)
        name = name.lower()
        pairs.append((name, data if name == "reason" else data.lower()))
    return pairs
