"""Rendering: the one Result every query returns and the ways it is written out.

Owns: Result and Page (result), the registry of renderers and what each can render (registry),
the machine formats (machine) and tables and charts (tables), imported together through output;
fitting text to a terminal (fit), the terminal and its pager (pager), the build's progress bar
(progress).
May import: errors, values, vocabulary (the quoting of a column name) and the standard library
(rich inside functions). The only SQL here is a query Result's own shaping (result.py: the
statement as a subquery with ORDER BY and LIMIT).
"""
