"""Loading data files (reference data, the plan, grant schemes, the phrase bank): one way, with one report.

A loader reads its file, checks all of it first (a file with problems raises `FileProblems` and nothing changes),
then writes in one transaction inside `loading(...)`. Loading is not a business action: its writes are not
logged one row at a time (`kizuna.core.audit.unlogged`); the `LoadReport` it returns is its record, and its
command prints it with `print_report` (or refuses with the file's problems).
"""

import contextlib
from collections import Counter
from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.db import transaction

from .audit import unlogged


class FileProblems(Exception):
    """A data file that cannot be loaded, with every problem found in it (the command lists them)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    """What a load did, per kind of row: created, updated, unchanged, and notes (kept rows, warnings)."""

    title: str = ""
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def count(self, state: str, kind: str, n: int = 1) -> None:
        getattr(self, state)[kind] += n

    def kinds(self) -> list[str]:
        return list(dict.fromkeys([*self.created, *self.updated, *self.unchanged]))

    def lines(self) -> list[str]:
        lines = [self.title] if self.title else []
        lines += [f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
                  f"{self.unchanged[kind]} unchanged" for kind in self.kinds()]
        return lines + self.notes


@contextlib.contextmanager
def loading(what: str):
    """One transaction, not logged row by row: the report is the record of `what` was loaded."""
    with transaction.atomic(), unlogged(f"loading {what}: the load report is the record"):
        yield


def print_report(command, load, *args, what: str, **kwargs) -> LoadReport:
    """Run `load(*args, **kwargs)` for a management command: print its report, or refuse with the problems of
    the file (nothing changed)."""
    try:
        report = load(*args, **kwargs)
    except FileProblems as error:
        problems = "\n".join(f"  - {p}" for p in error.problems)
        raise CommandError(f"{what} was not loaded; nothing was changed.\n{problems}") from None
    for line in report.lines():
        command.stdout.write(line)
    return report
