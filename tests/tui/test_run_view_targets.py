"""The run view lists exactly the run's devices while it runs: an ad-hoc backup (`b` on a device
page, `device backup`) shows its own device pending, never others, and a job's run does not
grow rows for devices added to the job's tags after it started. Against the lab's devices that
never answer, so the run stays open while we look."""

from __future__ import annotations

import pytest

from netraven_tui.domain import DeviceInput
from netraven_tui.runtime.console import start_console_runtime
from tests.tui import test_jobs_runs as jobs_runs
from tests.tui.test_jobs_runs import SIZE, console, device_states, lab_services, wait_until

pytestmark = pytest.mark.lab

fleet = jobs_runs.fleet


@pytest.fixture
def slow(settings, env, fleet, tmp_path):
    """One device at a time, each hanging for 8 s: a run stays in progress until cancelled."""
    lab = lab_services(settings, env, fleet, tmp_path, workers=1, connect_timeout=8.0)
    runtime = start_console_runtime(lab, scheduler=False)
    yield lab, runtime
    runtime.stop(grace_seconds=10)
    lab.close()


async def test_an_ad_hoc_run_shows_only_its_own_device_pending(slow, fleet) -> None:
    from netraven_tui.tui.screens.run_view import RunViewScreen

    lab, runtime = slow
    hang = next(d.hostname for d in fleet.devices if d.fault == "hang")
    device = lab.devices.get(hang)
    app = console(lab, runtime)
    async with app.run_test(size=SIZE) as pilot:
        run_id = runtime.runner.start_devices([device.id], "manual", "tester")
        await app.push_screen(RunViewScreen(run_id, f"backup of {hang}"))
        view = app.screen
        await wait_until(pilot, lambda: view.loaded and view.run is not None, seconds=10)
        await wait_until(pilot, lambda: device_states(view) != {}, seconds=10)
        # its row is there while it still connects (no result yet), and no other device's
        assert not view.results and set(device_states(view)) == {hang}, device_states(view)
        runtime.runner.cancel(run_id)
        await wait_until(pilot, lambda: view.run.status.finished, seconds=20)
        assert set(device_states(view)) == {hang}
    assert not app.unexpected_errors


async def test_a_job_run_does_not_list_devices_added_after_it_started(slow, fleet) -> None:
    from netraven_tui.tui.screens.run_view import RunViewScreen

    lab, runtime = slow
    hanging = {d.hostname for d in fleet.devices if d.fault == "hang"}
    app = console(lab, runtime)
    async with app.run_test(size=SIZE) as pilot:
        run_id = runtime.runner.start("backup-hang", "manual", "tester")
        await wait_until(pilot, lambda: runtime.runner.targets_of(run_id) is not None)
        # added to the job's tag while the run goes: the next run takes it, this one does not
        lab.devices.create(DeviceInput("late-sw1", "127.0.0.1", "cisco_ios", tags=("fault-hang",)))
        await app.push_screen(RunViewScreen(run_id, "backup-hang"))
        view = app.screen
        await wait_until(pilot, lambda: view.loaded, seconds=10)
        assert set(device_states(view)) == hanging, device_states(view)
        runtime.runner.cancel(run_id)
        await wait_until(pilot, lambda: view.run.status.finished, seconds=30)
    assert not app.unexpected_errors
