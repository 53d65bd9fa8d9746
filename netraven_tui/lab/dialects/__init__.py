"""How each simulated platform talks: prompts, paging, errors, login quirks, the config command.

``base`` holds the shapes (``Dialect``, ``Terminal``, ``Pager``); ``classic`` the first seven
platforms; ``cisco`` IOS-XR and ASA; ``firewalls`` PAN-OS and FortiOS; ``hpe`` Comware and
ProCurve. Each module's docstring says what Netmiko's driver sends and waits for.
"""

from __future__ import annotations

from netraven_tui.lab.dialects.base import EXIT_COMMANDS, LEAVE_CONTEXT, Dialect, Pager, Terminal
from netraven_tui.lab.dialects.cisco import ASA, XR
from netraven_tui.lab.dialects.classic import CLASSIC
from netraven_tui.lab.dialects.firewalls import FORTIOS, PANOS
from netraven_tui.lab.dialects.hpe import COMWARE, PROCURVE

DIALECTS: dict[str, Dialect] = {
    **CLASSIC,
    "cisco_xr": XR,
    "cisco_asa": ASA,
    "paloalto_panos": PANOS,
    "fortinet": FORTIOS,
    "hp_comware": COMWARE,
    "hp_procurve": PROCURVE,
}

__all__ = ["DIALECTS", "EXIT_COMMANDS", "LEAVE_CONTEXT", "Dialect", "Pager", "Terminal"]
