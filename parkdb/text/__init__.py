"""What the articles say, read as text: quotes and where they stand (citations), numbers as
written with their units and qualifiers (quantities).

Owns: locating and checking a quote in its seed; reading "1.8 billion yuan ($265.9 million)".
May import: errors, vocabulary, values. Nothing here opens a file or a database.
"""
