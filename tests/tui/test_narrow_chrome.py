"""The top line, the help's legend and the footer at 80 columns (issue 13, console 7): area
labels are words (not cut titles), every area's number key is explained, nothing overflows."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from netraven_tui.domain import Actor
from netraven_tui.services import Services
from netraven_tui.tui.app import build_app
from netraven_tui.tui.modals.help import HelpModal
from tests.tui.conftest import ADMIN, VIEWER, screen_text, settle

SMALL = (80, 24)


async def test_the_area_tabs_at_80_columns_are_whole_short_words(seeded: Services) -> None:
    app = build_app(seeded, auto_login=ADMIN)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        top = screen_text(app).splitlines()[0]
        for label in ("Dash", "Dev", "Tags", "Creds", "Jobs", "Logs", "Cfg", "Users", "Comp"):
            assert f" {label} " in top + " ", top
        assert "ada (admin)" in top


@pytest.mark.parametrize(
    ("actor", "shown", "hidden"),
    [
        (ADMIN, ["9 compliance", "8 users", "notifications"], []),
        (VIEWER, ["9 compliance"], ["8 users", "notifications"]),
    ],
    ids=["admin", "viewer"],
)
async def test_the_help_explains_every_area_key_the_user_has(
    seeded: Services, actor: Actor, shown: list[str], hidden: list[str]
) -> None:
    app = build_app(seeded, auto_login=actor)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)
        text = " ".join(screen_text(app).split())
        assert "1-8" not in text
        for words in shown:
            assert words in text, text
        for words in hidden:
            assert words not in text


def _never_called(*_args, **_kwargs):  # only enables `t`/`T` (they show in the footer)
    raise AssertionError("no connection test runs here")


@pytest.mark.parametrize(
    ("area", "size"), [*((area, SMALL) for area in "1234567890"), ("2", (100, 30))]
)
async def test_the_footer_keys_fit_in_the_width(
    seeded: Services, size: tuple[int, int], area: str
) -> None:
    """Each key shown is whole and clear of the palette hint; `?` (which lists them all) stays."""
    app = build_app(seeded, auto_login=ADMIN, test_connection=_never_called)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(area)
        await settle(pilot)
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        palette = [k for k in keys if k.has_class("-command-palette")]
        limit = palette[0].region.x if palette else size[0]
        for key in keys:
            if key not in palette:
                assert key.region.right <= limit, f"{key.key_display} {key.description} cut"
        assert "? Help" in screen_text(app).splitlines()[-1]
        assert palette or size[0] < 100  # the hint is the first to go, only where room is short
