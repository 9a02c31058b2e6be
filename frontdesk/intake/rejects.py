"""A row the import refuses: where it is, why (in the officer's language, its numbers masked), and the kind
it is counted under in the report."""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.i18n import DeskError, sentences
from frontdesk.intake.logbook_file import row_text
from frontdesk.intake.masking import masked


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
        "import.unknown_agency": "unknown_agency", "import.no_agency": "missing",
        "import.closed_before_created": "bad_date", "import.closed_before_received": "bad_date",
        "import.closed_day_before": "bad_date", "import.excel_error": "excel_error",
    }.get(key, "other")
