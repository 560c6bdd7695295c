"""Numbered notes and their calls (encoder/parse/footnotes.py).

Cases: tests/parse_cases/footnotes.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_footnotes = cases_of("footnotes")
