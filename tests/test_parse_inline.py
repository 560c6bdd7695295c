"""Inline marks: portion markings, strikes, brackets, links (encoder/parse/inline.py).

Cases: tests/parse_cases/inline.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_inline = cases_of("inline")


def test_rules_searched_one_by_one_find_what_their_alternation_finds():
    """``_hits`` searches each rule on its own for speed; it must read every text as the
    single alternation of the rules (earlier rule first at one place) would."""
    import random
    import re
    from pathlib import Path

    from encoder.parse.inline import _hits, _rules
    from encoder.vocab import vocab

    rules = _rules(vocab())
    alternation = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx, _ in rules))
    seeds = Path(__file__).parent.parent / "seeds"
    texts = [line for p in sorted(seeds.glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines()]
    texts += ["(U) -(S}- x ~(C)- (S)~ {TS) [Page 3]~~TS~~ a@b.org. U",
              "[a](http://x) **b** [[c]] (sic) (S//NF) call. U\n", "a.a.a@b.c (U)(C) (-S-)"]
    rng = random.Random(13)
    texts += ["".join(rng.choice("([{)}]~*-@. USCTab\n") for _ in range(rng.randint(1, 40)))
              for _ in range(3000)]
    for text in texts:
        expected = [(h.lastgroup, h.span()) for h in alternation.finditer(text)]
        assert [(rule.name, h.span()) for rule, h in _hits(text)] == expected, text
