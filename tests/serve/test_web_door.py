"""The web door: the console in headless Chromium, through textual-serve, on 127.0.0.1."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest

from tests.serve.browser import CHROMIUM, Browser
from tests.serve.conftest import PASSWORDS, Served, start_server

ARTEFACTS = Path(__file__).resolve().parents[2] / ".test-artefacts"

pytestmark = [
    pytest.mark.timeout(240),
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (make test installs it)"),
]


@pytest.fixture
def door(tmp_path: Path):
    served = start_server(tmp_path / "home", "--web", "127.0.0.1:0")
    yield served
    assert served.stop() == 0


async def test_the_web_door_serves_the_login_screen_and_logs_in(door: Served) -> None:
    assert door.web_url is not None and door.web_url.startswith("http://127.0.0.1:")
    async with aiohttp.ClientSession() as http, http.get(door.web_url) as page:
        html = await page.text()
    assert "fonts.googleapis.com" not in html  # nothing on the page reaches the Internet
    browser = Browser()
    try:
        await browser.start()
        await browser.call("Page.navigate", url=door.web_url)
        # the page first offers a Start button; then the console comes up on its login screen
        for _ in range(50):
            if await browser.evaluate("!!document.querySelector('#start')"):
                break
            await asyncio.sleep(0.2)
        await browser.evaluate(
            "document.querySelector('#start') && document.querySelector('#start').click()"
        )
        await browser.wait_for("Password")
        await browser.screenshot(ARTEFACTS / "web-door-login.png")
        await browser.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await browser.type("alice")
        await browser.wait_for("▊  alice ")
        await browser.press("Tab", 9, "\t")
        await asyncio.sleep(0.5)  # the focus moves to the password field
        await browser.type(PASSWORDS["alice"])
        await browser.wait_for("••••")
        await browser.press("Enter", 13, "\r")
        await browser.wait_for("signed in as alice (admin)")
        await browser.screenshot(ARTEFACTS / "web-door-dashboard.png")
        assert PASSWORDS["alice"] not in browser.screen.text
    finally:
        await browser.close()
    services = door.services()
    try:
        assert any(e.message == "user alice logged in" for e in services.logs.recent(50))
    finally:
        services.close()
