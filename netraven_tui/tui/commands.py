"""The command palette (`ctrl+p`): every area the user may open, then the actions of the screen
the palette was opened on (only those the role allows, as in the footer)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from netraven_tui.tui.areas import AREAS
from netraven_tui.tui.console import ConsoleHost


class ConsoleCommands(Provider):
    """Areas as 'Go to …', actions as '<Area>: <description>'."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.app
        host = cast(ConsoleHost, app)
        commands: list[tuple[str, Callable[[], object], str]] = []
        services = host.session_services
        if services is None:
            return commands
        for area in AREAS:
            if area.allowed(services.actor.role):
                commands.append(
                    (
                        f"Go to {area.title}",
                        partial(host.area, area.name),
                        f"key {area.key} or :{area.name}",
                    )
                )
        screen = self.screen
        title = getattr(screen, "TITLE", "")
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if (
                not active.enabled
                or not binding.show
                or not binding.description
                or binding.action in seen
                or binding.action in ("command", "filter")
            ):
                continue
            seen.add(binding.action)
            label = f"{title}: {binding.description}" if title else binding.description
            key = app.get_key_display(binding)
            commands.append((label, partial(self._run, binding.action, active.node), f"key {key}"))
        return commands

    async def _run(self, action: str, node: object) -> None:
        await self.app.run_action(action, node)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        for label, callback, help_text in self._commands():
            yield DiscoveryHit(label, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, callback, help_text in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=help_text)
