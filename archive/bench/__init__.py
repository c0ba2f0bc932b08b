"""The benchmark: `python -m archive.bench` measures import and search against the limit."""
