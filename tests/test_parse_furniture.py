"""Banners, authority blocks, stamps and docIds as nodes (encoder/parse/furniture.py).

Cases: tests/parse_cases/furniture.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_furniture = cases_of("furniture")
