"""A modal form: labelled fields, inline messages next to the field a service complained about,
and the typed values kept when saving fails."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Label, Static

from netraven_tui.domain import NetRavenError, ValidationError
from netraven_tui.tui.errors import GuardedHandlers

T = TypeVar("T")
Values = dict[str, str | bool]


@dataclass(frozen=True)
class Field:
    """One form field. ``name`` is the field name the services use in ValidationError."""

    name: str
    label: str
    value: str | bool = ""
    password: bool = False
    placeholder: str = ""
    suggester: Suggester | None = None
    aliases: tuple[str, ...] = ()  # other service field names shown here

    @property
    def checkbox(self) -> bool:
        return isinstance(self.value, bool)


class FormModal(GuardedHandlers, ModalScreen[T | None], Generic[T]):
    """Calls ``save(values)``; on ValidationError shows the message by the field and stays open."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self, title: str, fields: Sequence[Field], save: Callable[[Values], T], note: str = ""
    ) -> None:
        super().__init__(classes="form-modal")
        self.form_title = title
        self.fields = tuple(fields)
        self.save = save
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.form_title, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="dialog-note")
            with VerticalScroll(classes="form-fields"):
                for field in self.fields:
                    yield from self.compose_field(field)
            yield Static("", id="form-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static("enter next field · ctrl+s save · esc cancel", classes="dialog-help")

    def compose_field(self, field: Field) -> ComposeResult:
        """One field: its label, its input, and the line its validation message goes to."""
        with Horizontal(classes="form-row"):
            yield Label("" if field.checkbox else field.label, classes="form-label")
            yield field_input(field)
        yield Static("", id=f"error-{field.name}", classes="field-error")

    def on_mount(self) -> None:
        blink = getattr(self.app, "cursor_blink", True)
        for field in self.query(Input):
            field.cursor_blink = blink
        self.query(".form-fields Input, .form-fields Checkbox").first().focus()

    def values(self) -> Values:
        """What is in the fields right now."""
        values: Values = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            values[field.name] = widget.value  # type: ignore[attr-defined]
        return values

    def action_save(self) -> None:
        self._clear_errors()
        try:
            result = self.save(self.values())
        except ValidationError as error:
            self.show_error(error.field, error.message)
            return
        except NetRavenError as error:
            self.show_error("", str(error))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, field_name: str, message: str) -> None:
        """Put ``message`` under the field called ``field_name`` (or at the bottom) and focus it."""
        field = next((f for f in self.fields if field_name in (f.name, *f.aliases)), None)
        if field is None:
            target = self.query_one("#form-error", Static)
            target.update(f"✗ {field_name + ': ' if field_name else ''}{message}")
            target.add_class("-shown")
            return
        error = self.query_one(f"#error-{field.name}", Static)
        error.update(f"✗ {message}")
        error.add_class("-shown")
        self.query_one(f"#field-{field.name}").focus()

    def _clear_errors(self) -> None:
        for error in self.query(".field-error"):
            error.remove_class("-shown")
            error.update("")  # type: ignore[attr-defined]

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(".form-fields Input, .form-fields Checkbox"))
        index = inputs.index(event.input) if event.input in inputs else -1
        if 0 <= index < len(inputs) - 1:
            inputs[index + 1].focus()
        else:
            self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def field_input(field: Field, disabled: bool = False) -> Checkbox | Input:
    """The widget a field is typed into (a checkbox for booleans)."""
    if field.checkbox:
        return Checkbox(
            field.label,
            value=bool(field.value),
            id=f"field-{field.name}",
            compact=True,
            disabled=disabled,
        )
    return Input(
        str(field.value),
        id=f"field-{field.name}",
        compact=True,
        password=field.password,
        placeholder=field.placeholder,
        suggester=field.suggester,
        select_on_focus=False,
        disabled=disabled,
    )
