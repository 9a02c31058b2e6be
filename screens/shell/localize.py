"""Key bindings written with catalogue keys, shown in the officer's language.

BINDINGS are class attributes, built before the language is chosen; each node
translates its own copy when it is created.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from frontdesk.i18n import t


def localize_bindings(node: DOMNode) -> None:
    """Replace `node`'s binding descriptions and tooltips (catalogue keys) with text."""
    bindings = node._bindings.key_to_bindings
    for key, entries in list(bindings.items()):
        bindings[key] = [
            replace(
                binding,
                description=t(binding.description) if binding.description else "",
                tooltip=t(binding.tooltip) if binding.tooltip else "",
            )
            for binding in entries
        ]


class Localized:
    """Mixin for screens and widgets whose BINDINGS use catalogue keys."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)  # type: ignore[arg-type]
