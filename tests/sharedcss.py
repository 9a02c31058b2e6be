"""One parse of each stylesheet per test process, shared by every app the tests start.

Textual parses an app's CSS (its .tcss files and every widget's DEFAULT_CSS) into rule sets when
the app starts, and again for each screen's CSS; it keeps the rule sets for reuse, but only within
one app's stylesheet. A test process starts hundreds of apps with the same CSS and the same
theme, so the rule sets are kept here across apps instead: the same key Textual uses (the text,
where it came from, default or not, tie-breaker, scope) and the CSS variables it was parsed
with, so a different theme or variable is parsed afresh. Rule sets are only read once parsed
(Textual shares them the same way between re-parses of one app), and apps in one process run one
after another. CSS that fails to parse is not kept, so it fails in every app as before.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet

_parsed: dict[tuple, list] = {}
_parse_once_per_app = Stylesheet._parse_rules


def _variables_key(stylesheet: Stylesheet) -> tuple:
    # Textual replaces the variables' dict (set_variables) rather than changing it in place.
    variables = stylesheet._variables
    memo = stylesheet.__dict__.get("_shared_variables_key")
    if memo is None or memo[0] is not variables:
        memo = (variables, tuple(sorted(variables.items())))
        stylesheet.__dict__["_shared_variables_key"] = memo
    return memo[1]


def _parse_once_per_process(self: Stylesheet, css: str, read_from, is_default_rules: bool = False,
                            tie_breaker: int = 0, scope: str = ""):
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key(self))
    rules = _parsed.get(key)
    if rules is None:
        rules = _parse_once_per_app(self, css, read_from, is_default_rules, tie_breaker, scope)
        _parsed[key] = rules
    return rules


def share_parsed_css() -> None:
    """Keep parsed rule sets for every app started in this process from now on."""
    Stylesheet._parse_rules = _parse_once_per_process
