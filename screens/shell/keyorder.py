"""Keys read in one go act in the order they were typed: Tab, and the keys a text box or a drop-down binds itself.

Textual hands every key to the focused box's own queue, where the box types a letter at once; but a
key the box binds (End, BackSpace, Left, Delete, Enter) acts only once it has gone back up through every
container's queue to the app, which then looks the key up in the bindings. Keys read in one go (tmux's
send-keys, an ID-card reader, a fast typist over a slow link) overtook each other: "End BackSpace X"
in a box typed the X first and then took it out again, and after a Tab into a filled box (its text
selected) the X replaced the text and the BackSpace emptied the box.

Here such a key is queued on the box itself, behind the keys before it, and its binding is run there:
the same binding Textual would have found first (the focused widget's own come first in the chain).
So is the key that picks an option of a numbered drop-down (screens.shell.choices): after the Enter that
opened the list, it chooses in the open list.
"""

from __future__ import annotations

import sys

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Input

from screens.shell.choices import choice_for, choose, list_of


def _takes_keys(widget: Widget) -> bool:
    """A widget that handles typed keys itself: a text box, a drop-down or its open list."""
    # TextArea is loaded by the screens that have one; the desk's first paint does not wait for it.
    text_area = getattr(sys.modules.get("textual.widgets._text_area"), "TextArea", None)
    return isinstance(widget, (Input, text_area) if text_area is not None else Input) or list_of(widget) is not None


def own_binding(app: App, key: str) -> Binding | None:
    """The binding the focused box or list itself has for `key` (with the station's keymap), if any."""
    box = app.focused
    if box is None or box.loading or not _takes_keys(box):
        return None
    chain = app.screen._modal_binding_chain  # the focused widget first, its keymap applied
    if not chain or chain[0][0] is not box:
        return None
    return next((b for b in chain[0][1].key_to_bindings.get(key, ()) if not b.priority), None)


#: Tab and shift+tab, as Textual's screens bind them.
FOCUS_KEYS = {"tab": "focus_next", "shift+tab": "focus_previous"}


async def taken_in_order(app: App, event: events.Key) -> bool:
    """A key read from the terminal that must not overtake the keys before it, taken. False: any other key.

    Tab moves the focus now, not once the field before passes it back up: a burst's next keys went into
    that field. A key the focused box binds, or that picks an option of the focused list, is queued on it,
    behind the keys typed before it.
    """
    if event.key in FOCUS_KEYS:
        getattr(app.screen, FOCUS_KEYS[event.key])()
        return True
    choice = choice_for(app.focused, event.character)
    binding = None if choice else own_binding(app, event.key)
    if choice is None and binding is None:
        return False
    app.app_focus = True
    try:
        app.screen._clear_tooltip()
    except NoScreen:
        pass
    if await app._check_bindings(event.key, priority=True):
        return True  # as before: the app's and screen's priority keys (ctrl+q, F12) go first
    box = app.focused
    if choice is not None:
        box.call_later(choose, *choice)
    else:
        box.call_later(_act, app, box, binding, event.key)
    return True


async def _act(app: App, box: Widget, binding: Binding, key: str) -> None:
    """The box's binding, in the box's turn. If the box declines it, the key goes on up as Textual would."""
    if not await app.run_action(binding.action, box):
        await app._check_bindings(key)
