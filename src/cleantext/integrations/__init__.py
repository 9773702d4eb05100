"""Adapters for running cleantext inside other tools' pipelines (optional dependencies)."""
