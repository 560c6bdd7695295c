"""Inline marks: portion markings, strikes, brackets, links (encoder/parse/inline.py).

Cases: tests/parse_cases/inline.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_inline = cases_of("inline")
