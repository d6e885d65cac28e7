"""The value types of the command line: what users type is checked here, before it reaches a
query. A year is ASCII digits from 1 to 9999 and ranges may be open (``2013-``, ``-2016``); text is
UTF-8; a name is never blank; a term is one of the vocabulary's. Anything else is a usage error
(exit 2) whose message shows the value shortened.
"""

from __future__ import annotations

from typing import Any

import click

from ..errors import shorten
from ..values import iso_date, year_range


class Text(click.ParamType):  # type: ignore[type-arg]
    """Text typed by a user: valid UTF-8 (bytes of another encoding, which a shell passes through
    as they are, are a usage error rather than a failure where the text is used)."""

    name = "TEXT"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        text = str(value)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            self.fail(f"{shorten(shown)!r} is not UTF-8 text (expected text in UTF-8; set a "
                      "UTF-8 locale, e.g. LC_ALL=C.UTF-8, or convert it with iconv)", param, ctx)
        return text


TEXT = Text()


class YearRange(click.ParamType):  # type: ignore[type-arg]
    """A year (2019), a range (2013-2016) or an open range (2013-, -2016), as (first, last).

    Years are ASCII digits from 1 to 9999; anything else is a usage error (exit 2).
    """

    name = "YEAR[-YEAR]"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        text = str(value).strip()
        found = year_range(text)
        if found is not None:
            return found
        self.fail(f"{shorten(text)!r} is not a year from 1 to 9999 or a range like 2013-2016, "
                  "2013- or -2016", param, ctx)




class Name(Text):
    """A name typed by a user (a region, sector, seed, ...): never blank, shown shortened."""

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        text = super().convert(value, param, ctx).strip()
        if not text:
            hint = " (leave the option out for no filter)" if isinstance(param, click.Option) else ""
            self.fail(f"must not be empty{hint}", param, ctx)
        return text


NAME = Name()


class IsoDate(click.ParamType):  # type: ignore[type-arg]
    """A date written YYYY-MM-DD in ASCII digits, kept as that text."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        text = str(value).strip()
        if not iso_date(text):
            self.fail(f"{shorten(text)!r} is not a date written YYYY-MM-DD", param, ctx)
        return text


DATE = IsoDate()


class TermChoice(click.Choice):  # type: ignore[type-arg]
    """One of the vocabulary's terms of a kind (and class), read only when a value or the help
    needs them, so that ``parkdb --help`` does not load the vocabulary."""

    def __init__(self, kind: str, cls: str | None = None) -> None:
        # click.Choice.__init__ would store a list; the choices are the property below
        self.kind, self.cls, self.case_sensitive = kind, cls, True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        from .. import vocabulary

        return vocabulary.terms(self.kind, self.cls)


class CommaChoice(click.ParamType):  # type: ignore[type-arg]
    """One or more of the vocabulary's terms of a kind (and class) separated by commas
    (``province,year``), as a tuple; the terms are read only when needed."""

    name = "A[,B...]"

    def __init__(self, kind: str, cls: str | None = None) -> None:
        self.kind, self.cls = kind, cls

    @property
    def choices(self) -> tuple[str, ...]:
        from .. import vocabulary

        return vocabulary.terms(self.kind, self.cls)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.choices) + "][,...]"

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[Any]:
        """The choices completing the last of the comma-separated values typed."""
        from click.shell_completion import CompletionItem

        done, _, last = incomplete.rpartition(",")
        prefix = done + "," if done else ""
        return [CompletionItem(prefix + c) for c in self.choices if c.startswith(last)]

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        picked = tuple(dict.fromkeys(v.strip() for v in str(value).split(",") if v.strip()))
        wrong = [v for v in picked if v not in self.choices]
        if wrong or not picked:
            self.fail(f"{shorten(str(value))!r} is not one or more of {', '.join(self.choices)} "
                      "separated by commas", param, ctx)
        return picked
