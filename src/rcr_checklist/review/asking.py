"""What the review asks through: the small protocol a user interface provides, and text."""

from __future__ import annotations

from rcr_checklist.questionnaire.protocol import PromptAsker

__all__ = ["ReviewAsker", "ask_text"]


ReviewAsker = PromptAsker
"""What the review needs from a user interface: the questionnaire's prompts, no tick lists."""


def ask_text(asker: ReviewAsker, message: str, **kwargs: object) -> str:
    """Ask for text; a key of the scheme pressed here counts as an empty answer.

    Args:
        asker: the user interface.
        message: the prompt.
        **kwargs: passed to ``asker.text`` (default, instruction, validate, ...).

    Returns:
        The text typed, or "".
    """
    got = asker.text(message, **kwargs)  # type: ignore[arg-type]
    return got if isinstance(got, str) else ""
