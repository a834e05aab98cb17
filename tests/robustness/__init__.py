"""Reliability and safety tests: bad input, crashes, load and hostile documents (issue 10)."""
