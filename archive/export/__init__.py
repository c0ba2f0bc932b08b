"""Exporting the archive: whole articles in portable formats, one module per format."""
