"""Side-by-side comparison of submissions: the comparison model, its chart and its formats."""
