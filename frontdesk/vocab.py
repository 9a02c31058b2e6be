"""The fixed vocabularies of a case, as codes; the catalogue holds their names.

Categories, receiving bodies and non-police matters are station data (tables);
these are part of the program's rules and do not change per station.
"""

from __future__ import annotations

from frontdesk.i18n import t

CHANNELS = ("walk_in", "phone", "transfer_110", "online", "patrol")
STATUSES = ("open", "in_progress", "handed_off", "closed")
OPEN_STATUSES = ("open", "in_progress", "handed_off")
DISPOSITIONS = ("resolved_on_site", "mediated", "handed_off", "referred", "unfounded", "duplicate")
PARTY_ROLES = ("reporter", "victim", "other_party", "suspect", "witness")
LINK_KINDS = ("repeat_of", "related", "backflow")

#: Still with the receiving body: these can fall due and become overdue.
HANDOFF_OPEN = ("pending", "sent", "accepted")
HANDOFF_METHODS = ("three_way_call", "work_order", "visit", "document")
SATISFACTION = ("satisfied", "basically", "unsatisfied")


def label(kind: str, code: str | None) -> str:
    """The officer's word for a code: label("status", "open") -> "Open" / "待处理"."""
    if not code:
        return ""
    return t(f"{kind}.{code}")
