"""Textual's StylesCache.get_inner_outer cached by colours: the same styles, and no widget's cache kept."""

from __future__ import annotations

import gc
import weakref

from textual.color import Color
from textual.style import Style
from textual.widget import StylesCache

from screens.shell.watchers import cache_colours_not_widgets


def test_the_same_styles_and_no_styles_cache_kept_alive():
    cache_colours_not_widgets()  # the app does it when it mounts; once is enough, again does nothing
    assert cache_colours_not_widgets() is False
    base, background = Color(10, 20, 30), Color(200, 100, 50, 0.5)
    caches = [StylesCache() for _ in range(5)]
    answers = [cache.get_inner_outer(base, background) for cache in caches]
    assert answers == [(Style(background=base + background), Style(background=base))] * 5
    assert answers[0] is answers[4]  # cached, by the colours
    refs = [weakref.ref(cache) for cache in caches]
    del caches, answers
    gc.collect()
    assert [ref() for ref in refs] == [None] * 5
