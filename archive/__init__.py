"""archive: a relational archive of news articles on SQLite or PostgreSQL."""

__version__ = "0.1.0"
