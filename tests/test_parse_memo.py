"""Divisions, dateline, closing and provenance (encoder/parse/memo.py).

Cases: tests/parse_cases/memo.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_memo = cases_of("memo")
