"""Chinese citizen-hotline exports as their keepers left them: the header and the sheet the officer would take.

The rows are copied from public files (the source is named in each test), a few of each, cut where a cell runs
long; the layout around them (which row is the header, which sheet is shown) is the file's own.
"""

from __future__ import annotations

from openpyxl import Workbook

from tests.unit.test_import_reading import desk, imports  # noqa: F401 - fixtures

# Fuzhou's 12345 complaints about its rivers (github.com/timeofmei/work, data/非黑臭.xlsx): 诉求件 with the
# department's reply beside each.
FUZHOU_HEADER = ["id", "性质", "标题", "区域", "信息来源", "时间", "诉求件内容", "内容长度", "河流", "匿名or实名", "回复1",
                 "最终回复投诉事件", "回复长度", "转处理次数", "是否黑臭"]
FUZHOU_ROWS = [
    [21, "投诉", "望尽快处理", "闽侯县", "电话", "10/15/2016",
     "闽侯县上街镇英泰第一城B区和美岐安置房二期中间的道路十几天来都有人烧垃圾，烟非常大，臭气又黑又臭，望尽快处理。", "55", "无",
     "匿名", "经了解，我镇村干部已到现场查看并了解情况，已要求当事人马上停止焚烧垃圾，目前已没有发现继续焚烧的情况。"
     "我镇将加强该处巡查，一经发现立即予以制止。", "9", "77", "1", "no"],
    [45, "投诉", "建议定期清洗路面", "晋安区", "电话", "06/27/2016",
     "晋安区红庙岭垃圾清理车经过福飞北路、秀山支路，垃圾车滴漏导致路上很黑，很臭，严重影响居民生活，建议定期清洗路面或者合理规划"
     "垃圾车行走路线。建议落实责任单位，市民每年都反映这个问题都没得到彻底解决。", "98", "无", "陈先生",
     "关于反映晋安区红庙岭垃圾清运车经过福飞北路、秀山支路滴漏。接到诉求件后，我局环卫处立即通知我局环卫处设备管理科、扫地王保洁"
     "公司进行处理。另，鉴于该路段是其他各区垃圾清运车辆通往红庙岭垃圾处理厂的必径之路，也建议转我市各区环卫处加强对环卫车辆管理，"
     "采取措施，防止垃圾清运车在运输过程中出现的滴、洒、漏现象；关于合理规划垃圾车行走路线的问题，不在我处管辖范围，该问题建议转"
     "市环卫处进行处理。市环卫处已通知各区环卫处在垃圾车运输垃圾时尽量避开相关路段和高峰时段。", "14", "737", "2", "no"],
]


def test_a_reply_whose_sentences_hold_a_headers_words_is_not_taken_for_the_header(imports, tmp_path):
    """A 12345 reply names 电话, 时段, 建议 … as a header's words do, and with the 电话 of 匿名or实名 and the
    `no` of 是否黑臭 the row named more fields than the header above it: the preview put the header on row 7 and
    mapped a reply's text as the received time. A cell that runs on in sentences is a record's."""
    book = Workbook()
    sheet = book.active
    sheet.append(FUZHOU_HEADER)
    for row in FUZHOU_ROWS:
        sheet.append(row)
    path = tmp_path / "非黑臭.xlsx"
    book.save(path)
    opened = imports.open(str(path))
    assert opened.header_row == 1 and opened.headers == FUZHOU_HEADER
    assert opened.mapping.columns["received_at"] == "时间"

