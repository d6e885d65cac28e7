"""Curation: turning an article into facts, one module per step.

Owns: adding an article (add), proposing its facts (suggest), writing located offsets back
(offsets) and the full check a curator runs (check), the numbers no fact cites (uncited), and how
curation writes: the lock on the data directory and the journal that makes a write all or nothing
(files).
May import: errors, vocabulary, values, resources, seeds, text, build, render.result. Never
commands, queries or web.
"""
