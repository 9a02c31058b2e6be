"""Keys read in one go act in the order they were typed: the letters typed into a box, and every other key.

Textual hands every key to the focused box's own queue, where the box types a letter at once; but any other
key (End, BackSpace, Tab, Enter, ctrl+s, Esc, an F-key) acts only once it has gone back up through every
container's queue to the app, which then looks it up in the bindings of the box, the screen and the app. Keys
read in one go (tmux's send-keys, an ID-card reader, a fast typist over a slow link) overtook each other: "End
BackSpace X" in a box typed the X first and took it out again; "abc ctrl+s xyz" in a summary saved "abcxyz";
"F2" then a phone number typed the number into the desk's look-up before the case form opened.

Here such a key takes Textual's own way, and the keys after it wait at the app until it has acted: until it has
gone up to the app (each container and screen handling it, or not, as Textual's order has them do), the
database writes it asked for have ended and their outcome is on the screen (a saved case shown), and the
screen the focus is then on has taken in what the key sent it (a new screen composed and focused, a box's
Submitted, a filled box's text selected on the way in by Tab). The keys held meanwhile then go on in order to
wherever the focus is by then. A letter typed into a box with nothing waiting goes straight in, as before.

A paste is held the same way: read behind a key still acting (ctrl+s, then a paste), it waits for that key and
the keys before it, and then goes where the focus is by then; it had gone at once to the box the focus was on,
and so into the case being saved, or into the desk's look-up instead of the form F2 was opening.

A priority binding (ctrl+q, F12) still acts at once, even while keys wait. A key that has not finished in
`STUCK_SECONDS` (a long import, or a key lost with a closed screen) lets the keys after it go on.
The key that picks an option of a numbered drop-down (screens.shell.choices) is chosen in the list's turn; a
character typed after it there that is no key of the screen (the case list's s still sorts; a space, which the box
itself binds to open its list, is a character like any other) moves the focus on to the next box, where that box
takes text (`box_after`), and then goes, in its turn, to it. Before a key has chosen there, and where no box
taking text comes next, a character that is no option's key (nor, to begin with, the screen's) finds an option by
its name, in the box's turn.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary, WeakSet

from textual import events
from textual.app import App, ScreenStackError
from textual.dom import DOMNode
from textual.screen import Screen
from textual.binding import ActiveBinding
from textual.widget import Widget

from screens.shell.choices import choice_for, choose, find, finds, goes_on, hand_on, types_text

if TYPE_CHECKING:
    from textual.timer import Timer

    from screens.shell.work import WorkRouter

#: How long the keys after a key wait for it at most (seconds).
STUCK_SECONDS = 3.0


#: Each screen's active bindings as last worked out, with the widget that had the focus then.
_KEPT: WeakKeyDictionary[Screen, tuple[Widget | None, dict[str, ActiveBinding]]] = WeakKeyDictionary()
#: The screens whose bindings-updated signal `_forget`s their kept map.
_HEARD: WeakSet[Screen] = WeakSet()


def _forget(screen: Screen) -> None:
    _KEPT.pop(screen, None)


def active_binding(screen: Screen, key: str) -> ActiveBinding | None:
    """`screen.active_bindings.get(key)`, the map kept until the screen's bindings may have changed.

    Working the map out asks every binding of the focus chain whether its action is enabled (about a
    millisecond on the case form), for every key that is not typed into a box. It changes when the focus
    moves (the kept map says for which widget it was made) and when the screen says its bindings may have
    (`refresh_bindings`, which the footer's keys follow too: it forgets the map at once)."""
    kept = _KEPT.get(screen)
    if kept is None or kept[0] is not screen.focused:
        if screen not in _HEARD:
            screen.bindings_updated_signal.subscribe(screen, _forget, immediate=True)
            _HEARD.add(screen)
        kept = _KEPT[screen] = (screen.focused, screen.active_bindings)
    return kept[1].get(key)


def screens_key(screen: Screen, box: Widget | None, key: str) -> bool:
    """`key` is bound where the focus is, by the screen or a container of `box` rather than by `box` itself (the
    case list's s sorts; a drop-down's own space only opens its list)."""
    active = active_binding(screen, key)
    return active is not None and active.node is not box


def overridden(app: App, key: str) -> bool:
    """A priority binding takes `key` first, wherever the focus is (ctrl+q, F12)."""
    active = active_binding(app.screen, key)
    return active is not None and active.binding.priority


def alt_as_key(event: events.Key) -> events.Key:
    """alt and a letter or digit as a key only: a terminal sends alt+o as a key whose character is a printable
    "o", and the box with the focus typed it before the app's binding (alt+o: the outreach) was looked up."""
    return events.Key(event.key, None) if event.key.startswith("alt+") and event.is_printable else event


Forward = Callable[[events.Event], Awaitable[None]]


class KeyOrder:
    """The app's keys from the terminal, each acting in its turn (see the module's doc)."""

    def __init__(self, app: App, work: WorkRouter) -> None:
        self.app = app
        self.work = work
        #: The key acting now (its own object, so that a late step of an earlier one changes nothing).
        self.acting: object | None = None
        #: Keys (and pastes) read while one acts, in the order read.
        self.held: deque[events.Key | events.Paste] = deque()
        self._stuck: Timer | None = None

    async def read(self, event: events.Key | events.Paste, forward: Forward) -> None:
        """A key or a paste read from the terminal, in its turn (`forward`: Textual's way on)."""
        if isinstance(event, events.Paste):
            await self.paste(event, forward)
        else:
            await self.key(alt_as_key(event), forward)  # alt+o opens the outreach, it types no "o"

    async def key(self, event: events.Key, forward: Forward) -> None:
        """A key read from the terminal: held behind the key acting, or handed on (`forward`: Textual's way)."""
        app = self.app
        if self.acting is not None and not overridden(app, event.key):
            self.held.append(event)
            return
        box = app.focused
        if (event.is_printable and types_text(box)) or overridden(app, event.key):
            await forward(event)  # a letter the box types in its turn; or ctrl+q, F12 at once
            return
        acting = self.acting = object()
        mark = self.work.mark()
        if self._stuck is not None:
            self._stuck.stop()
        self._stuck = app.set_timer(STUCK_SECONDS, lambda: app.call_later(self._release, acting))
        choice = choice_for(box, event.character)
        if goes_on(box, event) and not screens_key(app.screen, box, event.key) and hand_on(box) is not None:
            self.held.appendleft(event)  # for the next box: the first key to go once the focus is there
        elif finds(box, event, bound=active_binding(app.screen, event.key) is not None):
            box.call_later(find, box, event)  # a name being typed on the closed box
        elif choice is not None:
            app.app_focus = True
            box.call_later(choose, *choice)
        else:
            await forward(event)
        # Up the way Textual hands the key on, behind it: by the app it has acted.
        self._follow(box or app.screen, acting,
                     lambda: self.work.after_writes(mark, lambda: app.call_later(self._settle, acting)))

    async def paste(self, event: events.Paste, forward: Forward) -> None:
        """A paste read from the terminal: held behind the key acting and the keys held, or handed on."""
        if self.acting is not None:
            self.held.append(event)
            return
        await forward(event)

    def _settle(self, acting: object) -> None:
        """The key has acted and its writes have ended: once the focus chain as it is now has taken in what it
        was sent (a new screen composed and focused, a box's text selected), the keys held go on."""
        if acting is not self.acting:
            return
        try:
            node = self.app.focused or self.app.screen
        except ScreenStackError:
            return  # the app is closing
        self._follow(node, acting, lambda: self._release(acting))

    def _follow(self, node: DOMNode, acting: object, then: Callable[[], object]) -> None:
        """`then()` once what is queued now at `node` and each node above it, up to the app, has been handled."""

        def step(at: DOMNode) -> object:
            if acting is not self.acting:
                return None  # the keys after it went on already
            if at is self.app:
                return then()
            up = at.parent if at.parent is not None else self.app
            if not up.call_later(step, up):  # closing: its queue is never read
                self.app.call_later(step, self.app)
            return None

        if not node.call_later(step, node):
            self.app.call_later(step, self.app)

    async def _release(self, acting: object) -> None:
        """The key has acted: the keys held behind it go on, in order, until one of them has to act in turn."""
        if acting is not self.acting:
            return
        self.acting = None
        if self._stuck is not None:
            self._stuck.stop()
            self._stuck = None
        while self.held and self.acting is None:
            await self.app.on_event(self.held.popleft())
