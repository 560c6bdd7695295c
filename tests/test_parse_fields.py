"""Memo fields: labels and values (encoder/parse/fields.py).

Cases: tests/parse_cases/fields.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_fields = cases_of("fields")
