"""Snapshot fixtures: a scenario's own set-up (seeding records) is test code, not the desk's."""

from __future__ import annotations

import inspect

import pytest

from frontdesk import ui_thread


@pytest.fixture
def snap_compare(snap_compare):
    """`snap_compare` whose `run_before` may open sessions: it runs inside the app's loop but seeds as a test."""

    def compare(app, *args, run_before=None, **kwargs):
        if run_before is not None:
            scenario = run_before

            async def run_before(pilot):
                with ui_thread.outside():
                    outcome = scenario(pilot)
                    if inspect.isawaitable(outcome):
                        await outcome

        return snap_compare(app, *args, run_before=run_before, **kwargs)

    return compare
