"""Importing HTML news pages: archive.importing.html.parse_html."""

from archive.importing.html.article import parse_html

__all__ = ["parse_html"]
