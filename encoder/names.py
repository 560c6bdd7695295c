"""Finding registry names in running text: which person or place a word sequence names.

Split from the registry (which loads the people and places and resolves labels) because this
is the part that runs on every paragraph of every document: hundreds of forms (names, aliases,
first names) against each text. It tries only the forms whose first word occurs in the text,
longest first, and refuses to guess: a form shared by several entries that the document does
not settle gives a ``Mention`` whose id is ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

_WORD_CHAR = r"[^\W_]"  # a letter or digit: names end where these stop
_WORD = re.compile(rf"{_WORD_CHAR}+")


@dataclass(frozen=True)
class Mention:
    """A name found in running text, as offsets into the searched string.

    ``id`` is ``None`` when the form belongs to more than one registry entry and the document
    does not settle which: the caller leaves it untagged and warns.
    """

    start: int
    end: int
    kind: Literal["person", "place"]
    id: str | None
    text: str


@dataclass(frozen=True)
class Entry:
    """What mention-finding needs to know about one person or place."""

    kind: Literal["person", "place"]
    id: str
    forms: tuple[str, ...]  # name first, then aliases, then first names
    not_within: tuple[str, ...]
    first_names: tuple[str, ...] = ()


def bounded(form: str) -> re.Pattern[str]:
    """A pattern for ``form`` as a whole word sequence (not inside a longer word). The test
    of the character before it comes after the form, so that the pattern starts with its
    literal and ``re`` skips ahead to it (a leading lookbehind is tried at every character
    of a document: four times slower)."""
    form = re.escape(form)
    return re.compile(rf"{form}(?<!{_WORD_CHAR}{form})(?!{_WORD_CHAR})")


class NameIndex:
    """Every form of every entry, ready to be searched for in running text."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        # form -> entries having it; a form shared by several entries is ambiguous.
        self._by_form: dict[str, list[Entry]] = {}
        for e in entries:
            for form in dict.fromkeys(e.forms):
                self._by_form.setdefault(form, []).append(e)
        for form, owners in self._by_form.items():
            if len({o.kind for o in owners}) > 1:
                ids = ", ".join(o.id for o in owners)
                raise ValueError(f"{form!r} is both a person and a place ({ids})")
        # Longest forms first, so that "Boris Nikolayevich" wins over "Boris".
        self._forms = sorted(self._by_form, key=lambda f: (-len(f), f))
        # each form's pattern, compiled when a text first holds the form's first word: most of
        # the hundreds never occur in a worker's documents, and compiling them all took 0.2 s
        # of every run's start, before the workers could begin
        self._patterns: dict[str, re.Pattern[str]] = {}
        # Forms by their first word, so that a text is searched only for the forms that can
        # occur in it (hundreds of aliases, a handful of them in any paragraph); each list
        # keeps the longest-first order. Forms that begin with no word are always tried.
        self._rank = {f: i for i, f in enumerate(self._forms)}
        self._forms_by_word: dict[str, list[str]] = {}
        self._unindexed: list[str] = []
        for form in self._forms:
            first = _WORD.match(form)
            if first is None:
                self._unindexed.append(form)
            else:
                self._forms_by_word.setdefault(first.group(), []).append(form)
        self._first_words = frozenset(self._forms_by_word)

    def find(
        self, text: str, context: str = "", speakers: Collection[str] = ()
    ) -> list[Mention]:
        """Registry people and places named in ``text``, in order, without overlaps.

        Longest forms are matched first, case-sensitively and on word boundaries, so
        "Sandy Berger" is one mention and "Yeltsin's" yields "Yeltsin". A form shared by
        several people (bare "Ivanov") is resolved when ``context`` (the whole document; the
        text itself if empty) contains a longer form of exactly one of them ("Sergey Ivanov"),
        or else when exactly one of them is among ``speakers`` (the ids of the call's
        participants, who settle who "you" and their first names are); otherwise the mention
        has id None. A first name alone is a mention only of someone who takes part in the
        document (see ``_takes_part``). Office titles are never registry forms, so "the
        President" is not a mention.
        """
        context = context or text
        speaking = frozenset(speakers)
        taken = [False] * len(text)
        found: list[Mention] = []
        blocked_cache: dict[str, list[tuple[int, int]]] = {}
        for form in self.candidates(text):
            owners = [o for o in self._by_form[form] if _takes_part(o, form, context, speaking)]
            if not owners:
                continue
            pattern = self._patterns.get(form)
            if pattern is None:
                pattern = self._patterns[form] = bounded(form)
            for m in pattern.finditer(text):
                start, end = m.span()
                if any(taken[start:end]):
                    continue
                live = [o for o in owners if not self._blocked(o, text, start, end, blocked_cache)]
                if not live:
                    continue
                entry_id = (
                    live[0].id if len(live) == 1 else self._settle(form, live, context, speaking)
                )
                found.append(Mention(start, end, live[0].kind, entry_id, form))
                taken[start:end] = [True] * (end - start)
        return sorted(found, key=lambda mention: mention.start)

    # -- helpers ---------------------------------------------------------------------------

    def candidates(self, text: str) -> list[str]:
        """The forms that may occur in ``text`` as whole words, longest first.

        A form that starts with a word can match only where the text has that same word (the
        match is bounded on both sides by non-word characters, and so is the form's first
        word inside it), so only the forms filed under the text's words are tried, in the
        order that :meth:`find` gives them.
        """
        words = self._first_words.intersection(_WORD.findall(text))  # in C: few are
        forms = [f for w in words for f in self._forms_by_word[w]]
        forms += [f for f in self._unindexed if f in text]
        return sorted((f for f in forms if f in text), key=self._rank.__getitem__)

    @staticmethod
    def _blocked(
        entry: Entry, text: str, start: int, end: int, cache: dict[str, list[tuple[int, int]]]
    ) -> bool:
        """True if text[start:end] lies inside one of the entry's ``notWithin`` phrases."""
        for phrase in entry.not_within:
            if phrase not in cache:
                cache[phrase] = [m.span() for m in bounded(phrase).finditer(text)]
            if any(s <= start and end <= e for s, e in cache[phrase]):
                return True
        return False

    def _settle(
        self, form: str, owners: list[Entry], context: str, speakers: frozenset[str]
    ) -> str | None:
        """The one owner of an ambiguous ``form`` that the document singles out, or None.

        First choice: the only owner one of whose longer forms occurs in ``context``. Failing
        that: the only owner who is a participant of the call.
        """
        inside = bounded(form)
        settled = {
            o.id
            for o in owners
            for longer in o.forms
            if longer != form and inside.search(longer) and _occurs(longer, context)
        }
        if not settled:
            settled = {o.id for o in owners if o.id in speakers}
        return next(iter(settled)) if len(settled) == 1 else None


def _takes_part(entry: Entry, form: str, context: str, speakers: frozenset[str]) -> bool:
    """Whether ``form`` may name ``entry`` in this document.

    A first name alone ("Bill", "Boris") is a person's only where he or she takes part in the
    document: a participant of the call, or named in ``context`` by one of the other forms
    (the "Igor" of a call that also says "Ivanov"). A "Bill" in a call of 1985 is not Clinton,
    and a "Boris" who is neither a participant nor named is not Yeltsin. Other forms always may.
    """
    if form not in entry.first_names:
        return True
    if entry.id in speakers:
        return True
    return any(_occurs(f, context) for f in entry.forms if f not in entry.first_names)


class _Occurrences:
    """Whether a form occurs in a context, remembered for the last context only: a document's
    mentions ask the same question of the same (possibly long) text many times, which would
    make tagging quadratic; a cache across documents would keep their texts alive (a worker
    that encodes thousands of documents grew by megabytes)."""

    def __init__(self) -> None:
        self.context: str | None = None
        self.seen: dict[str, bool] = {}

    def __call__(self, form: str, context: str) -> bool:
        if context is not self.context and context != self.context:
            self.context, self.seen = context, {}
        found = self.seen.get(form)
        if found is None:
            found = self.seen[form] = bounded(form).search(context) is not None
        return found


_occurs = _Occurrences()
