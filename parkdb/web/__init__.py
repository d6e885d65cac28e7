"""``parkdb serve``: the fact base in a browser, on Datasette (the optional ``web`` extra).

Owns: Datasette's configuration generated from schema.sql (app) and the link plugin (links).
May import: errors, vocabulary, schema, queries. Never commands.
"""
