"""The command line's commands, grouped by area as queries/ is: parse -> call -> render.

Owns: the options every command shares and ``emit`` (options), the value types that check what
users type (types),
shell completion of values (completion), and one module per area of commands. cli.py registers
them. May import anything below it: queries, render, build, curation, web, db.
"""
