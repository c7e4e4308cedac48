"""「公開」 in the editor, in headless Chromium, to the real vsftpd (FTPS) and sshd (SFTP) the
deploy tests start: the settings form, the password kept through a keyring backend of the
test's own, the plan, the progress and summary, refusals (a content error, a second
publish, a terminal deploy meanwhile), 「中止」 and the next publish, the host key, rollback;
axe, a 375 px screen and the keyboard."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from vsftpd_server import PASSWORD, descendants, vsftpd_server

from browser import chromium
from conftest import TESTS, copy_project, run_build, tree_digest
from edit_process import EditProcess
from servers import ssh_server

pytest.importorskip("paramiko")
pytest.importorskip("keyring")

AXE = Path(os.environ.get("SITEGEN_AXE", TESTS.parent / "audit/node_modules/axe-core/axe.min.js"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BULK = 300  # files: a publish stopped (server paused) partway through them


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("publish")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def site(work: Path) -> Path:
    root = copy_project(TESTS / "sites" / "flyer", work / "site")
    # The test's keyring backend, importable by the editor (its script's folder is on the path).
    shutil.copy(TESTS / "editor" / "publish_keyring.py", root / "publish_keyring.py")
    return root


@pytest.fixture(scope="module")
def vsftpd(work: Path) -> Iterator[object]:
    with vsftpd_server(work / "ftp") as server:
        yield server


@pytest.fixture(scope="module")
def sshd(work: Path) -> Iterator[object]:
    with ssh_server(work / "ssh") as server:
        yield server


@pytest.fixture(scope="module")
def editor(site: Path, work: Path) -> Iterator[EditProcess]:
    home = work / "home"
    home.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))  # no ~/.netrc, ~/.ssh of whoever runs the tests
        patch.setenv("PYTHON_KEYRING_BACKEND", "publish_keyring.FileKeyring")
        patch.setenv("SITEGEN_TEST_KEYRING", str(work / "keyring.json"))
        for name in ("SITEGEN_DEPLOY_PASSWORD", "SSH_AUTH_SOCK", "NETRC"):
            patch.delenv(name, raising=False)
        process = EditProcess(site)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, editor: EditProcess) -> Iterator[object]:
    context = browser.new_context(locale="ja-JP")
    tab = context.new_page()
    tab.goto(editor.link)
    yield tab
    context.close()


def _publish_page(page, editor: EditProcess) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="公開", exact=True).click()


def _submit(page, name: str) -> None:
    """Press a form's button and wait for the page it answers with."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _wait_for_end(page, timeout: float = 60) -> str:
    """The progress page, polled by its script, until the publish ends; its summary."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page.locator("#job").get_attribute("data-state")
        if state in ("done", "failed", "cancelled"):
            return state
        page.wait_for_timeout(300)
    raise AssertionError("the publish did not end: " + page.locator("main").inner_text())


def _wait_until(check, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _status(page, editor: EditProcess) -> dict[str, object]:
    return page.request.get(editor.url + "/__edit/publish/status").json()


def _pause(server) -> list[int]:  # type: ignore[no-untyped-def]
    """Stop sshd and its sessions (SIGSTOP): a server that stalls mid-publish (vsftpd drops
    its sessions on SIGCONT; OpenSSH carries on)."""
    pids = [server.process.pid, *descendants(server.process.pid)]
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    return pids


def _resume(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)


def _published(root: Path) -> dict[str, str]:
    return {
        k: v
        for k, v in tree_digest(root).items()
        if not k.endswith(".sitegen-manifest.json") and "sitegen-lock" not in k
    }


def _vsftpd_form(page, server) -> None:  # type: ignore[no-untyped-def]
    page.locator("#d-protocol").select_option("ftps")
    page.locator("#d-host").fill("127.0.0.1")
    page.locator("#d-port").fill(str(server.port))
    page.locator("#d-user").fill(server.user)
    page.locator("#d-remote_path").fill(str(server.root))
    page.locator("#d-ca_file").fill(str(server.cert))
    page.locator("#d-retries").fill("0")


def test_a_first_publish_from_the_settings_form_to_vsftpd(
    page, editor: EditProcess, site: Path, vsftpd, work: Path
) -> None:
    """A PC with no deploy.yml: the form, the password kept, the plan, the publish; then no
    file, page or log holds the password. (Each test stands alone: xdist spreads them.)"""
    (site / "deploy.yml").unlink(missing_ok=True)
    shutil.rmtree(site / ".deploy", ignore_errors=True)  # and that never published
    _publish_page(page, editor)
    assert page.locator("h1").inner_text() == "公開先の設定"
    _vsftpd_form(page, vsftpd)
    page.locator("#d-host").fill("")  # as deploy's settings check it: refused, not written
    _submit(page, "保存する")
    assert page.locator(".refused").is_visible() and not (site / "deploy.yml").exists()
    assert page.locator("#d-user").input_value() == vsftpd.user  # what was typed stays
    page.locator("#d-host").fill("127.0.0.1")
    _submit(page, "接続を確かめる")
    assert "保管庫" in page.locator("#password-help").inner_text()  # a store: kept there
    page.locator("#password").fill(PASSWORD)
    _submit(page, "接続を確かめる")
    assert page.locator("#connected").is_visible(), page.locator("main").inner_text()
    assert PASSWORD not in page.content()  # the form comes back without it
    stored = json.loads((work / "keyring.json").read_text())
    key = f"sitegen-deploy {vsftpd.user}@127.0.0.1:{vsftpd.port}"
    assert bytes.fromhex(stored[key]).decode() == PASSWORD
    _submit(page, "保存する")
    assert "保存しました" in page.locator(".notice").inner_text()
    assert f"port: {vsftpd.port}" in (site / "deploy.yml").read_text(encoding="utf-8")
    # Never published from this PC: there is nothing to go back to, and the page says why.
    _submit(page, "1 つ前の公開に戻す")
    assert "E731" in page.locator("main").inner_text()
    assert "2 回以上公開" in page.locator("main").inner_text()
    _publish_page(page, editor)
    _submit(page, "公開する内容を確かめる")
    assert "初めての公開" in page.locator("main").inner_text()
    new_files = page.locator("#files-new li").count()
    assert new_files > 5 and "index.html" in page.locator("#files-new").inner_text()
    _submit(page, "この内容で公開する")
    assert _wait_for_end(page) == "done"
    assert "公開しました" in page.locator("#job-summary").inner_text()
    assert page.locator("#job-line").inner_text().startswith(f"ファイル {new_files} / {new_files}")
    assert _published(vsftpd.root) == tree_digest(site / "dist")
    _assert_password_nowhere(editor, site, vsftpd, work)


def _assert_password_nowhere(editor: EditProcess, site: Path, vsftpd, work: Path) -> None:  # type: ignore[no-untyped-def]
    needle = PASSWORD.encode()
    for folder in (site, work / "home", vsftpd.root):
        for path in folder.rglob("*"):
            if path.is_file():
                assert needle not in path.read_bytes(), path
    assert PASSWORD not in "".join(editor.output)
    assert (work / "keyring.json").is_file()  # where it is (hex-encoded by the test backend)


def test_a_content_error_refuses_the_publish_with_the_list(
    page, editor: EditProcess, site: Path, vsftpd
) -> None:
    _configured(site, vsftpd)
    broken = site / "content" / "broken.md"
    broken.write_text("---\ntitle: [閉じない\n---\n本文\n", encoding="utf-8")
    try:
        _publish_page(page, editor)
        _submit(page, "公開する内容を確かめる")
        page.locator(".publish-problems").first.wait_for()
        shown = page.locator("main").inner_text()
        assert "E745" in shown and "content/broken.md" in shown
        assert "サーバーは変更していません" in shown
    finally:
        broken.unlink()


def test_a_sync_conflict_copy_refuses_the_publish(
    page, editor: EditProcess, site: Path, vsftpd
) -> None:
    _configured(site, vsftpd)
    copy = site / "content" / "index.sync-conflict-20261201-123456-ABCDEFG.md"
    copy.write_bytes((site / "content" / "index.md").read_bytes())
    try:
        _publish_page(page, editor)
        _submit(page, "公開する内容を確かめる")
        if page.locator("#password").count():  # run alone: the first test stored none
            page.locator("#password").fill(PASSWORD)
            _submit(page, "公開する内容を確かめる")
        page.locator(".publish-problems").first.wait_for()
        shown = page.locator("main").inner_text()
        assert "E008" in shown and copy.name in shown and "index.md" in shown
    finally:
        copy.unlink()


def test_sftp_host_key_one_at_a_time_cancel_plan_of_pages_and_rollback(
    browser, page, editor: EditProcess, site: Path, sshd, work: Path
) -> None:
    """One story on the SFTP server, in order: each step needs the publishes before it."""
    _host_key_accepted_in_the_browser(page, editor, site, sshd, work)
    _one_publish_at_a_time_and_cancel_then_the_next_continues(browser, editor, site, sshd)
    _the_plan_lists_pages_added_removed_and_renamed_with_w707(page, editor, site, sshd)
    _rollback_with_its_plan_confirmation_and_progress(page, editor, site, sshd)


def _host_key_accepted_in_the_browser(
    page, editor: EditProcess, site: Path, sshd, work: Path
) -> None:
    known = work / "home" / ".ssh" / "known_hosts"  # ssh's own, as deploy reads by default
    (site / "deploy.yml").write_text(
        "protocol: sftp\nhost: 127.0.0.1\n"
        f"port: {sshd.port}\nuser: {sshd.user}\nremote_path: {sshd.root}\n"
        f"key_file: {sshd.user_key}\nretries: 0\n",
        encoding="utf-8",
    )
    _publish_page(page, editor)
    _submit(page, "公開する内容を確かめる")
    assert page.locator("#fingerprint").inner_text() == _fingerprint(sshd.host_public_key)
    assert not known.exists()  # nothing recorded before the editor says so
    _submit(page, "指紋が同じなので、この鍵を登録する")
    assert sshd.host_public_key.split()[1] in known.read_text()
    _submit(page, "公開する内容を確かめる")
    _submit(page, "この内容で公開する")
    assert _wait_for_end(page) == "done", page.locator("main").inner_text()
    assert _published(sshd.root) == tree_digest(site / "dist")


def _one_publish_at_a_time_and_cancel_then_the_next_continues(
    browser, editor: EditProcess, site: Path, sshd
) -> None:
    bulk = site / "assets" / "bulk"
    bulk.mkdir()
    for number in range(BULK):
        (bulk / f"{number:03}.txt").write_text(f"ファイル {number}\n", encoding="utf-8")
    text = (site / "deploy.yml").read_text(encoding="utf-8")
    # One connection, and patience enough for the pause below.
    (site / "deploy.yml").write_text(text + "connections: 1\ntimeout: 300\n", encoding="utf-8")
    context = browser.new_context(locale="ja-JP")
    first, second = context.new_page(), context.new_page()
    first.goto(editor.link)
    for tab in (first, second):
        tab.goto(editor.url + "/__edit/publish")
        _submit(tab, "公開する内容を確かめる")
    assert first.locator("#files-new li").count() >= BULK
    _submit(first, "この内容で公開する")
    # The server is paused partway (as a slow one stalls): the publish stays running,
    # deterministically, while the others try.
    # Watched on the server's disk, not through the editor: a busy machine's status request
    # could come back after the last file.
    sent = sshd.root / "assets" / "bulk"
    _wait_until(lambda: sent.is_dir() and len(list(sent.glob("*.txt"))) >= 3)
    paused = _pause(sshd)
    try:
        assert _status(first, editor)["state"] == "running"
        started = time.monotonic()
        terminal = run_build(site, "deploy")  # a deploy in a terminal meanwhile
        print("terminal deploy refused in", round(time.monotonic() - started, 1), "s")
        assert terminal.code == 1 and "E740" in terminal.err, terminal.err
        assert "編集画面の「公開」" in terminal.err
        _submit(second, "この内容で公開する")  # and another tab
        assert "E740" in second.locator("main").inner_text()
        _submit(first, "中止")
        assert "中止しています" in first.locator("#job-state").inner_text()
    finally:
        _resume(paused)
    assert _wait_for_end(first) == "cancelled", first.locator("main").inner_text()
    shown = first.locator("main").inner_text()
    assert "E744" in shown and "続きから" in shown
    on_server = len(list((sshd.root / "assets" / "bulk").glob("*.txt")))
    assert 0 < on_server < BULK
    first.goto(editor.url + "/__edit/publish")
    _submit(first, "公開する内容を確かめる")
    assert "assets/bulk/000.txt" in first.locator("#changes-edited").inner_text()
    left = first.locator("#files-new li").count()
    assert left <= BULK - on_server + 5  # what was sent is not sent again
    _submit(first, "この内容で公開する")
    assert _wait_for_end(first) == "done"
    assert _published(sshd.root) == tree_digest(site / "dist")
    assert not (sshd.root / ".sitegen-lock").exists()
    context.close()


def _the_plan_lists_pages_added_removed_and_renamed_with_w707(
    page, editor: EditProcess, site: Path, sshd
) -> None:
    content = site / "content"
    (content / "news.md").write_text("---\ntitle: お知らせ\n---\n\n移すページ。\n", "utf-8")
    (content / "gone.md").write_text("---\ntitle: 消すページ\n---\n\n消します。\n", "utf-8")
    _publish_page(page, editor)
    _submit(page, "公開する内容を確かめる")
    assert {"/news/", "/gone/"} <= set(page.locator("#changes-added li").all_inner_texts())
    _submit(page, "この内容で公開する")
    assert _wait_for_end(page) == "done", page.locator("main").inner_text()
    (content / "news.md").rename(content / "notices.md")
    (content / "gone.md").unlink()
    _publish_page(page, editor)
    _submit(page, "公開する内容を確かめる")
    assert page.locator("#changes-added li").all_inner_texts() == ["/notices/"]
    assert set(page.locator("#changes-removed li").all_inner_texts()) == {"/news/", "/gone/"}
    assert "/news/ → /notices/" in page.locator("#changes-renamed").inner_text()
    shown = page.locator("main").inner_text()
    assert "W707" in shown and "/gone/" in shown and "aliases:" in shown
    assert "gone/index.html" in page.locator("#files-deleted").inner_text()
    _submit(page, "この内容で公開する")
    assert _wait_for_end(page) == "done", page.locator("main").inner_text()
    assert not (sshd.root / "gone").exists() and (sshd.root / "notices" / "index.html").is_file()


def _rollback_with_its_plan_confirmation_and_progress(
    page, editor: EditProcess, site: Path, sshd
) -> None:
    """Back to the publish before the last (pages /news/ and /gone/, not yet /notices/)."""
    _publish_page(page, editor)
    _submit(page, "1 つ前の公開に戻す")
    assert page.locator("h1").inner_text() == "1 つ前の公開に戻す内容"
    assert "notices/index.html" in page.locator("#files-deleted").inner_text()
    _submit(page, "この内容で 1 つ前の公開に戻す")
    assert _wait_for_end(page) == "done"
    assert "戻しました" in page.locator("#job-summary").inner_text()
    assert not (sshd.root / "notices").exists()
    assert (sshd.root / "gone" / "index.html").is_file()
    assert (sshd.root / "news" / "index.html").is_file()


def _remember_password(work: Path, server) -> None:  # type: ignore[no-untyped-def]
    """The password as the form keeps it in the (test's) credential store."""
    store = work / "keyring.json"
    data = json.loads(store.read_text()) if store.is_file() else {}
    data[f"sitegen-deploy {server.user}@127.0.0.1:{server.port}"] = PASSWORD.encode().hex()
    store.write_text(json.dumps(data))


def test_publish_pages_pass_axe_fit_a_phone_and_work_by_keyboard(
    browser, editor: EditProcess, site: Path, vsftpd, work: Path
) -> None:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core is required in CI: {AXE}")
        pytest.skip("axe-core not installed (cd audit && npm ci)")
    (site / "deploy.yml").unlink(missing_ok=True)
    _configured(site, vsftpd)
    _remember_password(work, vsftpd)
    context = browser.new_context(locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    page.goto(editor.link)
    page.set_viewport_size({"width": 375, "height": 800})

    def audit(label: str) -> None:
        assert _axe(page) == [], label
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (label, overflow)

    page.goto(editor.url + "/__edit/publish/settings")
    audit("settings")
    page.goto(editor.url + "/__edit/publish")
    audit("publish")
    page.locator("body").focus()
    for _ in range(12):  # by keyboard to the plan button, and Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "公開する内容を確かめる":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("#plan-totals")
    audit("plan")
    context.close()


def _configured(site: Path, server) -> None:  # type: ignore[no-untyped-def]
    """deploy.yml for vsftpd, as the first test's form writes it (for a test run alone)."""
    if not (site / "deploy.yml").exists():
        (site / "deploy.yml").write_text(
            f"protocol: ftps\nhost: 127.0.0.1\nport: {server.port}\nuser: {server.user}\n"
            f"remote_path: {server.root}\nca_file: {server.cert}\nretries: 0\n",
            encoding="utf-8",
        )


def _fingerprint(public_key_line: str) -> str:
    data = base64.b64decode(public_key_line.split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(data).digest()).decode().rstrip("=")


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [f"{v['id']}: {v['nodes'][0]['html']}" for v in result["violations"]]
