"""The tag desk: what the taxonomy screen, the tagging dialog and the person page call, from thread
workers (one short session per call on the desk's context), and the case desk's after-save seam."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session

from frontdesk.access.roles import require
from frontdesk.context import DeskContext
from frontdesk.tags import rules, tagging, taxonomy


class TagDesk:
    def __init__(self, ctx: DeskContext) -> None:
        self.ctx = ctx

    def _rule_settings(self) -> rules.RuleSettings:
        settings = self.ctx.settings
        return rules.RuleSettings(repeat_window_days=settings.repeat_window_days,
                                  repeat_threshold=settings.repeat_threshold)

    # ---- the taxonomy ---------------------------------------------------------------------

    def classes(self) -> list[taxonomy.ClassRow]:
        with self.ctx.reading() as session:
            return taxonomy.tag_classes(session)

    def tags(self, *, class_id: uuid.UUID | None = None, counted: bool = False) -> list[taxonomy.TagRow]:
        with self.ctx.reading() as session:
            return taxonomy.tags(session, class_id=class_id, counted=counted)

    def search(self, typed: str, *, active_only: bool = True) -> list[taxonomy.TagRow]:
        with self.ctx.reading() as session:
            return taxonomy.search(session, typed, active_only=active_only)

    def save_class(self, *, code: str, name_zh: str, name_en: str, class_id: uuid.UUID | None = None,
                   version: int | None = None) -> uuid.UUID:
        with self.ctx.writing() as session:
            return taxonomy.save_class(session, code=code, name_zh=name_zh, name_en=name_en, class_id=class_id,
                                       version=version, by=self.ctx.actor).id

    def save_tag(self, typed: taxonomy.TagInput, *, tag_id: uuid.UUID | None = None,
                 version: int | None = None) -> uuid.UUID:
        with self.ctx.writing() as session:
            return taxonomy.save_tag(session, typed, tag_id=tag_id, version=version, by=self.ctx.actor).id

    def switch_class(self, class_id: uuid.UUID, *, active: bool) -> None:
        with self.ctx.writing() as session:
            taxonomy.switch_class(session, class_id, active=active, by=self.ctx.actor)

    def switch_tag(self, tag_id: uuid.UUID, *, active: bool) -> None:
        with self.ctx.writing() as session:
            taxonomy.switch_tag(session, tag_id, active=active, by=self.ctx.actor)

    # ---- a person's tags ------------------------------------------------------------------

    def of_person(self, person_id: uuid.UUID) -> list[tagging.PersonTagRow]:
        with self.ctx.reading() as session:
            return tagging.person_tags(session, person_id)

    def set_person_tags(self, person_id: uuid.UUID, chosen: set[uuid.UUID]) -> tuple[int, int]:
        with self.ctx.writing() as session:
            return tagging.set_person_tags(session, person_id, chosen, by=self.ctx.actor, now=self.ctx.clock())

    # ---- rules ------------------------------------------------------------------------------

    def apply_rules(self) -> rules.RuleRun:
        """Every rule over every person (`frontdesk tags apply-rules`); the admin's job."""
        with self.ctx.writing() as session:
            require(self.ctx.actor, "station_lists")
            return rules.apply_all(session, by=self.ctx.actor, now=self.ctx.clock(), settings=self._rule_settings())

    def case_saved(self, session: Session, case_id: uuid.UUID, *, by, now: datetime) -> int:
        """The case desk's after-save seam: the rules, in the case's own transaction."""
        return rules.apply_for_case(session, case_id, by=by, now=now, settings=self._rule_settings())
