"""Keys read in one go act in the order they were typed: Tab, and the keys a box or a drop-down binds itself.

Textual hands every key to the focused box's own queue, where the box types a letter at once; but a
key the box binds (End, BackSpace, Left, Delete, Enter) acts only once it has gone back up through every
container's queue to the app, which then looks the key up in the bindings. Keys read in one go (tmux's
send-keys, an ID-card reader, a fast typist over a slow link) overtook each other: "End BackSpace X"
in a box typed the X first and then took it out again, and after a Tab into a filled box (its text
selected) the X replaced the text and the BackSpace emptied the box.

Here such a key is queued on the box itself, behind the keys before it, and its binding is run there:
the binding Textual would have run (the focused widget's own, when the screen's active bindings say
so: not one a priority binding overrides, nor one the box declines). So is the key that picks an
option of a numbered drop-down (screens.shell.choices): after the Enter that opened the list, it
chooses in the open list.
"""

from __future__ import annotations

import sys
from weakref import WeakKeyDictionary, WeakSet

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.binding import ActiveBinding, Binding
from textual.widget import Widget
from textual.widgets import Input, Select

from screens.shell.choices import choice_for, choose

#: Tab and shift+tab, as Textual's screens bind them.
FOCUS_KEYS = {"tab": "focus_next", "shift+tab": "focus_previous"}


def typed_into(widget: Widget | None) -> bool:
    """A widget that handles what is typed itself: a text box, a drop-down, or a drop-down's open list."""
    # TextArea is loaded by the screens that have one; the desk's first paint does not wait for it.
    text_area = getattr(sys.modules.get("textual.widgets._text_area"), "TextArea", ())
    # A Select's one focusable child is its open list.
    return isinstance(widget, (Input, Select, text_area)) or (widget is not None and isinstance(widget.parent, Select))


#: Each screen's active bindings as last worked out, with the widget that had the focus then.
_KEPT: WeakKeyDictionary[Screen, tuple[Widget | None, dict[str, ActiveBinding]]] = WeakKeyDictionary()
#: The screens whose bindings-updated signal `_forget`s their kept map.
_HEARD: WeakSet[Screen] = WeakSet()


def _forget(screen: Screen) -> None:
    _KEPT.pop(screen, None)


def active_binding(screen: Screen, key: str) -> ActiveBinding | None:
    """`screen.active_bindings.get(key)`, the map kept until the screen's bindings may have changed.

    Working the map out asks every binding of the focus chain whether its action is enabled (about a
    millisecond on the case form), for every BackSpace or arrow key typed in a box. It changes when the focus
    moves (the kept map says for which widget it was made) and when the screen says its bindings may have
    (`refresh_bindings`, which the footer's keys follow too: it forgets the map at once)."""
    kept = _KEPT.get(screen)
    if kept is None or kept[0] is not screen.focused:
        if screen not in _HEARD:
            screen.bindings_updated_signal.subscribe(screen, _forget, immediate=True)
            _HEARD.add(screen)
        kept = _KEPT[screen] = (screen.focused, screen.active_bindings)
    return kept[1].get(key)


def own_binding(app: App, event: events.Key) -> Binding | None:
    """The binding of the focused box or list itself that the key runs (with the station's keymap), if any."""
    box = app.focused
    if not typed_into(box) or (event.is_printable and not isinstance(box, Select)):
        return None  # a letter is the box's to type, bound to nothing (a drop-down's space opens it): not looked up
    active = active_binding(app.screen, event.key)
    if active is None or active.node is not box or not active.enabled or active.binding.priority:
        return None
    return active.binding


def overridden(app: App, key: str) -> bool:
    """A priority binding takes `key` first, wherever the focus is (ctrl+q, F12)."""
    active = active_binding(app.screen, key)
    return active is not None and active.binding.priority


def alt_as_key(event: events.Key) -> events.Key:
    """alt and a letter or digit as a key only: a terminal sends alt+o as a key whose character is a printable
    "o", and the box with the focus typed it before the app's binding (alt+o: the outreach) was looked up."""
    return events.Key(event.key, None) if event.key.startswith("alt+") and event.is_printable else event


async def taken_in_order(app: App, event: events.Key) -> bool:
    """A key read from the terminal that must not overtake the keys before it, taken. False: any other key.

    Tab moves the focus now, not once the field before passes it back up: a burst's next keys went into
    that field. A key the focused box binds, or that picks an option of the focused list, is queued on it,
    behind the keys typed before it.
    """
    if event.key in FOCUS_KEYS:
        getattr(app.screen, FOCUS_KEYS[event.key])()
        return True
    box = app.focused
    choice = choice_for(box, event.character)
    binding = None if choice else own_binding(app, event)
    if (choice is None and binding is None) or (choice is not None and overridden(app, event.key)):
        return False
    app.app_focus = True
    if choice is not None:
        box.call_later(choose, *choice)
    else:
        box.call_later(_act, app, box, binding)
    return True


async def _act(app: App, box: Widget, binding: Binding) -> None:
    """The box's binding, in the box's turn."""
    await app.run_action(binding.action, box)
