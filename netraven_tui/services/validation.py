"""Field rules shared by the services. Each returns the normalised value or raises ValidationError."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping

from netraven_tui.domain import Role, ValidationError
from netraven_tui.platforms import PlatformSpec

_HOSTNAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9_])?$")
_DNS_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_SITE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.@-]{0,63}$")

MIN_PASSWORD_LENGTH = 8
# What str.splitlines cuts at: any of these would split a description over two table rows.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def hostname(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError("hostname", "is required")
    if not _HOSTNAME.match(value):
        raise ValidationError(
            "hostname",
            f"{value!r} is not a valid hostname (letters, digits, '.', '-' and '_', up to 255 characters)",
        )
    return value


def address(value: str) -> str:
    """An IPv4/IPv6 address (returned in canonical form) or a DNS name (lower-cased)."""
    value = (value or "").strip()
    if not value:
        raise ValidationError("address", "is required")
    candidate = value[1:-1] if value.startswith("[") and value.endswith("]") else value
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        pass
    name = value.rstrip(".").lower()
    labels = name.split(".")
    looks_numeric = all(label.isdigit() for label in labels)
    if looks_numeric or len(name) > 253 or not all(_DNS_LABEL.match(label) for label in labels):
        raise ValidationError("address", f"{value!r} is not a valid IPv4/IPv6 address or DNS name")
    return name


def port(value: int | str) -> int:
    text = str(value).strip() if value is not None else ""
    if text == "":
        return 22
    try:
        number = int(text)
    except ValueError:
        raise ValidationError("port", f"{value!r} is not a number (expected 1-65535)") from None
    if not 1 <= number <= 65535:
        raise ValidationError("port", f"{number} is out of range 1-65535")
    return number


def platform(value: str, table: Mapping[str, PlatformSpec]) -> str:
    value = (value or "").strip().lower()
    if not value:
        raise ValidationError("platform", "is required")
    if value not in table:
        raise ValidationError(
            "platform",
            f"{value!r} is not a supported Netmiko device type (supported: {', '.join(sorted(table))})",
        )
    return value


def name(value: str, field: str = "name") -> str:
    """Names of tags, credentials and jobs: lower-case letters, digits, '.', '-', '_'."""
    value = (value or "").strip().lower()
    if not value:
        raise ValidationError(field, "is required")
    if not _NAME.match(value):
        raise ValidationError(
            field,
            f"{value!r} is not a valid name (lower-case letters, digits, '.', '-', '_'; up to 64)",
        )
    return value


def site(value: str | None) -> str:
    """A device's site: "" (no site) or a short name, lower-cased (it names a task queue)."""
    value = (value or "").strip().lower()
    if value and not _SITE.match(value):
        raise ValidationError(
            "site",
            f"{value!r} is not a valid site (lower-case letters, digits, '.', '-', '_'; up to 32)",
        )
    return value


def sites(values: Iterable[str]) -> tuple[str, ...]:
    """A list of sites (``--sites a,b``); "" stands for the devices without a site."""
    return tuple(dict.fromkeys(site(v) for v in values))


def tag_names(values: Iterable[str], field: str = "tags") -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for raw in values:
        if raw is None or not str(raw).strip():
            continue
        try:
            seen[name(str(raw), field)] = None
        except ValidationError as error:
            raise ValidationError(field, error.message) from None
    return tuple(seen)


def priority(value: int | str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError("priority", f"{value!r} is not a number (expected 0-10000)") from None
    if not 0 <= number <= 10000:
        raise ValidationError("priority", f"{number} is out of range 0-10000")
    return number


def username(value: str, field: str = "username") -> str:
    value = (value or "").strip().lower()
    if not value:
        raise ValidationError(field, "is required")
    if not _USERNAME.match(value):
        raise ValidationError(
            field,
            f"{value!r} is not a valid user name (lower-case letters, digits, '.', '-', '_', '@')",
        )
    return value


def device_username(value: str) -> str:
    """The login a credential uses on devices: anything printable, no surrounding spaces."""
    value = (value or "").strip()
    if not value:
        raise ValidationError("username", "is required")
    if len(value) > 255 or any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValidationError("username", "must be printable, without spaces, up to 255 characters")
    return value


def secret(value: str | None, field: str, required: bool) -> str | None:
    if value is None or value == "":
        if required:
            raise ValidationError(field, "is required")
        return None
    if "\n" in value or "\r" in value:
        raise ValidationError(field, "must be one line")
    return value


def user_password(value: str) -> str:
    if value is None or len(value) < MIN_PASSWORD_LENGTH:
        raise ValidationError("password", f"must be at least {MIN_PASSWORD_LENGTH} characters")
    return value


def role(value: str | Role) -> Role:
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        raise ValidationError(
            "role", f"{value!r} is not a role (expected admin, operator or viewer)"
        ) from None


def text(value: str | None, field: str, limit: int = 2000) -> str:
    """One line of free text (descriptions, serials): a line break would break lists and CSVs."""
    value = (value or "").strip()
    if any(ch in value for ch in _LINE_BREAKS):
        raise ValidationError(field, "must be one line")
    if len(value) > limit:
        raise ValidationError(field, f"is too long ({len(value)} characters, at most {limit})")
    return value
