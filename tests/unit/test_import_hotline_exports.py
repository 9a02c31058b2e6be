"""Chinese citizen-hotline exports as their keepers left them: the header and the sheet the officer would take.

The rows are copied from public files (the source is named in each test), a few of each, cut where a cell runs
long; the layout around them (which row is the header, which sheet is shown) is the file's own.
"""

from __future__ import annotations

from datetime import datetime

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


# The same complaints gathered on one sheet (data/诉求数据汇总.xlsx): the workbook opens on 汇总, which is the
# logbook (its districts' sheets, 鼓楼区 …, are laid out otherwise), and ends with a table of the same rows coded
# for a regression. Formulas are given as the values Excel saved for them.
SUMMARY_HEADER = [
    "id", "河流", "性质", None, "信息 来源", None, "标题", "内容长度", "情感整理", "情感倾向\n（原）", "情感倾向（新）", "诉求内容情绪",
    "回复时滞影响的情绪", "匿名(1)/实名(0)", "时间", "利己=0，利他=1，生态=2", "利己分数", "利他分数", "生态分数", "价值取向个体规范",
    "投诉件内容", "回复1", "回复长度", "转处理次数", "最终回复-投诉事件", "2016年前已有诉求件数量", "政治信任程度", "政府工具",
    "行政工具词频", "行政工具比重", "信息 工具词频", "信息 工具比重", "合作工具词频", "合作工具比重", "法制工具词频", "法制工具比重",
    "助推工具比重", "结果认同-29", "结果认同-30", "结果认同-32", "结果认同-0~1范围", "首次转处理-诉求时间", "首次敷衍-诉求时间",
    "首次解释/安慰-诉求时间", "首次有实质进展-诉求时间", "结果认同-29", "结果认同-30", "结果认同-32", "结果认同分数"]
SUMMARY_ROWS = [
    [1, "梅峰河", "投诉", 4, "网站", 6, "关于梅峰河（左海西门到博物院段）内河治理情况投诉", 166, 0.355, 0.0, 0.71, 0.75, 0.6501, 1,
     datetime(2020, 9, 3), 0, 2.55, 0, 0, "利己", "本人每天路过的梅峰河（左海西门到博物院段）众所周知治理前很恶",
     "您好，您的诉求已收悉，诉求所诉梅峰河为福州市水务投资发展有限", 106, 1, 6, None, 0.605, "信息  ", 2, 0.0351, 3, 0.0526, 0,
     0, 0, 0, 0.0351, 5, 5, 4.6667, 0.4889, 6, None, None, None, 2.3148, 2.3148, 8.1306, 0.4253],
    [2, "梅峰河", "求助", 3, "网站", 6, "求助：两个部门进行对接，谢谢。", 208, 0.4322, 0.0007, 0.8637, 0.9075, 0.798, 1,
     datetime(2019, 8, 5), 0, 2.55, 1.65, 1.87, "利己", "梅峰污水处理厂从去年7月2日开始施工就把靠近左海西门这里的道",
     "感谢您对梅峰处理站建设情况的关注。在多方努力下，梅峰处理站已", 174, 2, 2, None, 0.545, "信息  ", 1, 0.0099, 5, 0.0495, 3,
     0.0297, 0, 0, 0.0099, 5, 6.2, 3.5, 0.49, 6, None, None, None, 2.3148, 5, 5.7444, 0.4353],
]
REGRESSION_ROWS = [
    ["区域", "河流", "诉求性质", "诉求来源", "诉求长度", "历史平均诉求长度", "情感强度", "匿名=1", "实名=1", "诉求时间—到某一天",
     "诉求年份", "回复时间", "利他=1，利己=0", "回复长度", "历史平均回复长度", "转处理次数", "历史平均转处理次数", "有效回复条数",
     "历史平均有效回复条数", "回复时长", "历史平均有效回复时长", "已有诉求件数量", "结果认同"],
    ["dis", "river", "nature", "resource", "apl", "apl_bar", "emi", "ano", None, "t", "tn", "time", "alt", "rel",
     "rel_bar", "trp", "trp_bar", "efr", "efr_bar", "til", "til_bar", "exa", "oue"],
    [2, 6, 4, 6, 179, 107.475, 0.3506, 1, 0, datetime(2020, 12, 29), 2020, datetime(2020, 12, 31), 1, 63, 118.532, 0,
     0.4243, 4, 1.2121, 2, 6.772, 1202, "0.6761904761904761"],
]


def test_a_summary_sheet_shown_that_is_the_logbook_is_not_left_for_a_table_laid_out_otherwise(imports, tmp_path):
    """Both sheets name as many fields (a date, a channel …), and the 汇总 shown gave way by its name alone: the
    preview read the regression table, its channels 1–9 and its second row of variable names. A 汇总 gives way
    so only to its months, laid out as it is."""
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    for row in [SUMMARY_HEADER, *SUMMARY_ROWS]:
        summary.append(row)
    regression = book.create_sheet("回归数据-刘佳慧")
    for row in REGRESSION_ROWS:
        regression.append(row)
    path = tmp_path / "诉求数据汇总.xlsx"
    book.save(path)
    opened = imports.open(str(path))
    assert opened.file.sheet == "汇总" and opened.headers[14] == "时间"
    assert opened.mapping.columns["received_at"] == "时间" and opened.mapping.columns["channel"] == "信息 来源"


def test_a_hotlines_channels_are_each_taken_for_one_of_the_desks():
    """信息来源 of the Fuzhou complaints: the 12345 app, QQ and Weibo came in as rejected rows."""
    from frontdesk.intake.header_words import CHANNEL_WORDS
    from frontdesk.intake.logbook import vocabulary_words
    from frontdesk.intake.mapping import propose_value
    from frontdesk.vocab import CHANNELS

    words = vocabulary_words("channel", CHANNELS, CHANNEL_WORDS)
    found = {value: propose_value(value, words) for value in
             ("网站", "电话", "e福州app", "微信", "12345app", "qq", "QQ", "短信", "微博", "邮件")}
    assert found == {"网站": "online", "电话": "phone", "e福州app": "online", "微信": "online", "12345app": "online",
                     "qq": "online", "QQ": "online", "短信": "phone", "微博": "online", "邮件": "online"}


def test_a_complaint_written_over_several_lines_is_a_summary_on_one(imports, desk, tmp_path):
    """Fuzhou's 诉求件内容 keeps the writer's line breaks (data/非黑臭.xlsx, row 14): taken as the summary, they went
    into the desk's one-line summary field as they were. They are joined as a pasted summary's are."""
    written = ("宁化路到上游社区之间的道路路灯已有一两个月没有照明，晚上都看不清道路，请有关部门进快修复。\n另外由于道路不平整，"
               "且早上到傍晚路边摆摊后，小贩乱倒水，一到晚上，这条路又黑，又臭,同时道路不平整，时常有人\n在这里摔倒，希望有关部门"
               "进快处理下！谢谢！")
    book = Workbook()
    sheet = book.active
    sheet.append(FUZHOU_HEADER)
    sheet.append([104, "投诉", "路灯不亮", "闽侯县", "网站", "09/09/2014", written, "115", "无", "热心市民", "无", "0", "1",
                  "0", "no"])
    path = tmp_path / "非黑臭.xlsx"
    book.save(path)
    folder = imports.mappings_folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fuzhou.toml").write_text('name = "fuzhou"\ndefault_category = "other"\n[columns]\nreceived_at = "时间"\n'
                                        'channel = "信息来源"\nsummary = "诉求件内容"\n', encoding="utf-8")
    opened = imports.open(str(path), "fuzhou")
    assert imports.run(opened).imported == 1
    with desk.engine.connect() as connection:
        summaries = [row[0] for row in connection.exec_driver_sql('SELECT summary FROM "case"')]
    assert summaries == [written.replace("\n", " ")]


def test_a_leaders_message_boards_columns_and_states_are_proposed():
    """People's Daily's 领导留言板 as scraped for Fuzhou (github.com/timeofmei/work, result/liuyan.xlsx): the
    message's time is its dateline, its state 已办理 or still 待回复, its text under its subject. Only the subject was
    proposed; the file was refused for want of a date, and its states would have been rejected rows."""
    from frontdesk.intake.logbook import status_words
    from frontdesk.intake.mapping import propose_columns, propose_value

    header = ["id", "forumName", "subject", "domainName", "stateInfo", "dateline", "content"]
    assert propose_columns(header) == {"received_at": "dateline", "summary": "subject", "narrative": "content",
                                       "status": "stateInfo"}
    rows = [[9356769, "福清市委书记", "福清党校旁，融创保利工地深夜施工噪音扰民", "环保", "待回复", "2021-03-02 21:41:26",
             "观音埔福清党校旁，融创保利工地夜间12点"],
            [9328126, "马尾区委书记", "流浪猫流浪狗四处排泄无人管制", "环保", "待回复", "2021-02-28 17:06:05",
             "马尾区罗星街道上岐村四周和村内街道流浪猫"]]
    assert [propose_value(row[4], status_words()) for row in rows] == ["open", "open"]
    assert propose_value("已办理", status_words()) == "closed"
