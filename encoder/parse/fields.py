"""Memo fields (``SUBJECT:``, ``PARTICIPANTS:``, ``DATE, TIME AND PLACE:``): labels and values.

A label is recognised by its words, every one a field word of ``vocab.json`` (or a joiner);
the value is read by the field's kind: names become persons with the field's role, a date
field's date and place are tagged, anything else is prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import dates
from .. import model as m
from ..vocab import vocab
from .descriptions import NOTETAKER, described_role, is_description, split_description
from .inline import inlines, with_dates
from .people import name_cuts, person_name, side_heading
from .segment import Unit
from .source import Line
from .state import Context

FIELD_COLON = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ,&/-]{0,40}?)\s*:(?:\s+(?P<rest>.*))?$")
CAPS_WORD = re.compile(r"[A-Z][A-Z&-]*\b,?\s*")


@dataclass
class FieldLabel:
    """A memo-field label found at the start of a line."""

    label: str  # as written, with its colon when it has one (``DATE, TIME AND PLACE:``)
    kind: str  # the field kind of vocab.json (``subject``, ``participants``, ``datetime`` …)
    rest: str  # the value written after the label on the same line
    place_only: bool  # a ``PLACE:``/``LOCATION:`` label: its value is a place, not a date


def _field_kind(label: str) -> tuple[str, bool] | None:
    """The field kind of a label's words (all must be field words or joiners), or None."""
    v = vocab()
    norm = re.sub(r"\s+", " ", label.upper()).strip(" ,")
    if norm in v.field_words:
        return v.field_words[norm], norm in ("PLACE", "LOCATION")
    joiners = v.field_joiners
    words = [w for w in re.split(r"[\s,/]+", norm) if w and w not in joiners]
    if not words or any(w not in v.field_words for w in words):
        return None
    return v.field_words[words[0]], all(w in ("PLACE", "LOCATION") for w in words)


def field_label(text: str) -> FieldLabel | None:
    """A memo-field label at the start of a line (``SUBJECT:``, ``DATE, TIME``, ``AND PLACE:``).

    A label without a colon is accepted only in capitals and only for the fields typists
    split around their value (``DATE, TIME`` … ``AND PLACE:``) or set alone on a line
    (``MEMORANDUM FOR``, and any label an OCR layer lost the colon of once the re-flow set it
    on a line of its own: ``SUBJECT``); the longest run of field words wins.
    """
    s = text.strip()
    alone = _field_kind(s) if len(s) > 3 and (s.isupper() or s.istitle() and " " not in s) else None
    if alone:
        return FieldLabel(s, alone[0], "", alone[1])
    hit = FIELD_COLON.match(s)
    if hit and (found := _field_kind(hit.group("label"))):
        verbatim = s[: s.index(":", hit.end("label") - 1) + 1]
        return FieldLabel(verbatim, found[0], (hit.group("rest") or "").strip(), found[1])
    if s.isupper() and (found := _field_kind(s)):
        # a label in capitals alone on its line, its value below (printed editions:
        # ``PARTICIPANTS`` over the list of names)
        return FieldLabel(s, found[0], "", found[1])
    ends = []
    pos = 0
    while (w := CAPS_WORD.match(s, pos)) is not None:
        pos = w.end()
        ends.append(pos)
    for end in reversed(ends):
        label = s[:end].rstrip()
        found = _field_kind(label)
        if found and found[0] in ("datetime", "addressees") and ":" not in label:
            rest = s[end:].strip()
            if (rest and not rest[0].isalnum()) or (
                found[0] == "addressees" and not label.upper().startswith("MEMORANDUM")
            ):
                continue
            return FieldLabel(label, found[0], rest, found[1])
    return None


NAME_SPLIT = re.compile(r"(\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*)")


def run_together_names(text: str, ctx: Context) -> tuple[str, str] | None:
    """Two persons' labels run together without a separator (``The President Prime Minister
    Blair``, OCR of a two-line field): a split where each side resolves to a different
    registry person on its own; otherwise None (the text stays one name)."""
    words = text.split()
    if len(words) < 4 or ctx.settings.registry.resolve_name(text):
        return None
    for i in range(1, len(words)):
        left, right = " ".join(words[:i]), " ".join(words[i:])
        a = ctx.settings.registry.resolve_label(left, ctx.settings.date)
        b = ctx.settings.registry.resolve_label(right, ctx.settings.date) if a else None
        if a and b and a.id != b.id:
            return left, right
    return None


def names_value(text: str, line: int, ctx: Context, role: str,
                last: str | None = None) -> list[m.Inline]:
    """A list of names (``Rogers, Manning, and Williams``) as persons with a role (``last``:
    the last name's, given by a note after the list)."""
    out: list[m.Inline] = []
    prev: m.Name | None = None
    sep = ""
    in_desc = False  # the last part was a description
    parts = NAME_SPLIT.split(text)
    for k, part in enumerate(parts):
        if not part:
            continue
        if NAME_SPLIT.fullmatch(part) or not re.search(r"[A-Za-z]", part):
            out.append(m.Text(part))
            sep = part
            continue
        # ``Chief of Foreign and Security Policy Staff``: a description goes on after ``and``
        goes_on = in_desc and "and" in sep and not any(
            h.kind == "person" for h in ctx.settings.registry.find_mentions(part))
        in_desc = False
        if prev is not None and ("," in sep and "and" not in sep or goes_on) and is_description(
                part):
            # a flattened list runs the next persons into the description (``…, Soviet
            # Ambassador Secretary of State William P. Rogers``): they are names again
            cuts = name_cuts(part, ctx, description=True)
            desc = part[: cuts[0]] if cuts else part
            out.append(m.Text(desc))
            if prev.ref:
                described = ctx.results.described
                described[prev.ref] = described.get(prev.ref, "") + " " + desc.strip()
            if not cuts:
                in_desc = True
                continue
            part = part[cuts[0] :]
        core = part.strip()
        trail = ""
        mark = vocab().marking_re.search(core)
        if mark:
            trail, core = core[mark.start() :], core[: mark.start()].rstrip()
        lead = part[: len(part) - len(part.lstrip())]
        if lead:
            out.append(m.Text(lead))
        cuts = name_cuts(core, ctx, description=False)
        for a, b in zip([0, *cuts], cuts, strict=False):
            # several registry persons in one entry: one person each, never a pseudo-person
            out.extend([person_name(core[a:b].strip(), line, ctx, role), m.Text(" ")])
        if cuts:
            names = [core[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(core)],
                                                         strict=True)]
            count = "two" if len(names) == 2 else str(len(names))
            ctx.warn(line, f"{count} names run together, read as "
                           + ", ".join(f"'{x}'" for x in names[:-1]) + f" and '{names[-1]}'")
            core = core[cuts[-1] :]
        pair = run_together_names(core, ctx)
        if pair:
            out.extend([person_name(pair[0], line, ctx, role), m.Text(" ")])
            ctx.warn(line, f"two names run together, read as '{pair[0]}' and '{pair[1]}'")
            core = pair[1]
        final = last if last and all(  # only descriptions after it: the list's last name
            not x.strip() or NAME_SPLIT.fullmatch(x) or is_description(x)
            for x in parts[k + 1 :]) else None
        prev = person_name(core, line, ctx, final or described_role(parts, k, ctx, role))
        out.append(prev)
        if trail:
            out.append(m.Text(" "))
            out.extend(inlines(trail, line, ctx))
        tail = part[len(part.rstrip()) :]
        if tail:
            out.append(m.Text(tail))
    return out


BULLET = re.compile(r"^[•·*\-–]\s*")
SIDE = re.compile(r"[A-Z][A-Z.]{1,5}|(?:The )?(?:[A-Z][a-z]+ )?Side|United States|Soviet Union")
NOBODY = re.compile(r"(?i:none|nobody|not present|n/a)\.?|[-–—]+")


def field_value(kind: str, place_only: bool, lines: list[Line], ctx: Context,
                label: str = "", local: str | None = None) -> list[m.Inline]:
    """A field's value; ``local``: the clock of a time without a zone (``read_fields``)."""
    out: list[m.Inline] = []
    for i, (n, t) in enumerate(lines):
        if i:
            out.append(m.LineBreak())
        t = t.strip()
        if kind in ("participants", "notetakers", "interpreters"):
            role = {"participants": "participant", "notetakers": "notetaker"}.get(
                kind, "interpreter"
            )
            bullet = BULLET.match(t)
            if bullet:
                out.append(m.Text(bullet.group(0)))
                t = t[bullet.end() :]
            if NOBODY.fullmatch(t):  # ``Interpreter: None``: the field says no one was
                out.append(m.Text(t))
                continue
            if (SIDE.fullmatch(t) and ctx.settings.registry.resolve_name(t) is None
                    or side_heading(t, ctx)):
                # ``USSR`` / ``U.S.`` heading one side's participants (``LBJ`` is a name)
                out.append(m.Text(t))
                continue
            if i and split_description(lines[i - 1][1], t, out, n, ctx):
                continue
            note = re.search(r"\s*\([^()]*\)$", t)
            if note and not vocab().marking_re.fullmatch(note.group(0).strip()):
                # ``Winston Lord, NSC Staff (Notetaker)``: the role of the line's last name
                last = "notetaker" if NOTETAKER.search(note.group(0)) else None
                out.extend(names_value(t[: note.start()], n, ctx, role, last))
                out.append(m.Text(note.group(0)))
            else:
                out.extend(names_value(t, n, ctx, role))
        elif kind == "datetime" and (place_only or i > 0):
            out.append(m.Name("place", None, [m.Text(t)]))
        elif kind == "datetime":
            read = with_dates(t, n, ctx, spans=True, local=local)
            tail = read[-1] if read and isinstance(read[-1], m.Text) else None
            place = re.match(r"^(\s*,\s*)(\S.*\S)\s*$", tail.text) if tail else None
            if place and "PLACE" in label.upper() and any(isinstance(x, m.Date) for x in read):
                # DATE, TIME AND PLACE: September 3, 2002, 7:40 - 7:58 a.m. EDT, Oval Office
                read[-1:] = [m.Text(place.group(1)), m.Name("place", None,
                                                            [m.Text(place.group(2))])]
            out.extend(read)
        else:
            out.extend(inlines(t, n, ctx))
    return out


def addressees(blocks: list[list[Line]], ctx: Context) -> m.Addressees:
    return m.Addressees(
        [
            [x for i, (n, t) in enumerate(b) for x in ([m.LineBreak()] if i else [])
             + inlines(t.strip(), n, ctx)]
            for b in blocks
        ]
    )


INNER_LABEL = re.compile(r"\s+(?=[A-Z][A-Z ,&/-]{2,40}:)")


def split_run_together(line: Line) -> list[Line]:
    """A line holding several memo fields (``SUBJECT: … (S) PARTICIPANTS: …``), one per field.

    Only a capitalised label of the closed set of field labels, with its colon, splits a line.
    """
    n, text = line
    parts: list[Line] = []
    start = 0
    for hit in INNER_LABEL.finditer(text):
        rest = text[hit.end() :]
        lab = field_label(rest)
        before = text[start : hit.start()]
        if (lab is not None and lab.label == lab.label.upper() and ":" in before
                and before.split(":", 1)[1].strip()):
            parts.append((n, text[start : hit.start()]))
            start = hit.end()
    parts.append((n, text[start:]))
    return parts


def name_lines(unit: Unit) -> bool:
    """Lines that can only be names: short, ending no sentence, opening no speech (a check)."""
    return all(len(t.strip()) <= 70 and not re.search(r"[.?!:]$", t.strip()) and ": " not in t
               for _, t in unit.lines)


def more_names(label: FieldLabel, unit: Unit) -> bool:
    """A further block of a list of names (a printed edition groups participants by side,
    ``USSR`` / ``US``, with blank lines between)."""
    return label.kind in ("participants", "notetakers", "interpreters") and name_lines(unit)


def two_columns(raw: list[tuple[FieldLabel, int, list[list[Line]]]]
                ) -> dict[int, list[tuple[FieldLabel, Line]]]:
    """A two-column header read out of order by OCR: a run of labels with no values, then as
    many value lines as labels under the last one. Each value line is read as the value of the
    label in the same position (``SUBJECT:`` … the first line); the text keeps its order, so
    the values stay in the last label's item, one line each. Returns that entry's index and
    its lines with their labels; empty when the header is not of that shape."""
    out: dict[int, list[tuple[FieldLabel, Line]]] = {}
    k = 0
    while k < len(raw):
        j = k
        while j < len(raw) and not raw[j][2] and raw[j][0].kind != "addressees":
            j += 1
        if j < len(raw) and j > k:
            lines = [ln for b in raw[j][2] for ln in b]
            labels = [lab for lab, _, _ in raw[k : j + 1]]
            if not raw[j][0].rest and len(lines) == len(labels):
                out[j] = list(zip(labels, lines, strict=True))
            elif not raw[j][0].rest and (pairs := _surplus_to_participants(labels, lines)):
                out[j] = pairs
        k = j + 1
    return out


def _surplus_to_participants(labels: list[FieldLabel], lines: list[Line]
                             ) -> list[tuple[FieldLabel, Line]] | None:
    """More value lines than labels: the participants' label, when there is one, takes the
    surplus (one name a line), every other label one line, in order; accepted only when the
    date's label then gets a line with a date and no other label does."""
    persons = [k for k, lab in enumerate(labels) if lab.kind == "participants"]
    surplus = len(lines) - len(labels)
    if len(persons) != 1 or surplus <= 0:
        return None
    out: list[tuple[FieldLabel, Line]] = []
    i = 0
    for k, lab in enumerate(labels):
        for line in lines[i : i + (1 + surplus if k == persons[0] else 1)]:
            dated = dates.find_date(line[1], vocab().pivot) is not None
            wants = lab.kind == "datetime" and not lab.place_only
            if dated != wants:
                return None
            out.append((lab, line))
        i += 1 + surplus if k == persons[0] else 1
    return out


def _wrapped_labels(raw: list[tuple[FieldLabel, int, list[list[Line]]]]
                    ) -> list[tuple[FieldLabel, int, list[list[Line]]]]:
    """A label typed over two lines, its value after the second (``DATE, TIME`` / ``AND
    PLACE: November 30, 1984, …``): one label, of the kind its first words name, so that
    the date is read. A first part with a value of its own is a label split around its
    value, and a second part without one belongs to a two-column header: both stay apart."""
    out: list[tuple[FieldLabel, int, list[list[Line]]]] = []
    for lab, n, blocks in raw:
        prev = out[-1][0] if out else None
        first = lab.label.split()[0].upper() if lab.label.split() else ""
        if (prev is not None and not out[-1][2] and prev.label and not prev.label.endswith(":")
                and lab.rest and first in vocab().field_joiners):
            whole = field_label(f"{prev.label} {lab.label} {lab.rest}")
            if whole is not None:
                out[-1] = (whole, out[-1][1], blocks)
                continue
        out.append((lab, n, blocks))
    return out


def read_fields(units: list[Unit], start: int, ctx: Context) -> tuple[m.Fields | None, int]:
    """Memo fields from ``units[start]`` on; returns the fields and the index after them."""
    raw: list[tuple[FieldLabel, int, list[list[Line]]]] = []
    i = start
    while i < len(units) and units[i].kind == "text":
        unit = units[i]
        first = field_label(unit.lines[0][1])
        if (first is None and not raw and name_lines(unit)
                and all(BULLET.match(t.strip()) for _, t in unit.lines)):
            # a bulleted list of names with no label, before the speeches: the participants
            raw.append((FieldLabel("", "participants", "", False), unit.line, [list(unit.lines)]))
            i += 1
            continue
        if first is None:
            if not raw:
                break
            label = raw[-1][0]
            if label.kind != "addressees" and any(raw[-1][2]) and not more_names(label, unit):
                break
            raw[-1][2].append(list(unit.lines))
            i += 1
            continue
        for n, t in (x for line in unit.lines for x in split_run_together(line)):
            lab = field_label(t)
            if lab is not None:
                raw.append((lab, n, [[(n, lab.rest)]] if lab.rest else []))
            elif not raw[-1][2]:
                raw[-1][2].append([(n, t)])
            else:
                raw[-1][2][-1].append((n, t))
        i += 1
    if not raw:
        return None, start
    raw = _wrapped_labels(raw)
    columns = two_columns(raw)
    # the place the fields name sets the clock of their times (``Oval Office``: Washington's)
    local = vocab().zone_of_place(" ".join(
        f"{lab.label} {lab.rest} " + " ".join(t for b in blocks for _, t in b)
        for lab, _, blocks in raw))
    entries = []
    for k, (lab, n, blocks) in enumerate(raw):
        parts = None
        if k in columns:
            parts = [(other.kind, field_value(other.kind, other.place_only, [line], ctx,
                                              other.label, local)) for other, line in columns[k]]
            value = [x for j, (_, part) in enumerate(parts)
                     for x in ([m.LineBreak()] if j else []) + part]
        elif lab.kind == "addressees":
            value: list[m.Inline] = [addressees(blocks, ctx)] if blocks else []
        else:
            value = field_value(lab.kind, lab.place_only, [ln for b in blocks for ln in b], ctx,
                                lab.label, local)
        entries.append(m.FieldEntry(lab.label, lab.kind, value, n, parts))
    return m.Fields(entries), i

