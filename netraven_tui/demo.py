"""`netraven-tui demo`: a demo data folder and the console, ready to look around."""

from __future__ import annotations


def run_demo(home: str | None = None, devices: int = 20) -> int:
    from netraven_tui.domain import NetRavenError

    raise NetRavenError("the demo needs the simulated fleet (lab), which is not built yet")
