"""The cases' text index: the words of each summary and narrative, for "similar words" (串并).

Chinese is written without spaces, and a tokenizer that knows words (jieba) is a heavy
dependency that still misses the desk's own words, so the unit of matching is the character
pair: 电动车在车棚被盗 is 电动 动车 车在 在车 车棚 棚被 被盗. Two summaries sharing the word 车棚
share its pair; sharing one character (在) shares nothing, and pairs that say nothing (报警,
有人, 发现…) are left out as stop words. Latin letters and digits make whole words (bikes ->
bike; the, and… left out). `tokens` makes them in Python; the database only stores and finds:

- SQLite: an FTS5 table `casewords` (unicode61 over the space-separated tokens);
- PostgreSQL: a table `casewords` with a tsvector of the same tokens (array_to_tsvector, so the
  lexemes are exactly ours) under a GIN index;
- both ranked the same way by `matching`: bm25 with each word's rarity taken within the window.

Each case's index row number (`CaseWordRow.row`) is its received second << 20 plus 20 bits of its
id, so "received in the last 30 days" is a row range: FTS5 and the B-tree seek it directly.

Kept in step in the same transaction as the case by the ORM (an after_flush event below, for the
desk's saves and edits), `records.write_prepared` (the import's bulk path), a sync bundle's apply
and the demo writer; back-filled by migration f4c8a2d6b1e3.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
import uuid
from collections import Counter
from datetime import datetime, timezone
from functools import lru_cache
from typing import Iterable, Sequence

from sqlalchemy import Connection, delete, event, func, inspect, select, text
from sqlalchemy.orm import Session

from db.bulk_insert import statement_for
from db.models.cases import Case, CaseWordRow

#: The FTS5 table (SQLite) or tsvector table (PostgreSQL); its name (and FTS5's shadow tables'
#: names) start with this, which the models' comparison with the database leaves aside.
TABLE = "casewords"
#: Bits of the row number below the received second.
SHIFT = 20
_LOW = (1 << SHIFT) - 1
#: The narrative's first characters indexed with the summary.
NARRATIVE_CHARS = 1000

#: Character pairs common to every kind of report, or made of function words: no case resembles
#: another for having them.
STOP_PAIRS = frozenset("""
报警 报称 称其 其在 称有 有人 一名 一个 一位 一辆 一起 自己 我们 他们 她们 你们 没有 不是 因为 所以 但是 已经 现在
今天 昨天 明天 晚上 早上 上午 下午 中午 凌晨 时候 发现 要求 情况 处理 民警 到场 本人 对方 家中 一直 还是 可以 就是 这个
那个 什么 怎么 需要 进行 发生 称在 在家 在其 其家 其被 被人 人员 男子 女子 一男 一女 现场 目前 当时 左右 其他 以及 之后
警人 拨打 来所 所称 来电 电称 接警 出警 反映 举报 求助
""".split())
#: Characters that join words rather than make them: a pair with one of them (车在, 见了) is two words'
#: edges, not a word.
JOINING = frozenset("的了在是和与其称着把将从向给让也都就又还及之而或")
STOP_WORDS = frozenset("""
a an and are as at be been but by for from had has have he her his i in is it its me my of on or our she so
that the their them then there they this to was we were when which who with you your
caller called calling reported report reporting says said police station about after before into over
110 119 120 122
""".split())


def is_han(ch: str) -> bool:
    """A Chinese character (the unified ideographs and their extensions)."""
    return ("\u3400" <= ch <= "\u9fff") or ("\uf900" <= ch <= "\ufaff") or ("\U00020000" <= ch <= "\U0003134f")


def _stem(word: str) -> str:
    """The plural's s off a longer word (bikes -> bike, not glass -> glas)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _latin(word: str) -> str:
    stem = _stem(word)
    return stem if len(stem) >= 2 and word not in STOP_WORDS and stem not in STOP_WORDS else ""



def _pairs(run: str) -> list[str]:
    """A run of Chinese characters' pairs, without stop words, pairs with a joining character, and pairs
    straddling a stop word's edge (有人报警: 人报 is the end of one and the start of another)."""
    pairs = [run[i:i + 2] for i in range(len(run) - 1)]
    if STOP_PAIRS.isdisjoint(pairs):  # most runs: no stop word, so no edge of one either
        return [pair for pair in pairs if pair[0] not in JOINING and pair[1] not in JOINING]
    stop = [pair in STOP_PAIRS for pair in pairs]
    return [pair for i, pair in enumerate(pairs) if not stop[i] and pair[0] not in JOINING
            and pair[1] not in JOINING and not (i and stop[i - 1]) and not (i + 1 < len(pairs) and stop[i + 1])]


#: How many texts' tokens are kept worked out: the similar-cases panel's next look-ups see the same
#: candidates again; keeping every summary compared in a shift grew a desk by hundreds of MiB.
TOKENS_KEPT = 2_000


_HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
#: A run of Chinese characters, or a run of other letters and digits (isalnum: \w less the underscore).
_RUNS = re.compile(f"([{_HAN}]+)|([^\\W_{_HAN}]+)")


@lru_cache(maxsize=TOKENS_KEPT)
def token_list(text: str) -> tuple[str, ...]:
    """The text's tokens in order (repeats kept): Chinese character pairs and Latin/digit words."""
    found: list[str] = []
    for han, word in _RUNS.findall(unicodedata.normalize("NFKC", text or "").lower()):
        if han:
            found.extend(_pairs(han))
        else:
            latin = _latin(word)
            if latin:
                found.append(latin)
    return tuple(found)


def tokens(text: str) -> frozenset[str]:
    """The text's distinct tokens: what two texts share is the intersection of these."""
    return frozenset(token_list(text))


def shared_words(text: str, wanted: frozenset[str] | set[str], most: int = 3) -> list[str]:
    """The words of `text` made of tokens in `wanted`, as written: runs of shared pairs joined
    (电动 + 动车 -> 电动车), Latin words whole; longest first, at most `most`."""
    words: list[str] = []
    folded = unicodedata.normalize("NFKC", text or "").lower()
    run, latin = "", ""
    for i, ch in enumerate(folded + " "):
        pair = folded[i:i + 2]
        if len(pair) == 2 and is_han(ch) and is_han(pair[1]) and pair in wanted:
            run = run + pair[1] if run else pair  # a run goes on only while each next pair is shared too
        elif run:
            words.append(run)
            run = ""
        if ch.isalnum() and not is_han(ch):
            latin += ch
        elif latin:
            if _latin(latin) in wanted:
                words.append(latin)
            latin = ""
    unique = list(dict.fromkeys(words))
    return sorted(unique, key=len, reverse=True)[:most]


def text_of(summary: str, narrative: str = "") -> str:
    return f"{summary or ''}\n{(narrative or '')[:NARRATIVE_CHARS]}"


def row_of(case_id: uuid.UUID, received_at: datetime) -> int:
    return (second_of(received_at) << SHIFT) | (case_id.int & _LOW)


def second_of(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def row_range(start: datetime, end: datetime) -> tuple[int, int]:
    """The row numbers of cases received from `start` to `end` (both whole seconds included)."""
    return second_of(start) << SHIFT, ((second_of(end) + 1) << SHIFT) - 1


# ---- writing ------------------------------------------------------------------------------------


def _free_rows(connection: Connection, wanted: dict[uuid.UUID, int]) -> dict[uuid.UUID, int]:
    """Each case's row, moved on within its second where another case holds it already (rare)."""
    taken: set[int] = set()
    values = list(wanted.values())
    asked = set(values)
    for start in range(0, len(values), 500):
        taken.update(connection.execute(
            select(CaseWordRow.row).where(CaseWordRow.row.in_(values[start:start + 500]))).scalars())
    placed: dict[uuid.UUID, int] = {}
    for case_id, row in wanted.items():
        while row in taken or (row not in asked and connection.execute(
                select(CaseWordRow.row).where(CaseWordRow.row == row)).first() is not None):
            taken.add(row)
            row = (row & ~_LOW) | ((row + 1) & _LOW)
        taken.add(row)
        placed[case_id] = row
    return placed


def add(connection: Connection, cases: Iterable[tuple[uuid.UUID, datetime, str, str]]) -> None:
    """Index new cases: (id, received_at, summary, narrative)."""
    add_tokens(connection, [(case_id, at, token_list(text_of(summary, narrative)))
                            for case_id, at, summary, narrative in cases])


def add_tokens(connection: Connection, cases: Sequence[tuple[uuid.UUID, datetime, Sequence[str]]]) -> None:
    """Index new cases whose tokens are worked out already (`tokens_of`; a bulk writer does that before it
    takes the write lock): (id, received_at, tokens)."""
    if not cases:
        return
    placed = _free_rows(connection, {case_id: row_of(case_id, at) for case_id, at, _ in cases})
    _insert(connection, [(case_id, placed[case_id], tokens) for case_id, _, tokens in cases])


def tokens_of(summary: str, narrative: str) -> tuple[str, ...]:
    """A new case's tokens for `add_tokens` (not kept: each case is indexed once)."""
    return token_list.__wrapped__(text_of(summary, narrative))


def _insert(connection: Connection, rows: Sequence[tuple[uuid.UUID, int, Sequence[str]]]) -> None:
    if not rows:
        return
    statement_for(connection, CaseWordRow.__table__).run(connection, [{"case_id": cid, "row": row}
                                                                      for cid, row, _ in rows])
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {TABLE} (rowid, words) VALUES (?, ?)",
                                   [(row, " ".join(words)) for _, row, words in rows])
    else:
        connection.exec_driver_sql(f"INSERT INTO {TABLE} (row, words) VALUES (%s, array_to_tsvector(%s::text[]))",
                                   [(row, list(dict.fromkeys(words))) for _, row, words in rows])


def remove(connection: Connection, case_ids: Iterable[uuid.UUID]) -> None:
    ids = list(case_ids)
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        rows = list(connection.execute(select(CaseWordRow.row).where(CaseWordRow.case_id.in_(part))).scalars())
        if rows:
            column = "rowid" if connection.dialect.name == "sqlite" else "row"
            connection.execute(text(f"DELETE FROM {TABLE} WHERE {column} IN ({','.join(map(str, rows))})"))
            connection.execute(delete(CaseWordRow).where(CaseWordRow.case_id.in_(part)))


def refresh(connection: Connection, case_ids: Iterable[uuid.UUID]) -> None:
    """Index these cases again as the database holds them now (an edit, a sync bundle's apply)."""
    ids = list(dict.fromkeys(case_ids))
    remove(connection, ids)
    for start in range(0, len(ids), 500):
        add(connection, connection.execute(select(Case.id, Case.received_at, Case.summary, Case.narrative)
                                           .where(Case.id.in_(ids[start:start + 500]))).all())


def backfill(connection: Connection, batch: int = 20000) -> int:
    """Index every case (a migration's back-fill, on an empty index). Returns the number indexed."""
    taken: set[int] = set()
    last, done = None, 0
    while True:
        query = select(Case.id, Case.received_at, Case.summary, Case.narrative).order_by(Case.id).limit(batch)
        if last is not None:
            query = query.where(Case.id > last)
        cases = connection.execute(query).all()
        if not cases:
            return done
        rows = []
        for case_id, at, summary, narrative in cases:
            row = row_of(case_id, at)
            while row in taken:
                row = (row & ~_LOW) | ((row + 1) & _LOW)
            taken.add(row)
            rows.append((case_id, row, token_list(text_of(summary, narrative))))
        token_list.cache_clear()
        _insert(connection, rows)
        done += len(rows)
        last = cases[-1][0]


# ---- finding ------------------------------------------------------------------------------------


#: How many of the best by shared words' rarity alone are weighed again with their lengths.
POOL_TIMES = 3
#: bm25's constants: how soon a word's weight saturates, how much a long text is discounted.
_K1, _B = 1.2, 0.75


def matching(connection: Connection, wanted: Iterable[str], start: datetime, end: datetime, *,
             most: int) -> list[tuple[int, float]]:
    """(row, rank) of the cases received from `start` to `end` having any of the `wanted` tokens, best
    (rarest words shared, most of them, in the shortest text) first, at most `most`.

    The rank is bm25 worked out here, the same on both databases, with a word's rarity taken within
    the window (a word every other case this month shares says little). FTS5's own bm25 counts each
    word's documents over the whole index first (years of cases: 200,000 rows for 小区), which was
    most of a probe's time, and PostgreSQL's ts_rank does not weigh rarity at all. Each word counts
    once in a text: the texts are short, and the comparison after this one is by sets."""
    words = sorted(set(wanted))[:62]  # a bit each in a 64-bit mask (a probe looks for at most 24)
    if not words:
        return []
    low, high = row_range(start, end)
    if connection.dialect.name == "sqlite":
        # Each word's rows in the window as plain row numbers: one statement, a rowid range per word.
        statement = " UNION ALL ".join(
            f"SELECT {1 << i}, rowid FROM {TABLE} WHERE {TABLE} MATCH ? AND rowid BETWEEN ? AND ?"
            for i in range(len(words)))
        cursor = connection.connection.cursor()  # the driver's own: thousands of plain pairs, no Row objects
        try:
            hits = cursor.execute(statement, tuple(value for word in words for value in (f'"{word}"', low, high)))
            masks: dict[int, int] = {}
            for bit, row in hits.fetchall():
                masks[row] = masks.get(row, 0) | bit
        finally:
            cursor.close()
        sizes = None
    else:
        has = " | ".join(f"((words @@ %s::tsquery)::int::bigint << {i})" for i in range(len(words)))
        quoted = [f"'{word}'" for word in words]
        found = connection.exec_driver_sql(
            f"SELECT row, {has}, length(words) FROM {TABLE}"
            f" WHERE words @@ %s::tsquery AND row BETWEEN %s AND %s",
            (*quoted, " | ".join(quoted), low, high)).all()
        masks = {row: mask for row, mask, _ in found}
        sizes = {row: size for row, _, size in found}
    if not masks:
        return []
    total = connection.execute(select(func.count()).select_from(CaseWordRow)
                               .where(CaseWordRow.row.between(low, high))).scalar_one()
    return _ranked(connection, masks, len(words), total, sizes, most)


def _ranked(connection: Connection, masks: dict[int, int], count: int, total: int, sizes: dict[int, int] | None,
            most: int) -> list[tuple[int, float]]:
    """bm25 of each row from the words it has (a bit each): by the shared words' weights summed, then the
    best POOL_TIMES × `most` of those weighed again by their texts' lengths."""
    per_mask = Counter(masks.values())
    having = [sum(n for mask, n in per_mask.items() if mask >> i & 1) for i in range(count)]
    weight = [math.log((total - n + 0.5) / (n + 0.5) + 1) for n in having]
    worth = {mask: sum(weight[i] for i in range(count) if mask >> i & 1) for mask in per_mask}
    # Ties (the same words shared) go to the newer case, as the panel's own order does.
    pool = heapq.nsmallest(POOL_TIMES * most, masks.items(), key=lambda item: (-worth[item[1]], -item[0]))
    if sizes is None:  # SQLite: FTS5 keeps each text's token count
        sizes = {row: _varint(blob) for row, blob in connection.exec_driver_sql(
            f"SELECT id, sz FROM {TABLE}_docsize WHERE id IN ({','.join(str(row) for row, _ in pool)})")}
    mean = sum(sizes.get(row, 1) for row, _ in pool) / len(pool) or 1.0
    ranked = [(row, worth[mask] * (_K1 + 1) / (1 + _K1 * (1 - _B + _B * sizes.get(row, 1) / mean)))
              for row, mask in pool]
    ranked.sort(key=lambda item: (-item[1], -item[0]))
    return ranked[:most]


def _varint(blob: bytes | None) -> int:
    """FTS5's docsize record for one column: the text's token count, a big-endian 7-bit varint."""
    value = 0
    for byte in blob or b"":
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            break
    return value


# ---- the ORM: a case saved or edited at the desk -------------------------------------------------

_WATCHED = ("summary", "narrative", "received_at")


@event.listens_for(Session, "after_flush")
def _keep_words_current(session: Session, _context) -> None:
    changed = [case.id for case in (*session.new, *session.dirty) if isinstance(case, Case) and (
        case in session.new or any(inspect(case).attrs[name].history.has_changes() for name in _WATCHED))]
    if changed:
        refresh(session.connection(), changed)


def include_name(name: str | None, type_: str, _parents: dict) -> bool:
    """For Alembic's comparison of the models with a database: the index table (and FTS5's shadow
    tables) are made by hand in the migration, not described by a model."""
    return not (type_ == "table" and (name or "").startswith(TABLE))
