"""Tests of the HTML and Markdown report (a package, so that its conftest does not shadow tests/conftest.py)."""
