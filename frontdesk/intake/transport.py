"""A transport authority's matters in a hotline's export: taxis, buses, road-transport licences (交通运输, 运管,
出租车) are no police traffic (交警, 交通事故, 违章停车). A 12345 export's such requests are proposed as a hand-off to the
station's transport body (a body of its list named so: 12328交通运输服务监督热线), recorded under the category its
matters are (a taxi complaint's); an agency so named (市交通运输局, 运管处) goes to that body. A station with no such
body has them left unmapped, so the import refuses and reports them; a police logbook's are left to the officer."""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import NonPoliceMatter, ReceivingBody
from frontdesk.intake.header_words import POLICE_TRAFFIC_WORDS, TRANSPORT_BODY_WORDS, TRANSPORT_WORDS
from frontdesk.intake.mapping import fold


def transport_matter(value: str) -> bool:
    """Whether a category or agency names a transport authority's matter, not the police's traffic."""
    word = fold(value)
    return any(transport in word for transport in TRANSPORT_WORDS) \
        and not any(police in word for police in POLICE_TRAFFIC_WORDS)


def transport_body(session: Session) -> ReceivingBody | None:
    """The station's active receiving body that is the transport authority's (by its code or names), if any."""
    for body in session.exec(select(ReceivingBody).where(ReceivingBody.active).order_by(ReceivingBody.code)).all():
        words = fold(f"{body.code} {body.name_zh} {body.name_en}")
        if any(fold(word) in words for word in TRANSPORT_BODY_WORDS) \
                and not any(fold(police) in words for police in POLICE_TRAFFIC_WORDS):
            return body
    return None


def transport_category(session: Session) -> str | None:
    """The category the transport body's matters are recorded under (a taxi complaint's), for a hotline's
    transport requests; None where the station has no such body, or it takes no matter: left unmapped."""
    body = transport_body(session)
    if body is None:
        return None
    return session.exec(select(NonPoliceMatter.category).where(
        NonPoliceMatter.active, NonPoliceMatter.default_body_id == body.id, NonPoliceMatter.category != "")
        .order_by(NonPoliceMatter.code)).first()
