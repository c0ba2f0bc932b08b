"""The import pipeline: raw input (text, HTML, JSON) -> ArticleDraft -> rows in the archive."""
