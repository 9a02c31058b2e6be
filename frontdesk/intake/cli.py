"""`frontdesk import cases FILE`: a logbook imported from the command line, its mapping and first rows
printed for the officer to check."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from typing import Callable, Iterator

from frontdesk.i18n import DeskError, labelled, listed, t
from frontdesk.intake.desk import CaseImports
from frontdesk.intake.import_run import Progress, beyond_header_text, kinds_text, outcome_lines
from frontdesk.intake.date_parts import mapped_columns
from frontdesk.intake.logbook import Opened, StationCategory, missing_columns
from frontdesk.intake.mapping import FIELDS
from frontdesk.intake.preview import (absent_text, file_notes, handoff_column_text, no_header_text, preview_notes,
                                     status_text)
from frontdesk.intake.masking import masked, masked_message
from frontdesk.intake.service_requests import mapping_saved_text
from frontdesk.vocab import DISPOSITIONS, label


def mapping_lines(opened: Opened) -> list[str]:
    """The mapping as the officer checks it: each field's column, each word's meaning."""
    m = opened.mapping
    lines = [t("import.cli.file_no_header" if opened.no_header else "import.cli.file", path=str(opened.file.path),
               encoding=opened.file.encoding or "xlsx", row=opened.header_row)]
    for name in FIELDS:
        shown = m.column(name) or handoff_column_text(opened, name) or t("import.not_in_file")
        lines.append("  " + labelled(t(f"import.field.{name}"), shown))
    names = {c.code: c for c in opened.categories}
    for title, values, shown in (("import.values.categories", m.categories, lambda code: _category_label(names, code)),
                                 ("import.values.channels", m.channels, lambda code: label("channel", code)),
                                 ("import.values.statuses", m.statuses, _status_label),
                                 ("import.values.dispositions", m.dispositions,
                                  lambda code: label("disposition" if code in DISPOSITIONS else "status", code))):
        if values:
            lines.append(t(title))
            lines += [f"  {word} → {shown(code) if code else t('import.value.reject')}" for word, code in values.items()]
    return lines


def _category_label(names: dict[str, StationCategory], code: str) -> str:
    from frontdesk.i18n import language

    category = names.get(code)
    if category is None:
        return code
    return category.name_zh if language() == "zh" else category.name_en


def _status_label(code: str) -> str:
    if code in DISPOSITIONS:
        return f"{label('status', 'closed')} · {label('disposition', code)}"
    return label("status", code)


def import_from_command_line(args, imports: CaseImports) -> int:
    """`frontdesk import cases FILE [--mapping NAME_OR_FILE] [--save-mapping NAME] [--dry-run]`."""
    import sys

    zone = imports.ctx.zone
    opened = imports.open(args.file, args.mapping or "")
    for line in mapping_lines(opened):
        print(line)
    missing = missing_columns(opened.mapping)
    if args.save_mapping:  # saved even when a field has no column yet: the officer edits the file
        opened.mapping = replace(opened.mapping, name=args.save_mapping)
        saved = imports.save_mapping(opened.mapping)
        print(mapping_saved_text(saved))
        if opened.mapping.service_requests is not None and not missing:  # saved over the officer's bodies, maybe:
            opened = imports.open(args.file, str(saved))  # the import reads the file as it was written
    if missing:
        if opened.no_header:  # (the letters still to give: the import stops here, before the preview's notes)
            print(no_header_text(opened))
        if any(name in opened.absent for name in missing):  # (received_at = "FOO": say why it is missing)
            print(absent_text(opened))
        fields = listed(t(f"import.field.{name}") for name in missing)
        # (a header of two lines, 情感倾向⏎（原）, named on one: a mapping matches it without its spaces)
        headers = listed(" ".join(h.split()) for h in opened.headers if h and h not in mapped_columns(opened))
        no_category = t("import.default_category_hint") if "category" in missing else ""
        if args.save_mapping:
            key = "import.columns_missing_saved_no_header" if opened.no_header else "import.columns_missing_saved"
            raise DeskError(key, fields=fields, path=str(saved), name=args.save_mapping,
                            keys=listed(f'{name} = ""' for name in missing), headers=headers, no_category=no_category)
        raise DeskError("import.cli.columns_missing", fields=fields, headers=headers, no_category=no_category)
    shown = imports.preview(opened)
    if shown.readings:
        print(t("import.reading.title", readings=" · ".join(shown.readings)))
    for note in file_notes(opened):
        print(note)
    print(t("import.cli.preview", count=len(shown.rows)))
    names = {c.code: c for c in opened.categories}
    for row in shown.rows:
        when = row.received_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if row.received_at else "-"
        mark = t("import.preview.already") if row.source_key in shown.already else \
            t("import.preview.text_only") if row.kept_as_text and not row.problems else ""
        print(f"  {row.where:>6}  {when}  {_category_label(names, row.category)}  {row.reporter}  {row.phone}  {row.summary[:30]}"
              f"  {status_text(row)} {mark}")
        for problem in row.problems:
            print(f"          ! {masked_message(masked(problem.message, row.private))}")
    for note in preview_notes(opened, shown, counted_after=not args.dry_run):  # (the outcome counts all rows)
        print(note)
    if args.dry_run:  # (every row read as the import would: a file whose rows would all be refused says so)
        def reading(done: float, read: int) -> None:
            print("\r" + t("import.cli.dry_run_reading", percent=f"{done:.0%}", read=f"{read:,}"), end="",
                  file=sys.stderr, flush=True)

        read, kinds, beyond = imports.tally(opened, reading if sys.stderr.isatty() else None)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        refused = sum(kinds.values())
        print(t("import.cli.dry_run_counts", read=f"{read:,}", fine=f"{read - refused:,}", refused=f"{refused:,}",
                kinds=kinds_text(kinds)) if kinds else t("import.cli.dry_run_all", read=f"{read:,}"))
        if beyond[0]:
            print(beyond_header_text(*beyond))
        print(t("import.cli.dry_run"))
        return 0

    committed = [Progress(0.0, 0, 0, 0, 0)]  # counted as each batch's commit ends: what a failure leaves in

    def progress(step: Progress) -> None:
        committed[0] = step
        if not on_terminal or (asked_to_stop() and step.fraction >= 1):
            return  # the run's last step says 1.0, stopped or not: the line stays at the share of the file read
        print("\r" + t("import.progress", percent=f"{step.fraction:.0%}", read=f"{step.read:,}",
                        imported=f"{step.imported:,}", skipped=f"{step.skipped:,}",
                        rejected=f"{step.rejected:,}"), end="", file=sys.stderr, flush=True)

    on_terminal = sys.stderr.isatty()  # a log or pipe gets the summary line only, not \r-joined updates
    try:
        with stopping_on_ctrl_c() as asked_to_stop:  # (the progress line above asks it too)
            result = imports.run(opened, progress=progress, should_stop=asked_to_stop)
    except OSError as exc:  # (a full disk, a file that could not be read on): the batches committed stay in
        from frontdesk.i18n import os_reason

        if on_terminal:
            print(file=sys.stderr)
        done = committed[0]
        raise DeskError("import.cli.failed_at" if exc.filename else "import.cli.failed", path=str(exc.filename),
                        reason=os_reason(exc), imported=f"{done.imported:,}", skipped=f"{done.skipped:,}") from exc
    if on_terminal:
        print(file=sys.stderr)
    for line in outcome_lines(result):
        print(line)
    if result.stopped:
        return STOPPED
    return 1 if result.rejected else 0  # 1: done, with rows rejected


#: The exit code of an import stopped by Ctrl+C (as any command stopped so: 128 + SIGINT).
STOPPED = 130


@contextmanager
def stopping_on_ctrl_c() -> Iterator[Callable[[], bool]]:
    """While an import runs, Ctrl+C stops it as Esc does on the screen: after the batch being written, its
    end audited and its report written, the officer told where it stopped. A second Ctrl+C stops at once
    (the database stays whole; its end goes unrecorded). The first is said at once, even while the import
    waits for another desk's write or a slow batch: written straight to the terminal's file, not printed (a
    print from the handler could land inside one of the progress line's, which Python refuses)."""
    import os
    import signal
    import sys

    asked: list[bool] = []

    def on_ctrl_c(signum, frame) -> None:
        if asked:
            raise KeyboardInterrupt
        asked.append(True)
        encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
        try:
            os.write(2, ("\n" + t("import.cli.stopping") + "\n").encode(encoding, errors="replace"))
        except OSError:  # (no standard error to say it on: the import still stops after its batch)
            pass

    def asked_to_stop() -> bool:
        return bool(asked)

    try:
        before = signal.signal(signal.SIGINT, on_ctrl_c)
    except ValueError:  # not the main thread (a test's): Ctrl+C is not this thread's to take
        yield lambda: False
        return
    try:
        yield asked_to_stop
    finally:
        signal.signal(signal.SIGINT, before)
