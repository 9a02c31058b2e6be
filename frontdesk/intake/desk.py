"""The logbook import's part of the desk: what the import screen and the command line call."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk.context import DeskContext
from frontdesk.intake.import_run import BEYOND_SHOWN, ImportResult, run_import
from frontdesk.intake.logbook import (Opened, StationCategory, open_logbook, propose_values, settle_day_order,
                                      station_categories)
from frontdesk.intake.mapping import Mapping, fold
from frontdesk.intake.preview import Preview, preview
from frontdesk.sealing import passphrase_of

if TYPE_CHECKING:
    from frontdesk.intake.agencies import AgencyList


class CaseImports:
    """What the import screen and the command line call (from a worker: everything here reads files or
    the database)."""

    def __init__(self, ctx: DeskContext):
        from frontdesk.intake.mapping_file import mappings_folder

        self.ctx = ctx
        self.report_folder = Path(ctx.settings.data_dir) / "imports"
        self.mappings_folder = mappings_folder(ctx.settings.config_path)

    def categories(self) -> list[StationCategory]:
        with self.ctx.reading() as session:
            return station_categories(session)

    def open(self, path: str, mapping_name: str = "") -> Opened:
        """Open the file with the named mapping (if given) and the words of its value columns matched."""
        from frontdesk.intake.mapping_file import load_mapping

        mapping = load_mapping(mapping_name, self.mappings_folder) if mapping_name.strip() else None
        categories = self.categories()
        if mapping is not None:
            from frontdesk.station.categories import check_mapped_categories

            mapping = _by_code(mapping, categories)
            words = {**mapping.categories, **({"default_category": mapping.default_category}
                                              if mapping.has_default("category") else {})}
            with self.ctx.reading() as session:  # a saved mapping may name a category since switched off
                check_mapped_categories(session, words, mapping=mapping.name)
        opened = open_logbook(path, categories, mapping)
        if mapping is None:  # a 12345 or 311 export: its rows are requests handed to its 承办单位, its Agency
            from frontdesk.intake.service_requests import file_agencies, propose_service_requests

            proposed = propose_service_requests(opened.headers, opened.mapping.columns)
            if proposed is not None:  # its agencies listed unmapped: a saved mapping names them, to be filled
                proposed, agencies = file_agencies(opened, proposed)
                proposed = replace(proposed, bodies=dict.fromkeys(agencies, ""))
                # its status (已办结, 已退回 …) is the hand-off's step and its closed time the hand-off's: not the case's
                opened.mapping = replace(opened.mapping, service_requests=proposed, columns={
                    name: header for name, header in opened.mapping.columns.items()
                    if name not in ("status", "closed_at")})
        opened.mapping = propose_values(opened, transport=self._transport(opened))
        return opened

    def remap(self, opened: Opened, mapping: Mapping) -> Opened:
        """The same file with changed columns: the value columns' words matched again."""
        again = replace(opened, mapping=mapping)
        again.mapping = settle_day_order(again)  # (another received column: its own dates say the order)
        again.mapping = propose_values(again, transport=self._transport(again))
        return again

    def _transport(self, opened: Opened) -> str | None:
        """For a hotline's export, the category its transport matters (交通运输, 出租车) are proposed as: the station's
        transport body's (None: no such body, they are left unmapped; a logbook's, to the officer)."""
        if opened.mapping.service_requests is None:
            return None
        from frontdesk.intake.transport import transport_category

        with self.ctx.reading() as session:
            return transport_category(session)

    def preview(self, opened: Opened) -> Preview:
        """The first rows read by the reader the import will use (a service request's hand-off and all)."""
        now = self.ctx.clock()
        return preview(self.ctx.engine, opened, zone=self.ctx.zone, now=now, reader=self.reader(opened, now))

    def tally(self, opened: Opened, progress=None) -> tuple[int, Counter, tuple[int, list[str]]]:
        """Every row read as the import reads it, nothing written (a dry run): how many, those it would refuse
        as they stand by the kind of their first problem (rows already there are told only by the import), and
        the rows with cells beyond the header (how many, the first). `progress(fraction, read)` now and then."""
        from frontdesk.intake.logbook_file import data_rows
        from frontdesk.intake.rejects import problem_kind
        from frontdesk.intake.rows import RowReader

        now = self.ctx.clock()
        reader = self.reader(opened, now) or RowReader(opened, zone=self.ctx.zone, now=now)
        read, kinds, beyond, first = 0, Counter(), 0, []
        for source in data_rows(opened, (lambda done: progress(done, read)) if progress else None):
            row = reader.read(source)
            read += 1
            if row.problems:
                kinds[problem_kind(row.problems[0])] += 1
            if row.beyond_header:
                beyond += 1
                first += [row.where] if len(first) < BEYOND_SHOWN else []
        return read, kinds, (beyond, first)

    def reader(self, opened: Opened, now):
        """What reads the file's rows for the preview and the import: a service-request mapping's rows are
        read as cases handed off (None: as logbook rows)."""
        requests = opened.mapping.service_requests
        if requests is None:
            return None
        from frontdesk.intake.service_requests import ServiceRequestReader, station_bodies

        with self.ctx.reading() as session:
            bodies = station_bodies(session, self.ctx.settings.station_name)
        return ServiceRequestReader(opened, requests, bodies, zone=self.ctx.zone, now=now)

    def agencies(self, opened: Opened, rows: Counter | None = None) -> AgencyList | None:
        """A hotline's or 311 export's agencies, each with its rows (counted over the file unless given) and where
        they go as the mapping stands, and the station's bodies to choose from; None for a logbook."""
        from frontdesk.intake.agencies import AgencyLine, AgencyList, agency_rows, body_options

        requests = opened.mapping.service_requests
        if requests is None:
            return None
        rows = agency_rows(opened, requests.agency) if rows is None else rows
        with self.ctx.reading() as session:
            options = body_options(session)
        reader = self.reader(opened, self.ctx.clock())
        return AgencyList(tuple(options), tuple(AgencyLine(agency, count, reader.goes_to(agency))
                                                for agency, count in rows.most_common()))

    def save_mapping(self, mapping: Mapping) -> Path:
        from frontdesk.intake.mapping_file import save_mapping

        return save_mapping(mapping, self.mappings_folder)

    def as_saved(self, opened: Opened, path: Path) -> Opened | None:
        """`opened` with the `[service_requests]` of its mapping's file at `path` as written, if they differ (a
        proposal saved over the officer's own mapping keeps the bodies they gave), else None."""
        from frontdesk.intake.mapping_file import load_mapping

        requests = load_mapping(str(path), self.mappings_folder).service_requests
        if requests == opened.mapping.service_requests:
            return None
        return replace(opened, mapping=replace(opened.mapping, service_requests=requests))

    def saved_mappings(self) -> list[str]:
        from frontdesk.intake.mapping_file import saved_mappings

        return saved_mappings(self.mappings_folder)

    def run(self, opened: Opened, *, progress=None, should_stop=lambda: False) -> ImportResult:
        """Import the file; with a service-request mapping, each row as a case handed off."""
        now = self.ctx.clock()
        reader = self.reader(opened, now)
        return run_import(self.ctx.engine, opened, by=self.ctx.actor, zone=self.ctx.zone, now=now,
                          report_folder=self.report_folder, progress=progress, should_stop=should_stop,
                          reader=reader, passphrase=passphrase_of(self.ctx.url))


def _by_code(mapping: Mapping, categories: list[StationCategory]) -> Mapping:
    """The mapping with a category it gives by its name as the station's list shows it (其他, Other) given by its
    code (other); a word that is neither is left for the check to refuse."""
    codes = {c.code for c in categories}
    named = {fold(name): c.code for c in categories for name in (c.name_zh, c.name_en) if name}

    def code(written: str) -> str:
        return written if not written or written in codes else named.get(fold(written), written)

    return replace(mapping, categories={word: code(written) for word, written in mapping.categories.items()},
                   default_category=code(mapping.default_category))
