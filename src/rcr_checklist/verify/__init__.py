"""Checks that a report PDF still shows what its embedded assessment renders to."""
