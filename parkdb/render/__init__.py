"""Rendering: the one Result every query returns and the ways it is written out.

Owns: Result and Page (result), the renderers of each format (output), fitting text to a terminal
(fit), the terminal and its pager (pager), the build's progress bar (progress).
May import: errors and the standard library (rich inside functions). Nothing here runs SQL.
"""
