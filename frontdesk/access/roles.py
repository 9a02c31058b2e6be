"""Who may do what: the three roles of the desk, checked by the services themselves.

Screens hide what a role may not do, but the rule lives here: a service asked
to act for an officer whose role does not allow it refuses, whatever called it.
"""

from __future__ import annotations

from frontdesk.i18n import DeskError, Phrase

ROLES = ("duty", "supervisor", "admin")

#: The least role each guarded action needs; anything not listed is every officer's work.
NEEDS = {
    "reopen_case": "supervisor",  # a correction of a closed record
    "void_closed_case": "supervisor",
    "review_repeat_reporter": "supervisor",
    "unlock_officer": "supervisor",
    "read_audit": "supervisor",
    "review_shift": "supervisor",
    "reports": "supervisor",
    "station_lists": "admin",  # receiving bodies, non-police matters, categories, patrol counters
    "manage_officers": "admin",
    "resolve_sync_conflict": "supervisor",  # which site's version of a record stands
    "manage_sync": "admin",  # trusting a site's key, setting up an outpost
    "import_cases": "supervisor",  # old logbooks into the station's records
    "backup": "supervisor",  # a copy of every record, to a folder
    "restore": "admin",  # every record replaced by a backup's
    "assign_dispute": "supervisor",  # a dispute's owner officer and responsible leader
    "close_dispute_unresolved": "supervisor",
    "full_numbers": "supervisor",  # a list exported with phones and ID numbers in full
}


class NotAllowed(DeskError):
    """The officer's role does not allow this action."""


def may(role: str, action: str) -> bool:
    needed = NEEDS.get(action)
    if needed is None:
        return True
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def require(by, action: str) -> None:
    """Refuse unless `by` (an Actor) may take `action`."""
    if not may(by.role, action):
        raise NotAllowed("access.denied", action=Phrase(f"access.action.{action}"),
                         role=Phrase(f"officer_role.{by.role}"), needed=Phrase(f"officer_role.{NEEDS[action]}"))
