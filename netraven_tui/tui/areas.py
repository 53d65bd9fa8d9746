"""The console's areas: one screen each, reached by name (`:devices`), number key or palette."""

from __future__ import annotations

from dataclasses import dataclass

from netraven_tui.domain import Role


@dataclass(frozen=True, slots=True)
class Area:
    name: str
    title: str
    key: str
    short: str  # the top line's label when full titles do not fit (80 columns): a word, not a cut
    admin_only: bool = False
    in_bar: bool = True  # listed in the top line (every area is reachable by key, `:` and palette)

    def allowed(self, role: Role) -> bool:
        return role.can_manage_users or not self.admin_only


AREAS: tuple[Area, ...] = (
    Area("dashboard", "Dashboard", "1", "Dash"),
    Area("devices", "Devices", "2", "Dev"),
    Area("tags", "Tags", "3", "Tags"),
    Area("credentials", "Credentials", "4", "Creds"),
    Area("jobs", "Jobs", "5", "Jobs"),
    Area("logs", "Logs", "6", "Logs"),
    Area("configs", "Configs", "7", "Cfg"),
    Area("users", "Users", "8", "Users", admin_only=True),
    Area("compliance", "Compliance", "9", "Comp"),
    Area("notifications", "Notifications", "0", "Notif", admin_only=True, in_bar=False),
)

ALIASES = {
    "dash": "dashboard",
    "home": "dashboard",
    "dev": "devices",
    "creds": "credentials",
    "cred": "credentials",
    "log": "logs",
    "config": "configs",
    "user": "users",
    "job": "jobs",
    "tag": "tags",
    "device": "devices",
    "credential": "credentials",
    "policies": "compliance",
    "policy": "compliance",
    "notify": "notifications",
    "notification": "notifications",
    "channels": "notifications",
}


def find_area(name: str) -> Area | None:
    """The area called ``name`` (or a known alias, or a unique prefix)."""
    wanted = ALIASES.get(name.strip().lower(), name.strip().lower())
    if not wanted:
        return None
    exact = [area for area in AREAS if area.name == wanted]
    if exact:
        return exact[0]
    starts = [area for area in AREAS if area.name.startswith(wanted)]
    return starts[0] if len(starts) == 1 else None
