"""Tags: the groups devices, credentials and jobs share, with how many of each carry them."""

from __future__ import annotations

from textual.binding import Binding

from netraven_tui.domain import Tag
from netraven_tui.tui import formatting as fmt
from netraven_tui.tui.modals.confirm import ConfirmModal
from netraven_tui.tui.modals.form import Field, FormModal, Values
from netraven_tui.tui.screens.records import RecordScreen
from netraven_tui.tui.widgets.record_table import Column, Row

COLUMNS = (
    Column("Tag", 18),
    Column("Description"),
    Column("Devices", 8),
    Column("Credentials", 11),
    Column("Jobs", 5),
)


def tag_row(tag: Tag) -> Row:
    name = f"{tag.name} (system)" if tag.is_system else tag.name
    return Row(
        tag.name,
        (
            name,
            tag.description or "-",
            str(tag.device_count),
            str(tag.credential_count),
            str(tag.job_count),
        ),
        sort_key=tag.name,
        search=f"{tag.name} {tag.description}".lower(),
    )


class TagsScreen(RecordScreen[Tag]):
    AREA = "tags"
    TITLE = "Tags"
    NOUN = "tag"
    COLUMNS = COLUMNS
    EMPTY = "No tags."
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e,enter", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
    ]

    def fetch(self) -> list[Tag]:
        return self.services.tags.list()

    def key_of(self, tag: Tag) -> str:
        return tag.name

    def row_of(self, tag: Tag, now) -> Row:
        return tag_row(tag)

    def action_add(self) -> None:
        def save(values: Values) -> Tag:
            return self.services.tags.create(str(values["name"]), str(values["description"]))

        self.app.push_screen(
            FormModal(
                "Add tag",
                [
                    Field("name", "Name", placeholder="e.g. core"),
                    Field("description", "Description"),
                ],
                save,
            ),
            self._saved,
        )

    def action_edit(self) -> None:
        tag = self.current
        if tag is None:
            return

        def save(values: Values) -> Tag:
            return self.services.tags.update(tag.name, str(values["description"]))

        self.app.push_screen(
            FormModal(
                f"Edit tag {tag.name}", [Field("description", "Description", tag.description)], save
            ),
            self._saved,
        )

    def action_delete(self) -> None:
        tag = self.current
        if tag is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write_in_thread(
                    lambda: self.services.tags.delete(tag.name),
                    lambda _: self._deleted(tag),
                    doing="delete",
                )

        self.app.push_screen(
            ConfirmModal(
                f"Delete tag {tag.name}?",
                f"{fmt.plural(tag.device_count, 'device')}, "
                f"{fmt.plural(tag.credential_count, 'credential')} and "
                f"{fmt.plural(tag.job_count, 'job')} lose it.",
            ),
            confirmed,
        )
