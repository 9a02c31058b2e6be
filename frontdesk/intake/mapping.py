"""How a logbook's columns and values map to a case, and the mappings the station keeps.

A mapping says which column holds which case field and which of the file's words
mean which category, channel, status or disposition; it is proposed from the
headers and values (the words logbooks use are listed here), and kept as a TOML
file under `mappings/` in the config folder.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontdesk.i18n import DeskError, Phrase, t
from frontdesk.intake.toml_text import toml_key, toml_table, toml_value
from frontdesk.intake.header_words import (CATEGORY_FALLBACKS, DATE_ONLY_WORDS, HEADER_WORDS, OFFICER_WORDS,
                                           REPORTER_WORDS, TIME_ONLY_WORDS)

#: The case fields a column can hold, in the order the screen shows them.
FIELDS = ("received_at", "received_time", "category", "channel", "place", "summary", "narrative",
          "reporter_name", "reporter_phone", "reporter_id", "status", "disposition", "record_no")
#: Fields without which a row cannot be imported (summary may come from the narrative instead).
#: A dispatch system's log names no caller: reporter columns are optional (a row with no
#: reporter at all is imported without one; a named reporter needs a phone or ID number).
REQUIRED = ("received_at", "category")
#: The header of the column a rejects file carries so that a fixed row keeps its identity.
SOURCE_KEY_HEADER = "source_key"
#: How many distinct words of a value column are collected for mapping.
MAX_VALUES = 200


_PUNCTUATION = re.compile(r"[\s_\-.:：/\\()（）\[\]【】*#№'\"“”]+")


def fold(text: object) -> str:
    """A header or value as compared: full-width to half-width, lower case, no spaces or punctuation."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", str(text or "")).lower())


@dataclass
class Mapping:
    """Which column holds which field, what the file's words mean, and the defaults for what it lacks."""

    name: str = ""
    #: field -> the file's header text
    columns: dict[str, str] = field(default_factory=dict)
    #: the file's word (as written) -> category code; "" means: reject rows with it
    categories: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    dispositions: dict[str, str] = field(default_factory=dict)
    default_channel: str = "walk_in"
    #: Rows without a status or disposition were closed this way (historic logbooks record finished matters).
    default_disposition: str = "resolved_on_site"
    #: 05/03/2024 is 5 March (day first, as written in China and Europe) unless this is False.
    day_first: bool = True
    #: Whether the mapping says so (a saved file's `day_first`); if not, the file's own dates settle it.
    day_first_stated: bool = False
    #: An explicit strptime format for the date cells (e.g. "%d.%m.%Y %H:%M"): it wins over every guess.
    date_format: str = ""
    #: The IANA zone the file's times were written in (a system that exported UTC): converted to the desk's.
    time_zone: str = ""
    #: A hotline's or 311 export's `[service_requests]` table: each row is imported as a case handed off.
    service_requests: ServiceRequests | None = None
    #: The saved file's other keys and tables, which the desk does not read: written back when it is saved.
    kept: dict = field(default_factory=dict)

    def column(self, name: str) -> str | None:
        return self.columns.get(name) or None


def mappings_folder(config_path: Path | None) -> Path:
    """`mappings/` beside the config file."""
    if config_path is None:
        from frontdesk.station.config import config_dir

        return config_dir() / "mappings"
    return Path(config_path).parent / "mappings"


def _file_name(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name.strip()).strip("-")
    if not cleaned:
        raise DeskError("import.mapping_name_needed")
    return cleaned[:80] + ".toml"


def mapping_path(name_or_file: str, folder: Path) -> Path:
    """A saved mapping's file: a path to a .toml file as given, else a name in `folder`."""
    given = Path(name_or_file).expanduser()
    if given.suffix.lower() == ".toml" and (given.exists() or given.parent != Path(".")):
        return given
    return folder / _file_name(name_or_file)


#: The keys of a saved mapping the desk reads; any other is kept as it was written.
READ_KEYS = frozenset({"name", "default_channel", "default_disposition", "day_first", "date_format", "time_zone",
                       "columns", "categories", "channels", "statuses", "dispositions", "service_requests"})


def _kept(mapping: Mapping, path: Path) -> dict:
    """What the file being replaced holds that `mapping` does not (a table the desk does not read, a
    `[service_requests]` the mapping lacks), with the mapping's own kept keys over it."""
    try:
        before = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        before = {}
    kept = {key: value for key, value in before.items()
            if key not in READ_KEYS or (key == "service_requests" and mapping.service_requests is None)}
    return {**kept, **mapping.kept}


def save_mapping(mapping: Mapping, folder: Path) -> Path:
    """Write `mapping` as `folder/NAME.toml` (replacing an older one of that name, whose tables the desk does
    not read are kept). A required field the file has no column for is written empty, for the officer to fill."""
    path = mapping_path(mapping.name, folder)
    kept = _kept(mapping, path)
    lines = [f"# {line}".rstrip() for line in t("import.mapping_file.header").splitlines()]
    lines += [
        f"name = {json.dumps(mapping.name, ensure_ascii=False)}",
        f"default_channel = {json.dumps(mapping.default_channel)}",
        f"default_disposition = {json.dumps(mapping.default_disposition)}",
        f"day_first = {'true' if mapping.day_first else 'false'}",
    ]
    lines += [f"{key} = {json.dumps(getattr(mapping, key))}" for key in ("date_format", "time_zone")
              if getattr(mapping, key)]
    lines += [f"{toml_key(key)} = {toml_value(value)}" for key, value in kept.items() if not isinstance(value, dict)]
    lines += toml_table("columns", {name: mapping.columns.get(name, "") for name in FIELDS
                                     if mapping.columns.get(name) or name in REQUIRED})
    for title in ("categories", "channels", "statuses", "dispositions"):
        lines += toml_table(title, getattr(mapping, title))
    if mapping.service_requests is not None:
        lines += toml_table("service_requests", mapping.service_requests.table())
    for key, value in kept.items():
        if isinstance(value, dict):
            lines += toml_table(toml_key(key), value)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path


def load_mapping(name_or_file: str, folder: Path) -> Mapping:
    """A saved mapping by name (in `folder`) or by file path; DeskError naming the file, line and key if it
    is missing, is not TOML, or holds a value of the wrong kind."""
    path = mapping_path(name_or_file, folder)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DeskError("import.mapping_missing", name=name_or_file, folder=str(folder))
    except OSError as exc:
        raise DeskError("import.mapping_unreadable", path=str(path), detail=exc.strerror or str(exc))
    try:
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise DeskError("import.mapping_not_utf8", path=str(path))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else 0
        shown = text.splitlines()[line - 1].strip() if 0 < line <= len(text.splitlines()) else ""
        raise DeskError("import.mapping_bad_toml", path=str(path), line=line or "?", text=shown[:80])
    return _mapping_from(data, path, text)


def _line_of(text: str, key: str) -> int | str:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return "?"


def _mapping_from(data: dict, path: Path, text: str) -> Mapping:
    def wrong(key: str, kind: str) -> DeskError:
        return DeskError("import.mapping_bad_value", path=str(path), line=_line_of(text, key), key=key,
                         kind=Phrase(f"import.mapping_kind.{kind}"))

    for key in ("name", "default_channel", "default_disposition", "date_format", "time_zone"):
        if key in data and not isinstance(data[key], str):
            raise wrong(key, "text")
    if "day_first" in data and not isinstance(data["day_first"], bool):
        raise wrong("day_first", "true_false")
    tables = {}
    for title in ("columns", "categories", "channels", "statuses", "dispositions"):
        table = data.get(title) or {}
        if not isinstance(table, dict):
            raise wrong(title, "table")
        for key, value in table.items():
            if not isinstance(value, str):
                raise wrong(key, "text")
        tables[title] = {str(k): v for k, v in table.items()}
    date_format = data.get("date_format", "")
    if date_format and "%" not in date_format:
        raise wrong("date_format", "date_format")
    zone = data.get("time_zone", "").strip()
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise DeskError("import.mapping_bad_zone", path=str(path), line=_line_of(text, "time_zone"), zone=zone)
    requests = data.get("service_requests")
    service_requests = _service_requests(requests, wrong) if requests is not None else None
    kept = {key: value for key, value in data.items() if key not in READ_KEYS}
    if requests is not None and service_requests is None:
        kept["service_requests"] = requests
    return Mapping(
        name=str(data.get("name") or path.stem),
        columns={key: value for key, value in tables["columns"].items() if key in FIELDS and value},
        categories=tables["categories"], channels=tables["channels"], statuses=tables["statuses"],
        dispositions=tables["dispositions"],
        default_channel=data.get("default_channel") or "walk_in",
        default_disposition=data.get("default_disposition") or "resolved_on_site",
        day_first=data.get("day_first", True), day_first_stated="day_first" in data, date_format=date_format,
        time_zone=zone, service_requests=service_requests, kept=kept,
    )


def saved_mappings(folder: Path) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.toml")) if folder.is_dir() else []


#: A column a two-row header names with both rows: "报警人（姓名）" (frontdesk.intake.header_rows).
_COMPOSED = re.compile(r"^(.+?)（(.+)）$")
_NUMBERED = re.compile(r" \(\d+\)$")
#: The fields a column about a person may hold: never the officer's (处警民警（姓名）).
PERSON_FIELDS = ("reporter_name", "reporter_phone", "reporter_id")


def own_words(header: str) -> str:
    """A header's own words: "姓名" of "报警人（姓名）" and of "姓名 (2)"; the header itself otherwise."""
    header = _NUMBERED.sub("", header)
    composed = _COMPOSED.match(header)
    return composed.group(2) if composed else header


def _person_score(folded: str) -> int | None:
    """None for a column about the officer (民警, 处警人 …); more for one under the reporter (报警人 …)."""
    if any(word in folded for word in OFFICER_WORDS):
        return None
    return next((len(REPORTER_WORDS) - rank for rank, word in enumerate(REPORTER_WORDS)
                 if word in folded and "被" + word not in folded), 0)  # 被申请人: the other side


def propose_columns(headers: list[str]) -> dict[str, str]:
    """field -> header for the headers whose words obviously name a field (Chinese or English); a column
    under two headers (报警人（姓名）) by its own words, a person's field never from the officer's columns."""
    scored: list[tuple[int, int, str, str]] = []
    for position, header in enumerate(headers):
        folded = fold(header)
        if not folded or header == SOURCE_KEY_HEADER:
            continue
        person = _person_score(folded)
        for name, words in HEADER_WORDS.items():
            if name in PERSON_FIELDS and person is None:
                continue
            for text in dict.fromkeys((fold(own_words(header)), folded)):
                for rank, word in enumerate(words):
                    if text == word:
                        score = 1000 - rank
                    elif len(word) >= 2 and not word.isascii() and word in text:
                        score = 100 + len(word) * 10 - rank
                    else:
                        continue
                    scored.append((score + (person or 0) * (name in PERSON_FIELDS), -position, name, header))
    columns: dict[str, str] = {}
    taken: set[str] = set()
    for _score, _position, name, header in sorted(scored, reverse=True):
        if name not in columns and header not in taken:
            columns[name] = header
            taken.add(header)
    if "category" not in columns:  # Baltimore's Description, San Diego's call_type: the category after all
        fallback = next((h for word in CATEGORY_FALLBACKS for h in columns.values() if fold(h) == word), None)
        if fallback is not None:
            columns = {name: h for name, h in columns.items() if h != fallback} | {"category": fallback}
    # A separate time-of-day column only makes sense beside a date-only one.
    if "received_time" in columns and "received_at" not in columns:
        columns["received_at"] = columns.pop("received_time")
    elif "received_time" in columns and fold(own_words(columns["received_at"])) not in DATE_ONLY_WORDS:
        del columns["received_time"]  # e.g. call_date_time beside call_time: the first says it all
    if fold(own_words(columns.get("received_at", ""))) in DATE_ONLY_WORDS and "received_time" not in columns:
        spare = [h for h in headers if h not in taken and fold(own_words(h)) in TIME_ONLY_WORDS]
        if spare:
            columns["received_time"] = spare[0]
    return columns


def propose_value(text: str, known: dict[str, tuple[str, ...]]) -> str | None:
    """The code whose words (names in both languages, synonyms) match the file's word, or None."""
    folded = fold(text)
    if not folded:
        return None
    for code, words in known.items():
        if folded == fold(code) or folded in (fold(word) for word in words):
            return code
    best: tuple[int, str] | None = None
    for code, words in known.items():
        for word in words:
            w = fold(word)
            if len(w) >= 2 and not w.isascii() and w in folded and (best is None or len(w) > best[0]):
                best = (len(w), code)
    return best[1] if best else _by_latin_words(text, known)


#: Words that name a category alone ("Report" → tip) but say nothing of it inside a longer name.
_TOO_GENERIC = frozenset({"report", "other", "misc"})


def _by_latin_words(text: str, known: dict[str, tuple[str, ...]]) -> str | None:
    """The code whose Latin words name the most words of `text` ("Noise - Residential" → noise;
    "Lost Property Report" → lost_property, two words against tip's one), or None when none or a tie."""
    words = [word for word in re.split(r"[^0-9a-z]+", unicodedata.normalize("NFKC", text).lower()) if word]
    pieces = (set(words) | {a + b for a, b in zip(words, words[1:])}) - _TOO_GENERIC
    scores: dict[str, int] = {}
    for code, names in known.items():
        hits = {fold(name) for name in names if len(fold(name)) >= 3 and fold(name).isascii()} & pieces
        if hits:  # a two-word name ("identity theft") says more than one of its words
            scores[code] = sum(2 if hit not in words else 1 for hit in hits)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # as much one as the other: the officer decides
    return ranked[0][0]


def with_columns(mapping: Mapping, headers: list[str]) -> Mapping:
    """`mapping` keeping only the columns this file has (a saved one may name others)."""
    present = set(headers)
    return replace(mapping, columns={k: v for k, v in mapping.columns.items() if v in present})


# ---- service requests: a hotline's or a city's 311 export, imported as cases handed off --------------------
#: Hand-off steps as hotlines and 311 systems write a request's status (matched after `fold`).
HANDOFF_STATUS_WORDS = {
    "pending": ("open", "new", "unspecified", "received", "initiated", "待处理", "未受理", "待受理", "待派单"),
    "sent": ("assigned", "dispatched", "sent", "referred", "pending", "已派单", "已转办", "已交办", "派单", "待签收"),
    "accepted": ("inprogress", "started", "accepted", "working", "处理中", "已受理", "办理中", "在办", "已签收",
                 "延期办理", "延期"),
    "done": ("closed", "done", "resolved", "completed", "finished", "已办结", "办结", "已完成", "已解决", "已处理",
             "已回访", "已归档", "已评价"),
    # Cancelled (Toronto): the body closed it without doing it, so it is not done; the word is kept as the reason.
    "returned": ("returned", "rejected", "sentback", "cancelled", "canceled", "退回", "已退回", "退单", "已撤销",
                 "撤单"),
}


@dataclass(frozen=True)
class ServiceRequests:
    """The `[service_requests]` table of a mapping: rows are requests a hotline passed to another body.

    Each row becomes a non-police case with a hand-off to the body its agency is mapped to
    (`bodies`: the file's agency → receiving body code), the hotline's reference kept as theirs,
    its status as the hand-off's step (`statuses` adds to HANDOFF_STATUS_WORDS) and its closed
    time as done.
    """

    agency: str
    status: str = ""
    closed_at: str = ""
    reference: str = ""
    detail: str = ""
    bodies: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)

    def table(self) -> dict:
        """As the mapping's file holds it."""
        columns = {key: getattr(self, key) for key in ("agency", "status", "closed_at", "reference", "detail")}
        return {**{key: value for key, value in columns.items() if value}, "bodies": dict(self.bodies),
                **({"statuses": dict(self.statuses)} if self.statuses else {})}


def _service_requests(table: object, wrong) -> ServiceRequests | None:
    """The mapping's `[service_requests]` table, or None for a mapping of an ordinary logbook."""
    if not isinstance(table, dict):
        raise wrong("service_requests", "table")
    for key in ("agency", "status", "closed_at", "reference", "detail"):
        if not isinstance(table.get(key, ""), str):
            raise wrong(key, "text")
    for title in ("bodies", "statuses"):
        words = table.get(title) or {}
        if not isinstance(words, dict):
            raise wrong(title, "table")
        for key, value in words.items():
            if not isinstance(value, str):
                raise wrong(key, "text")
    if not table.get("agency"):
        return None  # kept as written until it names the agency column
    return ServiceRequests(
        agency=table["agency"], status=table.get("status", ""), closed_at=table.get("closed_at", ""),
        reference=table.get("reference", ""), detail=table.get("detail", ""),
        bodies={str(k): v for k, v in (table.get("bodies") or {}).items()},
        statuses={str(k): v for k, v in (table.get("statuses") or {}).items()},
    )
