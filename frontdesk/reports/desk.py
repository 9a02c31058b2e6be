"""The reports desk: what the desk screen's figures, the shift handover and the statistics screens call.

From thread workers, like every area desk: each method opens one short session on
the desk's context, calls the services in `frontdesk.reports` and hands back plain
dataclasses. The Desk holds one of each as `desk.dashboard`, `desk.handover` and
`desk.statistics`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from frontdesk.access.roles import require
from frontdesk.context import DeskContext
from frontdesk.i18n import parenthesised, t
from frontdesk.records import audit
from frontdesk.reports.dashboard import Today, newest_change, today_figures
from frontdesk.reports.handover import (DutyShift, Handover, duty_shift, find_note, handover, handover_shift,
                                        next_shift, save_note)
from frontdesk.reports.handover_paper import write_report
from frontdesk.reports.statistics import Statistics, sites, statistics
from frontdesk.reports.statistics_export import export_statistics
from frontdesk.sealing import passphrase_of
from frontdesk.timefmt import local_day


class DashboardDesk:
    """The day at a glance, for the desk screen."""

    def __init__(self, ctx: DeskContext):
        self.ctx = ctx

    def today(self, now: datetime) -> Today:
        with self.ctx.reading() as session:
            return today_figures(session, now=now, zone=self.ctx.zone)

    def figures_and_mark(self, now: datetime) -> tuple[str | None, Today]:
        """Today's figures and the change mark they include, read in one transaction."""
        with self.ctx.reading() as session:
            mark = newest_change(session)
            return mark, today_figures(session, now=now, zone=self.ctx.zone)

    def change_mark(self) -> str | None:
        """The change mark alone: what the desk compares every few seconds."""
        with self.ctx.reading() as session:
            return newest_change(session)


class HandoverDesk:
    """What the handover screen calls, from thread workers; plain dataclasses out."""

    def __init__(self, ctx: DeskContext):
        self.ctx = ctx

    def default_shift(self) -> DutyShift:
        return handover_shift(self.ctx.clock(), self.ctx.zone)

    def shift(self, day: date, kind: str) -> DutyShift:
        return duty_shift(day, kind, self.ctx.zone)

    def step(self, shift: DutyShift, step: int) -> DutyShift:
        return next_shift(shift, step, self.ctx.zone)

    def today(self) -> date:
        return local_day(self.ctx.clock(), self.ctx.zone)

    def report(self, shift: DutyShift) -> Handover:
        ctx = self.ctx
        with ctx.reading() as session:
            found = handover(session, shift, now=ctx.clock(), zone=ctx.zone, site=ctx.on_duty.site_code)
        return replace(found, station=ctx.on_duty.station_name,
                       officer=parenthesised(ctx.on_duty.officer_name, ctx.on_duty.badge_no))

    def save_note(self, shift: DutyShift, text: str, *, version: int | None) -> Handover:
        """Save the notes (if they changed) and return the report as it now stands."""
        ctx = self.ctx
        with ctx.writing() as session:
            note = find_note(session, shift, site=ctx.on_duty.site_code)
            if (note.note if note else "") != text.rstrip():
                save_note(session, shift, text, version=version, by=ctx.actor)
        return self.report(shift)

    def write(self, shift: DutyShift, text: str, *, version: int | None) -> tuple[Handover, list[Path]]:
        """Save the notes, then write the report as Markdown, HTML and XLSX into `reports/`.

        The report names citizens (phones masked), so writing it is audited.
        """
        ctx = self.ctx
        report = self.save_note(shift, text, version=version)
        folder = Path(ctx.settings.data_dir) / "reports"
        written = write_report(report, folder, zone=ctx.zone, passphrase=passphrase_of(ctx.url))
        with ctx.writing() as session:
            note = find_note(session, shift, site=ctx.on_duty.site_code)
            audit(session, by=ctx.actor, action="export", table_name="handovernote",
                  record_id=note.id if note else None,
                  reason=t("audit.reason.handover", day=shift.day.isoformat(), kind=t(f"handover.kind.{shift.kind}"),
                           count=len(report.cases), files=t("words.list_sep").join(p.name for p in written)))
        return report, written


class StatisticsDesk:
    """What the statistics screen calls, from thread workers (supervisors and up)."""

    def __init__(self, ctx: DeskContext):
        self.ctx = ctx

    def sites(self) -> list[tuple[str, str]]:
        with self.ctx.reading() as session:
            return sites(session)

    def figures(self, since: date, until: date, *, site: str | None = None) -> Statistics:
        ctx = self.ctx
        require(ctx.actor, "reports")
        with ctx.reading() as session:
            return statistics(session, since=since, until=until, zone=ctx.zone, now=ctx.clock(), site=site)

    def export(self, since: date, until: date, *, site: str | None = None) -> list[Path]:
        """The period's figures as CSV and XLSX in the data folder's `exports/`; the export is audited."""
        ctx = self.ctx
        stats = self.figures(since, until, site=site)
        written = export_statistics(stats, Path(ctx.settings.data_dir) / "exports", passphrase=passphrase_of(ctx.url))
        with ctx.writing() as session:
            audit(session, by=ctx.actor, action="export", table_name="case",
                  reason=t("audit.reason.statistics", since=since.isoformat(), until=until.isoformat(),
                           site=site or t("audit.reason.all_sites"),
                           files=t("words.list_sep").join(p.name for p in written)))
        return written
