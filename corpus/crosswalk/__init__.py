"""Crosswalks between the 2018 catalogues and TT57/2026 (reviewed JSON data + a proposer)."""
