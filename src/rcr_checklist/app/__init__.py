"""Use cases: one function per command (load, score, render, write) and the batch runner."""
