"""Output: ``render(result, format, stream, screen)`` through one registry of renderers.

The formats live in machine.py (csv, tsv, json, jsonl) and tables.py (table, chart); each
registers itself with what it can render (registry.py). This module is where callers import from,
and importing it registers every format.
"""

from __future__ import annotations

from . import machine, tables
from .machine import formula_safe, json_rows, tsv_field
from .registry import RENDERERS, Screen, render
from .tables import TABLE_ROWS, cell_text, human_number, number_text

__all__ = ["RENDERERS", "TABLE_ROWS", "Screen", "cell_text", "formula_safe", "human_number",
           "json_rows", "machine", "number_text", "render", "tables", "tsv_field"]
