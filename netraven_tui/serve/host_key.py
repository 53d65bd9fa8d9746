"""The server's SSH host key: ed25519, made on first start in the data folder (mode 0600)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from netraven_tui.config import Locations
from netraven_tui.domain import NetRavenError
from netraven_tui.services.ssh_keys import parse_public_key

log = logging.getLogger(__name__)

KEY_NAME = "ssh_host_ed25519_key"


def host_key_path(locations: Locations) -> Path:
    return locations.data_dir / KEY_NAME


def load_or_create_host_key(path: Path):
    """The asyncssh private key at ``path``, made (with ``path``.pub) when missing."""
    import asyncssh

    if not path.exists():
        key = asyncssh.generate_private_key("ssh-ed25519", comment="netraven-tui serve")
        _write_private(path, key.export_private_key())
        _write_private(path.with_name(path.name + ".pub"), key.export_public_key())
        log.info("serve: new SSH host key %s", key.get_fingerprint())
        return key
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        path.chmod(0o600)
        log.warning("serve: host key %s was readable by others (mode %o); now 0600", path, mode)
    try:
        return asyncssh.read_private_key(str(path))
    except (OSError, asyncssh.KeyImportError) as error:
        raise NetRavenError(f"{path}: not a usable SSH host key ({error})") from None


def host_key_fingerprint(locations: Locations) -> str | None:
    """``SHA256:…`` of the host key, for `locate` (None before the first `serve`)."""
    public = host_key_path(locations).with_name(KEY_NAME + ".pub")
    try:
        return parse_public_key(public.read_text()).fingerprint
    except (OSError, NetRavenError):
        return None


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
