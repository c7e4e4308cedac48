"""What `deploy` says before it reaches a server: each line true and complete."""

from __future__ import annotations

from pathlib import Path

from sitegen.deploy.publish import remote_failure
from sitegen.deploy.settings import DeploySettings
from sitegen.deploy.transport import RemoteError

from conftest import run_build


def test_deploy_without_its_settings_blames_the_settings_not_the_site(project: Path) -> None:
    result = run_build(project, "deploy")
    assert result.code == 1
    assert "deploy.yml: E701 エラー:" in result.err, result.err
    assert "deploy.yml" in result.err.splitlines()[-1]
    assert "サイトに問題がある" not in result.err
    assert not (project / "dist").exists()


def test_the_host_key_hint_names_the_account_to_connect_as() -> None:
    settings = DeploySettings(Path("deploy.yml"), "sftp", "sftp.example.jp", 2222, "kyokai", "/")
    problem = remote_failure(RemoteError("host_key_unknown", "no key"), settings).problem
    assert problem.code == "E716"
    assert "ssh -p 2222 kyokai@sftp.example.jp" in problem.hint
