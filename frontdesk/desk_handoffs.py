"""The hand-off desk: what the hand-off screens call, from thread workers.

Like `Desk`, each method opens one short session, calls the services in
`frontdesk.handoffs` and hands back plain dataclasses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontdesk.desk import Desk


class HandoffDesk:
    def __init__(self, desk: Desk):
        self.desk = desk
