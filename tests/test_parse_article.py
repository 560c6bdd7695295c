"""A journal article's front, sections and navigation (encoder/parse/article.py).

Cases: tests/parse_cases/article.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_article = cases_of("article")
