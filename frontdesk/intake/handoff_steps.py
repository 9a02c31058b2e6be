"""A hotline's status words read as a hand-off's step, as 12345 systems write them.

HANDOFF_STATUS_WORDS (frontdesk.intake.mapping) holds each step's words; a 12345 work order's 办理状态 says
more than they do. Its words are read with these too, and by two rules: a word written with 已 before it (已撤单,
已完结) is the word without it, and one ending in a done word (超期办结, 按期办结, 逾期完结: done, late or not)
is done unless what comes right before it says it is not yet (待办结, 尚未办结, 无法办结): 不满意办结 and 无法联系办结 are
done, the citizen displeased or not reached. A mapping's `statuses` still win.
"""

from __future__ import annotations

from frontdesk.intake.mapping import HANDOFF_STATUS_WORDS, fold

#: A 12345 system's 办理状态 beyond HANDOFF_STATUS_WORDS, by step.
MORE_STEP_WORDS = {
    # not yet given to a body
    "pending": ("待派发", "待分派", "待转办", "待交办", "待派单"),
    # given to a body (转派, 派发: the hotline's words for it)
    "sent": ("转派", "已转派", "派发", "已派发", "分派", "已分派", "转办", "交办"),
    # the body at work on it, or the hotline checking the body's answer before it is done
    "accepted": ("待办", "待办结", "待反馈", "待回复", "待审核", "审核中", "签收"),
    # the body answered (反馈, 回复): what is left is the hotline's call back to the citizen (待回访, 回访中)
    "done": ("完结", "结案", "反馈", "回复", "办理完毕", "处理完毕", "办毕", "待回访", "回访中", "已办理"),
    # voided: not done by the body either
    "returned": ("作废", "已作废"),
}
#: Words that close a status said at more length (超期办结): done.
DONE_ENDINGS = ("办结", "完结", "结案")
#: What right before a done ending says it is not done yet (待办结, 未办结, 尚未办结, 不能办结, 没有办结).
NOT_YET = ("待", "未", "不", "没", "没有", "无法", "不能", "未能")


def step_words(statuses: dict[str, str]) -> dict[str, str]:
    """Folded word -> step: the desk's words, these, then the mapping's own (`statuses`), which win."""
    steps = {fold(word): step for table in (HANDOFF_STATUS_WORDS, MORE_STEP_WORDS)
             for step, words in table.items() for word in words}
    steps.update({fold(word): step for word, step in statuses.items()})
    return steps


def read_step(written: str, steps: dict[str, str]) -> str | None:
    """The step a status cell names, or None where it names none."""
    word = fold(written)
    if word in steps:
        return steps[word]
    if word.startswith("已") and word[1:] in steps:
        return steps[word[1:]]
    for ending in DONE_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            before = word[:-len(ending)]
            return None if before.endswith(NOT_YET) else "done"
    return None
