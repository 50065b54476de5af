"""The questionnaire: its protocol, pure flow, prompts, session and the terminal adapter."""
