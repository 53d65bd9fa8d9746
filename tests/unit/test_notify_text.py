"""Pure parts of notifications: masking a channel's target, scrubbing errors, the diff a
config_changed event carries (with its section) and the digest's wording."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netraven_tui.domain import JobKind, JobRun, NotifyEvent, NotifyEventKind, RunStatus
from netraven_tui.runtime.notify.diff import masked_diff
from netraven_tui.sections import section_of
from netraven_tui.services.notify_render import digest, event_env
from netraven_tui.services.notify_targets import mask_target, redact


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("mailto://user:secret@127.0.0.1", "mailto://…@127.0.0.1"),
        (
            "mailtos://me:pw@smtp.example.com:465?to=a@example.com",
            "mailtos://…@smtp.example.com:465/…",
        ),
        ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general", "slack://…"),
        ("tgram://123456:ABCdef/987654", "tgram://…"),
        ("json://127.0.0.1:8080/", "json://127.0.0.1:8080"),
        ("ntfy://ntfy.example.com/netraven", "ntfy://ntfy.example.com/…"),
        ("exec:/usr/local/bin/hook", "exec:/usr/local/bin/hook"),
    ],
)
def test_a_target_shows_its_scheme_and_host_only(target: str, shown: str) -> None:
    assert mask_target(target) == shown


def test_errors_are_scrubbed_of_the_targets_secrets() -> None:
    url = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general"
    message = "Failed to send to T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ: 404"
    assert redact(message, url) == "Failed to send to …/…/…: 404"
    assert redact("login failed for u@h with pw hunter22", "mailto://u:hunter22@h") == (
        "login failed for u@h with pw …"
    )


OLD = "hostname r1\n!\ninterface Gi0/1\n description uplink\n shutdown\n!\nntp server 192.0.2.1\n"


def test_the_diff_names_the_section_of_each_hunk() -> None:
    new = OLD.replace("description uplink", "description core uplink")
    diff = masked_diff(OLD, new, "r1 (aaa)", "r1 (bbb)", section_of, platform="cisco_ios")
    assert diff.splitlines()[:5] == [
        "--- r1 (aaa)",
        "+++ r1 (bbb)",
        "@@ -1,7 +1,7 @@ interface Gi0/1",
        " hostname r1",
        " !",
    ]
    assert "- description uplink\n+ description core uplink" in diff
    top = masked_diff(
        OLD, OLD.replace("192.0.2.1", "192.0.2.9"), "a", "b", section_of, platform="cisco_ios"
    )
    assert "@@ -4,4 +4,4 @@\n" in top + "\n"  # a top-level line has no section


def test_a_first_version_diff_is_capped() -> None:
    text = "\n".join(f"line {i}" for i in range(50))
    diff = masked_diff("", text, "(nothing)", "r1", max_lines=20)
    lines = diff.splitlines()
    assert lines[2] == "@@ -0,0 +1,50 @@" and len(lines) == 21
    assert lines[-1] == "… 33 more diff lines"


def test_the_digest_title_counts_what_happened() -> None:
    when = datetime(2026, 11, 28, tzinfo=UTC)
    run = JobRun(
        7,
        1,
        "nightly",
        JobKind.BACKUP,
        RunStatus.PARTIAL,
        "manual",
        "x",
        when,
        when,
        when,
        total=3,
        succeeded=2,
        failed=1,
        changed=1,
        commit="abcdef1234567890",
    )
    events = [
        NotifyEvent(
            NotifyEventKind.CONFIG_CHANGED,
            "nightly",
            7,
            "r1",
            commit="abcdef1234567890",
            message="+1 -1 lines",
            diff="--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y",
        ),
        NotifyEvent(
            NotifyEventKind.DEVICE_FAILED,
            "nightly",
            7,
            "r2",
            error_kind="timeout",
            message="no answer in 10 s",
        ),
    ]
    message = digest(run, events)
    assert message.title == "NetRaven: nightly run 7 partial: 1 changed, 1 failed"
    assert message.severity == "failure"
    assert message.body.splitlines()[0] == (
        "Job nightly, run 7 (partial): 3 devices, 2 ok, 1 failed, 1 changed; commit abcdef1234"
    )
    assert "  r2: timeout: no answer in 10 s" in message.body
    assert "  r1: +1 -1 lines, commit abcdef1234\n--- a\n+++ b" in message.body
    assert event_env(events[1]) == {
        "NETRAVEN_EVENT": "device_failed",
        "NETRAVEN_DEVICE": "r2",
        "NETRAVEN_JOB": "nightly",
        "NETRAVEN_RUN": "7",
        "NETRAVEN_COMMIT": "",
        "NETRAVEN_STATUS": "",
    }


def test_a_section_parser_gets_the_new_text_a_1_based_line_and_the_platform() -> None:
    asked = []

    def section_of(text: str, line_number: int, platform: str) -> str:
        asked.append((text.splitlines()[line_number - 1], platform))
        return "router bgp 65000 › address-family ipv4"

    new = OLD.replace("description uplink", "description core uplink")
    diff = masked_diff(OLD, new, "a", "b", section_of, platform="cisco_xe")
    assert asked == [(" description core uplink", "cisco_xe")]
    assert "@@ -1,7 +1,7 @@ router bgp 65000 › address-family ipv4" in diff
