"""The audit log's hash chain: each event's hash covers its content and the previous hash.

Events are chained per site, in the order of their `seq` (gap-free per site).
Editing an event changes its hash; deleting or reordering events breaks the
link from the next one; cutting events off the end leaves the site's counter
ahead of the last event. `verify_chain` names the first place each happens. A
chain rewritten whole (every hash recomputed) is found by the heads other sites
saw of it (db.models.AuditHead, carried in sync bundles): it no longer holds them.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

GENESIS = "0" * 64
COUNTER = "audit"

#: The columns an event's hash covers, in this order.
FIELDS = ("site", "seq", "at", "officer_id", "action", "table_name", "record_id", "outcome", "reason")


def _plain(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")
    return value


def previous_hash(connection, site: str, seq: int) -> str:
    """The hash the site's event numbered `seq` chains to: its event before (GENESIS for the first)."""
    if seq == 1:
        return GENESIS
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    return connection.exec_driver_sql(f"SELECT hash FROM auditevent WHERE site = {mark} AND seq = {mark}",
                                      (site, seq - 1)).scalar_one()


def event_hash(prev_hash: str, values: dict) -> str:
    """SHA-256 over the previous hash and the event's fields (canonical JSON)."""
    body = json.dumps([prev_hash, *(_plain(values.get(name)) for name in FIELDS)], ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
    site: str
    seq: int
    kind: str  # edited | missing | out_of_order | truncated | rewritten
    detail: str = ""


@dataclass(frozen=True)
class ChainReport:
    events: int
    heads: dict[str, tuple[int, str]]  # site -> (last seq, last hash)
    problems: tuple[Problem, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


def short(digest: str) -> str:
    """A head's hash as people read it off paper: its first 12 hex digits."""
    return digest[:12]


def verify_chain(events: Iterable[dict], counters: dict[str, int],
                 held: Iterable[tuple[str, int, str]] = (), chained_here: Iterable[str] = ()) -> ChainReport:
    """Check events (dicts with FIELDS, `prev_hash`, `hash`), ordered by site then seq.

    `counters` holds each site's audit counter: how many events it has numbered.
    `held` are heads (site, seq, hash) other sites saw of a chain, kept here: a chain
    kept in this database (a site in `counters` or `chained_here`) must still hold
    each of them, or it was rewritten after that head was seen ("rewritten").
    """
    witnessed: dict[tuple[str, int], set[str]] = {}
    for site_seen, seq_seen, hash_seen in held:
        witnessed.setdefault((site_seen, int(seq_seen)), set()).add(hash_seen)
    problems: list[Problem] = []
    heads: dict[str, tuple[int, str]] = {}
    count = 0
    site, expected_seq, prev = None, 1, GENESIS
    for event in events:
        count += 1
        if event["site"] != site:
            site, expected_seq, prev = event["site"], 1, GENESIS
        seq = event["seq"]
        if seq != expected_seq:
            kind = "missing" if seq > expected_seq else "out_of_order"
            problems.append(Problem(site, expected_seq, kind, f"{expected_seq}→{seq}"))
        elif event["prev_hash"] != prev:
            problems.append(Problem(site, seq, "out_of_order"))
        if event_hash(event["prev_hash"], event) != event["hash"]:
            problems.append(Problem(site, seq, "edited"))
        for seen in sorted(witnessed.pop((site, seq), set()) - {event["hash"]}):
            problems.append(Problem(site, seq, "rewritten", short(seen)))
        expected_seq, prev = seq + 1, event["hash"]
        heads[site] = (seq, event["hash"])
    for counted_site, value in counters.items():
        last = heads.get(counted_site, (0, GENESIS))[0]
        if value > last:
            problems.append(Problem(counted_site, last + 1, "truncated", f"{last}/{value}"))
    ours = set(counters) | set(chained_here) | set(heads)
    for (seen_site, seen_seq), hashes in sorted(witnessed.items()):
        if seen_site in ours:  # a head past the chain's end: the chain was cut and rebuilt shorter
            problems.extend(Problem(seen_site, seen_seq, "rewritten", short(seen)) for seen in sorted(hashes))
    return ChainReport(events=count, heads=heads, problems=tuple(problems))
