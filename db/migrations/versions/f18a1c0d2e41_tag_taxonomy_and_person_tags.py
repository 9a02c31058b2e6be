"""the station's own tag taxonomy (classes, tags) and people's tags; the six old tag codes move into it

person.tags (space-separated codes of six fixed tags) becomes person_tag rows and is left
empty: the column stays because bundles written by outposts still on the older schema carry
it and must still apply here; nothing reads or writes it any more.

The starting taxonomy and the moved tags are keyed by stable ids (uuid5 of their codes), so
the station and an outpost that both run this migration hold the same records, not two that
collide when their changes meet.

Revision ID: f18a1c0d2e41
Revises: e7b3d9a1c5f2
Create Date: 2026-12-06 02:20:00.000000
"""

from datetime import datetime, timezone
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types
from db.ids import stable_id
from db.models.tags import person_tag_id, tag_pinyin


revision: str = 'f18a1c0d2e41'
down_revision: Union[str, None] = 'e7b3d9a1c5f2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

#: The codes person.tags could hold (frontdesk/callers/history.py TAGS before this revision).
OLD_CODES = ("elderly", "minor", "repeat_reporter", "disabled", "language_help", "vulnerable")

# code, 中文, English
CLASSES = [
    ("social", "社会属性", "Social attributes"),
    ("at_risk", "重点人群", "Groups at risk"),
    ("premises", "重点行业场所", "Key trades and premises"),
    ("traffic", "交通安全", "Traffic safety"),
    ("disputes", "矛盾纠纷", "Disputes and grievances"),
    ("care", "特殊关爱", "Special care"),
    ("volunteers", "志愿者与群防群治", "Volunteers and community watch"),
    ("anti_fraud", "反诈宣防", "Anti-fraud outreach"),
]

# class, code, 中文, English, rule ("" = set by officers only)
TAGS = [
    ("social", "registered_resident", "户籍人口", "Registered resident", ""),
    ("social", "migrant", "流动人口", "Migrant resident", ""),
    ("social", "tenant", "租住人员", "Tenant", ""),
    ("social", "landlord", "出租房东", "Landlord", ""),
    ("social", "foreign_national", "境外人员", "Foreign national", ""),
    ("social", "student", "在校学生", "Student", ""),
    ("social", "retired", "退休人员", "Retired", ""),
    ("social", "self_employed", "个体工商户", "Self-employed trader", ""),
    ("social", "village_cadre", "村（社区）干部", "Village or community cadre", ""),
    ("social", "veteran", "退役军人", "Veteran", ""),
    ("at_risk", "elderly", "老年人", "Elderly (60 and over)", "elderly_by_id"),
    ("at_risk", "elderly_alone", "独居老人", "Elderly living alone", ""),
    ("at_risk", "empty_nest", "空巢老人", "Empty-nest elderly", ""),
    ("at_risk", "minor", "未成年人", "Minor", "minor_by_id"),
    ("at_risk", "left_behind_child", "留守儿童", "Left-behind child", ""),
    ("at_risk", "fraud_victim_recent", "近期电诈受害人", "Recent fraud victim", "fraud_victim"),
    ("at_risk", "fraud_prone", "电诈易受骗人员", "Likely fraud target", ""),
    ("at_risk", "repeat_reporter", "重复报警人", "Repeat reporter", "repeat_reporter"),
    ("at_risk", "vulnerable", "弱势群体", "Vulnerable person", ""),
    ("at_risk", "mental_disorder", "严重精神障碍患者", "Severe mental disorder", ""),
    ("at_risk", "drug_rehab", "社区戒毒康复人员", "In community drug rehabilitation", ""),
    ("at_risk", "released_prisoner", "刑满释放人员", "Released from prison", ""),
    ("at_risk", "community_correction", "社区矫正对象", "Under community correction", ""),
    ("at_risk", "domestic_violence", "家暴受害人", "Domestic-violence victim", ""),
    ("premises", "street_shop", "沿街商户", "Street-front shop", ""),
    ("premises", "hotel", "旅馆业从业人员", "Hotel or guesthouse staff", ""),
    ("premises", "internet_cafe", "网吧从业人员", "Internet café staff", ""),
    ("premises", "entertainment", "娱乐场所从业人员", "Entertainment venue staff", ""),
    ("premises", "logistics", "寄递物流从业人员", "Parcel and logistics staff", ""),
    ("premises", "second_hand", "二手回收商户", "Second-hand dealer", ""),
    ("premises", "gold_shop", "金银首饰店", "Gold and jewellery shop", ""),
    ("premises", "pharmacy", "药店从业人员", "Pharmacy staff", ""),
    ("premises", "school_staff", "学校幼儿园教职工", "School or kindergarten staff", ""),
    ("premises", "hazardous_chemicals", "危化品从业人员", "Hazardous chemicals worker", ""),
    ("premises", "construction", "建筑工地人员", "Construction site worker", ""),
    ("premises", "security_guard", "保安员", "Security guard", ""),
    ("premises", "bank_staff", "金融网点人员", "Bank branch staff", ""),
    ("traffic", "ebike_rider", "电动自行车骑行人", "E-bike rider", ""),
    ("traffic", "delivery_rider", "外卖快递骑手", "Delivery rider", ""),
    ("traffic", "truck_driver", "货车司机", "Truck driver", ""),
    ("traffic", "school_bus_driver", "校车驾驶人", "School-bus driver", ""),
    ("traffic", "ride_hailing", "网约车司机", "Ride-hailing driver", ""),
    ("traffic", "farm_vehicle", "农用车驾驶人", "Farm-vehicle driver", ""),
    ("traffic", "drink_driving", "酒驾前科", "Past drink-driving", ""),
    ("traffic", "unlicensed_driving", "无证驾驶前科", "Past unlicensed driving", ""),
    ("disputes", "neighbour_dispute", "邻里纠纷当事人", "Party to a neighbour dispute", ""),
    ("disputes", "family_dispute", "婚姻家庭纠纷当事人", "Party to a family dispute", ""),
    ("disputes", "land_dispute", "土地山林纠纷当事人", "Party to a land dispute", ""),
    ("disputes", "wage_arrears", "欠薪纠纷当事人", "Party to a wage-arrears dispute", ""),
    ("disputes", "consumer_dispute", "消费纠纷当事人", "Party to a consumer dispute", ""),
    ("disputes", "property_dispute", "物业纠纷当事人", "Party to a property-management dispute", ""),
    ("disputes", "debt_dispute", "债务纠纷当事人", "Party to a debt dispute", ""),
    ("disputes", "long_petitioner", "长期信访人员", "Long-term petitioner", ""),
    ("care", "disabled", "残疾人", "Disabled", ""),
    ("care", "language_help", "需语言协助", "Needs language help", ""),
    ("care", "hearing_impaired", "听力障碍", "Hearing impaired", ""),
    ("care", "dementia", "认知障碍（易走失）", "Dementia (may wander)", ""),
    ("care", "low_income", "低保户", "Low-income household", ""),
    ("care", "special_hardship", "特困供养人员", "Special hardship support", ""),
    ("care", "pregnant", "孕产妇", "Pregnant or new mother", ""),
    ("care", "chronic_illness", "慢性病患者", "Chronic illness", ""),
    ("volunteers", "safety_volunteer", "平安志愿者", "Safety volunteer", ""),
    ("volunteers", "red_armband", "红袖标", "Red-armband patrol", ""),
    ("volunteers", "auxiliary_police", "义警", "Auxiliary police volunteer", ""),
    ("volunteers", "mediator", "人民调解员", "People's mediator", ""),
    ("volunteers", "building_steward", "楼栋长", "Building steward", ""),
    ("volunteers", "grid_worker", "网格员", "Grid worker", ""),
    ("volunteers", "anti_fraud_volunteer", "反诈宣传员", "Anti-fraud volunteer", ""),
    ("volunteers", "watch_household", "治安联防户", "Neighbourhood-watch household", ""),
    ("anti_fraud", "dissuaded", "已劝阻", "Dissuaded from a fraud", ""),
    ("anti_fraud", "anti_fraud_app", "已装国家反诈中心APP", "Has the anti-fraud app", ""),
    ("anti_fraud", "card_renting_risk", "涉“两卡”风险", "Bank-card or SIM renting risk", ""),
    ("anti_fraud", "online_loan", "网贷人员", "Online-loan borrower", ""),
    ("anti_fraud", "investment_risk", "投资理财易感人员", "Investment-scam risk", ""),
    ("anti_fraud", "romance_risk", "网恋交友风险", "Romance-scam risk", ""),
]


def _synced() -> list[sa.Column]:
    return [
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('site', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', db.types.UTCDateTime(), nullable=False),
        sa.Column('updated_by', sa.Uuid(), nullable=True),
    ]


def _create_tables() -> None:
    op.create_table(
        'tagclass',
        *_synced(),
        sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('name_zh', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tagclass')),
        sa.UniqueConstraint('code', name=op.f('uq_tagclass_code')),
    )
    op.create_index(op.f('ix_tagclass_site'), 'tagclass', ['site'], unique=False)
    op.create_table(
        'tag',
        *_synced(),
        sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('class_id', sa.Uuid(), nullable=False),
        sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('name_zh', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('name_pinyin', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['class_id'], ['tagclass.id'], name=op.f('fk_tag_class_id_tagclass')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
        sa.UniqueConstraint('code', name=op.f('uq_tag_code')),
    )
    op.create_index(op.f('ix_tag_site'), 'tag', ['site'], unique=False)
    op.create_index(op.f('ix_tag_class_id'), 'tag', ['class_id'], unique=False)
    op.create_table(
        'persontag',
        *_synced(),
        sa.Column('person_id', sa.Uuid(), nullable=False),
        sa.Column('tag_id', sa.Uuid(), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('removed', sa.Boolean(), nullable=False),
        sa.Column('set_at', db.types.UTCDateTime(), nullable=False),
        sa.Column('set_by', sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_persontag_person_id_person')),
        sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_persontag_tag_id_tag')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_persontag')),
        sa.UniqueConstraint('person_id', 'tag_id', name='uq_persontag_person_id_tag_id'),
    )
    op.create_index(op.f('ix_persontag_site'), 'persontag', ['site'], unique=False)
    op.create_index('ix_persontag_tag_removed_person', 'persontag', ['tag_id', 'removed', 'person_id'], unique=False)


def _seed(connection: sa.Connection, now: datetime) -> None:
    station = connection.execute(sa.text("SELECT code FROM site WHERE kind = 'station' ORDER BY code")).first()
    site = station[0] if station else ""
    tagclass = sa.table('tagclass', *[sa.column(c) for c in (
        'id', 'site', 'version', 'updated_at', 'code', 'name_en', 'name_zh', 'active', 'position')])
    tag = sa.table('tag', *[sa.column(c) for c in (
        'id', 'site', 'version', 'updated_at', 'code', 'class_id', 'name_en', 'name_zh', 'name_pinyin', 'active',
        'rule', 'position')])
    # Typed columns: ids and moments are bound as the models bind them on both databases.
    for table in (tagclass, tag):
        table.c.id.type = sa.Uuid()
        table.c.updated_at.type = db.types.UTCDateTime()
    tag.c.class_id.type = sa.Uuid()
    op.bulk_insert(tagclass, [
        {"id": stable_id("tagclass", code), "site": site, "version": 1, "updated_at": now, "code": code,
         "name_en": en, "name_zh": zh, "active": True, "position": (n + 1) * 10}
        for n, (code, zh, en) in enumerate(CLASSES)
    ])
    op.bulk_insert(tag, [
        {"id": stable_id("tag", code), "site": site, "version": 1, "updated_at": now, "code": code,
         "class_id": stable_id("tagclass", cls), "name_en": en, "name_zh": zh, "name_pinyin": tag_pinyin(zh),
         "active": True, "rule": rule, "position": (n + 1) * 10}
        for n, (cls, code, zh, en, rule) in enumerate(TAGS)
    ])


def _move_old_tags(connection: sa.Connection, now: datetime) -> None:
    persontag = sa.table('persontag', *[sa.column(c) for c in (
        'id', 'site', 'version', 'updated_at', 'person_id', 'tag_id', 'source', 'note', 'removed', 'set_at')])
    for name in ('id', 'person_id', 'tag_id'):
        persontag.c[name].type = sa.Uuid()
    for name in ('updated_at', 'set_at'):
        persontag.c[name].type = db.types.UTCDateTime()
    person = sa.table('person', sa.column('id', sa.Uuid()), sa.column('site'), sa.column('tags'))
    rows = []
    for person_id, site, tags in connection.execute(sa.select(person.c.id, person.c.site, person.c.tags)
                                                    .where(person.c.tags != "")):
        for code in dict.fromkeys(tags.split()):
            if code in OLD_CODES:
                tag_id = stable_id("tag", code)
                rows.append({"id": person_tag_id(person_id, tag_id), "site": site, "version": 1, "updated_at": now,
                             "person_id": person_id, "tag_id": tag_id, "source": "officer", "note": "",
                             "removed": False, "set_at": now})
        if len(rows) >= 5000:
            op.bulk_insert(persontag, rows)
            rows = []
    if rows:
        op.bulk_insert(persontag, rows)
    connection.execute(sa.text("UPDATE person SET tags = '' WHERE tags <> ''"))


#: The seeds' and moved tags' time: the same on every machine, so their rows are equal everywhere.
SEEDED_AT = datetime(2026, 12, 6, tzinfo=timezone.utc)


def upgrade() -> None:
    connection = op.get_bind()
    now = SEEDED_AT
    _create_tables()
    _seed(connection, now)
    _move_old_tags(connection, now)


def downgrade() -> None:
    connection = op.get_bind()
    persontag = sa.table('persontag', sa.column('person_id', sa.Uuid()), sa.column('tag_id', sa.Uuid()),
                         sa.column('removed', sa.Boolean()))
    tag = sa.table('tag', sa.column('id', sa.Uuid()), sa.column('code'))
    rows = connection.execute(sa.select(persontag.c.person_id, tag.c.code)
                              .join(tag, tag.c.id == persontag.c.tag_id)
                              .where(persontag.c.removed == sa.false())).all()
    held: dict = {}
    for person_id, code in rows:
        if code in OLD_CODES:
            held.setdefault(person_id, set()).add(code)
    person = sa.table('person', sa.column('id', sa.Uuid()), sa.column('tags'))
    for person_id, codes in held.items():
        connection.execute(sa.update(person).where(person.c.id == person_id)
                           .values(tags=" ".join(code for code in OLD_CODES if code in codes)))
    op.drop_index('ix_persontag_tag_removed_person', table_name='persontag')
    op.drop_index(op.f('ix_persontag_site'), table_name='persontag')
    op.drop_table('persontag')
    op.drop_index(op.f('ix_tag_class_id'), table_name='tag')
    op.drop_index(op.f('ix_tag_site'), table_name='tag')
    op.drop_table('tag')
    op.drop_index(op.f('ix_tagclass_site'), table_name='tagclass')
    op.drop_table('tagclass')
