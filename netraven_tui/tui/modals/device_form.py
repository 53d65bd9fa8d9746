"""The device form: every field, tags and the jump credential completed from the existing ones
(read when the form opens), port, platform and jump host checked by the service and shown next
to the field."""

from __future__ import annotations

from textual.suggester import SuggestFromList

from netraven_tui.domain import SYSTEM_TAG, Device, DeviceInput
from netraven_tui.services import Services
from netraven_tui.tui.modals.form import AskFirst, Choices, Field, FormModal, Values, confirmed
from netraven_tui.tui.widgets.suggesters import split_list


def device_form(services: Services, device: Device | None = None) -> FormModal[Device]:
    """A form that creates a device, or updates ``device``; dismisses with the saved Device."""
    platforms = services.platform_names()  # from the settings: no database read
    d = device
    fields = [
        Field("hostname", "Hostname", d.hostname if d else "", placeholder="e.g. core-sw1"),
        Field("address", "Address", d.address if d else "", placeholder="IP address or DNS name"),
        Field(
            "platform",
            "Platform",
            d.platform if d else "",
            placeholder=", ".join(platforms[:3]) + " … (→ completes)",
            suggester=SuggestFromList(platforms, case_sensitive=False),
        ),
        Field("port", "SSH port", str(d.port) if d else "22"),
        Field(
            "tags",
            "Tags",
            ", ".join(t for t in d.tags if t != SYSTEM_TAG) if d else "",
            placeholder="tags, comma separated (a new one is created)",
            examples=True,
        ),
        Field("site", "Site", d.site if d else "", placeholder="empty: no site (default queue)"),
        Field("description", "Description", d.description if d else ""),
        Field("serial", "Serial", d.serial if d else ""),
        Field("model", "Model", d.model if d else ""),
        # The device's own jump host (its tags' one applies when empty); after the common
        # fields so that typing a device without one is unchanged.
        Field(
            "jump_host",
            "Jump host",
            d.jump_host if d else "",
            placeholder="[user@]host[:port]; empty: its tags' (or direct)",
        ),
        Field(
            "jump_credential",
            "Jump login",
            d.jump_credential if d else "",
            placeholder="credential name (logs in to the jump host)",
        ),
        Field("enabled", "Enabled", d.enabled if d else True),
    ]

    def save(values: Values) -> Device:
        data = DeviceInput(
            hostname=str(values["hostname"]),
            address=str(values["address"]),
            platform=str(values["platform"]),
            port=str(values["port"]),
            tags=split_list(str(values["tags"])),
            description=str(values["description"]),
            serial=str(values["serial"]),
            model=str(values["model"]),
            enabled=bool(values["enabled"]),
            site=str(values["site"]),
            jump_host=str(values["jump_host"]).strip(),
            jump_credential=str(values["jump_credential"]).strip(),
        )
        missing = unknown_tags(services, data.tags)
        create = bool(missing)
        if missing and not confirmed(values, f"create-tags:{','.join(missing)}"):
            raise AskFirst(
                f"create-tags:{','.join(missing)}",
                f"Tag {missing[0]} does not exist — create it?"
                if len(missing) == 1
                else f"Tags {', '.join(missing)} do not exist — create them?",
                "Yes creates it and saves the device; no goes back to the form.",
                yes="Create",
            )
        if device is None:
            return services.devices.create(data, create_missing_tags=create)
        return services.devices.update(device.id, data, create_missing_tags=create)

    def choices() -> Choices:
        return {
            "tags": [tag.name for tag in services.tags.list() if not tag.is_system],
            "jump_credential": [credential.name for credential in services.credentials.list()],
        }

    title = f"Edit device {device.hostname}" if device else "Add device"
    return FormModal(title, fields, save, choices=choices)


def unknown_tags(services: Services, names: tuple[str, ...]) -> list[str]:
    """The names among ``names`` no tag has (tag names are lower case), in the order typed."""
    known = {tag.name for tag in services.tags.list()}
    missing: list[str] = []
    for name in (name.strip().lower() for name in names):
        if name and name not in known and name not in missing:
            missing.append(name)
    return missing
