"""The kind of each line, stamps and merged furniture (encoder/parse/segment.py).

Cases: tests/parse_cases/segment.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_segment = cases_of("segment")
