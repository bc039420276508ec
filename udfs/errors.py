"""The errors our functions raise: one line each, naming the argument, what was wrong and the fix.

Every bad argument raises a :class:`TrappenError` (a ``ValueError``). Its message is one line that an
officer can act on, for example::

    counts: '1.234,5' is text, not a number — type the number without quotes (1234.5)

The Excel edge (``udfs.registry``) turns these into an Excel error value (``excel_error``) with this
message beside it; Python callers simply get the exception. Nothing here returns a number.
"""

from __future__ import annotations


class TrappenError(ValueError):
    """A bad argument. Shown in Excel as ``#VALUE!`` with the one-line message."""

    excel_error = "#VALUE!"

    def __init__(self, argument: str, problem: str, fix: str | None = None):
        self.argument = argument
        self.problem = problem
        self.fix = fix
        message = f"{argument}: {problem}"
        if fix:
            message += f" — {fix}"
        super().__init__(message)


class ZeroDenominatorError(TrappenError):
    """A divisor that is zero (no advisers, no placements, no population). Shown as ``#DIV/0!``."""

    excel_error = "#DIV/0!"


class NotReachedError(TrappenError):
    """A result that does not exist within the data, e.g. no payback within the horizon. Shown as ``#N/A``."""

    excel_error = "#N/A"
