"""Watchers that outlive their widgets, let go.

A widget that watches another object's reactive (`self.watch(self.app, "theme", …)`, as Textual's
TextArea does on mount) leaves an entry in that object's list of watchers, holding the widget and,
through it, its whole screen. Textual drops the entries of closed widgets only when that reactive
changes again; the theme never does, so every case form (it has TextAreas) ever closed stayed in
memory, with its footer, its tables and their caches. The app lets go of them as screens close.
"""

from __future__ import annotations

#: Where textual.reactive keeps an object's watchers ({reactive name: [(widget, callback)]}).
WATCHERS = "__watchers"


def forget_closed_watchers(watched: object) -> int:
    """Drop the watchers on `watched` whose widget has stopped running; how many were dropped."""
    dropped = 0
    for entries in getattr(watched, WATCHERS, {}).values():
        kept = [(node, callback) for node, callback in entries if node is watched or node.is_running]
        dropped += len(entries) - len(kept)
        entries[:] = kept
    return dropped


def forget_closed_watchers_on_screens(app) -> int:
    """Let go on the app, on each screen open and on their footers: a footer redraws its keys whenever
    the bindings change (each time its screen comes back), and every key it drew watched the footer
    (Textual binds each key's `compact` to it), so the desk's own footer collected keys for ever."""
    from textual.widgets import Footer

    dropped = forget_closed_watchers(app)
    for screen in app.screen_stack:
        dropped += forget_closed_watchers(screen)
        for footer in screen.query(Footer):
            dropped += forget_closed_watchers(footer)
    return dropped
