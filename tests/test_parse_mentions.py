"""People and places named in running text (encoder/parse/mentions.py).

Cases: tests/parse_cases/mentions.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_mentions = cases_of("mentions")
