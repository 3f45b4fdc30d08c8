"""The project's exception tree: every error the prover raises derives from `ProverError`.

A failed tactic is not an exception (see `prover.checkers.base`); these are for bad input
and broken backends.
"""

from __future__ import annotations


class ProverError(Exception):
    """Base class of all project errors."""


class InputError(ProverError):
    """Bad user input: the CLI maps it to exit code 2 with a one-line message."""


class LeanSyntaxError(InputError):
    """Malformed text, with the position where parsing stopped.

    >>> str(LeanSyntaxError("unexpected ')'", line=1, column=7))
    "line 1, column 7: unexpected ')'"
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message, self.line, self.column = message, line, column
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(f"{where}{message}")


class UnsupportedSyntax(LeanSyntaxError):
    """Well-formed Lean whose construct the checker does not model (named in the message)."""

    def __init__(self, construct: str, line: int | None = None, column: int | None = None):
        self.construct = construct
        super().__init__(f"unsupported construct: {construct}", line, column)


class ElaborationError(LeanSyntaxError):
    """Text that parses but does not type-check the way Lean would elaborate it."""


class TacticSyntaxError(LeanSyntaxError):
    """A tactic string that is malformed or names an unknown tactic."""


class CheckerCrash(ProverError):
    """A backend broke (not a rejected step): a bug or an environment fault."""
