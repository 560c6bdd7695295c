"""The heading's parties and names in fields (encoder/parse/people.py).

Cases: tests/parse_cases/people.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_people = cases_of("people")
