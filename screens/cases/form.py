"""F2: record a walk-in case. The reporter comes first; their history appears as you type."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, TextArea

from frontdesk.cases.recording import CaseDraft, PartyDraft, draft_errors
from frontdesk.i18n import DeskError, language, t
from frontdesk.callers.people import FieldErrors
from frontdesk.timefmt import local_text
from frontdesk.vocab import CHANNELS, label
from screens.shell.bounded import BoundedInput, IdNumberInput
from screens.cases.form_checks import FormChecks
from screens.cases.form_drafts import FormDrafts
from screens.cases.form_fields import FormFields
from screens.cases.form_links import HeldLinks
from screens.cases.reporter import ReporterLookup
from screens.cases.similar import SimilarPanel
from screens.disputes.form_offer import DisputeOffer
from screens.shell.dialogs import ConfirmScreen
from screens.cases.party import PartyScreen
from screens.shell.columns import ColumnSpec, FittedTable
from screens.shell.footer import DeskFooter
from screens.shell.plain import DataTable, Label, Select, Static
from screens.shell.choices import NumberedSelect
from screens.shell.widgets import DeskHeader

if TYPE_CHECKING:
    from frontdesk.cases.views import CategoryChoice

def person_columns(*first: ColumnSpec) -> list[ColumnSpec]:
    """A person's columns in the form's tables: name and phone whole; the ID number goes first when narrow."""
    return [*first, ColumnSpec("name", t("col.name"), keep=True), ColumnSpec("phone", t("col.phone"), keep=True),
            ColumnSpec("rid", t("col.rid"), priority=2, minimum=18)]


DRAFT_DELAY = 0.5


class CaseFormScreen(DisputeOffer, FormChecks, FormDrafts, FormFields, HeldLinks, ReporterLookup):
    """A new case: reporter, what happened, where, and who else is involved."""

    CSS_PATH = "form.tcss"
    HELP_KEY = "help.case_form"
    AUTO_FOCUS = "#reporter-phone"

    # Not ctrl+a/d/x/e/k/u/w: the text fields use those for editing. In order of importance, as the footer
    # leaves keys out from the last: saving, setting the form aside or throwing it away come before the rest.
    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", tooltip="key.save.tip", id="save"),
        Binding("ctrl+f", "drafts_aside", "key.drafts_aside", tooltip="key.drafts_aside.tip", id="drafts_aside"),
        Binding("ctrl+l", "discard_draft", "key.discard_draft", tooltip="key.discard_draft.tip", id="discard_draft"),
        Binding("ctrl+o", "add_party", "key.add_party", tooltip="key.add_party.tip", id="add_party"),
        Binding("ctrl+r", "mark_repeat", "key.mark_repeat", tooltip="key.mark_repeat.tip", id="mark_repeat"),
        Binding("ctrl+t", "now", "key.now", tooltip="key.now.tip", id="now"),
        Binding("ctrl+n", "forget_person", "key.forget_person", tooltip="key.forget_person.tip", id="forget_person"),
        Binding("ctrl+g", "join_dispute", "dispute.key.join", tooltip="dispute.key.join.tip", id="join_dispute",
                show=False),
        Binding("escape", "leave", "key.back", tooltip="key.leave_form.tip", id="back"),
    ]

    def __init__(self, *, fresh: bool = False, person_id: uuid.UUID | None = None,
                 prefill: CaseDraft | None = None) -> None:
        super().__init__()
        self.fresh = fresh
        self.saving = False
        # A case raised elsewhere (a patrol shift): its channel, place, time, text and link.
        self.prefill = prefill
        self.patrol_shift_id = prefill.patrol_shift_id if prefill else None
        self.for_person = person_id or (prefill.reporter.person_id if prefill else None)
        self.parties: list[PartyDraft] = []
        self.held_links = []
        self._draft_timer = None
        #: Saved with the case, so this draft can never become a second case (a save that outran a crash).
        self.draft_key = uuid.uuid4()
        #: ctrl+l was pressed once: the next ctrl+l throws the form away.
        self._discard_asked = False
        self.init_dispute_offer()

    # ---- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="case-form-body"):
            with VerticalScroll(id="case-form"):
                yield Label(t("form.section.reporter"), classes="section")
                with Horizontal(classes="row"):
                    yield self._field("reporter-phone", "form.reporter_phone", BoundedInput(id="reporter-phone", placeholder=t("form.phone_hint"), compact=True))
                    yield self._field("reporter-rid", "form.reporter_rid", IdNumberInput(id="reporter-rid", compact=True))
                with Horizontal(classes="row"):
                    yield self._field("reporter-name", "form.reporter_name", BoundedInput(id="reporter-name", compact=True))
                    yield self._field("reporter-address", "form.reporter_address", BoundedInput(id="reporter-address", compact=True))
                yield Static("", id="reporter-taken")
                yield Label(t("form.section.matter"), classes="section")
                yield self._field("category", "field.category", NumberedSelect([], id="category", prompt=t("form.choose"), compact=True))
                yield self._field("place", "field.place", BoundedInput(id="place", compact=True))
                yield self._field("summary", "field.summary", BoundedInput(id="summary", max_length=200, compact=True))
                yield self._field("narrative", "field.narrative", TextArea(id="narrative", soft_wrap=True, compact=True))
                with Horizontal(classes="row"):
                    channels = [(label("channel", code), code) for code in CHANNELS]
                    yield self._field("channel", "field.channel", NumberedSelect(channels, id="channel", value="walk_in", allow_blank=False, compact=True))
                    yield self._field("received-at", "form.received_at", BoundedInput(id="received-at", placeholder="YYYY-MM-DD HH:MM", compact=True))
                    yield self._field("police", "form.police", Checkbox(t("form.police_box"), True, id="police", compact=True))
                yield Label(t("form.section.parties"), classes="section")
                parties = FittedTable(id="parties", cursor_type="row")
                parties.set_columns(person_columns(ColumnSpec("role", t("col.role"), keep=True)))
                yield parties
            with Vertical(id="reporter-history"):
                yield Label(t("form.matches"), classes="section", id="matches-title")
                matches = FittedTable(id="matches", cursor_type="row")
                matches.set_columns([*person_columns(), ColumnSpec("cases", t("col.cases"), priority=1, minimum=4)])
                yield matches
                yield Label(t("form.recent", days=self.app.settings.repeat_window_days), classes="section", id="recent-title")
                yield Static("", id="reporter-counts")
                recent = FittedTable(id="recent", cursor_type="row")
                recent.set_columns([
                    ColumnSpec("case_no", t("col.case_no"), keep=True), ColumnSpec("received", t("col.received"), keep=True),
                    ColumnSpec("category", t("col.category"), priority=2, minimum=8, names=True),
                    ColumnSpec("status", t("col.status"), keep=True),
                    ColumnSpec("summary", t("col.summary"), priority=1, minimum=6)])
                yield recent
                yield Static("", id="repeat-of")
                yield Static("", id="dispute-offer")
                held = Static("", id="held-links")  # shown once a suggestion is linked (form_links.py)
                held.display = False
                yield held
                yield SimilarPanel()
        yield Static("", id="form-message")
        yield DeskFooter()

    def _field(self, name: str, label_key: str, widget) -> Horizontal:
        """One line: the field's name, then where to type."""
        return Horizontal(Label(t(label_key), classes="field-label"), widget, classes="field", id=f"field-{name}")

    def on_mount(self) -> None:
        self.load_choices()

    def load_choices(self) -> None:
        """The station's categories, earlier places, and a draft kept from before."""
        desk, store = self.app.desk, self.app.desk.cases.case_draft_store()
        fresh, for_person, prefill = self.fresh, self.for_person, self.prefill

        def load():
            if fresh:
                store.discard()
            person = desk.callers.person_match(for_person) if for_person else None
            kept = None if fresh or person or prefill else desk.cases.kept_case_draft(adopt=False)
            aside = len(desk.cases.case_drafts_aside()) if kept is None else 0
            return desk.cases.categories(switched_off=True), desk.cases.known_places(), kept, person, aside

        self.read(load, lambda loaded: self._fill_choices(*loaded), key="lists")

    def _fill_choices(self, named: list[CategoryChoice], places: list[str], draft, person, aside: int) -> None:
        self.named, self.choices = named, [c for c in named if c.active]  # only active ones are offered
        choices = self.choices
        zh = language() == "zh"
        options = [(c.name_zh if zh else c.name_en, c.code) for c in choices]
        self.query_one("#category", NumberedSelect).set_options(options)
        self.query_one("#place", Input).suggester = SuggestFromList(places, case_sensitive=False)
        received = self.query_one("#received-at", Input)
        if not received.value:
            received.value = local_text(self.app.clock(), self.app.desk.zone)
        if draft is not None and not self.fields_dirty():
            saved_at, fields = draft
            self._restore(fields)
            self._say(t("draft.continued", when=local_text(saved_at, self.app.desk.zone)))
        elif aside:
            self._say(t("draft.aside.waiting", count=aside))
            self.waiting_said = True
        if self.prefill is not None:
            self._apply_prefill(self.prefill)
        self._loaded = True
        if person is not None:
            self._take(person)
        self._lookup_reporter()

    def _apply_prefill(self, draft: CaseDraft) -> None:
        if draft.channel in CHANNELS:
            self.query_one("#channel", Select).value = draft.channel
        if draft.received_at is not None:
            self.query_one("#received-at", Input).value = local_text(draft.received_at, self.app.desk.zone)
        for name, value in (("place", draft.place), ("summary", draft.summary)):
            if value:
                self.query_one(f"#{name}", Input).value = value
        if draft.narrative:
            self.query_one("#narrative", TextArea).text = draft.narrative

    # ---- drafts ----------------------------------------------------------------

    def _changed(self) -> None:
        if not self._loaded:
            return
        self.recheck()  # after a refused save, the message and the marks follow each change
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _keep_draft(self) -> None:
        # A write: it lands even when the form has closed meanwhile, and a newer draft waiting
        # behind it replaces an older one not yet started. The officer has been told already.
        store, values = self.app.desk.cases.case_draft_store(), self.fields()
        work = (lambda: store.save(values)) if self.fields_dirty(values) else store.discard
        self.write(work, coalesce="draft", notice="")

    @on(Checkbox.Changed, "#police")
    def _police_said(self, event: Checkbox.Changed) -> None:
        """The box says Yes or No: Textual's draws the same X ticked or not, only its colour changes, and a case
        saved as a non-police matter goes on to its hand-off."""
        event.checkbox.label = t("form.police_box" if event.value else "form.police_no")

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    def _any_change(self, event) -> None:
        self.changed_field(getattr(event, "control", None) or getattr(event, "text_area", None))
        if self.query_one("#form-message").has_class("-passing"):  # (the refused paste changed nothing)
            self._say("")
            self.query(".field.-passing").remove_class("-invalid", "-passing")
        self._discard_asked = False
        self._changed()
        if self._loaded:
            self.query_one(SimilarPanel).look_for_draft()
            control = getattr(event, "control", None)
            if control is not None and control.id == "place":
                self.look_for_disputes()

    @on(Input.Blurred, "#received-at")
    def _received_left(self) -> None:
        self.write_out_received()

    @on(SimilarPanel.Hold)
    def _hold(self, event: SimilarPanel.Hold) -> None:
        self.hold_link(event.link, event.case_no)

    @on(BoundedInput.TooLong)
    def _too_long(self, event: BoundedInput.TooLong) -> None:
        """A paste (or a key) that does not fit is refused out loud, naming the limit; the box keeps its text."""
        name = str(self.query_one(f"#field-{event.box.id} .field-label", Label).render())
        self._say(t("form.paste_too_long", field=name, most=event.most, offered=f"{event.offered:,}"), error=True,
                  passing=True)
        self.query_one(f"#field-{event.box.id}").add_class("-invalid", "-passing")

    def _say(self, text: str, *, error: bool = False, passing: bool = False) -> None:
        """The line under the form. A `passing` one (a paste that did not fit) goes with the next change."""
        message = self.query_one("#form-message", Static)
        message.update(text)
        self.waiting_said = False  # (the line no longer counts the cases set aside)
        message.set_class(passing, "-passing")
        self.set_class(error, "-error")

    # ---- parties ---------------------------------------------------------------

    def action_add_party(self) -> None:
        self.app.push_screen(PartyScreen(), self._party_added)

    def _party_added(self, party: PartyDraft | None) -> None:
        if party is not None:
            self._add_party_row(party)
            self._changed()

    def _add_party_row(self, party: PartyDraft) -> None:
        self.parties.append(party)
        self._show_parties()

    def _show_parties(self) -> None:
        self.query_one("#parties", FittedTable).set_rows(
            [(label("role", p.role), p.person.name, p.person.phone, p.person.resident_id) for p in self.parties])

    @on(DataTable.RowSelected, "#parties")
    def _remove_party(self, event: DataTable.RowSelected) -> None:
        """Enter on a party offers to remove them (y), so a stray Enter loses nobody."""
        row = event.cursor_row
        party = self.parties[row]

        def answer(remove: bool | None) -> None:
            if remove:
                del self.parties[row]
                self._show_parties()
                self._changed()

        self.app.push_screen(ConfirmScreen(t("party.remove", name=party.person.name,
                                             role=label("role", party.role))), answer)

    # ---- saving ------------------------------------------------------------------

    def action_now(self) -> None:
        self.query_one("#received-at", Input).value = local_text(self.app.clock(), self.app.desk.zone)

    def action_save(self) -> None:
        if self.saving and self.writing():
            return  # one save at a time: a second ctrl+s must not record the case twice
        desk, now = self.app.desk, self.app.clock()
        draft, unreadable = self.typed_draft(now)
        found_here = draft_errors(draft, now=now) | unreadable
        if unreadable:  # not saved, but every other error is said with the time's (the database's too)
            self.read(lambda: desk.cases.draft_errors(draft, now=now),
                      lambda errors: self.refuse(errors | unreadable, found_here), key="check")
            return
        self.stale("check")  # a check for an earlier ctrl+s is not wanted now
        self.saving, self.database_said = True, None  # (a refusal, if it comes, says it all again)
        self._say(t("form.saving"))
        self.write(self.recording(lambda: desk.cases.record_case(draft, now=now)), self._saved,
                   refused=lambda error: self._save_refused(error, found_here),
                   notice=lambda recorded: t("form.saved", case_no=recorded.case_no))

    def _save_refused(self, error: DeskError, found_here: dict[str, DeskError]) -> bool:
        """A refused save is explained under the form, with everything typed still there."""
        self.saving = False
        if isinstance(error, FieldErrors):
            self.refuse(error.errors, found_here)
        else:
            self._say(error.message, error=True)
        return True

    def _saved(self, recorded) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        # Replaces a draft still waiting to be written: the case is recorded.
        self.write(self.app.desk.cases.case_draft_store().discard, coalesce="draft", notice="")
        self.app.notify(t("form.already_saved" if recorded.already else "form.saved", case_no=recorded.case_no))
        self.say_joined()
        if recorded.backflow is not None:
            back = recorded.backflow
            self.app.notify(t("form.backflow", case_no=back.earlier_case_no, body=back.body,
                              at=local_text(back.handed_at, self.app.desk.zone)),
                            severity="warning", timeout=12)
        from screens.cases.detail import CaseDetailScreen

        # A non-police matter goes straight on to its hand-off, with the body proposed.
        police = self.query_one("#police", Checkbox).value
        self.app.switch_screen(CaseDetailScreen(recorded.case_id, offer_hand_off=not police))

    def keep_for_later(self) -> None:
        """The officer left for something else (F3): keep what is typed as the draft."""
        self._keep_draft()

    def action_discard_draft(self) -> None:
        """Throw away everything typed and start an empty form: the second ctrl+l does it.

        A case raised from a patrol stays raised from it (channel, shift, time).
        """
        if self.fields_dirty() and not self._discard_asked:
            self._discard_asked = True
            self._say(t("form.discard_ask"))
            return
        self.app.switch_screen(CaseFormScreen(fresh=True, prefill=self.prefill))

    def action_leave(self) -> None:
        if self.fields_dirty():
            self.app.notify(t("form.kept_as_draft"))
        self._keep_draft()
        self.app.pop_screen()
