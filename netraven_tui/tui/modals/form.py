"""A modal form: labelled fields, inline messages next to the field a service complained about,
and the typed values kept when saving fails.

Both service calls a form makes run in thread workers: reading the names its fields complete
from (``choices``, when the form opens) and saving (``save``, on `ctrl+s`). The form opens at
once, so keys typed right after the one that opened it land in its fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static
from textual.worker import Worker, WorkerState

from netraven_tui.domain import NetRavenError, ValidationError
from netraven_tui.tui.console import host_of
from netraven_tui.tui.keys import FieldInput, focus_by_key
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.dialog import DialogScreen
from netraven_tui.tui.widgets.suggesters import ListItemSuggester
from netraven_tui.tui.workers import WRITES

T = TypeVar("T")
Values = dict[str, str | bool]
Choices = Mapping[str, Sequence[str]]  # field name -> the names it completes from
EXAMPLES = 3
CONFIRMED = "confirmed:"  # values key prefix of the questions answered yes (AskFirst)


class AskFirst(NetRavenError):
    """Raised by a form's ``save`` (in its worker) to ask a yes/no question before saving. On
    yes the save runs again with ``confirmed(values, key)`` true; on no the form stays as it was."""

    def __init__(self, key: str, question: str, detail: str = "", yes: str = "Save") -> None:
        super().__init__(question)
        self.key, self.question, self.detail, self.yes = key, question, detail, yes


def confirmed(values: Values, key: str) -> bool:
    """The user already answered yes to the :class:`AskFirst` called ``key`` on this form."""
    return values.get(f"{CONFIRMED}{key}") is True


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
    examples: bool = False  # once the choices are read, the placeholder shows the first few

    @property
    def checkbox(self) -> bool:
        return isinstance(self.value, bool)


class FormModal(DialogScreen[T | None], Generic[T]):
    """Calls ``save(values)`` in a thread worker; on ValidationError shows the message by the
    field and stays open. ``choices`` (also in a worker) gives list fields their completion."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        Binding("tab", "next_field", show=False),
        Binding("shift+tab", "next_field(-1)", show=False),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        save: Callable[[Values], T],
        note: str = "",
        choices: Callable[[], Choices] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = tuple(fields)
        self.save = save
        self.note = note
        self.choices = choices
        self.saving = False
        self.answered: set[str] = set()  # AskFirst keys answered yes

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
        blink = host_of(self).cursor_blink
        for field in self.query(Input):
            field.cursor_blink = blink
        # now, not later: keys typed behind the one that opened the form go to this field
        self.set_focus(self.query(".form-fields Input, .form-fields Checkbox").first())
        if self.choices is not None:
            self.read_in_thread(self.choices, self._show_choices, doing="read the choices")

    def _show_choices(self, choices: Choices) -> None:
        """List fields complete from the names read; example ones show the first few."""
        for field in self.fields:
            names = choices.get(field.name)
            if names is None:
                continue
            widget = self.query_one(f"#field-{field.name}", Input)
            widget.suggester = ListItemSuggester(names)
            if field.examples and names:
                widget.placeholder = "e.g. " + ", ".join(list(names)[:EXAMPLES])

    def values(self) -> Values:
        """What is in the fields right now."""
        values: Values = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            values[field.name] = widget.value  # type: ignore[attr-defined]
        return values

    def action_save(self) -> None:
        if self.saving:
            return  # one save at a time: a second ctrl+s must not create the record twice
        self._clear_errors()
        values = self.values()
        values.update({f"{CONFIRMED}{key}": True for key in self.answered})
        self.saving = True
        self.write_in_thread(
            lambda: self.save(values), self._saved, doing="save", refused=self._refused
        )

    def _saved(self, result: T) -> None:
        self.saving = False
        self.dismiss(result)

    def _refused(self, error: NetRavenError) -> None:
        self.saving = False
        if isinstance(error, AskFirst):
            self._ask(error)
        elif isinstance(error, ValidationError):
            self.show_error(error.field, error.message)
        else:
            self.show_error("", str(error))

    def _ask(self, question: AskFirst) -> None:
        focused = self.focused

        def answered(yes: bool | None) -> None:
            if yes:
                self.answered.add(question.key)
                self.action_save()
            elif focused is not None:
                self.set_focus(focused)  # no: back to the form, every field as it was

        self.app.push_screen(
            ConfirmModal(question.question, question.detail, yes=question.yes), answered
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Adds to ServiceCalls.on_worker_state_changed (which reports the error): after an
        # unexpected error the form stays open and may be saved again.
        if event.worker.group == WRITES and event.state is WorkerState.ERROR:
            self.saving = False

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

    def field_entered(self, field: Input) -> None:
        """Enter in ``field``: the next field gets the focus now (the keys typed after the Enter
        go there), or the form saves after its last field."""
        fields = self.fields_in_order()
        index = fields.index(field) if field in fields else -1
        if 0 <= index < len(fields) - 1:
            focus_by_key(self, fields[index + 1])
        else:
            self.action_save()

    def action_next_field(self, step: int = 1) -> None:
        """Tab/shift+tab as Textual's, but a prefilled field's text is selected in the key's turn
        (as after Enter)."""
        widget = self.focus_next() if step > 0 else self.focus_previous()
        if widget is not None:
            focus_by_key(self, widget)

    def fields_in_order(self) -> list[Widget]:
        """The fields Enter moves through."""
        return list(self.query(".form-fields Input, .form-fields Checkbox"))

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
    return FieldInput(
        str(field.value),
        id=f"field-{field.name}",
        compact=True,
        password=field.password,
        placeholder=field.placeholder,
        suggester=field.suggester,
        disabled=disabled,
    )
