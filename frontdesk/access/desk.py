"""The access desk: sign-in, the officers and the audit log, from thread workers.

Like every area desk, each method opens one short session on the desk's context,
calls the services in `frontdesk.access` and hands back plain dataclasses.
"""

from __future__ import annotations

import uuid

from frontdesk.access import audit as audit_log
from frontdesk.access import signin
from frontdesk.access.roles import may
from frontdesk.context import DeskContext


class AccessDesk:
    def __init__(self, ctx: DeskContext):
        self.ctx = ctx

    def needs_first_admin(self) -> bool:
        with self.ctx.reading(as_signed_in=False) as session:
            return signin.needs_first_admin(session)

    def create_first_admin(self, *, name: str, badge: str, password: str, again: str) -> None:
        with self.ctx.writing(as_signed_in=False) as session:
            officer = signin.create_first_admin(session, name=name, badge=badge, password=password, again=again,
                                                site=self.ctx.on_duty.site_code)
        self._at_desk(officer)

    def sign_in(self, *, badge: str, password: str) -> None:
        """Sign an officer in at this desk; a refusal (audited and counted) is raised as a DeskError."""
        ctx = self.ctx
        with ctx.writing(as_signed_in=False) as session:
            attempt = signin.sign_in(session, badge=badge, password=password, site=ctx.on_duty.site_code,
                                     now=ctx.clock(), lockout_minutes=ctx.settings.lockout_minutes, zone=ctx.zone)
        if attempt.refusal is not None:
            raise attempt.refusal
        self._at_desk(attempt.officer)

    def sign_out(self, action: str = "sign_out", record_id: uuid.UUID | None = None) -> None:
        with self.ctx.writing(as_signed_in=False) as session:
            signin.sign_out(session, by=self.ctx.actor, action=action, record_id=record_id)

    def unlock_officer(self, badge: str) -> None:
        with self.ctx.writing() as session:
            signin.unlock(session, badge=badge, by=self.ctx.actor)

    def add_officer(self, *, name: str, badge: str, role: str, password: str) -> None:
        with self.ctx.writing() as session:
            signin.add_officer(session, name=name, badge=badge, role=role, password=password, by=self.ctx.actor)

    def change_officer(self, officer_id: uuid.UUID, *, name: str, role: str, password: str = "",
                       version: int | None = None) -> None:
        with self.ctx.writing() as session:
            signin.change_officer(session, officer_id, name=name, role=role, password=password, version=version,
                                  by=self.ctx.actor)

    def retire_officer(self, officer_id: uuid.UUID, *, active: bool = False) -> None:
        with self.ctx.writing() as session:
            signin.retire_officer(session, officer_id, active=active, by=self.ctx.actor)

    def officers(self) -> list[signin.OfficerRow]:
        with self.ctx.reading() as session:
            return signin.officers(session, by=self.ctx.actor, now=self.ctx.clock())

    def read_audit(self, filters: audit_log.AuditFilter) -> list[audit_log.AuditRow]:
        with self.ctx.writing() as session:  # reading the log is itself audited
            return audit_log.read_events(session, filters, by=self.ctx.actor)

    def may(self, action: str) -> bool:
        """May the officer at the desk take `action` (frontdesk.access)? Screens offer only what they may."""
        return may(self.ctx.actor.role, action)

    def _at_desk(self, officer: signin.SignedIn) -> None:
        self.ctx.seat(officer_id=officer.officer_id, name=officer.name, badge_no=officer.badge_no, role=officer.role)
        self.ctx.recheck = lambda session, actor, now: signin.current_actor(session, actor, now=now)
