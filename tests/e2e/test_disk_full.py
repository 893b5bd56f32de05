"""A disk that fills up under a running server: the phone keeps its answer and says so, the control view warns.

The server's file size limit (RLIMIT_FSIZE, set on the running process with `prlimit`) stands in for a full
disk: every write SQLite makes beyond it fails as it would on a full file system.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .pages import SAVED, Facilitator, Phone, expect, log_in, new_session, screenshot, stored

NOT_SAVED = "Niet opgeslagen, probeer het opnieuw."


def file_size_limit(server, limit: str) -> None:
    """Set the running server's largest writable file size (bytes, or 'unlimited'): the soft limit only, which
    a process may raise again up to the hard one."""
    subprocess.run(["prlimit", f"--pid={server.process.pid}", f"--fsize={limit}:"], check=True, timeout=10)


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="prlimit (util-linux) limits the server's files")
def test_a_full_disk_keeps_the_answer_on_the_phone_and_warns_the_facilitator(browsers, server, artifacts):
    code = new_session(server)
    page = browsers.facilitator().new_page()
    log_in(page, server)
    page.goto(f"{server.url}/f/s/{code}")
    f = Facilitator(page, code)
    phone = Phone(browsers.phone("phone"), f.join_url, gate=False)
    phone.join("Gemeente")
    f.open("goede-samenwerking", [phone])

    file_size_limit(server, "1")  # from now on no file of the server can grow: the disk is full
    try:
        phone.choose("Korte lijnen")
        phone.page.get_by_role("button", name="Versturen").tap()
        expect(phone.error).to_have_text(NOT_SAVED)
        expect(phone.confirm).to_be_hidden()
        banner = f.control.locator("#storage")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("antwoorden en wijzigingen worden niet bewaard")
        screenshot(phone.page, artifacts / "phone-not-saved.png")
        screenshot(f.control, artifacts / "control-storage-banner.png")
        assert stored(server, code, "goede-samenwerking") == []
    finally:
        file_size_limit(server, "unlimited")

    # There is room again: the phone sends the answer it kept by itself, and it is stored once.
    expect(phone.confirm).to_have_text(SAVED, timeout=30_000)
    expect(phone.error).to_be_hidden()
    assert stored(server, code, "goede-samenwerking") == [([0], 1)]
    browsers.watch.assert_clean()
