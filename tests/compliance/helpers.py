"""Test set-up shared by the compliance tests: configurations written to a real git repository
and indexed the way a backup run indexes them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from netraven_tui.backup.gitstore import GitStore, config_path
from netraven_tui.db import models as m
from netraven_tui.services import Services

BASELINE = """\
[[policy]]
name = "baseline"
description = "what every router must have"
tags = ["core"]            # targets: devices with any of these tags (all when empty)
platforms = []             # optional platform filter
[[policy.rule]]
name = "ntp"
must = '^ntp server 192\\.0\\.2\\.1$'       # a line matching must exist
[[policy.rule]]
name = "no-http"
must_not = '^ip http server$'          # no line may match
[[policy.rule]]
name = "uplink-descriptions"
section = '^interface GigabitEthernet'  # in every section whose parent line matches...
must = '^ description \\S'              # ...a child line matching must exist
[[policy.rule]]
name = "no-shutdown-uplinks"
section = '^interface GigabitEthernet'
must_not = '^ shutdown$'
"""

GOOD_IOS = """\
version 17.9
hostname {hostname}
!
ntp server 192.0.2.1
!
interface GigabitEthernet0/1
 description uplink to core-2
 ip address 10.0.0.1 255.255.255.252
!
interface GigabitEthernet0/2
 description uplink to core-3
!
interface Loopback0
 ip address 10.255.0.1 255.255.255.255
!
end
"""

BAD_IOS = """\
version 17.9
hostname {hostname}
!
ip http server
!
interface GigabitEthernet0/1
 ip address 10.0.0.1 255.255.255.252
 shutdown
!
interface GigabitEthernet0/2
 description uplink to core-3
!
end
"""


def store_config(services: Services, store: GitStore, hostname: str, text: str) -> str:
    """Commit ``text`` as the device's configuration and index it as a new version."""
    device = services.devices.get(hostname)
    path = config_path(device.hostname)
    commit = store.commit([store.stage(path, text)], f"test: {hostname}")
    assert commit is not None
    data = text.encode()
    with services.ctx.transaction() as session:
        session.add(
            m.ConfigVersionRow(
                device_id=device.id,
                hostname=device.hostname,
                commit=commit,
                path=path,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                lines=text.count("\n"),
                created_at=services.ctx.now(),
            )
        )
    return commit


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
