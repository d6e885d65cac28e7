"""Curation: turning an article into facts, one module per step.

Owns: adding an article (add), proposing its facts (suggest), writing located offsets back and the
full check a curator runs (check), and the numbers no fact cites (uncited).
May import: errors, vocabulary, values, resources, seeds, text, build, render.result. Never
commands, queries or web.
"""
