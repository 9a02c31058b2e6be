"""A saved mapping's file: `mappings/NAME.toml` beside the config, read with every mistake named by its file,
line and key, and written back with whatever it holds that the desk does not read."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontdesk.i18n import DeskError, Phrase, t
from frontdesk.intake.mapping import FIELDS, Mapping, ServiceRequests
from frontdesk.intake.toml_text import toml_key, toml_table, toml_value


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


#: A mapping's `time_digits`: how its time column writes a time in digits alone.
TIME_DIGITS = ("hours", "hhmm", "hhmmss")
#: The keys of a saved mapping the desk reads; any other is kept as it was written.
READ_KEYS = frozenset({"name", "default_channel", "default_disposition", "default_category", "day_first",
                       "date_format", "time_zone", "time_digits", "sheets", "columns", "categories", "channels",
                       "statuses", "dispositions", "service_requests"})


def _kept(mapping: Mapping, path: Path) -> dict:
    """What the file being replaced holds that `mapping` does not (a table the desk does not read, a
    `[service_requests]` the mapping lacks or only proposes, with no bodies yet), with the mapping's own kept
    keys over it."""
    try:
        before = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        before = {}
    requests = mapping.service_requests
    kept = {key: value for key, value in before.items()
            if key not in READ_KEYS or (key == "service_requests" and requests is None)}
    officers = before.get("service_requests")
    if requests is not None and _proposed(requests) and isinstance(officers, dict):
        chosen = {agency: requests.bodies[agency] for agency in requests.chosen if agency in requests.bodies}
        kept["service_requests"] = _over_proposal(requests.table(), officers, chosen)
    return {**kept, **mapping.kept}


def _proposed(requests: ServiceRequests) -> bool:
    """A `[service_requests]` the desk proposed: no body or status given yet (its agencies listed with ""), but
    the bodies the officer chose on the import screen."""
    return not any(code.strip() for agency, code in requests.bodies.items() if agency not in requests.chosen) \
        and not requests.statuses


def _over_proposal(proposal: dict, officers: dict, chosen: dict[str, str] | None = None) -> dict:
    """The officer's `[service_requests]` over the desk's proposal: what they wrote wins, what they left empty
    the proposal fills, and their bodies come after the file's agencies the proposal lists; the bodies they
    chose on the import screen (`chosen`) win over the file's."""
    merged = {**proposal, **{key: value for key, value in officers.items() if value not in ("", {})}}
    if isinstance(officers.get("bodies"), dict):  # (the listing only where it lists the same column's words)
        listed = proposal.get("bodies", {}) if merged.get("agency") == proposal.get("agency") else {}
        merged["bodies"] = {**listed, **officers["bodies"]}
    if chosen and merged.get("agency") == proposal.get("agency"):
        bodies = merged.get("bodies")
        merged["bodies"] = {**(bodies if isinstance(bodies, dict) else {}), **chosen}
    return merged


def save_mapping(mapping: Mapping, folder: Path) -> Path:
    """Write `mapping` as `folder/NAME.toml` (replacing an older one of that name, whose tables the desk does
    not read are kept). A required field the file has no column for is written empty, for the officer to fill."""
    path = mapping_path(mapping.name, folder)
    kept = _kept(mapping, path)
    lines = [f"# {line}".rstrip() for line in t("import.mapping_file.header").splitlines()]
    lines += [
        f"name = {toml_value(mapping.name)}",
        f"default_channel = {toml_value(mapping.default_channel)}",
        f"default_disposition = {toml_value(mapping.default_disposition)}",
    ]
    day_first = f"day_first = {'true' if mapping.day_first else 'false'}"
    if mapping.order_settled():
        lines.append(day_first)
    else:  # a guess the file's dates did not settle: stated, it would stand against the file's later dates
        lines += [f"# {line}".rstrip() for line in t("import.mapping_file.day_first_open").splitlines()]
        lines.append(f"# {day_first}")
    if mapping.default_category or not mapping.columns.get("category"):  # (a file with no category column: to fill)
        lines.append(f"default_category = {toml_value(mapping.default_category)}")
    lines += [f"{key} = {toml_value(getattr(mapping, key))}" for key in ("date_format", "time_zone", "time_digits")
              if getattr(mapping, key)]
    if mapping.sheets:
        lines.append(f"sheets = {toml_value(list(mapping.sheets))}")
    lines += [f"{toml_key(key)} = {toml_value(value)}" for key, value in kept.items() if not isinstance(value, dict)]
    # every field, those the file has no column for yet "" (an officer sees which keys there are to fill)
    lines += toml_table("columns", {name: mapping.columns.get(name, "") for name in FIELDS})
    for title in ("categories", "channels", "statuses", "dispositions"):
        lines += toml_table(title, getattr(mapping, title))
    if mapping.service_requests is not None and "service_requests" not in kept:
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
        twice = _given_twice(text, line) if re.match(r"Cannot (overwrite a value|declare)", str(exc)) else None
        if twice is not None:
            raise twice.error(path)
        shown = text.splitlines()[line - 1].strip() if 0 < line <= len(text.splitlines()) else ""
        raise DeskError("import.mapping_bad_toml", path=str(path), line=line or "?", text=shown[:80])
    return _mapping_from(data, path, text)


#: A key of a TOML line (bare, "quoted" or 'literal', dotted), and a table's header.
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_KEY = re.compile(rf"\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_TABLE = re.compile(rf"\s*\[\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*\]\s*(?:#.*)?$")


def _key_path(written: str) -> tuple[str, ...]:
    """A key as TOML reads it: ("categories", "Burglary") of `categories."Burglary"`."""
    try:
        value: object = tomllib.loads(f"{written} = 0")
    except tomllib.TOMLDecodeError:
        return ()
    path: list[str] = []
    while isinstance(value, dict) and value:
        key = next(iter(value))
        path.append(key)
        value = value[key]
    return tuple(path)


class _Twice:
    """A key or table a mapping gives twice (tomllib says only "Cannot overwrite a value" and the line)."""

    def __init__(self, key: tuple[str, ...], table: tuple[str, ...], first: int, line: int):
        self.key, self.table, self.first, self.line = key, table, first, line

    def error(self, path: Path) -> DeskError:
        if not self.key:
            return DeskError("import.mapping_table_twice", path=str(path), table=".".join(self.table),
                             first=self.first, line=self.line)
        return DeskError("import.mapping_key_twice_in" if self.table else "import.mapping_key_twice", path=str(path),
                         key=".".join(self.key), table=".".join(self.table), first=self.first, line=self.line)


def _given_twice(text: str, line: int) -> _Twice | None:
    """The key (or table) the mapping's line `line` gives again, with the line that gave it first."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    table: tuple[str, ...] = ()
    seen: dict[tuple[str, ...], int] = {}
    for number, written in enumerate(lines[:line], start=1):
        if header := _TABLE.match(written):
            table = _key_path(header.group(1))
            full, at_key = table, False
        elif key := _KEY.match(written):
            full, at_key = table + _key_path(key.group(1)), True
        else:
            continue
        if number == line:
            first = seen.get(full)
            if first is None:
                return None
            return _Twice(full[len(table):], table, first, line) if at_key else _Twice((), table, first, line)
        seen.setdefault(full, number)
    return None


def _line_of(text: str, key: str) -> int | str:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return "?"


def _mapping_from(data: dict, path: Path, text: str) -> Mapping:
    def wrong(key: str, kind: str) -> DeskError:
        return DeskError("import.mapping_bad_value", path=str(path), line=_line_of(text, key), key=key,
                         kind=Phrase(f"import.mapping_kind.{kind}"))

    for key in ("name", "default_channel", "default_disposition", "default_category", "date_format", "time_zone",
                "time_digits"):
        if key in data and not isinstance(data[key], str):
            raise wrong(key, "text")
    if "day_first" in data and not isinstance(data["day_first"], bool):
        raise wrong("day_first", "true_false")
    sheets = data.get("sheets", [])
    if not isinstance(sheets, list) or not all(isinstance(title, str) and title.strip() for title in sheets):
        raise wrong("sheets", "sheet_names")
    tables = {title: _texts(data, title, wrong)
              for title in ("columns", "categories", "channels", "statuses", "dispositions")}
    date_format = data.get("date_format", "")
    if date_format and "%" not in date_format:
        raise wrong("date_format", "date_format")
    digits = data.get("time_digits", "").strip().lower()
    if digits not in ("", *TIME_DIGITS):
        raise wrong("time_digits", "time_digits")
    zone = data.get("time_zone", "").strip()
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise DeskError("import.mapping_bad_zone", path=str(path), line=_line_of(text, "time_zone"), zone=zone)
    columns = {}
    for key, value in tables["columns"].items():  # (written Received_at or " category ", it is that field)
        if key.strip().lower() not in FIELDS:
            raise DeskError("import.mapping_unknown_field", path=str(path), line=_line_of(text, key), key=key,
                            fields=", ".join(FIELDS))
        if value:
            columns[key.strip().lower()] = value
    requests = data.get("service_requests")
    service_requests = _service_requests(requests, wrong) if requests is not None else None
    kept = {key: value for key, value in data.items() if key not in READ_KEYS}
    if requests is not None and service_requests is None:
        kept["service_requests"] = requests
    return Mapping(
        name=str(data.get("name") or path.stem),
        columns=columns, default_category=data.get("default_category", "").strip(),
        categories=tables["categories"], channels=tables["channels"], statuses=tables["statuses"],
        dispositions=tables["dispositions"],
        default_channel=data.get("default_channel") or "walk_in",
        default_disposition=data.get("default_disposition") or "resolved_on_site",
        day_first=data.get("day_first", True), day_first_stated="day_first" in data, date_format=date_format,
        time_zone=zone, time_digits=digits, sheets=tuple(dict.fromkeys(sheets)), service_requests=service_requests,
        kept=kept,
    )


def saved_mappings(folder: Path) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.toml")) if folder.is_dir() else []


def _service_requests(table: object, wrong) -> ServiceRequests | None:
    """The mapping's `[service_requests]` table, or None for a mapping of an ordinary logbook."""
    if not isinstance(table, dict):
        raise wrong("service_requests", "table")
    for key in ("agency", "status", "closed_at", "reference", "detail"):
        if not isinstance(table.get(key, ""), str):
            raise wrong(key, "text")
    words = {title: _texts(table, title, wrong) for title in ("bodies", "statuses")}
    if not table.get("agency"):
        return None  # kept as written until it names the agency column
    return ServiceRequests(
        agency=table["agency"], status=table.get("status", ""), closed_at=table.get("closed_at", ""),
        reference=table.get("reference", ""), detail=table.get("detail", ""),
        bodies=words["bodies"], statuses=words["statuses"],
    )


def _texts(holder: dict, title: str, wrong) -> dict[str, str]:
    """`holder`'s table `title` (absent: empty), each of its values text: a mapping's columns or words."""
    table = holder.get(title) or {}
    if not isinstance(table, dict):
        raise wrong(title, "table")
    for key, value in table.items():
        if not isinstance(value, str):
            raise wrong(key, "text")
    return {str(key): value for key, value in table.items()}
