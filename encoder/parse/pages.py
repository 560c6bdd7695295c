"""Pages: where a run of furniture ends one page and heads the next, and the page numbers."""

from __future__ import annotations

from .. import model as m
from ..vocab import vocab
from .furniture import furniture
from .segment import NUMBER, Unit
from .state import Context

PAGE_EVIDENCE = {"banner", "authority", "docid", "number", "letterhead"}  # a page turned here
FOOT = {"authority", "docid", "stamp"}  # what stands at a page's foot


def split_run(run: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """Split furniture between two stretches of text into the old page's foot and the new head.

    Banners bracket a page's foot: ``banner [authority|docId|stamp…] banner`` or one banner
    alone end a page; authority blocks, docIds and stamps (with one closing banner) do too.
    What follows (more banners, page and log numbers, letterheads) heads the next page.
    """
    i = 0
    if run and run[0].kind == "banner":
        i = 1
        j = i
        while j < len(run) and run[j].kind in FOOT:
            j += 1
        if j > i:
            i = j
            if i < len(run) and run[i].kind == "banner":
                i += 1
    elif run and run[0].kind in FOOT:
        while i < len(run) and run[i].kind in FOOT:
            i += 1
        if i < len(run) and run[i].kind == "banner":
            i += 1
    return run[:i], run[i:]


class Pages:
    """The page a division has reached, and furniture placed at a page's top or bottom."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.page = 0  # the number of the current page

    def furn(self, unit: Unit, place: str | None) -> m.Interrupter:
        """A furniture unit as a node at ``place``; a printed number is a page or log number."""
        if unit.kind == "pagemarker":
            n = vocab().page_re.fullmatch(unit.lines[0][1].strip()).group("n")  # type: ignore[union-attr]
            self.page = int(n)
            return m.PageBreak(n)
        if unit.kind == "number":
            value = int(NUMBER.match(unit.lines[0][1].strip()).group(1))  # type: ignore[union-attr]
            node = furniture(unit, self.ctx)
            assert isinstance(node, m.Furniture)
            node.kind = "pageNum" if value == self.page else "logNum"
            node.place = place
            return node
        node = furniture(unit, self.ctx)
        if isinstance(node, m.Furniture):
            node.place = place
        return node

    def printed(self, top: list[Unit]) -> int | None:
        """The number printed at the new page's top, when it plausibly follows this page."""
        for u in top:
            if u.kind == "number":
                value = int(NUMBER.match(u.lines[0][1].strip()).group(1))  # type: ignore[union-attr]
                if self.page < value <= self.page + 10:
                    return value
        return None

    def missing(self, run: list[Unit]) -> int:
        """Pages missing before the page this run heads: its printed number jumps (page 2,
        then page 4) — the text between two fragments is visibly not in the source."""
        if not run or not any(u.kind in PAGE_EVIDENCE for u in run):
            return 0
        n = self.printed(split_run(run)[1])
        return n - self.page - 1 if n and self.page else 0

    def new_page(self, top: list[Unit]) -> m.PageBreak:
        """The break to the next page: numbered as printed at its top when that is plausible."""
        self.page = self.printed(top) or self.page + 1
        return m.PageBreak(str(self.page))

    def items(self, run: list[Unit], after_trailer: bool) -> list[m.Interrupter]:
        """A run of furniture between text: the old page's foot, a break, the new page's head."""
        if after_trailer or not any(u.kind in PAGE_EVIDENCE for u in run):
            place = "bottom" if after_trailer else None
            return [self.furn(u, place) for u in run]
        foot, top = split_run(run)
        items: list[m.Interrupter] = [self.furn(u, "bottom") for u in foot]
        if not any(u.kind == "pagemarker" for u in run):
            gone = self.missing(run)
            if gone:
                items.append(m.Gap("missing", "", gone))  # type: ignore[arg-type]
                self.ctx.warn(top[0].line if top else None,
                              f"page numbers jump from {self.page} to {self.page + gone + 1}: "
                              f"{gone} page(s) missing between the fragments")
            items.append(self.new_page(top))
        items.extend(self.furn(u, "top") for u in top)
        return items
