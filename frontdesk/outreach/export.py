"""A list written out as CSV for the people working it: phones and ID numbers masked unless the exporting
officer's role allows full numbers (frontdesk.access.roles "full_numbers"); every export audited with the
count and the expression it was made by."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session

from frontdesk.access.roles import may
from frontdesk.i18n import listed, parenthesised, t
from frontdesk.outreach import lists
from frontdesk.records import Actor, audit
from frontdesk.sealing import write_out

#: People read from the database at a time while writing.
BATCH = 2000


@dataclass(frozen=True)
class Exported:
    path: Path
    count: int
    full_numbers: bool


def described(expression: lists.Expression) -> str:
    """The expression in the officer's words, for the audit and the file's first line."""
    parts = []
    for key, tags in (("all_of", expression.all_of), ("any_of", expression.any_of), ("none_of", expression.none_of)):
        if tags:
            parts.append(t(f"outreach.expr.{key}", tags=listed(parenthesised(tag.name, tag.code) for tag in tags)))
    if expression.village:
        parts.append(t("outreach.expr.village", village=expression.village))
    if expression.age_from is not None or expression.age_to is not None:
        parts.append(t("outreach.expr.ages", low=expression.age_from if expression.age_from is not None else 0,
                       high=expression.age_to if expression.age_to is not None else lists.OLDEST))
    return t("words.clause_sep").join(parts)


def export_list(session: Session, query: lists.ListQuery, *, folder: Path, by: Actor, now: datetime,
                today: date, passphrase: str | None = None) -> Exported:
    """Every person of the list as one CSV row (UTF-8 with BOM, so Excel reads Chinese); audited."""
    expression = lists.read_expression(session, query)
    full = may(by.role, "full_numbers")
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow([t("outreach.col.name"), t("outreach.col.phone"), t("outreach.col.rid"),
                     t("outreach.col.village"), t("outreach.col.age")])
    written, after = 0, None
    while True:
        ids = lists.person_ids(session, expression, today=today, limit=BATCH, after=after)
        for row in lists.people_rows(session, ids, today=today, full=full):
            writer.writerow([row.name, row.phone, row.resident_id, row.village, "" if row.age is None else row.age])
            written += 1
        if len(ids) < BATCH:
            break
        after = ids[-1]
    path = write_out(folder / f"list-{now:%Y%m%d-%H%M%S}.csv", text.getvalue().encode("utf-8-sig"), passphrase)
    audit(session, by=by, action="list_export", table_name="person",
          reason=t("outreach.audit.export", count=written, expression=described(expression),
                   numbers=t("outreach.audit.full" if full else "outreach.audit.masked"), file=path.name)[:500])
    return Exported(path, written, full)
