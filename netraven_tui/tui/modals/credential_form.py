"""The credential form. Secrets go into password fields; on edit an empty field keeps the
stored secret (the services take ``None`` as 'unchanged') and nothing is ever shown back."""

from __future__ import annotations

from netraven_tui.domain import Credential, CredentialInput
from netraven_tui.services import Services
from netraven_tui.tui.modals.form import AskFirst, Choices, Field, FormModal, Values, confirmed
from netraven_tui.tui.widgets.suggesters import split_list

KEEP = "leave empty to keep the stored one"
NO_TAGS = "no-tags"


def credential_form(
    services: Services, credential: Credential | None = None
) -> FormModal[Credential]:
    """A form that creates a credential, or updates ``credential``."""
    c = credential
    fields = [
        Field("name", "Name", c.name if c else "", placeholder="e.g. lab-admin"),
        Field("username", "Username", c.username if c else ""),
        Field("password", "Password", "", password=True, placeholder=KEEP if c else "required"),
        Field(
            "enable_secret",
            "Enable secret",
            "",
            password=True,
            placeholder=KEEP if c and c.has_enable_secret else "optional",
        ),
        Field(
            "priority",
            "Priority",
            str(c.priority) if c else "100",
            placeholder="lower is tried first",
        ),
        Field(
            "tags",
            "Tags",
            ", ".join(c.tags) if c else "",
            placeholder="all (every device), or tags, comma separated",
        ),
        Field("description", "Description", c.description if c else ""),
    ]

    def save(values: Values) -> Credential:
        data = CredentialInput(
            name=str(values["name"]),
            username=str(values["username"]),
            password=str(values["password"]) or None,
            enable_secret=str(values["enable_secret"]) or None,
            priority=str(values["priority"]),
            tags=split_list(str(values["tags"])),
            description=str(values["description"]),
        )
        if not data.tags and not confirmed(values, NO_TAGS):
            raise AskFirst(
                NO_TAGS,
                "No device will use it — save anyway?",
                "A credential is tried only on the devices that share one of its tags, and it "
                "has none (tag all: every device).",
                yes="Save anyway",
            )
        if credential is None:
            return services.credentials.create(data)
        return services.credentials.update(credential.id, data)

    def choices() -> Choices:
        return {"tags": [tag.name for tag in services.tags.list()]}

    title = f"Edit credential {credential.name}" if credential else "Add credential"
    note = "Secrets are encrypted at rest and never shown again." if credential is None else ""
    return FormModal(title, fields, save, note=note, choices=choices)
