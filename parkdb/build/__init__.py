"""The build: facts.csv and the small tables judged row by row and loaded into a new database.

Owns: the one CSV reader (reader), the rule book of a facts.csv row (rules), the reference tables
and the curated groupings (reference, classification), the build's SQL and its named cross-row
checks (store), the steps both build processes run (pipeline), the second process (worker), the
pipeline itself (loader) and the safe replace of the target (target).
May import: errors, vocabulary, values, resources, schema, seeds, text, render. Never db,
curation, queries, web or commands.
"""
