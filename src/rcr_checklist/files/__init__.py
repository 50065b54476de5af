"""Bytes on disk: bounded reading, YAML, atomic writes, locks, and the loaders of every input."""
