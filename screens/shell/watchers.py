"""Watchers that outlive their widgets, let go.

A widget that watches another object's reactive (`self.watch(self.app, "theme", …)`, as Textual's
TextArea does on mount) leaves an entry in that object's list of watchers, holding the widget and,
through it, its whole screen. Textual drops the entries of closed widgets only when that reactive
changes again; the theme never does, so every case form (it has TextAreas) ever closed stayed in
memory, with its footer, its tables and their caches. The app lets go of them as screens close.

Textual's StylesCache (every widget has one, holding the widget's rendered lines) caches
`get_inner_outer` with functools.lru_cache on the instance method, so the cache keeps the last
1,024 StylesCaches alive long after their widgets have gone, each with its lines and the lines cut
from them: at the desk about 6,000 strips, 8 MiB after ten busy minutes (Textual issue #6665).
`cache_colours_not_widgets` caches the same two styles by the two colours alone: a workaround on a
Textual internal until Textual fixes it, applied only while the method is the one in that issue.
"""

from __future__ import annotations

from functools import lru_cache

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


def cache_colours_not_widgets() -> bool:
    """StylesCache.get_inner_outer cached by its colours, not by the StylesCache it was asked of; True if
    it was Textual's instance-keyed cache and is now replaced (a Textual that fixed it is left alone)."""
    from textual.widget import StylesCache  # Textual's own class (every widget has one), reached where it is used

    keyed_by_instance = StylesCache.__dict__.get("get_inner_outer")
    compute = getattr(keyed_by_instance, "__wrapped__", None)
    if compute is None or not hasattr(keyed_by_instance, "cache_clear") or compute.__code__.co_varnames[:1] != ("cls",):
        return False  # not the method that never reads its first argument (textual 8.2)
    by_colours = lru_cache(1024)(lambda base_background, background: compute(None, base_background, background))

    def get_inner_outer(self, base_background, background):
        return by_colours(base_background, background)

    get_inner_outer.cache_info = by_colours.cache_info
    StylesCache.get_inner_outer = get_inner_outer
    keyed_by_instance.cache_clear()
    return True
