"""Completion for form fields: whole values (platforms, roles) and comma-separated tag lists."""

from __future__ import annotations

from collections.abc import Iterable

from textual.suggester import Suggester


class ListItemSuggester(Suggester):
    """Completes the last item of a comma-separated list from known names (`core, la` → `lab`)."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = sorted(set(names))

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        stem = last.strip().lower()
        if not stem:
            return None
        chosen = {item.strip().lower() for item in head.split(",")}
        for name in self.names:
            if name.startswith(stem) and name != stem and name not in chosen:
                prefix = f"{head}, " if head else ""
                return prefix + name if head else name
        return None


def split_list(value: str) -> tuple[str, ...]:
    """'core, lab,,edge ' → ('core', 'lab', 'edge')."""
    return tuple(item.strip() for item in value.split(",") if item.strip())
