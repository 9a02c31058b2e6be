"""The similar-cases and series desk (串并), from thread workers: one short session per call."""

from __future__ import annotations

import uuid
from datetime import datetime

from frontdesk.cases import clusters as cluster_views
from frontdesk.cases import series
from frontdesk.cases import similar
from frontdesk.context import DeskContext
from frontdesk.i18n import DeskError
from frontdesk.validation import normalize_phone


class SeriesDesk:
    def __init__(self, ctx: DeskContext):
        self.ctx = ctx

    # ---- suggestions (read only) -------------------------------------------------------------

    def similar_to_draft(self, *, received_at: datetime | None, category: str = "", place: str = "",
                         summary: str = "", phones: tuple[str, ...] = (), resident_ids: tuple[str, ...] = (),
                         limit: int = 10) -> list[similar.SimilarCase]:
        """Earlier cases like the one being typed (numbers as typed; those not yet a number are left out)."""
        numbers = []
        for phone in phones:
            try:
                numbers.append(normalize_phone(phone))
            except (DeskError, ValueError):
                continue
        probe = similar.Probe(received_at=received_at or self.ctx.clock(), category=category, place=place.strip(),
                              summary=summary.strip(), phones=tuple(numbers),
                              resident_ids=tuple(r.strip().upper() for r in resident_ids if len(r.strip()) == 18))
        with self.ctx.reading() as session:
            return similar.similar_cases(session, probe, self.ctx.zone, limit=limit)

    def similar_to_case(self, case_id: uuid.UUID, *, limit: int = 10) -> list[similar.SimilarCase]:
        with self.ctx.reading() as session:
            probe = similar.probe_of_case(session, case_id)
            if probe is None:
                raise DeskError("case.gone")
            return similar.similar_cases(session, probe, self.ctx.zone, limit=limit)

    # ---- the officer's acts (audited) -------------------------------------------------------

    def link_related(self, case_id: uuid.UUID, other_case_id: uuid.UUID) -> str:
        with self.ctx.writing() as session:
            return series.link_suggested(session, case_id, other_case_id, by=self.ctx.actor).case_no

    def start_series(self, name: str, case_ids: list[uuid.UUID]) -> uuid.UUID:
        with self.ctx.writing() as session:
            return series.start_series(session, name, case_ids, by=self.ctx.actor).id

    def add_to_series(self, series_id: uuid.UUID, case_ids: list[uuid.UUID]) -> uuid.UUID:
        with self.ctx.writing() as session:
            return series.add_to_series(session, series_id, case_ids, by=self.ctx.actor).id

    # ---- series and clusters ------------------------------------------------------------------

    def series_list(self) -> list[series.SeriesRow]:
        with self.ctx.reading() as session:
            return series.series_list(session)

    def series_detail(self, series_id: uuid.UUID) -> series.SeriesDetail:
        with self.ctx.reading() as session:
            return series.series_detail(session, series_id)

    def clusters(self, start: datetime, end: datetime) -> list[cluster_views.ClusterRow]:
        with self.ctx.reading() as session:
            return cluster_views.clusters(session, start, end, self.ctx.zone)

    def cluster_cases(self, kind: str, key: str, category: str, start: datetime,
                      end: datetime) -> list[series.SeriesCaseRow]:
        with self.ctx.reading() as session:
            return cluster_views.cluster_cases(session, kind, key, category, start, end, self.ctx.zone)
