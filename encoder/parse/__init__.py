"""Recognise the phenomena of a transcription and build the document model.

One module per phenomenon; ``document`` runs them in order (see README, "Where things are").
Recognisers work on the kind of thing (any all-caps classification word, any ``Title Name:``
label, any bracketed note of a known kind), driven by the vocabularies in
``encoder/data/vocab.json`` (``encoder.vocab``), not on the seeds' exact strings.
"""

from .document import parse
from .source import decode_source, read_source

__all__ = ["decode_source", "parse", "read_source"]
