"""The interactive review of a submission: verdicts per answer and the sign-off."""
