"""A numbered drop-down ("1 纠纷" … "a 噪音"): one key picks one option.

Textual's Select only moved the highlight to what was typed: choosing the seventh category took Enter, 7,
Enter. Here the option's key chooses it at once: in the open list it chooses and closes the list; on the
closed, focused box it chooses without opening it. Enter and the arrows open and walk the list as before,
and any other key still searches the open list as Textual's does. The keys reach the list in the order
typed (screens.shell.keyorder), so Enter and 7 sent in one burst choose the seventh as well.

Once a key has chosen, the box is answered: what is typed or pasted next goes on to the next box, with the focus,
as if Tab had come first (a key the screen binds, as the case list's s, still acts as that key; a space goes on as
any character does, though on the box it opens the list). An officer types the category's number and then the
place, fast: the place's characters had been lost on the closed box (a Chinese character, a paste, most letters
did nothing there), and a digit among them chose the category again (`1` then `幸福小区3栋` left the third category
and no place); a space right after the number opened the list, where the place's next digit chose again. Tab after
the number still goes to the next box; back in the box (shift+tab), a number chooses again, and in the list Enter
opens it always does.

It goes on only to a box that takes text, next after this one in the focus order (`box_after`). Where there is
none, the box answers as before a key had chosen: a number chooses again, a name is found or refused out loud, a
space opens the list. What followed had gone round to the first box (a second number after a shift's escort chose
its team), into another drop-down, or, where the box was the dialog's only one, back to the box itself, again and
again, every later key, Esc too, waiting behind it for good (a paste as well, the app never idle again).

Before a key has chosen, what is typed on the closed box finds an option by its name, as in common list boxes:
纠纷, "dispute", or for a Chinese name its pinyin or initials ("jiufen", "jf") choose the first option whose name
starts with it, and each character typed next narrows what was typed (Backspace takes the last one back) until a
pause of `FIND_PAUSE` starts afresh. A character that is no option's key nor the screen's starts finding; once a
name is being found every character goes to it, a digit too, and a screen's key where it goes on with a name.
What starts no name is refused with the bell and a word of what the box takes, and nothing changes. A paste onto
the box chooses the option its text names, or is refused the same way. Such characters had been dropped without a
word (Textual's Select searches only its open list, by any part of what it shows, and only moves the highlight).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable
from typing import Any

from textual import events
from textual.widget import Widget
from textual.widgets import Input

from screens.shell.plain import Select

from frontdesk.i18n import t

#: What picks an option of a numbered list: the digits, then letters past the ninth. Not "l" and "o",
#: which read as 1 and 0; nor "c", which Textual's search of an open list found in its first line
#: ("Choose …") when the keys only searched, and which stays out so that no list's keys change.
CHOICE_KEYS = "123456789abdefghijkmnpqrstuvwxyz"

#: A pause longer than this (seconds) between two characters typed to find an option by its name starts afresh.
FIND_PAUSE = 1.0


def first_named(names: list[str], typed: str) -> int | None:
    """frontdesk.validation's `first_named`, loaded when first asked: with its phone and ID checks and the look-up
    index's words it would load the database layer before the desk's first paint."""
    from frontdesk.validation import first_named as first

    return first(names, typed)


def key_index(character: str | None) -> int:
    """Which option of a numbered list `character` picks (0: the first), or -1 for none."""
    return CHOICE_KEYS.find(character) if character else -1


def numbered(options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Select options as "1 纠纷", "2 求助" … "a 噪音": one key picks one, on the closed box or in the open
    list, which it closes."""
    return [(f"{CHOICE_KEYS[index]} {text}" if index < len(CHOICE_KEYS) else text, value)
            for index, (text, value) in enumerate(options)]


class NumberedSelect(Select):
    """A Select whose options are shown with their keys (`numbered`), and which a key picks from."""

    # The key takes two cells of the box: an option that no longer fits ends in "…" on the closed box
    # instead of going on to a second line ("2 In" over "progress" in the case list's filter at 80 columns).
    DEFAULT_CSS = """
    NumberedSelect SelectCurrent Static#label {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, options: Iterable[tuple[str, Any]], **kwargs: Any) -> None:
        options = list(options)
        keyed = numbered(options)
        super().__init__(keyed, **kwargs)
        self.keyed = keyed
        #: The options' names as they are shown, without their keys: what typing finds them by.
        self.names = [str(text) for text, _value in options]
        #: A key chose an option since the focus came to the box: what is typed next is for the next box.
        self.answered = False
        #: What has been typed to find an option by its name, and when its last character came (`find`).
        self.finding, self.found_at = "", 0.0
        #: The value before the finding began (Backspace past its first character puts it back).
        self.before_finding: Any = Select.NULL
        #: When the last refusal was said (a burst of characters that start no name is said once).
        self.refused_at = float("-inf")

    def set_options(self, options: Iterable[tuple[str, Any]]) -> None:
        options = list(options)
        keyed = numbered(options)
        super().set_options(keyed)
        self.keyed = keyed
        self.names = [str(text) for text, _value in options]
        self.finding = ""

    def value_of_key(self, character: str | None) -> tuple[Any] | None:
        """(the value) of the option `character` picks, or None where no option has that key."""
        index = key_index(character)
        return (self.keyed[index][1],) if 0 <= index < len(self.keyed) else None

    def takes_text_on(self) -> bool:
        """What is typed here now goes on to the next box: a key has chosen, the box is closed and focused, and a box
        that takes text comes next (`box_after`)."""
        return self.answered and self.has_focus and not self.expanded and box_after(self) is not None

    def finding_at(self, at: float) -> str:
        """What is being typed to find an option, when a character comes at `at` (the time a key is stamped with):
        nothing after a pause."""
        return self.finding if self.finding and at - self.found_at <= FIND_PAUSE else ""

    def find(self, typed: str, at: float) -> None:
        """The first option whose name `typed` starts (`first_named`) chosen; none: the bell, and a word."""
        index = first_named(self.names, typed)
        if index is None:
            self.refuse(typed, at)
            return
        if not self.finding_at(at):
            self.before_finding = self.value
        self.finding, self.found_at = typed, at
        if self.value != self.keyed[index][1]:
            self.value = self.keyed[index][1]

    def take_back(self, at: float) -> None:
        """Backspace while a name is being found: its last character taken back, and with the first, what the box
        had before."""
        shorter = self.finding_at(at)[:-1]
        if shorter:
            self.find(shorter, at)
        else:
            self.finding = ""
            if self.value != self.before_finding:
                self.value = self.before_finding

    def refuse(self, typed: str, at: float) -> None:
        """`typed` starts no option's name: the bell, and once in a burst, what the box takes; nothing changes."""
        self.app.bell()
        if at - self.refused_at > FIND_PAUSE:
            count = min(len(self.keyed), len(CHOICE_KEYS))
            keys = CHOICE_KEYS[0] if count == 1 else f"{CHOICE_KEYS[0]}–{CHOICE_KEYS[count - 1]}"
            self.app.notify(t("choice.no_option", typed=typed, keys=keys) if count
                            else t("choice.no_options", typed=typed), severity="warning")
        self.refused_at = at
        if self.finding_at(at):
            self.found_at = at  # still typing: the next character goes on from what was found

    def on_focus(self) -> None:
        if not warmed.is_set() and not all(name.isascii() for name in self.names):
            warm_up(self.names)  # a Chinese name's pinyin ready before its first letter is typed

    def on_blur(self) -> None:
        self.forget_answer()

    def on_descendant_blur(self) -> None:
        self.forget_answer()  # (its open list closed)

    def forget_answer(self) -> None:
        """The focus has gone from the box and its list: a number typed when it comes back chooses again."""
        if not self.has_focus_within:
            self.answered = False
            self.finding = ""

    def on_paste(self, event: events.Paste) -> None:
        """A paste after the number is for the next box, as typing is (`takes_text_on`); before, it chooses the
        option it names (its key, or the start of its name) or is refused, saying so. Select dropped it."""
        event.stop()
        following = hand_on(self)
        if following is not None:
            following.post_message(events.Paste(event.text))
            return
        text = " ".join(event.text.split())
        if not text:
            return
        value = self.value_of_key(text) if len(text) == 1 else None
        if value is not None:
            choose(self, value[0])
            return
        self.finding = ""
        self.find(text, event.time)
        if self.expanded and self.finding:
            self.expanded = False
            self.focus()


def types_text(widget: Widget | None) -> bool:
    """A box that types a letter itself, in its own turn: an Input or a TextArea that may be written in."""
    # TextArea is loaded by the screens that have one; the desk's first paint does not wait for it.
    text_area = getattr(sys.modules.get("textual.widgets._text_area"), "TextArea", ())
    return isinstance(widget, (Input, text_area)) and not getattr(widget, "read_only", False)


def box_after(select: NumberedSelect) -> Widget | None:
    """The box that what is typed after `select`'s number goes on to: the next in the screen's focus order, where it
    takes text (`types_text`). None where `select` is the last (Tab would go round to the first, filled in already)
    or the next takes no text (another drop-down, where a digit would choose, a button, a list)."""
    chain = select.screen.focus_chain
    place = next((index for index, widget in enumerate(chain) if widget is select), None)
    following = chain[place + 1] if place is not None and place + 1 < len(chain) else None
    return following if types_text(following) else None


def hand_on(select: NumberedSelect) -> Widget | None:
    """The focus moved on to the box after `select` (`box_after`), where what is typed or pasted now goes on there
    (`takes_text_on`): that box; else None, and the focus stays."""
    if not select.takes_text_on():
        return None
    following = box_after(select)
    select.screen.set_focus(following)
    return following


def choice_for(widget: Widget | None, character: str | None) -> tuple[NumberedSelect, Any] | None:
    """(the drop-down, the value) that `character` picks where the focus is: on a numbered drop-down, or
    in its open list. None anywhere else, or where no option has that key."""
    # A Select's one focusable child is its open list.
    select = widget.parent if widget is not None and isinstance(widget.parent, NumberedSelect) else widget
    if not isinstance(select, NumberedSelect):
        return None
    value = select.value_of_key(character)
    return None if value is None else (select, value[0])


#: Set once a thread has read the pinyin of a list's names (and so loaded pypinyin), for the first to type one.
warmed = threading.Event()


def warm_up(names: list[str]) -> None:
    """The names' `spoken_forms` worked out off the UI thread: pypinyin takes most of a second to load."""

    def work() -> None:
        from frontdesk.validation import spoken_forms

        for name in names:
            spoken_forms(name)
        warmed.set()

    threading.Thread(target=work, name="pinyin", daemon=True).start()


def finds(widget: Widget | None, event: events.Key, *, bound: bool) -> bool:
    """`event` is for finding an option of the focused, closed numbered drop-down by its name (see the module): a
    character that is neither an option's key nor (`bound`) a key of the screen; while a name is being found, any
    character but a screen's key that would start no name (the case list's s after "no" still sorts), and
    Backspace."""
    if not isinstance(widget, NumberedSelect) or not widget.has_focus or widget.expanded or widget.takes_text_on():
        return False
    under_way = widget.finding_at(event.time)
    if event.key == "backspace":
        return bool(under_way)
    if not event.is_printable or event.character is None:
        return False
    if under_way:
        return not bound or first_named(widget.names, under_way + event.character) is not None
    return not bound and not event.character.isspace() and widget.value_of_key(event.character) is None


def find(select: NumberedSelect, event: events.Key) -> None:
    """The character or Backspace `event` applied to what is being typed to find an option (`finds`)."""
    if not select.is_attached:
        return
    if event.key == "backspace":
        select.take_back(event.time)
    else:
        select.find(select.finding_at(event.time) + (event.character or ""), event.time)


def goes_on(widget: Widget | None, event: events.Key) -> bool:
    """`event` is text for the box after the focused numbered drop-down: a key has chosen in it (see the module)."""
    return isinstance(widget, NumberedSelect) and event.is_printable and widget.takes_text_on()


def choose(select: NumberedSelect, value: Any) -> None:
    """`value` chosen, the box answered; an open list closes, the focus back on its box (a closed one keeps the
    focus where it is)."""
    if not select.is_attached:
        return
    if select.value != value:
        select.value = value
    select.answered = True
    if select.expanded:
        select.expanded = False
        select.focus()
