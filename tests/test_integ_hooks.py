"""The CI integrations users copy, run as their hosts run them: the pre-commit hook by
pre-commit itself on a temporary repository, the GitHub Action's steps by bash."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import PDF_VERSION, TEXT_VERSION

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def _isolated_env(tmp_path: Path) -> dict[str, str]:
    """Caches and tool data in the test's folder, never the user's; commits by a named
    author (a CI machine may have no git identity)."""
    env = dict(os.environ)
    for name in ("PRE_COMMIT_HOME", "PIP_CACHE_DIR", "VIRTUALENV_OVERRIDE_APP_DATA"):
        env[name] = str(tmp_path / "home" / name.lower())
    env["XDG_CACHE_HOME"] = str(tmp_path / "home" / "cache")
    for role in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{role}_NAME"] = "docreconcile tests"
        env[f"GIT_{role}_EMAIL"] = "tests@example.org"
    return env


def _repository(tmp_path: Path, env: dict[str, str]) -> Path:
    """A repository holding a memo as text and as PDF (two substantive differences) and a
    note with no other version."""
    repo = tmp_path / "memos"
    repo.mkdir()
    shutil.copy(TEXT_VERSION, repo / "memo.txt")
    shutil.copy(PDF_VERSION, repo / "memo.pdf")
    (repo / "README.txt").write_text("Memos, as text and as PDF.\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    return repo


def _try_hook(repo: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pre-commit", "try-repo", str(ROOT), "docreconcile", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_pre_commit_hook_stops_a_commit_whose_versions_disagree(tmp_path: Path) -> None:
    """pre-commit installs this repository as its hooks file says and runs the hook on
    the changed files: the memo's two versions disagree, so it fails and says how to see
    why; once the text matches the PDF it passes (a document with no other version, the
    README, is left alone)."""
    env = _isolated_env(tmp_path)
    repo = _repository(tmp_path, env)
    failed = _try_hook(repo, env, "memo.txt", "README.txt")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "memo" in failed.stdout and "different" in failed.stdout
    assert "docreconcile memo.txt memo.pdf" in failed.stdout
    # A memo whose text agrees with its PDF (a corpus PDF carries one injected edit).
    name = "06-ga-kvalitetsberattelse-2023"
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    (repo / "memo.txt").write_text(text.replace("Hellberg", "Hellgren"), encoding="utf-8")
    shutil.copy(CORPUS / f"{name}.pdf", repo / "memo.pdf")
    agreed = _try_hook(repo, env, "memo.pdf", "README.txt")
    assert agreed.returncode == 0, agreed.stdout + agreed.stderr
