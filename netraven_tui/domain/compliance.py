"""Compliance policies as data (netraven_tui.policy_file reads them, services.compliance
stores them), their results, changes and history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ComplianceStatus(StrEnum):
    COMPLIANT = "compliant"
    NON_COMPLIANT = "non_compliant"
    NO_CONFIG = "no_config"
    ERROR = "error"


class RuleKind(StrEnum):
    MUST = "must"  # a line matching the pattern must exist (in each matching section)
    MUST_NOT = "must_not"  # no line may match


@dataclass(frozen=True, slots=True)
class ComplianceRule:
    name: str
    kind: RuleKind
    pattern: str
    section: str | None = None  # rule applies inside every section whose parent line matches
    id: int | None = None


@dataclass(frozen=True, slots=True)
class CompliancePolicy:
    name: str
    description: str = ""
    tags: tuple[str, ...] = ()  # devices with any of these tags; every device when empty
    platforms: tuple[str, ...] = ()  # only these device types; every platform when empty
    rules: tuple[ComplianceRule, ...] = ()
    id: int | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ComplianceResult:
    """The current result of one rule on one device."""

    policy: str
    rule: str
    device_id: int
    hostname: str
    platform: str
    status: ComplianceStatus
    detail: str
    lines: tuple[int, ...]  # the offending lines (1-based) in the configuration evaluated
    evaluated_at: datetime
    changed_at: datetime  # when the status last changed
    config_sha256: str | None = None
    rule_id: int | None = None


@dataclass(frozen=True, slots=True)
class ComplianceChange:
    """One device x rule whose status changed in an evaluation (``old_status`` None: first)."""

    policy: str
    rule: str
    device_id: int
    hostname: str
    old_status: ComplianceStatus | None
    new_status: ComplianceStatus
    detail: str
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class ComplianceChanges:
    """What one evaluation did: how many device x rule pairs it evaluated, which changed."""

    evaluated: int
    devices: int
    changes: tuple[ComplianceChange, ...] = ()
    counts: tuple[tuple[ComplianceStatus, int], ...] = ()  # statuses of the evaluated pairs

    def count(self, status: ComplianceStatus) -> int:
        return dict(self.counts).get(status, 0)


@dataclass(frozen=True, slots=True)
class PolicySummary:
    policy: CompliancePolicy
    counts: tuple[tuple[ComplianceStatus, int], ...]  # over every device x rule result
    devices: int  # devices with at least one result
    evaluated_at: datetime | None

    def count(self, status: ComplianceStatus) -> int:
        return dict(self.counts).get(status, 0)


@dataclass(frozen=True, slots=True)
class ComplianceHistoryEntry:
    policy: str
    rule: str
    device_id: int | None
    hostname: str
    old_status: ComplianceStatus | None
    new_status: ComplianceStatus
    detail: str
    changed_at: datetime
    config_sha256: str | None = None
