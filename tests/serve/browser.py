"""Headless Chromium driven over its DevTools protocol (aiohttp websocket, no extra package).

The page's terminal draws on a canvas, so the test reads what the browser *receives*: every
websocket frame from the web door goes through the same small terminal emulator as the SSH
tests. Chromium resolves no host but 127.0.0.1 (the page names a web font on the Internet,
which must stay unreached), and keeps no profile.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

from tests.serve.screen import Screen

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
_LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


class Browser:
    def __init__(self) -> None:
        # Chromium's helper processes (crashpad, zygote) may still write into the profile for a
        # moment after the browser exits: a cleanup racing them must not fail the test.
        self.profile = tempfile.TemporaryDirectory(
            prefix="nr-chromium-", ignore_cleanup_errors=True
        )
        self.process: subprocess.Popen[str] | None = None
        self.session: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader: asyncio.Task[None] | None = None
        self.target_session: str | None = None
        self.screen = Screen(100, 30)
        self.frames = 0
        self.changed = asyncio.Event()

    async def start(self, width: int = 1000, height: int = 640) -> None:
        assert CHROMIUM is not None
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",  # tests run as root
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile.name}",
                f"--window-size={width},{height}",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--no-proxy-server",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--enable-unsafe-swiftshader",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        url = await asyncio.wait_for(asyncio.to_thread(self._devtools_url), 30)
        self.session = aiohttp.ClientSession()
        self.ws = await self.session.ws_connect(url, max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        target = await self.call("Target.createTarget", url="about:blank")
        attached = await self.call(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        self.target_session = attached["sessionId"]
        await self.call("Network.enable")
        await self.call("Page.enable")

    def _devtools_url(self) -> str:
        assert self.process is not None and self.process.stderr is not None
        for line in self.process.stderr:
            if match := _LISTENING.search(line):
                return match[1]
        raise RuntimeError("chromium did not start")

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        assert self.ws is not None
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if self.target_session and not method.startswith("Target."):
            message["sessionId"] = self.target_session
        future = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self.ws.send_str(json.dumps(message))
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    async def _read(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._waiting:
                self._waiting.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                frame = data["params"]["response"]
                if frame.get("opcode") == 2:  # binary: terminal bytes from the console
                    self.screen.feed(base64.b64decode(frame["payloadData"]))
                    self.frames += 1
                    self.changed.set()

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, awaitPromise=True)
        return result.get("result", {}).get("value")

    async def type(self, text: str) -> None:
        await self.call("Input.insertText", text=text)

    async def press(self, key: str, code: int, text: str) -> None:
        for kind in ("keyDown", "keyUp"):
            await self.call(
                "Input.dispatchKeyEvent",
                type=kind,
                key=key,
                code=key,
                windowsVirtualKeyCode=code,
                text=text if kind == "keyDown" else "",
            )

    async def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while text not in self.screen.text:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise AssertionError(f"{text!r} never reached the browser:\n{self.screen.text}")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(left, 0.5))

    async def screenshot(self, path: Path) -> Path:
        shot = await self.call("Page.captureScreenshot", format="png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self.ws is not None:
            await self.ws.close()
        if self.session is not None:
            await self.session.close()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        for _ in range(20):  # bounded: the helpers are gone within a second or two
            self.profile.cleanup()
            if not Path(self.profile.name).exists():
                break
            await asyncio.sleep(0.1)
