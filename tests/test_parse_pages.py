"""Page feet, page breaks and page heads between text (encoder/parse/pages.py).

Cases: tests/parse_cases/pages.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_pages = cases_of("pages")
