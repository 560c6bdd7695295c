"""The one exception type the command line turns into a one-line message.

Every failure that is the input's fault (unreadable source, broken data file, invalid result)
is raised as an ``EncodeError`` carrying the file and, where known, the line, so that ``cli``
can print ``file:line: error: message`` and go on with the next file instead of a traceback.
"""

from __future__ import annotations


class EncodeError(Exception):
    """A problem with one input, located as precisely as the input allows."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: error: {self.message}"
