"""Line passes before segmentation (encoder/parse/normalise.py).

Cases: tests/parse_cases/normalise.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_normalise = cases_of("normalise")
