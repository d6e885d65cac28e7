"""``parkdb serve``: the fact base in a browser, on Datasette (the optional ``web`` extra).

Owns: Datasette's configuration generated from schema.sql (app), the link plugin (links) and the
guard plugin (guard: the size cap on values, no article text through arbitrary SQL, CSV safe for
spreadsheets).
May import: errors, vocabulary, schema, queries, db, render. Never commands.
"""
