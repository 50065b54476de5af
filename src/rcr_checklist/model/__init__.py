"""Pure data and rules: the bank, conditions, answers, scoring and review models."""
