"""A row the import refuses: where it is, why (in the officer's language, its numbers masked), the kind it is
counted under in the report, and the rejects file it is written to."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from frontdesk.i18n import DeskError, sentences, t
from frontdesk.intake.cells import cell_text
from frontdesk.intake.logbook_file import row_text
from frontdesk.intake.mapping import SOURCE_KEY_HEADER
from frontdesk.intake.masking import masked, masked_message, masked_numbers
from frontdesk.sealing import write_out

if TYPE_CHECKING:
    from frontdesk.intake.rows import ParsedRow


@dataclass(frozen=True)
class Reject:
    number: int
    problems: tuple[DeskError, ...]
    private: tuple[str, ...] = ()
    sheet: str = ""

    @property
    def where(self) -> str:
        return row_text(self.number, self.sheet)

    @property
    def reason(self) -> str:
        return sentences(problem.message for problem in self.problems)

    @property
    def masked_reason(self) -> str:
        return masked(self.reason, self.private)

    @property
    def kind(self) -> str:
        return problem_kind(self.problems[0]) if self.problems else "other"


def problem_kind(error: DeskError) -> str:
    """The short kind a reject is counted under in the report (bad date, bad phone, …)."""
    key = error.key
    if key.startswith("phone."):
        return "bad_phone"
    if key.startswith("rid."):
        return "bad_id"
    return {
        "import.bad_date": "bad_date", "import.month_only": "bad_date", "import.bad_time": "bad_date", "form.received_in_future": "bad_date",
        "import.future": "bad_date", "import.unknown_category": "unknown_category",
        "form.unknown_category": "unknown_category", "import.unknown_channel": "unknown_channel",
        "import.unknown_status": "unknown_status", "import.unknown_disposition": "unknown_disposition",
        "import.missing": "missing", "form.required": "missing", "form.reporter_contact": "no_contact",
        "form.too_long": "too_long", "import.row_cut": "cut_short",
        "import.unknown_agency": "unknown_agency",
        "import.agency_not_imported": "agency_not_imported", "import.no_agency": "missing",
        "import.closed_before_created": "bad_date", "import.closed_before_received": "bad_date",
        "import.closed_day_before": "bad_date", "import.excel_error": "excel_error",
    }.get(key, "other")


class RejectsFile:
    """The rejects CSV, opened at the first reject: row, reason, the row as it was, and its source key.

    Beside an encrypted database (`passphrase`) the rows are kept in memory and written sealed when the
    import ends, as every file for people is there: the rows hold names, places and what happened.
    """

    def __init__(self, path: Path, headers: list[str], passphrase: str | None = None):
        self.path, self.headers, self.passphrase = path, headers, passphrase
        self.handle = None
        self.writer = None

    def write(self, row: ParsedRow, reject: Reject) -> None:
        if self.writer is None:
            if self.passphrase is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                raw = self.path.open("wb")
            else:  # kept as UTF-8 bytes (not str), and sealed from that buffer without a copy of it
                raw = io.BytesIO()
            # The BOM: Excel shows Chinese.
            self.handle = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="", write_through=True)
            self.writer = csv.writer(self.handle)
            self.writer.writerow([t("import.col.row"), t("import.col.reason"), *self.headers, SOURCE_KEY_HEADER])
        # Phone and ID numbers masked as the lists show them: the file is kept beside the report.
        cells = [masked_numbers(masked(cell_text(cell), row.private)) for cell in row.cells[:len(self.headers)]]
        cells += [""] * (len(self.headers) - len(cells))
        self.writer.writerow([row.where, masked_message(reject.masked_reason), *cells, row.source_key])

    def close(self) -> None:
        """Finish the file; `path` is then the file written (sealed: `….csv.fdsealed`). OSError if it cannot be."""
        handle, self.handle = self.handle, None
        if handle is None:
            return
        try:
            if isinstance(handle.buffer, io.BytesIO):
                with handle.buffer.getbuffer() as written:  # (let go of before the buffer is closed, come what may)
                    self.path = write_out(self.path, written, self.passphrase)
        finally:
            handle.close()
