"""memcon-encoder: declassified telephone memoranda to a TEI P5 edition."""

__version__ = "0.1.0"
