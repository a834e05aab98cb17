"""Bundled data (a package so a regular install ships it)."""
