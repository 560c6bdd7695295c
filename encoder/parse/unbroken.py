"""A text layer with line ends but not one blank line, re-flowed as a whole.

``pdftotext`` of a scanned memorandum keeps its line ends but seldom its blank lines, which
the segmentation reads as the ends of units: every banner, field block, speech and stamp
would run into one paragraph. Such a text is cut as one-line OCR is (``reflow.CUT_RULES``),
on the whole text with its line ends read as spaces; characters never change.
"""

from __future__ import annotations

from ..vocab import Vocab
from .reflow import Evidence, cuts_of
from .source import Line


def unbroken(lines: list[Line], v: Vocab) -> list[Line]:
    """The lines with a blank line before each unit, when there was not one blank line
    between the first and the last line of text; other texts as they are."""
    filled = [k for k, (_, t) in enumerate(lines) if t.strip()]
    if len(filled) < 2 or len(filled) != filled[-1] - filled[0] + 1:
        return lines
    a, b = filled[0], filled[-1] + 1
    ev = Evidence.of("\n".join(t for _, t in lines[:200]), v)
    return lines[:a] + _reflow_unbroken(lines[a:b], v, ev) + lines[b:]


def _reflow_unbroken(lines: list[Line], v: Vocab, ev: Evidence) -> list[Line]:
    """A text layer with line ends but not one blank line (``pdftotext`` of a scan): its
    units are found as in one-line OCR, on the whole text with its line ends as spaces; a
    ``block`` cut at a line's start adds a blank line before it, one inside a line breaks it.
    Line ends stay where they are, so a speech or a field value wrapped over lines stays
    one unit."""
    text = "\n".join(t for _, t in lines)
    cuts = cuts_of(text, v, ev, 0)
    out: list[Line] = []
    k = 0
    start = 0  # where the current line starts in ``text``
    for n, t in lines:
        end = start + len(t)
        pos = 0  # where the current piece of the line starts
        while k < len(cuts) and cuts[k].pos <= end:
            cut, col = cuts[k], cuts[k].pos - start
            k += 1
            if not t[pos:col].strip():  # at the line's start (or its indent)
                if cut.kind == "block" and out and out[-1][1].strip():
                    out.append((n, ""))
                continue
            out.append((n, t[pos:col].rstrip()))
            if cut.kind == "block":
                out.append((n, ""))
            pos = col
        out.append((n, t[pos:]))
        start = end + 1
    return out
