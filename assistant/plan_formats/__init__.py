"""Format parsers behind :mod:`assistant.plans`: header, Word/tab tables, one-cell-per-line text, OCR."""
