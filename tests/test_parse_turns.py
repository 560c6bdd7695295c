"""Where a speaker's turn opens inside a run-together line (encoder/parse/turns.py).

Cases: tests/parse_cases/turns.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_turns = cases_of("turns")
