"""All tables, imported together so SQLModel.metadata is complete."""

from db.models.base import Synced
from db.models.cases import Case, CaseLink, CaseParty
from db.models.handoffs import FollowUp, Handoff
from db.models.log import AuditEvent, ChangeLog, Counter
from db.models.patrols import PatrolShift, ShiftMember, Team, Volunteer
from db.models.people import Person, PersonPhone
from db.models.station import Category, NonPoliceMatter, Officer, ReceivingBody, Site

SYNCED_MODELS: dict[str, type[Synced]] = {
    model.__tablename__: model
    for model in (
        Site, Officer, Category, ReceivingBody, NonPoliceMatter,
        Person, PersonPhone, Case, CaseLink, CaseParty,
        Handoff, FollowUp, Team, Volunteer, PatrolShift, ShiftMember,
    )
}

__all__ = [
    "AuditEvent", "Case", "CaseLink", "CaseParty", "Category", "ChangeLog", "Counter",
    "FollowUp", "Handoff", "NonPoliceMatter", "Officer", "PatrolShift", "Person",
    "PersonPhone", "ReceivingBody", "SYNCED_MODELS", "ShiftMember", "Site", "Synced",
    "Team", "Volunteer",
]
