"""The handover report on paper: the same tables as Markdown, printable HTML (A4) and XLSX.

Everything here is already masked by `frontdesk.reports.handover`, and the tables' columns and cells
are declared in `frontdesk.reports.handover_view` (which the screen reads too); this module only
lays them out.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from frontdesk.i18n import parenthesised, t
from frontdesk.sealing import write_out
from frontdesk.reports.handover import Handover
from frontdesk.reports.handover_view import PAPER, facts, shift_title
from frontdesk.reports.handover_view import tables as view_tables


@dataclass(frozen=True)
class Table:
    key: str  # cases | still_open | handed_off | call_backs | patrols
    title: str
    header: list[str]
    rows: list[list[object]]
    more: str = ""  # a line under the table (how many were left out)


def tables(report: Handover, zone: ZoneInfo) -> list[Table]:
    """The tables as the paper prints them: the report's one layout (frontdesk.reports.handover_view)."""
    return [
        Table(table.key, table.title, table.header(PAPER),
              [[cell.on_paper() for cell in row] for row in table.cells(PAPER)], table.more)
        for table in view_tables(report, zone) if PAPER in table.shows
    ]


def title(report: Handover) -> str:
    return t("handover.title", station=report.station)


def note_text(report: Handover) -> str:
    from frontdesk.validation import mask_numbers

    return mask_numbers(report.note) if report.note.strip() else t("handover.no_note")


# ---- Markdown ------------------------------------------------------------------------------


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ") or " "


def markdown(report: Handover, zone: ZoneInfo) -> str:
    lines = [f"# {title(report)}", ""]
    lines += [f"- **{name}**: {value}" for name, value in facts(report, zone)]
    for table in tables(report, zone):
        lines += ["", f"## {parenthesised(table.title, len(table.rows))}", ""]
        if not table.rows:
            lines.append(t("handover.none"))
        else:
            lines.append("| " + " | ".join(_md_cell(h) for h in table.header) + " |")
            lines.append("|" + "---|" * len(table.header))
            lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in table.rows]
        if table.more:
            lines += ["", table.more]
    lines += ["", f"## {t('handover.section.notes')}", ""]
    lines += [f"> {line}" if line else ">" for line in note_text(report).splitlines()]
    lines += ["", t("handover.signatures")]
    return "\n".join(lines) + "\n"


# ---- HTML (printed on A4) --------------------------------------------------------------------

PRINT_CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei",
       "WenQuanYi Micro Hei", sans-serif; font-size: 10pt; line-height: 1.4; color: #000; margin: 0 auto;
       max-width: 190mm; }
h1 { font-size: 15pt; margin: 0 0 4mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 2mm; border-bottom: 1px solid #000; page-break-after: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 5mm; margin: 0; }
dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
thead { display: table-header-group; }
th, td { border: 1px solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top;
         word-break: break-word; }
th { background: #eee; }
tr { page-break-inside: avoid; }
td.num { text-align: right; }
.note { white-space: pre-wrap; border: 1px solid #555; padding: 2mm 3mm; min-height: 20mm; }
.signatures { margin-top: 10mm; display: flex; gap: 30mm; }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def page(report: Handover, zone: ZoneInfo) -> str:
    esc = html.escape
    parts = [f'<!doctype html><html lang="{t("receipt.html_lang")}"><head><meta charset="utf-8">',
             f"<title>{esc(title(report))} · {esc(shift_title(report, zone))}</title>",
             f"<style>{PRINT_CSS}</style></head><body>", f"<h1>{esc(title(report))}</h1>", '<dl class="facts">']
    parts += [f"<dt>{esc(name)}</dt><dd>{esc(value)}</dd>" for name, value in facts(report, zone)]
    parts.append("</dl>")
    for table in tables(report, zone):
        parts.append(f'<h2 id="{table.key}">{esc(parenthesised(table.title, len(table.rows)))}</h2>')
        if not table.rows:
            parts.append(f"<p>{esc(t('handover.none'))}</p>")
        else:
            head = "".join(f"<th>{esc(h)}</th>" for h in table.header)
            body = "".join(
                "<tr>" + "".join(
                    f'<td class="num">{v}</td>' if isinstance(v, (int, float)) else f"<td>{esc(str(v))}</td>"
                    for v in row) + "</tr>"
                for row in table.rows)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        if table.more:
            parts.append(f"<p>{esc(table.more)}</p>")
    parts.append(f'<h2 id="notes">{esc(t("handover.section.notes"))}</h2>')
    parts.append(f'<div class="note">{esc(note_text(report))}</div>')
    parts.append(f'<p class="signatures">{esc(t("handover.signatures"))}</p></body></html>')
    return "\n".join(parts) + "\n"


# ---- XLSX ----------------------------------------------------------------------------------


def workbook(report: Handover, zone: ZoneInfo, path: Path | IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    summary = book.active
    summary.title = t("handover.sheet.summary")
    summary.append([title(report)])
    summary["A1"].font = Font(bold=True, size=13)
    for name, value in facts(report, zone):
        summary.append([name, value])
    summary.append([])
    summary.append([t("handover.section.notes")])
    summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
    summary.append([note_text(report)])
    summary.cell(row=summary.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 60
    for table in tables(report, zone):
        sheet = book.create_sheet(t(f"handover.sheet.{table.key}"))
        sheet.append([shift_title(report, zone)])
        sheet.append(table.header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        if table.more:
            sheet.append([table.more])
        for index in range(1, len(table.header) + 1):
            letter = sheet.cell(row=2, column=index).column_letter
            widest = max(len(str(sheet.cell(row=r, column=index).value or "")) for r in range(2, sheet.max_row + 1))
            sheet.column_dimensions[letter].width = min(60, max(8, widest * 2 + 2))
        sheet.freeze_panes = "A3"
    book.save(path)


def write_report(report: Handover, folder: Path, *, zone: ZoneInfo, passphrase: str | None = None) -> list[Path]:
    """Write `handover-<day>-<day|night>` .md, .html and .xlsx into `folder`; returns the paths.

    With an encrypted database's `passphrase` each is sealed (`.fdsealed`, frontdesk.sealing)."""
    stem = folder / report.shift.stem
    packed = io.BytesIO()
    workbook(report, zone, packed)
    return [write_out(stem.with_suffix(".md"), markdown(report, zone).encode("utf-8"), passphrase),
            write_out(stem.with_suffix(".html"), page(report, zone).encode("utf-8"), passphrase),
            write_out(stem.with_suffix(".xlsx"), packed.getvalue(), passphrase)]
