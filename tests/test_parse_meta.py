"""Header facts derived from the body (encoder/parse/meta.py).

Cases: tests/parse_cases/meta.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_meta = cases_of("meta")
