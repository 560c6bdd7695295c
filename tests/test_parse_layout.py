"""What a unit and a paragraph become (encoder/parse/layout.py).

Cases: tests/parse_cases/layout.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_layout = cases_of("layout")
