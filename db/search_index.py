"""The look-up index of people's names: every way a name can be typed, one indexed row each.

A name is short (two to four characters), so instead of scanning 250,000 names
for a fragment on every keystroke the index stores each name from every
character on (张建国, 建国, 国), the toneless pinyin from every syllable on
(zhangjianguo, jianguo, guo) and the initials likewise (zjg, jg, g). Any
fragment of a name is then the prefix of some key: one B-tree range scan, on
SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
import uuid
from datetime import datetime, timezone
from operator import itemgetter
from typing import Callable, Collection, Iterable, Mapping

from sqlalchemy import Connection, and_, bindparam, delete, event, func, inspect, select, update
from sqlalchemy.orm import Session

from db.bulk_insert import Insert, statement_for
from db.pinyin import lazy_pinyin
from db.models.cases import Case, CaseParty
from db.models.people import Person, SearchKey
from db.types import UTCDateTime

# Surnames whose reading differs from the character's everyday reading.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha",
    "朴": "piao", "覃": "qin", "盖": "ge", "乐": "yue", "缪": "miao", "种": "chong",
    "繁": "po", "翟": "zhai", "尉": "yu", "万": "wan", "召": "shao", "折": "she",
    "员": "yun", "黑": "he", "沈": "shen", "重": "chong", "长": "chang",
}

#: Above every character: `prefix <= key < prefix + TOP` is "key starts with prefix".
TOP = "\U0010ffff"


def starts_with(column, prefix: str):
    """`column` begins with `prefix`, as a range the column's B-tree index answers.

    (LIKE 'prefix%' with a bound parameter is not index-assisted on SQLite.)
    """
    return and_(column >= prefix, column < prefix + TOP)


#: Separators inside names (阿卜杜·艾力, Jean-Paul) that nobody types at the desk.
NAME_SEPARATORS = frozenset("·•・‧.-'’")


def normalize(text: str) -> str:
    """What is compared: NFKC (full-width to half-width), lower case, no spaces or controls."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch)[0] != "C")


def normalize_name(text: str) -> str:
    """A name as compared: `normalize`, without the separators inside names."""
    return "".join(ch for ch in normalize(text) if ch not in NAME_SEPARATORS)


def syllables(name: str) -> list[str]:
    """Toneless pinyin of a name, one item per character (Latin words pass through)."""
    return list(_syllables(name))


@lru_cache(maxsize=8192)  # names repeat, and a new person's name is read for two columns and its keys
def _syllables(name: str) -> tuple[str, ...]:
    name = name.strip()
    if not name:
        return ()
    # Latin words pass through one by one ("Li Lei": li, lei); separators drop out.
    to_pinyin, normal = lazy_pinyin()  # pypinyin loads here, the first time a key is computed
    parts = to_pinyin(name, style=normal,
                       errors=lambda s: [w for w in (normalize_name(word) for word in s.split()) if w])
    if name[0] in SURNAME_READINGS and parts:
        parts[0] = SURNAME_READINGS[name[0]]
    return tuple(p.lower() for p in parts if p.strip())


def name_keys(name: str) -> list[tuple[str, str, bool]]:
    """(key, kind, whole) for every way of typing `name` or a part of it."""
    keys: dict[str, tuple[str, bool]] = {}
    chars = normalize_name(name)

    def add(key: str, kind: str, whole: bool) -> None:
        if key and (key not in keys or (whole and not keys[key][1])):
            keys[key] = (kind, whole)

    for start in range(len(chars)):
        add(chars[start:], "n", start == 0)
    parts = syllables(name)
    for start in range(len(parts)):
        tail = "".join(parts[start:])
        add(tail, "p", start == 0)
        if "v" in tail:  # ü: 吕 is typed lv or lu
            add(tail.replace("v", "u"), "p", start == 0)
        add("".join(p[0] for p in parts[start:] if p[0].isalnum()), "i", start == 0)
    # Keys are capped at the column's length; a cap can make two keys one.
    capped: dict[str, tuple[str, bool]] = {}
    for key, (kind, whole) in keys.items():
        capped.setdefault(key[:120], (kind, whole))
    return [(key, kind, whole) for key, (kind, whole) in capped.items()]


def key_rows(person_id: uuid.UUID, name: str) -> list[dict]:
    return [{"person_id": person_id, "key": key, "kind": kind, "whole": whole, "lead1": key[:1], "lead2": key[:2],
             "reports": 0, "last_reported_at": None, "rank": 0}
            for key, kind, whole in name_keys(name)]


#: A person's report tally on each of their keys: reports, last_reported_at, rank.
Tally = tuple[int, datetime | None, int]
NO_TALLY: Tally = (0, None, 0)
#: The columns of a key row that are the person's (the rest are the name's).
_OWN = frozenset({"person_id", "reports", "last_reported_at", "rank"})
_NO_KEY = dict.fromkeys(SearchKey.__table__.columns.keys())


def refresh(connection: Connection, people: Iterable[tuple[uuid.UUID, str]], *, new: Collection[uuid.UUID] = (),
            tallies: Mapping[uuid.UUID, Tally] | None = None) -> None:
    """Replace the keys of these (id, name) people (their report tallies stay as they were, or are `tallies`'s).

    People in `new` have no keys yet (written in this transaction since their keys were last made: a sync
    bundle's new people), so there is nothing of theirs to read or delete first."""
    people = list(people)
    if not people:
        return
    held = [pid for pid, _ in people if pid not in new]
    found: dict[uuid.UUID, Tally] = {}
    if held:
        found = {pid: (reports, last, rank) for pid, reports, last, rank in connection.execute(
            select(SearchKey.person_id, func.max(SearchKey.reports), func.max(SearchKey.last_reported_at),
                   func.max(SearchKey.rank)).where(SearchKey.person_id.in_(held)).group_by(SearchKey.person_id))}
        connection.execute(delete(SearchKey).where(SearchKey.person_id.in_(held)))
    if tallies:
        found.update(tallies)
    statement = statement_for(connection, SearchKey.__table__)
    statement.run_params(connection, key_params(statement, [(pid, name, found.get(pid, NO_TALLY))
                                                            for pid, name in people]))


def key_params(statement: Insert, people: Iterable[tuple[uuid.UUID, str, Tally]]) -> list[tuple]:
    """The driver's parameters (`statement`: SearchKey's insert) of these (id, name, tally) people's keys."""
    pick = _picker(statement)
    params: list[tuple] = []
    for pid, name, (reports, last, rank) in people:
        own = statement.params({**_NO_KEY, "person_id": pid, "reports": reports, "last_reported_at": last,
                                "rank": rank})
        params.extend([pick(own + keys) for keys in _name_params(statement, name)])
    return params


#: Full, about 5 MB (a name's nine keys of a dozen values). A dict per key, kept for 8,192 names as before, held
#: 29 MB in any process that had imported a large logbook or bundle.
@lru_cache(maxsize=4096)
def _name_params(statement: Insert, name: str) -> tuple[tuple, ...]:
    """A name's keys as the driver's parameters, the person's own columns empty (`_picker` puts them in): names
    repeat, and each is worked out and converted once."""
    return tuple(statement.params(row) for row in key_rows(None, name))


@lru_cache(maxsize=8)
def _picker(statement: Insert) -> Callable[[tuple], tuple]:
    """From a person's parameters followed by a key's (`_name_params`), each column's value from the one that
    holds it: two C calls a key instead of a dict and a conversion per column."""
    width = len(statement.position)
    return itemgetter(*(at if column in _OWN else width + at for column, at in statement.position.items()))


# ---- who reports often and lately ------------------------------------------------------------------

#: Reports within one stretch of this many days count as equally recent; among them, more reports rank higher.
RANK_DAYS = 30
_RANK_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
_MOST_REPORTS = 999_999


def rank_of(reports: int, last_reported_at: datetime | None) -> int:
    """How far up a short look-up lists a person: the 30-day stretch of their last report, then how often."""
    if not reports or last_reported_at is None:
        return 0
    stretch = max(0, (last_reported_at - _RANK_EPOCH).days // RANK_DAYS)
    return stretch * (_MOST_REPORTS + 1) + min(reports, _MOST_REPORTS)


def recount_reports(connection: Connection, person_ids: Iterable[uuid.UUID], chunk: int = 500) -> None:
    """Count these people's reports again (cases with them as reporter, and the last one's time) into their keys.

    Called in the same transaction as whatever wrote a reporter: the ORM (a case saved at the desk),
    `records.save_many` (a logbook import) and a sync bundle's apply. Each person is one indexed count.
    """
    counted = count_reports(connection, list(dict.fromkeys(pid for pid in person_ids if pid is not None)), chunk)
    if counted:
        connection.execute(
            update(SearchKey).where(SearchKey.person_id == bindparam("_pid", type_=SearchKey.person_id.type))
            .values(reports=bindparam("_reports"), last_reported_at=bindparam("_last", type_=UTCDateTime),
                    rank=bindparam("_rank")),
            [{"_pid": pid, "_reports": reports, "_last": last, "_rank": rank}
             for pid, (reports, last, rank) in counted.items()])


def count_reports(connection: Connection, person_ids: Collection[uuid.UUID],
                  chunk: int = 500) -> dict[uuid.UUID, Tally]:
    """These people's tallies as `recount_reports` writes them, every one of them (0, None, 0 for no reports)."""
    ids = list(person_ids)
    counted: dict[uuid.UUID, Tally] = {}
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        found = {pid: (int(n), last) for pid, n, last in connection.execute(
            select(CaseParty.person_id, func.count(), func.max(Case.received_at))
            .join(Case, Case.id == CaseParty.case_id)
            .where(CaseParty.person_id.in_(part), CaseParty.role == "reporter")
            .group_by(CaseParty.person_id))}
        for pid in part:
            reports, last = found.get(pid, (0, None))
            counted[pid] = (reports, last, rank_of(reports, last))
    return counted


def recount_all(connection: Connection, batch: int = 5000) -> None:
    """Every reporter's tally (a migration's back-fill)."""
    last = None
    while True:
        query = (select(CaseParty.person_id).where(CaseParty.role == "reporter").distinct()
                 .order_by(CaseParty.person_id).limit(batch))
        if last is not None:
            query = query.where(CaseParty.person_id > last)
        ids = connection.execute(query).scalars().all()
        if not ids:
            return
        recount_reports(connection, ids)
        last = ids[-1]


def rebuild_all(connection: Connection, batch: int = 5000) -> None:
    """Keys and reversed ID numbers for every person (a migration's back-fill)."""
    last = None
    while True:
        query = select(Person.id, Person.name, Person.resident_id).order_by(Person.id).limit(batch)
        if last is not None:
            query = query.where(Person.id > last)
        rows = connection.execute(query).all()
        if not rows:
            return
        refresh(connection, [(pid, name) for pid, name, _ in rows])
        for pid, _name, rid in rows:
            if rid:
                connection.execute(
                    Person.__table__.update().where(Person.id == pid).values(resident_id_reversed=rid[::-1])
                )
        last = rows[-1][0]


@event.listens_for(Session, "after_flush")
def _keep_keys_current(session: Session, _context) -> None:
    """A person added or renamed through the ORM gets their keys in the same transaction."""
    changed = [
        (person.id, person.name)
        for person in (*session.new, *session.dirty)
        if isinstance(person, Person) and (person in session.new or _name_changed(person))
    ]
    if changed:
        refresh(session.connection(), changed)
    reporters = set()
    for party in (*session.new, *session.dirty):
        if isinstance(party, CaseParty) and (party in session.new or _reporter_changed(party)):
            history = inspect(party).attrs.person_id.history
            reporters.update(pid for pid in (party.person_id, *history.deleted) if pid is not None)
    if reporters:
        recount_reports(session.connection(), reporters)


def _reporter_changed(party: CaseParty) -> bool:
    state = inspect(party)
    return state.attrs.person_id.history.has_changes() or state.attrs.role.history.has_changes()


def _name_changed(person: Person) -> bool:
    return inspect(person).attrs.name.history.has_changes()
