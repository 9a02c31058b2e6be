"""All tables, imported together so SQLModel.metadata is complete."""

from db.models.base import Synced
from db.models.cases import Case, CaseLink, CaseParty, CaseWordRow
from db.models.desk import HandoverNote
from db.models.disputes import Dispute, DisputeCase, DisputeParty, DisputeStep
from db.models.handoffs import FollowUp, Handoff
from db.models.outreach import Campaign, CampaignPerson, Contact
from db.models.log import AuditEvent, AuditHead, ChangeLog, Counter, SignInState
from db.models.patrols import PatrolShift, ShiftMember, Team, Volunteer
from db.models.series import Series, SeriesCase
from db.models.tags import PersonTag, Tag, TagClass
from db.models.people import Person, PersonMerge, PersonPhone, ReporterReview, SearchKey
from db.models.sync import SiteKey, SyncAck, SyncBundle, SyncConflict, SyncPeer
from db.models.station import Category, NonPoliceMatter, Officer, PatrolCounter, ReceivingBody, Site

SYNCED_MODELS: dict[str, type[Synced]] = {
    model.__tablename__: model
    for model in (
        Site, Officer, Category, ReceivingBody, NonPoliceMatter, PatrolCounter,
        Person, PersonPhone, ReporterReview, PersonMerge, Case, CaseLink, CaseParty,
        Handoff, FollowUp, Team, Volunteer, PatrolShift, ShiftMember, HandoverNote,
        Dispute, DisputeParty, DisputeCase, DisputeStep,
        Series, SeriesCase,
        TagClass, Tag, PersonTag,
        Campaign, CampaignPerson, Contact,
    )
}

__all__ = [
    "AuditEvent", "AuditHead", "Case", "CaseLink", "CaseParty", "CaseWordRow", "Category", "ChangeLog", "Counter",
    "Dispute", "DisputeCase", "DisputeParty", "DisputeStep",
    "FollowUp", "Handoff", "HandoverNote", "NonPoliceMatter", "Officer", "PatrolCounter", "PatrolShift", "Person",
    "PersonMerge", "PersonPhone", "ReceivingBody", "ReporterReview", "SYNCED_MODELS", "SearchKey", "ShiftMember", "SignInState", "Site", "SiteKey", "SyncAck", "SyncBundle", "SyncConflict", "SyncPeer", "Synced",
    "Team", "Volunteer",
    "Series", "SeriesCase",
    "PersonTag", "Tag", "TagClass",
    "Campaign", "CampaignPerson", "Contact",
]

# Keeps the look-up index in step with Person (an ORM event; registers on import).
import db.search_index  # noqa: E402,F401
# Keeps the cases' text index in step with Case (an ORM event; registers on import).
import db.case_words  # noqa: E402,F401
