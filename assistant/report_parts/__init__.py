"""Pieces of the report parser (see :mod:`assistant.reports` for the public functions)."""
