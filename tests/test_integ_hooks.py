"""The CI integrations users copy, run as their hosts run them: the pre-commit hook by
pre-commit itself on a temporary repository, the GitHub Action's steps by bash."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

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


EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


class ActionRunner:
    """Runs a composite action's steps as a GitHub runner would, on this machine: each
    `run` step with `bash --noprofile --norc -eo pipefail`, expressions filled in, step
    outputs read back from `$GITHUB_OUTPUT`. Of the `uses` steps, setup-python is a fresh
    virtual environment put first on PATH, and upload-artifact is checked to find files."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
        self.tmp = tmp_path
        # The action's repository as a runner checks it out: its tracked files only.
        self.action_path = tmp_path / "action"
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
        for name in filter(None, listed.split("\0")):
            target = self.action_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if (ROOT / name).is_file():
                shutil.copy2(ROOT / name, target)
        self.temp = tmp_path / "runner-temp"
        self.temp.mkdir()
        self.summary = tmp_path / "step-summary.md"
        self.env = env | {"RUNNER_TEMP": str(self.temp), "GITHUB_STEP_SUMMARY": str(self.summary)}
        self.uploaded: list[Path] = []

    def run(self, inputs: dict[str, str], cwd: Path) -> list[subprocess.CompletedProcess[str]]:
        """Every step in order (a failed step stops the rest, except `if: always()`)."""
        declared = self.action["inputs"]
        values = {
            name: inputs.get(name, spec.get("default", "")) for name, spec in declared.items()
        }
        outputs: dict[str, dict[str, str]] = {}
        results: list[subprocess.CompletedProcess[str]] = []
        failed = False
        for number, step in enumerate(self.action["runs"]["steps"]):
            if failed and "always()" not in str(step.get("if", "")):
                continue

            def fill(text: str) -> str:
                return EXPRESSION.sub(lambda m: self._value(m.group(1), values, outputs), text)

            if "uses" in step:
                self._uses(step["uses"], {k: fill(str(v)) for k, v in step.get("with", {}).items()})
                continue
            output = self.tmp / f"output-{number}"
            output.touch()
            script = self.tmp / f"step-{number}.sh"
            script.write_text(fill(step["run"]), encoding="utf-8")
            env = self.env | {k: fill(str(v)) for k, v in step.get("env", {}).items()}
            env["GITHUB_OUTPUT"] = str(output)
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            results.append(result)
            lines = output.read_text(encoding="utf-8").splitlines()
            outputs[step.get("id", str(number))] = dict(line.split("=", 1) for line in lines)
            failed = failed or result.returncode != 0
        return results

    def _value(
        self, expression: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]
    ) -> str:
        scope, _, rest = expression.partition(".")
        if scope == "inputs":
            return inputs[rest]
        if scope == "github" and rest == "action_path":
            return str(self.action_path)
        if scope == "runner" and rest == "temp":
            return str(self.temp)
        if scope == "steps":
            step, _, key = rest.partition(".outputs.")
            return outputs[step][key]
        raise AssertionError(f"action.yml uses an expression this runner lacks: {expression}")

    def _uses(self, action: str, arguments: dict[str, str]) -> None:
        if action.startswith("actions/setup-python@"):
            assert arguments["python-version"] >= "3.11"
            venv = self.tmp / "python"
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            self.env["PATH"] = f"{venv / 'bin'}{os.pathsep}{self.env['PATH']}"
            self.env.pop("VIRTUAL_ENV", None)
        elif action.startswith("actions/upload-artifact@"):
            self.uploaded.append(Path(arguments["path"]))
        else:
            raise AssertionError(f"action.yml uses an action this runner lacks: {action}")


def test_the_github_action_annotates_summarises_uploads_and_fails(tmp_path: Path) -> None:
    """The action's steps on one pair with two substantive differences: annotations on
    the files, a Markdown summary, an HTML report to upload, and a failing last step;
    on two folders of pairs that agree it passes, with one report a pair."""
    env = _isolated_env(tmp_path)
    runner = ActionRunner(tmp_path, env)
    work = tmp_path / "workspace"
    work.mkdir()
    shutil.copy(TEXT_VERSION, work / "memo.txt")
    shutil.copy(PDF_VERSION, work / "memo.pdf")
    install, compare, gate = runner.run({"a": "memo.txt", "b": "memo.pdf"}, cwd=work)
    assert install.returncode == 0, install.stderr
    assert compare.returncode == 0, compare.stderr
    annotations = [line for line in compare.stdout.splitlines() if line.startswith("::")]
    assert len([a for a in annotations if a.startswith("::error file=memo.")]) == 2
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.startswith("#") and "substantive" in summary
    [uploaded] = runner.uploaded
    assert (uploaded / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert gate.returncode == 1 and "the versions differ" in gate.stdout

    texts, pdfs = work / "texts", work / "pdfs"
    texts.mkdir()
    pdfs.mkdir()
    name = "06-ga-kvalitetsberattelse-2023"
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    (texts / "ga.txt").write_text(text.replace("Hellberg", "Hellgren"), encoding="utf-8")
    shutil.copy(CORPUS / f"{name}.pdf", pdfs / "ga.pdf")
    runner.summary.unlink()
    runner.uploaded.clear()
    *_, compare, gate = runner.run({"a": "texts", "b": "pdfs"}, cwd=work)
    assert compare.returncode == 0 and gate.returncode == 0, compare.stderr + gate.stdout
    assert "ga" in runner.summary.read_text(encoding="utf-8")
    [uploaded] = runner.uploaded
    assert (uploaded / "reports" / "ga.html").is_file()
    assert (uploaded / "results.jsonl").read_text(encoding="utf-8").count("\n") == 1
