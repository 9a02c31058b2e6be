"""While the sign-in or lock screen is up, nothing underneath may change the screens.

A case whose save finishes behind the lock would otherwise replace the lock screen with the
case. Screen changes asked for meanwhile wait, and happen in order once the officer is back.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete


class HeldWhileLocked:
    """Mixin for the app: `push_screen`, `switch_screen` and `pop_screen` held while the gate is up.

    The app sets `_gate` (the sign-in or lock screen, None when none) and `_held` (the waiting changes).
    """

    def _holding(self) -> bool:
        return self._gate is not None and self._gate in self.screen_stack

    def push_screen(self, screen, callback=None, wait_for_dismiss=False):
        if self._holding() and not wait_for_dismiss:
            self._held.append(("push", screen, callback))
            return AwaitComplete.nothing()
        return super().push_screen(screen, callback, wait_for_dismiss)

    def switch_screen(self, screen):
        if self._holding():
            self._held.append(("switch", screen, None))
            return AwaitComplete.nothing()
        return super().switch_screen(screen)

    def pop_screen(self):
        if self._holding():  # the gate's own close clears _gate before it pops
            self._held.append(("pop", None, None))
            return AwaitComplete.nothing()
        return super().pop_screen()

    def _replay_held(self) -> None:
        """The screen changes that waited, one after the other, each once the last has happened."""
        if not self._held or self._holding():
            return
        what, screen, callback = self._held.pop(0)
        if what == "push":
            self.push_screen(screen, callback)
        elif what == "switch":
            self.switch_screen(screen)
        elif len(self.screen_stack) > 2:
            self.pop_screen()
        self.call_after_refresh(self._replay_held)
