"""The Front Desk application: paints at once, opens the database in a worker."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from frontdesk.station.config import Settings
from frontdesk.i18n import DeskError, t
from screens.shell.areas import AreaKeys, area_bindings
from screens.shell.notices import laid_out
from screens.shell.palette import DeskCommands, DeskPalette
from screens.shell.desk import DeskScreen
from screens.shell.hold import HeldWhileLocked
from screens.shell.keymap import checked_keymap
from screens.shell.keyorder import KeyOrder
from screens.shell.localize import Localized
from screens.shell.opening import DeskToCome, has_a_database
from screens.shell.terminal import terminal_driver
from screens.shell.watchers import cache_colours_not_widgets, forget_closed_watchers_on_screens
from screens.shell.work import WorkRouter

if TYPE_CHECKING:
    from frontdesk.desk import Desk

#: Refusals that mean the officer at this desk may no longer act here (frontdesk.access.signin).
NO_LONGER_AT_DESK = ("signin.no_longer_active", "signin.locked_out_now")

log = logging.getLogger("frontdesk")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Launch:
    """Everything the app needs to know before it can open the database."""

    settings: Settings
    url: str
    demo_cases: int | None = None


class FrontDeskApp(HeldWhileLocked, DeskPalette, AreaKeys, Localized, App[None]):
    """A police station's front desk, kept open all shift."""

    TITLE = "Front Desk"
    #: The desk's and the sign-in's own CSS too, in the order they would come: Textual reads a screen's
    #: CSS_PATH when the screen is first pushed, and then parses every source again and restyles every
    #: widget open. Both screens come before the officer can type, so their CSS is read with the app's.
    CSS_PATH = ["app.tcss", "desk.tcss", "../access/signin.tcss"]
    ENABLE_COMMAND_PALETTE = True
    #: Classes every screen gets for the terminal's size, for its CSS to lay out narrow or short
    #: terminals (80×24) differently from wide ones (200×50).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal"), (160, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    COMMANDS = {DeskCommands}  # the system commands, and "nothing matches" in the officer's language

    # Every F-key has an alt- key too (alt and its number), for a terminal that keeps F-keys;
    # config.toml's [keys] changes any of them by id (screens.shell.keymap).
    BINDINGS = [
        Binding("f1,alt+1", "help", "key.help", tooltip="key.help.tip", id="help"),
        Binding("f3,alt+3", "look_up", "key.look_up", tooltip="key.look_up.tip", id="look_up"),
        Binding("ctrl+q", "quit", "key.quit", tooltip="key.quit.tip", id="quit", priority=True),
        Binding("ctrl+p", "command_palette", "key.palette", tooltip="key.palette.tip", id="palette", show=False),
        # Priority: it locks with any dialog open (the reveal or merge dialogs show personal data).
        Binding("f12,alt+l", "lock", "key.lock", tooltip="key.lock.tip", id="lock", show=False, priority=True),
        *area_bindings(),  # F2, F4 … F10, ctrl+o, ctrl+y from every screen (screens.shell.areas)
    ]

    #: How often the idle lock looks at the time since the last key.
    IDLE_CHECK_SECONDS = 1.0

    desk: var[Desk | None] = var(None, init=False)
    """The open station database, once the worker has opened it."""

    open_failed: var[bool] = var(False, init=False)
    """True when the database could not be opened (the officer has been told why)."""

    loading_progress: var[tuple[int, int] | None] = var(None, init=False)
    """(done, total) while demo data is being built."""

    class DemoProgress(Message):
        def __init__(self, done: int, total: int) -> None:
            self.done = done
            self.total = total
            super().__init__()

    def __init__(self, launch: Launch, *, clock: Callable[[], datetime] = utc_now,
                 idle_clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.driver_class = terminal_driver(self.driver_class)  # bytes that are no UTF-8 end nothing
        self.launch = launch
        # A [keys] table that cannot be used is refused here, before the desk starts (ConfigError).
        self.set_keymap(checked_keymap(launch.settings, type(self)))
        self.clock = clock
        #: Seconds, for the idle lock (tests move it on instead of waiting ten minutes).
        self.idle_clock = idle_clock
        self.title = t("app.title")
        #: Runs every screen's database work and routes each outcome (screens.shell.work).
        self.work = WorkRouter(self)
        self.key_order = KeyOrder(self, self.work)  # keys read in one go act in the order typed
        #: The opened database while nobody is signed in yet, or while the desk is locked.
        self.gate_desk: Desk | None = None
        self.locked = False
        self._last_key = idle_clock()
        #: The app's own workers, known by the object: opening the database, asking for the first admin.
        self._opening: Worker | None = None
        self._first_start: Worker | None = None
        #: When the last sign-in or lock screen appeared (on the clock Textual stamps events with):
        #: a key typed before it (while the database opened, say) never reaches its fields.
        self._gate_raised_at = 0.0
        self._gate: Screen | None = None  # the sign-in or lock screen while it is up
        #: The desk a sign-in form raised while the database opens signs in to (screens.shell.opening).
        self._to_come: DeskToCome | None = None
        #: Screen changes asked for (by a save finishing, a dialog closing) while the desk was locked,
        #: done in order once the same officer unlocks it.
        self._held: list[tuple[str, object, object]] = []

    def watch_desk(self, desk: Desk | None) -> None:
        """Signed in, out or locked: every screen's header names the station and officer anew."""
        from screens.shell.widgets import DeskHeader

        for screen in self.screen_stack:
            for header in screen.query(DeskHeader):
                header.show_who(desk)

    @property
    def settings(self) -> Settings:
        return self.launch.settings

    def on_mount(self) -> None:
        from frontdesk import memory, ui_thread

        ui_thread.claim()
        memory.limit_arenas()  # before the first worker thread (frontdesk.memory)
        cache_colours_not_widgets()  # closed widgets' rendered lines let go (screens.shell.watchers)
        self.push_screen(DeskScreen())
        self.set_interval(self.IDLE_CHECK_SECONDS, self._check_idle)
        # After the first paint: the worker's imports would otherwise hold the
        # GIL while the desk is being drawn.
        self.call_after_refresh(self.open_after_passphrase)

    def open_after_passphrase(self) -> None:
        """An encrypted database asks for its passphrase first (held in memory only), then opens."""
        from frontdesk.station.encryption import passphrase_needed

        need = passphrase_needed(self.launch.url, self.settings.encrypted and self.launch.demo_cases is None)
        if need is not None:
            from screens.station.passphrase import PassphraseScreen

            self.locked = True  # nothing but quitting while the records are shut
            self.push_screen(PassphraseScreen(need, self.launch.url, self.settings), self._passphrase_given)
        elif has_a_database(self.launch.url):  # not a new station (asked for its admin once open) nor a demo to build
            from screens.access.signin import SignInScreen

            self._to_come = DeskToCome(self.settings, self.launch.url)
            self._raise_gate(SignInScreen(self._to_come))
            # Opened once the form is up: its imports would otherwise hold the GIL while the form is drawn.
            self.call_after_refresh(self.open_database)
        else:  # a sign-in form there would take a password nobody could pass; a demo to build shows its progress
            self.open_database()

    def _passphrase_given(self, opened: bool | None) -> None:
        self.locked = False
        if opened:
            self.open_database()

    def open_database(self) -> Worker:
        self._opening = self.run_worker(self._open_desk, thread=True, exclusive=True, group="db",
                                        exit_on_error=False)
        return self._opening

    def _open_desk(self) -> Desk | None:
        # Imported here, off the UI thread: SQLAlchemy, Alembic and the models are
        # the heavy part of start-up and the desk should paint before them.
        from textual.worker import get_current_worker

        from frontdesk.demo import DemoStopped
        from frontdesk.desk import open_desk

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self.post_message(self.DemoProgress(done, total))

        try:
            return open_desk(
                self.settings,
                self.launch.url,
                demo_cases=self.launch.demo_cases,
                progress=progress,
                clock=self.clock,
                should_stop=lambda: worker.is_cancelled,  # the officer quit while the demo was building
            )
        except DemoStopped:
            return None  # the next start throws the half-built demo away and builds it again

    def on_front_desk_app_demo_progress(self, message: DemoProgress) -> None:
        self.loading_progress = (message.done, message.total)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        # event.state, not worker.state: the worker may have moved on since.
        worker = event.worker
        if self.work.state_changed(worker, event.state):
            return
        if worker is self._opening and event.state == WorkerState.SUCCESS:
            self.ask_for_officer(worker.result)
        elif worker is self._first_start and event.state == WorkerState.SUCCESS:
            self._first_start_checked(worker.result)
        elif event.state == WorkerState.ERROR:
            if worker is self._opening:
                self.open_failed = True
                self._no_desk_to_come()
            elif worker is self._first_start and self._to_come is not None:
                self._to_come.opened(self.gate_desk)  # the sign-in raised meanwhile still checks against it
            self.show_error(worker.error, typed_kept=worker is not self._opening)

    def _no_desk_to_come(self) -> None:
        """The database did not open: the sign-in raised while it opened gives way to what is said."""
        to_come, self._to_come = self._to_come, None
        if to_come is not None:
            to_come.opened(None)
            if self._gate is not None and getattr(self._gate, "desk", None) is to_come:
                self._gate = None
                super().pop_screen()

    # ---- who is at the desk ----------------------------------------------------------

    def ask_for_officer(self, desk: Desk | None) -> None:
        """Nothing of the station shows until an officer has signed in (a new station: its admin)."""
        if desk is None:
            self._no_desk_to_come()
            return
        self.gate_desk, self.locked = desk, True
        self.check_first_start(desk)  # a sign-in typed meanwhile waits for its answer (_first_start_checked)

    def check_first_start(self, desk: Desk) -> Worker:
        self._first_start = self.run_worker(desk.access.needs_first_admin, thread=True, exclusive=True, group="db",
                                            exit_on_error=False)
        return self._first_start

    def _first_start_checked(self, needs_admin: bool) -> None:
        from screens.access.signin import FirstAdminScreen, SignInScreen

        to_come, self._to_come, typed = self._to_come, None, None
        if to_come is not None:
            early = self._gate if getattr(self._gate, "desk", None) is to_come else None
            if not needs_admin:  # the sign-in raised while the database opened is the one wanted
                if early is not None:
                    early.desk = self.gate_desk
                to_come.opened(self.gate_desk)  # a sign-in typed meanwhile is checked now
                return
            if early is not None:  # a station with nobody yet: its first admin, with what was typed for sign-in
                typed, self._gate = early.typed(), None
                super().pop_screen()
            to_come.nobody_yet()  # and a sign-in sent meanwhile is never checked: nobody could pass it
        gate = FirstAdminScreen(self.gate_desk, typed) if needs_admin else SignInScreen(self.gate_desk)
        self._raise_gate(gate)

    def _raise_gate(self, gate: Screen) -> None:
        self._gate = gate
        self._gate_raised_at = Message().time  # the clock Textual stamps every message and event with
        super().push_screen(gate, self._gate_closing)

    def gate_leaving(self, gate: Screen) -> None:
        """The gate is dismissing itself: its own pop must not wait behind the hold."""
        if gate is self._gate:
            self._gate = None

    def _gate_closing(self, how: str | None) -> None:
        """The gate's answer (it has been popped by now): let the officer in."""
        self._gate = None
        self.call_after_refresh(self._let_in, how)

    def _let_in(self, how: str | None) -> None:
        desk, self.gate_desk = self.gate_desk, None
        self.locked = False
        self._last_key = self.idle_clock()
        if how == "shift_change":
            self._held = []  # the next officer starts at the desk, not in the last one's dialogs
            # The next officer starts at the desk; an unsaved case was kept as a draft as it was typed.
            while len(self.screen_stack) > 2:
                keep = getattr(self.screen, "keep_for_later", None)
                if keep is not None:
                    keep()
                self.pop_screen()
            self.notify(t("signin.shift_changed", name=desk.on_duty.officer_name))
        else:
            self._replay_held()
        if how == "shift_change" or self.desk is None:
            self.desk = None  # watchers see the (new) officer's desk arrive
            self.desk = desk
        self.refresh_bindings()
        self.screen.refresh(layout=True)

    def _officer_stopped(self, error: DeskError) -> None:
        """The officer signed in here was retired or locked out at another desk: the desk locks at once
        and its sign-in screen says why (once, however many of the desk's reads are refused)."""
        if not self.locked:
            self.action_lock()
        gate = self._gate
        if gate is not None and hasattr(gate, "complain"):
            self.call_after_refresh(gate.complain, error.message)

    def action_lock(self) -> None:
        """F12, or the idle timer: hide the desk until the officer (or the next one) signs in."""
        if self.locked or self.desk is None:
            return
        from screens.access.signin import SignInScreen

        desk = self.gate_desk = self.desk
        self.locked = True
        self.clear_notifications()  # a toast may name a case or a caller
        # Through the router, owned by the app: never dropped, and a failure still reaches the officer.
        self.work.write(self, lambda: desk.access.sign_out("lock"), None, notice="")
        self._raise_gate(SignInScreen(desk, locked=True))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self._last_key = self.idle_clock()
        if isinstance(event, (events.Key, events.Paste)) and event.time < self._gate_raised_at \
                and getattr(event, "key", None) != "ctrl+q":
            return  # typed or pasted before the sign-in appeared (the desk still opening, a lock): not for its fields
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            return await self.key_order.read(event, super().on_event)  # in the order typed (screens.shell.keyorder)
        await super().on_event(event)

    def _check_idle(self) -> None:
        if forget_closed_watchers_on_screens(self):  # closed widgets let go (screens.shell.watchers)
            from frontdesk.memory import give_back
            give_back()  # a screen has closed: its C heap back to the system too
        idle = self.idle_clock() - self._last_key
        if not self.locked and self.desk is not None and idle >= self.settings.idle_lock_minutes * 60:
            self.action_lock()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the desk is locked (or nobody has signed in) only quitting is offered."""
        if (self.locked or self.desk is None) and action not in ("quit", "focus_next", "focus_previous"):
            return False
        return True

    def show_error(self, error: BaseException | None, *, typed_kept: bool = True) -> None:
        """Tell the officer what went wrong, in their language; never a traceback."""
        if isinstance(error, DeskError) and error.key in NO_LONGER_AT_DESK:
            self._officer_stopped(error)
            return
        if isinstance(error, DeskError):
            message = error.message
        else:
            log.error("unexpected error in a worker", exc_info=error)
            message = t("error.unexpected", detail=type(error).__name__)
        from screens.shell.dialogs import ErrorScreen

        self.push_screen(ErrorScreen(message, typed_kept=typed_kept))

    def notify(self, message: str, *, title: str = "", **how) -> None:
        """A toast whose wide characters no edge under it cuts (screens.shell.notices), as written: no markup."""
        super().notify(laid_out(self, str(message), title=title), title=title, **{"markup": False, **how})

    def action_help_quit(self) -> None:
        """ctrl+c: Textual's word on how to quit, in the officer's language."""
        self.notify(t("app.ctrl_c", key="ctrl+q"), title=t("app.ctrl_c.title"))

    def action_look_up(self) -> None:
        """F3 from anywhere: back to the desk's look-up box; an unsaved case stays a draft."""
        while not isinstance(self.screen, DeskScreen) and len(self.screen_stack) > 2:
            keep = getattr(self.screen, "keep_for_later", None)
            if keep is not None:
                keep()
            self.pop_screen()
        if isinstance(self.screen, DeskScreen):
            self.screen.action_look_up()

    def action_help(self) -> None:
        from screens.shell.help import HelpScreen  # loaded the first time help is asked for

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def on_unmount(self) -> None:
        if self._to_come is not None:
            self._to_come.opened(None)  # a check waiting for the database gives up
        if self.desk is not None:
            self.desk.close()
