"""The contract between the console and the backup engine for `t` (test connection).

The engine (``runtime.connection_check.connection_tester``) passes ``build_app(test_connection=...)``
a callable that takes a device id and yields one :class:`ConnectionStep` per stage (TCP connect,
SSH login with each credential, the prompt seen). Without it the action is hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from netraven_tui.domain import ConnectionStep

__all__ = ["ConnectionStep", "ConnectionTester"]

ConnectionTester = Callable[[int], Iterable[ConnectionStep]]
