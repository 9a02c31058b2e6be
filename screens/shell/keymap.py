"""config.toml's [keys]: binding ids mapped to the keys the officer wants, checked before the desk starts.

frontdesk.station.config reads the table and checks its shape (ids and key
strings). Here the ids are checked against the bindings the program has (the
app's and those of every screen and widget under screens/), each key name against
the keys Textual knows, and every scope for a key given twice: two different
bindings on one key in one scope are refused, naming the config file and the key.
The table is then Textual's keymap (App.set_keymap): the footer, the F1 help and
the palette read the keys in force from the active bindings.

A scope is what Textual looks a key up in at one time: the app's own bindings,
or one screen's, or one widget's. The app's keys work on every screen whose own
bindings do not take the same key (so an app key put on a screen's key is that
screen's there, as F3 is on the desk).
"""

from __future__ import annotations

import pkgutil
import string
from importlib import import_module
from typing import Iterable, Mapping

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys

from frontdesk.station.config import ConfigError, Settings


def normalized(keys: str) -> list[str]:
    """"[, ctrl+N" as Textual binds it: ["left_square_bracket", "ctrl+N"]."""
    return [binding.key for binding in Binding.make_bindings([Binding(keys, "")])]


#: Textual's key names (f2, escape, space), and the names it gives the characters on a keyboard ([, +).
KNOWN_NAMES = ({key.value for key in Keys} | set(KEY_NAME_REPLACEMENTS.values())
               | {normalized(char)[0] for char in string.punctuation if char != ","} | {"comma"})


def is_key_name(key: str) -> bool:
    name = key.rpartition("+")[2]
    return name in KNOWN_NAMES or (len(name) == 1 and name.isprintable())


def bindings_of(node_class: type) -> list[Binding]:
    """The class's bindings as Textual merges them: a subclass's key replaces its base's."""
    by_key: dict[str, list[Binding]] = {}
    for base in reversed(node_class.__mro__):
        if isinstance(base, type) and issubclass(base, DOMNode) and "BINDINGS" in base.__dict__:
            declared: dict[str, list[Binding]] = {}
            for binding in Binding.make_bindings(base.__dict__["BINDINGS"]):
                declared.setdefault(binding.key, []).append(binding)
            by_key.update(declared)
    return [binding for bindings in by_key.values() for binding in bindings]


def screen_classes() -> list[type]:
    """Every screen and widget class under screens/ that has bindings of its own."""
    import screens

    found: list[type] = []
    for module_info in pkgutil.walk_packages(screens.__path__, "screens."):
        module = import_module(module_info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, DOMNode) and value.__module__ == module.__name__
                    and "BINDINGS" in value.__dict__):
                found.append(value)
    return found


def scopes(app_class: type) -> Iterable[tuple[str, list[Binding]]]:
    """(name, bindings) of each scope: the app, then every screen and widget class under screens/."""
    yield app_class.__name__, bindings_of(app_class)
    for node_class in screen_classes():
        yield node_class.__name__, bindings_of(node_class)


def checked_keymap(settings: Settings, app_class: type) -> dict[str, str]:
    """The [keys] table as a Textual keymap, or ConfigError naming the config file and the key."""
    wanted: Mapping[str, str] = dict(settings.keys)
    if not wanted:
        return {}
    source = str(settings.config_path or "config.toml")
    all_scopes = list(scopes(app_class))
    known = {binding.id for _name, bindings in all_scopes for binding in bindings if binding.id}
    keymap: dict[str, str] = {}
    for binding_id, keys in wanted.items():
        if binding_id not in known:
            raise ConfigError("keys.unknown_id", source=source, id=binding_id)
        for key in normalized(keys):
            if not is_key_name(key):
                raise ConfigError("keys.unknown_key", source=source, id=binding_id, key=key)
        keymap[binding_id] = ",".join(normalized(keys))
    for name, bindings in all_scopes:
        _refuse_a_key_taken_twice(name, bindings, keymap, source)
    return keymap


def _refuse_a_key_taken_twice(scope: str, bindings: list[Binding], keymap: Mapping[str, str], source: str) -> None:
    """Two different bindings on one key here, one of them put there by the keymap: refused."""
    holders: dict[str, list[tuple[Binding, bool]]] = {}
    for binding in bindings:
        moved = binding.id in keymap
        keys = keymap[binding.id].split(",") if moved else [binding.key]  # type: ignore[index]
        for key in keys:
            holders.setdefault(key, []).append((binding, moved))
    for key, held in holders.items():
        names = {binding.id or binding.action for binding, _moved in held}
        if len(names) > 1 and any(moved for _binding, moved in held):
            first, second = sorted(names)[:2]
            raise ConfigError("keys.taken_twice", source=source, key=key, first=first, second=second, where=scope)
