"""Snapshot fixtures: the same seeded inventory and UTC clock as the Pilot tests."""

from tests.tui.conftest import _utc, seeded  # noqa: F401 - fixtures re-exported for this folder
