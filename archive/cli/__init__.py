"""The `archive` command line: thin commands over the repositories and the importer."""
