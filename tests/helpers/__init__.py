"""Shared test helpers: tiny banks, answers, a scripted asker, terminal and reports."""
