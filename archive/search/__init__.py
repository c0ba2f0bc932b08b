"""Full-text search: keeping the index in step with articles, and ranked queries over it."""
