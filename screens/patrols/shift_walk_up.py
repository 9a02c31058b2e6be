"""Walk-ups on a shift's checklist (w): a volunteer not listed has come, found by the callers' look-up, added and
checked in; the cursor then goes to their line and the message names them, wherever the list put them.

A mixin of `ShiftScreen` (screens.patrols.shift), which supplies `view`, `write`, `load`, `say` and `_move_to`.
On an ended shift w says so at once: a walk-up found there would be refused.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from frontdesk.i18n import DeskError, t
from frontdesk.timefmt import local_text
from screens.patrols.dialogs import FindPersonScreen

if TYPE_CHECKING:
    from frontdesk.patrols.views import ShiftView


class ShiftWalkUps:
    """w on a shift: find, add and check in a walk-up, then show them."""

    shift_id: uuid.UUID
    view: ShiftView | None
    #: The walk-up just added: the next list read puts the cursor on them and names them.
    _walked_up: uuid.UUID | None = None

    def action_walk_up(self, typed: str = "", message: str = "") -> None:
        if self.view is None:
            return
        if self.view.state == "ended":  # said at once, not after a search whose choice would be refused
            self.say(t("patrol.shift_ended", ended=local_text(self.view.actual_end, self.app.desk.zone)), error=True)
            return
        screen = FindPersonScreen(t("patrol.walk_up.title"), t("patrol.walk_up.hint"), typed=typed, message=message)
        self.app.push_screen(screen, lambda person_id: self._walk_up_chosen(person_id, screen.typed))

    def _walk_up_chosen(self, person_id, typed: str) -> None:
        if not isinstance(person_id, uuid.UUID):
            return
        patrols, shift_id = self.app.desk.patrols, self.shift_id

        def refused(error: DeskError) -> bool:
            self.action_walk_up(typed, error.message)  # the finder again, as typed, with the reason
            return True

        def added(member_id: uuid.UUID) -> None:
            self._walked_up = member_id
            self.load()

        self.write(lambda: patrols.walk_up(shift_id, person_id), added, refused=refused,
                   notice=t("patrol.done.walk_up_unnamed"))

    def show_walked_up(self, view: ShiftView) -> None:
        """After a list read: the walk-up just added highlighted and named."""
        walked_up, self._walked_up = self._walked_up, None
        member = next((m for m in view.members if m.member_id == walked_up), None)
        if member is not None:
            self._move_to(member.member_id)
            self.say(t("patrol.done.walk_up", name=member.name))
