"""Text people read in results, logs and errors: one line, of bounded length."""

from __future__ import annotations

MESSAGE_LIMIT = 200


def one_line(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` as one line of at most ``limit`` characters: whitespace runs (newlines
    included) become one space, and a longer text is cut with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
