"""The station's starting lists, written once into a new database.

They are data, not code: the station can add categories, receiving bodies and
non-police matters later, and the seeds travel to outposts like any record.
"""

from __future__ import annotations

from sqlmodel import Session, select

from db.ids import stable_id
from db.models import Category, NonPoliceMatter, ReceivingBody
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

# code, 中文, English, default receiving body
NON_POLICE_MATTERS = [
    ("wage_arrears", "拖欠工资", "Wage arrears", "legal_aid_12348"),
    ("consumer_dispute", "消费纠纷", "Consumer dispute", "hotline_12345"),
    ("noise", "噪音扰民", "Noise", "grid_worker"),
    ("neighbour_dispute", "邻里/物业纠纷", "Property or neighbour dispute", "mediation_centre"),
    ("car_to_move", "挪车", "Car to be moved", "hotline_12345"),
    ("door_unlock", "开锁", "Door unlocking", "hotline_12345"),
    ("water_leak", "漏水", "Water leak", "grid_worker"),
    ("animal_nuisance", "动物扰民", "Animal nuisance", "grid_worker"),
    ("price_complaint", "价格投诉", "Price complaint", "hotline_12345"),
    ("power_outage", "停电", "Power cut", "power_95598"),
    ("taxi_complaint", "出租车投诉", "Taxi complaint", "transport_12328"),
    ("domestic_family", "婚姻家庭纠纷", "Family dispute", "women_12338"),
]


def seed_station_lists(session: Session, *, by: Actor) -> bool:
    """Write the starting lists if this database has none; True if it wrote them."""
    if session.exec(select(Category.id).limit(1)).first() is not None:
        return False
    for sort, (code, zh, en, police, _share) in enumerate(CATEGORIES):
        save(session, Category(id=stable_id("category", code), code=code, name_zh=zh, name_en=en,
                               police=police, sort=sort * 10), by=by)
    bodies: dict[str, ReceivingBody] = {}
    for code, zh, en, contact, hours in RECEIVING_BODIES:
        bodies[code] = save(
            session,
            ReceivingBody(id=stable_id("receivingbody", code), code=code, name_zh=zh, name_en=en,
                          contact=contact, default_due_hours=hours),
            by=by,
        )
    for code, zh, en, body in NON_POLICE_MATTERS:
        save(session, NonPoliceMatter(id=stable_id("nonpolicematter", code), code=code, name_zh=zh, name_en=en,
                                      default_body_id=bodies[body].id), by=by)
    return True
