"""The period's figures written out: one CSV per table and one XLSX holding them all (frontdesk.tables_out)."""

from __future__ import annotations

from pathlib import Path

from frontdesk.i18n import t
from frontdesk.reports.statistics import COUNT, Compared, Statistics, year_on_year
from frontdesk.tables_out import write_tables


def _sheets(stats: Statistics) -> list[tuple[str, list[str], list[list]]]:
    """(name, header, rows) of each table the export writes, in the officer's language."""
    header = [t("stats.col.figure"), t("stats.col.unit"), t("stats.col.now"), t("stats.col.before"),
              t("stats.col.yoy"), t("stats.col.note")]

    def rows(compared: list[Compared]) -> list[list]:
        result = []
        for row in compared:
            def number(value):
                if value is None:
                    return ""
                return round(value, 2) if row.unit != COUNT else int(value)
            result.append([row.label, t(f"stats.unit.{row.unit}"), number(row.now), number(row.before),
                           year_on_year(row), row.note])
        return result

    sheets = [
        ("figures", header, rows(stats.summary())),
        ("categories", header, rows(stats.by_category())),
        ("channels", header, rows(stats.by_channel())),
        ("hours", header, rows(stats.by_hour())),
    ]
    campaigns = stats.by_campaign()
    if campaigns:  # outreach reached people in either period
        sheets.append(("campaigns", header, rows(campaigns)))
    return sheets


def export_statistics(stats: Statistics, folder: Path, *, passphrase: str | None = None) -> list[Path]:
    """Write the figures as CSV files (UTF-8 with BOM, so Excel reads Chinese) and one XLSX.

    Returns the files written: `statistics-<since>-<until>-<site>-<table>.csv`
    for each table and `statistics-<since>-<until>-<site>.xlsx` holding them all.
    """
    now, before = stats.now, stats.before
    title = t("stats.export.title", since=now.since.isoformat(), until=now.until.isoformat(),
              before_since=before.since.isoformat(), before_until=before.until.isoformat(),
              site=stats.site or t("stats.all_sites"))
    tables = [(name, t(f"stats.sheet.{name}"), header, rows) for name, header, rows in _sheets(stats)]
    return write_tables(folder, f"statistics-{now.since:%Y%m%d}-{now.until:%Y%m%d}-{stats.site or 'all'}",
                        tables, title=title, passphrase=passphrase)
