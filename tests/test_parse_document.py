"""Memorandum or article, and the document id (encoder/parse/document.py).

Cases: tests/parse_cases/document.txt (format in tests/parse_cases.py).
"""

from parse_cases import cases_of

test_document = cases_of("document")
