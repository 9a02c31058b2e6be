"""The station's starting lists, written once into a new database.

They are data, not code: the station can add categories, receiving bodies and
non-police matters later, and the seeds travel to outposts like any record.
"""

from __future__ import annotations

from sqlmodel import Session, select

from db.ids import stable_id
from db.models import Category, NonPoliceMatter, PatrolCounter, ReceivingBody
from frontdesk.records import Actor, save

# code, 中文, English, police matter?, share of one station's year (for demo data)
CATEGORIES = [
    ("dispute", "纠纷", "Dispute", True, 0.34),
    ("help", "求助", "Request for help", True, 0.22),
    ("tip", "举报", "Report / tip", True, 0.12),
    ("theft", "盗窃", "Theft", True, 0.09),
    ("fraud", "诈骗", "Fraud", True, 0.07),
    ("lost_property", "遗失", "Lost property", True, 0.06),
    ("noise", "噪音扰民", "Noise", False, 0.04),
    ("traffic", "交通", "Traffic", True, 0.03),
    ("other", "其他", "Other", True, 0.03),
]

# code, 中文, English, contact, default hours to done
RECEIVING_BODIES = [
    ("hotline_12345", "12345政务服务便民热线", "12345 citizen hotline", "12345", 72),
    ("legal_aid_12348", "12348公共法律服务热线", "12348 legal aid", "12348", 120),
    ("transport_12328", "12328交通运输服务监督热线", "12328 transport", "12328", 72),
    ("women_12338", "12338妇女维权热线", "12338 women's rights", "12338", 72),
    ("power_95598", "95598供电服务热线", "95598 power utility", "95598", 24),
    ("mediation_centre", "矛盾纠纷调处化解中心", "Dispute-mediation centre", "", 168),
    ("grid_worker", "社区网格员", "Community grid worker", "", 48),
    ("other_police", "其他公安单位", "Another police unit", "", 72),
]

# code, 中文, English, default receiving body, the case category it is usually recorded under
NON_POLICE_MATTERS = [
    ("wage_arrears", "拖欠工资", "Wage arrears", "legal_aid_12348", "dispute"),
    ("consumer_dispute", "消费纠纷", "Consumer dispute", "hotline_12345", "dispute"),
    ("noise", "噪音扰民", "Noise", "grid_worker", "noise"),
    ("neighbour_dispute", "邻里/物业纠纷", "Property or neighbour dispute", "mediation_centre", "dispute"),
    ("car_to_move", "挪车", "Car to be moved", "hotline_12345", "help"),
    ("door_unlock", "开锁", "Door unlocking", "hotline_12345", "help"),
    ("water_leak", "漏水", "Water leak", "grid_worker", "help"),
    ("animal_nuisance", "动物扰民", "Animal nuisance", "grid_worker", "help"),
    ("price_complaint", "价格投诉", "Price complaint", "hotline_12345", "tip"),
    ("power_outage", "停电", "Power cut", "power_95598", "help"),
    ("taxi_complaint", "出租车投诉", "Taxi complaint", "transport_12328", "tip"),
    ("domestic_family", "婚姻家庭纠纷", "Family dispute", "women_12338", "dispute"),
]

#: Matters each body takes besides those it is the default for (assistance between police units).
EXTRA_TAKES = {
    "hotline_12345": ("noise", "neighbour_dispute", "water_leak", "animal_nuisance", "wage_arrears",
                      "taxi_complaint", "power_outage"),
    "mediation_centre": ("wage_arrears", "consumer_dispute", "domestic_family"),
    "grid_worker": ("neighbour_dispute", "car_to_move"),
    "legal_aid_12348": ("domestic_family",),
}

# code, 中文, English: what a volunteer patrol counts
PATROL_COUNTERS = [
    ("leaflets", "发放宣传单", "Leaflets handed out"),
    ("shops_visited", "走访商户", "Shops visited"),
    ("residents_visited", "走访居民", "Residents visited"),
    ("questions_answered", "解答群众咨询", "Questions answered"),
    ("anti_fraud_talks", "反诈宣讲", "Anti-fraud talks given"),
]


def body_takes(body: str) -> list[str]:
    """The matters a seeded body takes: those it is the default for, then its extras."""
    own = [code for code, _zh, _en, default, _category in NON_POLICE_MATTERS if default == body]
    return own + [code for code in EXTRA_TAKES.get(body, ()) if code not in own]


def _empty(session: Session, model) -> bool:
    return session.exec(select(model.id).limit(1)).first() is None


def seed_station_lists(session: Session, *, by: Actor) -> bool:
    """Write each starting list this database does not have yet; True if it wrote any.

    Each list is seeded on its own, so a database made before a list existed
    gets it on its next start, and a list the station has begun is left alone.
    """
    wrote = False
    if _empty(session, Category):
        for sort, (code, zh, en, police, _share) in enumerate(CATEGORIES):
            save(session, Category(id=stable_id("category", code), code=code, name_zh=zh, name_en=en,
                                   police=police, sort=sort * 10), by=by)
        wrote = True
    if _empty(session, ReceivingBody):
        for code, zh, en, contact, hours in RECEIVING_BODIES:
            save(session, ReceivingBody(id=stable_id("receivingbody", code), code=code, name_zh=zh, name_en=en,
                                        contact=contact, default_due_hours=hours, takes=body_takes(code)), by=by)
        wrote = True
    if _empty(session, NonPoliceMatter):
        for code, zh, en, body, category in NON_POLICE_MATTERS:
            save(session, NonPoliceMatter(id=stable_id("nonpolicematter", code), code=code, name_zh=zh,
                                          name_en=en, default_body_id=stable_id("receivingbody", body),
                                          category=category), by=by)
        wrote = True
    if _empty(session, PatrolCounter):
        for sort, (code, zh, en) in enumerate(PATROL_COUNTERS):
            save(session, PatrolCounter(id=stable_id("patrolcounter", code), code=code, name_zh=zh, name_en=en,
                                        sort=sort * 10), by=by)
        wrote = True
    return wrote
