"""Engines, connection setup and the column types shared by every model."""
