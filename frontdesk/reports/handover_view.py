"""The handover report's tables, declared once: which columns, in which order, what each cell says.

The handover screen and the paper (Markdown, printed HTML, XLSX) both read these.
The paper has room for columns the screen leaves out (when a matter was handed off,
the patrol's area, who did not come); a column shown in both is in the same place
and says the same. Colour is the screen's own: a cell carries a tone, and words the
paper writes out where the screen shows the tone instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable
from zoneinfo import ZoneInfo

from db.audit_chain import short
from frontdesk.i18n import t
from frontdesk.reports.handover import Handover
from frontdesk.patrols.totals import hours
from frontdesk.timefmt import local_text
from frontdesk.vocab import label

#: Where a table or a column shows.
SCREEN, PAPER = "screen", "paper"
BOTH = (SCREEN, PAPER)


@dataclass(frozen=True)
class Cell:
    value: object  # text, or a number (numbers stay numbers in the XLSX and align right in the HTML)
    tone: str = ""  # how the screen colours the value: "" | "open" (still open) | "alert" (overdue)
    mark: str = ""  # words the screen adds after the value, as an alert
    note: str = ""  # words the paper adds after the value (paper has no colour)

    def on_paper(self) -> object:
        return f"{self.value} · {self.note}" if self.note else self.value


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Any], Cell]
    shows: tuple[str, ...] = BOTH
    styled: bool = False  # the screen draws it as styled text (tone or mark), not as plain text
    # On a narrow screen: a column that identifies the row stays whole (`keep`); the others narrow to
    # `minimum` cells and are left out, the largest `priority` first.
    keep: bool = False
    priority: int = 5
    minimum: int = 6


@dataclass(frozen=True)
class HandoverTable:
    key: str  # cases | still_open | handed_off | call_backs | patrols
    title: str
    columns: tuple[Column, ...]
    items: tuple[Any, ...]
    total: int  # how many there are (call-backs owed: all of them; `items` lists the oldest)
    more: str = ""  # a line under the table on paper (how many were left out)
    shows: tuple[str, ...] = BOTH

    def columns_for(self, where: str) -> list[Column]:
        return [column for column in self.columns if where in column.shows]

    def header(self, where: str) -> list[str]:
        return [column.header for column in self.columns_for(where)]

    def cells(self, where: str) -> list[list[Cell]]:
        columns = self.columns_for(where)
        return [[column.cell(item) for column in columns] for item in self.items]


def shift_title(report: Handover, zone: ZoneInfo) -> str:
    shift = report.shift
    return t("handover.shift", day=shift.day.isoformat(), kind=t(f"handover.kind.{shift.kind}"),
             start=local_text(shift.start, zone)[11:], end=local_text(shift.end, zone)[11:])


def facts(report: Handover, zone: ZoneInfo) -> list[tuple[str, str]]:
    """The lines at the top: which shift, who hands over, and the counts."""
    patrol = t("handover.fact.patrol_value", shifts=len(report.patrols), volunteers=report.volunteers,
               hours=f"{hours(report.worked):g}", cases=report.patrol_cases)
    return [
        (t("handover.fact.shift"), shift_title(report, zone)),
        (t("handover.fact.officer"), report.officer),
        (t("handover.fact.made_at"), local_text(report.made_at, zone)),
        (t("handover.fact.received"), str(len(report.cases))),
        (t("handover.fact.still_open"), str(len(report.still_open))),
        (t("handover.fact.handed_off"), str(len(report.handed_off))),
        (t("handover.fact.call_backs"), str(report.call_backs_owed)),
        (t("handover.fact.overdue"), str(report.overdue_handoffs)),
        (t("handover.fact.patrol"), patrol),
        (t("handover.fact.counters"), ", ".join(f"{name} {value}" for name, value in report.counters) or "—"),
        (t("handover.fact.flagged"), str(report.flagged)),
        (t("handover.fact.audit_head"), audit_head_text(report)),
    ]


def audit_head_text(report: Handover) -> str:
    """The audit chain head as read off the paper: `#1,234 · 3f9a0c1b2d4e` (hash cut to 12 digits)."""
    if report.audit_head is None:
        return "—"
    seq, digest = report.audit_head
    return t("handover.audit_head", seq=f"{seq:,}", hash=short(digest))


def tables(report: Handover, zone: ZoneInfo) -> list[HandoverTable]:
    """The report's tables in order, each with its columns for the screen and the paper."""

    def when(moment: datetime | None) -> Cell:
        return Cell(local_text(moment, zone) if moment else "—")

    def clock(moment: datetime) -> str:
        return local_text(moment, zone)[11:]

    case_columns = (
        Column(t("col.case_no"), lambda c: Cell(c.case_no), keep=True),
        Column(t("handover.col.time"), lambda c: Cell(clock(c.received_at)), keep=True),
        Column(t("col.category"), lambda c: Cell(c.category), priority=2),
        Column(t("col.status"), lambda c: Cell(label("status", c.status), tone="open" if c.still_open else ""),
               styled=True, keep=True),
        Column(t("col.reporter"), lambda c: Cell(c.reporter), priority=1),
        Column(t("col.phone"), lambda c: Cell(c.reporter_phone), priority=4, minimum=11),
        Column(t("field.place"), lambda c: Cell(c.place), priority=5),
        Column(t("col.summary"), lambda c: Cell(c.summary), priority=3, minimum=10),
    )
    handed_columns = (
        Column(t("col.case_no"), lambda h: Cell(h.case_no), keep=True),
        Column(t("col.body"), lambda h: Cell(h.body), priority=1, minimum=8),
        Column(t("col.matter"), lambda h: Cell(h.matter), priority=2, minimum=8),
        Column(t("handover.col.handed_at"), lambda h: when(h.handed_at), shows=(PAPER,)),
        Column(t("col.due"), lambda h: when(h.due_at), keep=True),
        Column(t("col.handoff_status"),
               lambda h: Cell(label("handoff.status", h.status), tone="alert" if h.overdue else "",
                              note=t("handover.overdue") if h.overdue else ""), styled=True, keep=True),
    )
    call_back_columns = (
        Column(t("col.case_no"), lambda c: Cell(c.case_no), keep=True),
        Column(t("col.body"), lambda c: Cell(c.body), priority=3, minimum=8),
        Column(t("handover.col.done_at"), lambda c: when(c.done_at), keep=True),
        Column(t("col.reporter"), lambda c: Cell(c.reporter), priority=2),
        Column(t("col.phone"), lambda c: Cell(c.reporter_phone), priority=1, minimum=11),
        Column(t("col.calls"), lambda c: Cell(c.tries), priority=4, minimum=4),
    )
    patrol_columns = (
        Column(t("patrol.col.team"),
               lambda p: Cell(p.team, mark=t("patrol.review_flag") if p.needs_review else ""), styled=True,
               keep=True),
        Column(t("patrol.field.area"), lambda p: Cell(p.area), shows=(PAPER,)),
        Column(t("patrol.col.planned"), lambda p: Cell(clock(p.planned_start) + "–" + clock(p.planned_end)),
               keep=True),
        Column(t("patrol.col.came"), lambda p: Cell(f"{p.came}/{p.listed}"), shows=(SCREEN,), priority=1, minimum=4),
        Column(t("patrol.col.came"), lambda p: Cell(p.came), shows=(PAPER,)),
        Column(t("patrol.col.listed"), lambda p: Cell(p.listed), shows=(PAPER,)),
        Column(t("patrol.col.no_shows"), lambda p: Cell(p.no_shows), shows=(PAPER,)),
        Column(t("patrol.col.hours"), lambda p: Cell(hours(p.worked)), priority=2, minimum=4),
        Column(t("patrol.col.cases"), lambda p: Cell(p.cases), priority=3, minimum=4),
        Column(t("handover.col.counters"), lambda p: Cell(", ".join(f"{name} {value}" for name, value in p.counters)),
               priority=4, minimum=10),
        Column(t("patrol.col.review"), lambda p: Cell(t("patrol.export.yes") if p.needs_review else ""),
               shows=(PAPER,)),
    )
    dispute_columns = (
        Column(t("dispute.col.ref"), lambda d: Cell(d.ref)),
        Column(t("dispute.col.title"), lambda d: Cell(d.title)),
        Column(t("dispute.col.owner"), lambda d: Cell(d.owner)),
        Column(t("dispute.col.days"), lambda d: Cell(d.days_open)),
        Column(t("dispute.col.last"), lambda d: Cell(
            f"{clock_day(d.last_step_at)} {t(f'dispute.step.{d.last_step_kind}')}" if d.last_step_at
            else t("dispute.no_step"))),
        Column(t("dispute.col.due"), lambda d: Cell(clock_day(d.next_step_due) if d.next_step_due else "—",
                                                    tone="alert" if d.overdue else "",
                                                    note=t("dispute.overdue") if d.overdue else ""), styled=True),
    )

    def clock_day(moment: datetime) -> str:
        return local_text(moment, zone)[5:]

    owed_more = report.call_backs_owed - len(report.call_backs)
    # The open disputes' daily review, when there are any (a station without disputes has no section).
    disputes = [HandoverTable("disputes", t("handover.section.disputes"), dispute_columns, report.disputes,
                              len(report.disputes))] if report.disputes else []
    return [
        HandoverTable("cases", t("handover.section.cases"), case_columns, report.cases, len(report.cases)),
        HandoverTable("still_open", t("handover.section.still_open"), case_columns, report.still_open,
                      len(report.still_open), shows=(PAPER,)),
        HandoverTable("handed_off", t("handover.section.handed_off"), handed_columns, report.handed_off,
                      len(report.handed_off)),
        HandoverTable("call_backs", t("handover.section.call_backs"), call_back_columns, report.call_backs,
                      report.call_backs_owed, more=t("handover.more", count=owed_more) if owed_more > 0 else ""),
        HandoverTable("patrols", t("handover.section.patrols"), patrol_columns, report.patrols, len(report.patrols)),
        *disputes,
    ]
