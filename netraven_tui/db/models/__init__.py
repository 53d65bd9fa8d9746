"""SQLAlchemy 2 typed models, one module per part of the schema. Alembic owns the schema
(alembic/versions); keep them in step. Importing this package registers every table on the
one ``Base.metadata`` (Alembic's env.py and the services rely on that), and re-exports every
row class, link table and helper, so ``from netraven_tui.db import models as m`` keeps working.
"""

from __future__ import annotations

from netraven_tui.db.models.base import NAMING, Base, UTCDateTime, utcnow
from netraven_tui.db.models.compliance import (
    ComplianceHistoryRow,
    CompliancePolicyRow,
    ComplianceResultRow,
    ComplianceRuleRow,
)
from netraven_tui.db.models.configs import ConfigVersionRow, RepoPushRow
from netraven_tui.db.models.hostkeys import HostKeyRow
from netraven_tui.db.models.inventory import (
    CredentialRow,
    DeviceRow,
    TagRow,
    credential_tags,
    device_tags,
)
from netraven_tui.db.models.jobs import JobRow, job_devices, job_tags
from netraven_tui.db.models.log_entries import LogEntryRow
from netraven_tui.db.models.notifications import (
    NotifyChannelRow,
    NotifyDeliveryRow,
    NotifyFailingAlertRow,
)
from netraven_tui.db.models.processes import CollectorResultRow, CollectorRow, SchedulerLeaseRow
from netraven_tui.db.models.runs import ACTIVE_RUN_SQL, DeviceResultRow, JobRunRow
from netraven_tui.db.models.users import UserKeyRow, UserRow

__all__ = [
    "NAMING",
    "UTCDateTime",
    "utcnow",
    "Base",
    "device_tags",
    "TagRow",
    "DeviceRow",
    "credential_tags",
    "CredentialRow",
    "HostKeyRow",
    "job_tags",
    "job_devices",
    "JobRow",
    "ACTIVE_RUN_SQL",
    "JobRunRow",
    "DeviceResultRow",
    "ConfigVersionRow",
    "RepoPushRow",
    "LogEntryRow",
    "UserRow",
    "UserKeyRow",
    "SchedulerLeaseRow",
    "CollectorRow",
    "CollectorResultRow",
    "CompliancePolicyRow",
    "ComplianceRuleRow",
    "ComplianceResultRow",
    "ComplianceHistoryRow",
    "NotifyChannelRow",
    "NotifyDeliveryRow",
    "NotifyFailingAlertRow",
]
