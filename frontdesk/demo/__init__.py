"""Demo data: a lived-in Chinese police station to try the desk on.

`build_demo(engine, on_duty, cases=...)` fills an empty database with people,
cases, hand-offs, follow-ups and volunteer patrols, deterministically for a seed.
It refuses a database that already holds cases.
"""

from frontdesk.demo.build import DemoStopped, DemoSummary, build_demo, demo_complete

__all__ = ["DemoStopped", "DemoSummary", "build_demo", "demo_complete"]
