"""Keys typed into a text field are handled one at a time, in the order they were typed.

Textual (8.2.8, upstream issue #6605) hands each key to the focused field's message queue and
takes the next key at once. A field inserts a printable character when it reads it, but a bound
key (backspace, ctrl+u, enter) first bubbles back up to the app, which then runs the binding:
in a burst (a whole write over SSH, a paste-speed typist) the characters after a backspace are
inserted before it deletes, so `8 backspaces + core` leaves the wrong text; and Enter moves the
focus only after the characters typed after it went into the old field.

Here the app handles a key for a focused :class:`~textual.widgets.Input` completely before it
takes the next: priority bindings, then the character, then the bindings from the field up to its
screen (the chain Textual would walk when the key bubbles back), all awaited. A field whose Enter
must move the focus does it in its own action, synchronously (:class:`FieldInput`). A field
that completes from a list gets its suggestion in the same turn as the key that changed its text
(Textual computes it in a worker, which a Right typed right behind would outrun).
Any other key, or any other focused widget, takes Textual's usual path. A key that arrives
while the screen it goes to is still being built (typed right after the key that opened a form)
waits for it.
"""

from __future__ import annotations

import asyncio
import time
from functools import cache
from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets.input import Selection

from netraven_tui.tui.widgets.suggesters import ListItemSuggester

MOUNT_WAIT_SECONDS = 1.0
# suggesters that only look through names in memory: safe to await in the key's own turn
IN_MEMORY_SUGGESTERS = (SuggestFromList, ListItemSuggester)


class KeysInOrder(App[Any]):
    """The app's half of in-order typing; mixed into the console's App."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self._screen_ready()
            if self.screen.maximized is None and await self._handle_now(event):
                return
        await super().on_event(event)

    async def _screen_ready(self) -> None:
        """A key typed right after the one that opened a screen waits for that screen to be
        mounted (its first field focused), so it lands there instead of nowhere. Bounded: a
        screen that takes longer gets the key anyway, the usual way."""
        screen = self.screen
        deadline = time.monotonic() + MOUNT_WAIT_SECONDS
        while not screen.is_mounted and time.monotonic() < deadline:
            await asyncio.sleep(0.005)

    async def _handle_now(self, event: events.Key) -> bool:
        """Handle ``event`` completely now; False leaves it to Textual's usual path."""
        focused = self.focused
        path = list(focused.ancestors_with_self) if focused is not None else [self.screen]
        plain = [node for node in path if node is not self]
        if not all(_bindings_only(type(node)) for node in plain if not isinstance(node, Input)):
            return False  # a widget that reads keys itself (TextArea, Select): Textual's way
        if any(_key_method(type(node), name) for node in plain for name in event.name_aliases):
            return False
        self.app_focus = True
        if event.key == "escape":
            self.screen.clear_selection()  # what Screen's own escape handler does
        before = focused.value if isinstance(focused, Input) else None
        handled = await self._handle_keys(event, focused)
        if isinstance(focused, Input) and focused.value != before and self.focused is focused:
            await suggest_now(focused)
        return handled

    async def _handle_keys(self, event: events.Key, focused: Widget | None) -> bool:
        if await self._check_bindings(event.key, priority=True):
            return True
        if isinstance(focused, Input) and event.is_printable:
            assert event.character is not None
            if focused.selection.is_empty:
                focused.insert_text_at_cursor(event.character)
            else:
                focused.replace(event.character, *focused.selection)
            return True
        # the bindings from the focused widget up to its screen, as when the key bubbles back
        return await self._check_bindings(event.key)


async def suggest_now(field: Input) -> None:
    """Set ``field``'s completion for its text now, as Textual's worker would a moment later (the
    worker's late answer is for the same text, so it changes nothing)."""
    suggester, value = field.suggester, field.value
    if not isinstance(suggester, IN_MEMORY_SUGGESTERS) or not value:
        return
    typed = value if suggester.case_sensitive else value.casefold()
    suggestion = await suggester.get_suggestion(typed)
    if suggestion is not None and field.value == value:
        field._suggestion = suggestion  # noqa: SLF001 - Input keeps its completion here


@cache
def _bindings_only(kind: type) -> bool:
    """Widgets of ``kind`` read no key in a handler of their own (``_on_key``/``on_key``): what
    they do with a key is in their bindings or in a ``key_<name>`` method (see :func:`_key_method`)."""
    return getattr(kind, "_on_key", None) is Widget._on_key and not hasattr(kind, "on_key")


@cache
def _key_method(kind: type, name: str) -> bool:
    """``kind`` has a method Textual calls for the key called ``name`` (``key_<name>``). Screen's
    own ``_key_escape`` only clears a text selection, which :meth:`KeysInOrder._handle_now` does."""
    for method in (f"key_{name}", f"_key_{name}"):
        owner = next((k for k in kind.__mro__ if method in vars(k)), None)
        if owner is not None and owner is not Screen:
            return True
    return False


class FieldInput(Input):
    """A text field whose Enter is handled in the key's own turn by the nearest container's
    ``field_entered(field)`` (its screen's, or a widget's such as the command bar): the focus
    moves before the next key is read, rather than by a Submitted message handled after the keys
    typed behind it.

    ``select_on_focus`` is done in the same turn too, by :func:`focus_by_key`: Textual selects in
    the Focus event, which comes after the keys queued behind the Enter (so `2222` typed after it
    went behind the port's `22`, and the late selection would then cover what was typed)."""

    def __init__(self, *args: Any, select_on_focus: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, select_on_focus=False, **kwargs)
        self.select_when_entered = select_on_focus

    async def action_submit(self) -> None:
        for node in self.ancestors:
            entered = getattr(node, "field_entered", None)
            if callable(entered):
                entered(self)
                return
        await super().action_submit()


def focus_by_key(screen: Screen[Any], widget: Widget) -> None:
    """Move the focus to ``widget`` in the current key's turn; a :class:`FieldInput` that selects
    on focus has its text selected at once, so the keys typed next replace it (Right or End keep
    it and edit on)."""
    screen.set_focus(widget)
    if isinstance(widget, FieldInput) and widget.select_when_entered and widget.value:
        widget.selection = Selection(0, len(widget.value))
