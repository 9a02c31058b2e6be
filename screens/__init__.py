"""What the officer sees: Textual screens, widgets and styles."""

import os

# Textual paints at most TEXTUAL_FPS frames a second (60 unless set). Results that arrive within a frame of the
# last paint wait for the next one: keys typed back to back (a quick typist, an ID card reader) saw their look-up
# results 17 ms after the keystroke at the median and 36 ms at p95 (1,000,000 cases, bench_lookup.py); at 120
# frames 13 and 20 ms, for no more work while nothing changes (a frame is painted only when something has).
# Set before Textual is first imported; a TEXTUAL_FPS of the officer's own stays.
os.environ.setdefault("TEXTUAL_FPS", "120")
