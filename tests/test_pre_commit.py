"""The pre-commit hooks, run by the real pre-commit tool in a temporary git repository."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLEAN, JUNKY, ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
LICENSE = "Copyright (c) 2024 Example Authors. All rights reserved.\n"


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture
def corpus_repo(tmp_path: Path) -> Path:
    if not PRE_COMMIT.exists():
        pytest.fail("pre-commit is not installed: install the test extra (pip install -e '.[test]')")
    head = git("rev-parse", "HEAD", cwd=ROOT)
    assert head.returncode == 0, f"this checkout must be a git repository with a commit: {head.stderr}"
    repo = tmp_path / "corpus"
    (repo / "articles").mkdir(parents=True)
    git("init", "-q", cwd=repo)
    git("config", "user.email", "test@example.invalid", cwd=repo)
    git("config", "user.name", "Test", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"- repo: {ROOT}\n"
        f"  rev: {head.stdout.strip()}\n"
        "  hooks:\n"
        "  - id: cleantext\n"
        "    files: ^articles/.*\\.(txt|jsonl\\.gz)$\n"
    )
    return repo


def test_commit_with_junk_fails_is_fixed_and_the_next_commit_passes(corpus_repo: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    installed = subprocess.run([str(PRE_COMMIT), "install"], cwd=corpus_repo, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    article = corpus_repo / "articles" / "harbour.txt"
    article.write_text(JUNKY)
    (corpus_repo / "LICENSE").write_text(LICENSE)
    git("add", ".", cwd=corpus_repo)

    first = subprocess.run(
        ["git", "commit", "-m", "add article"], cwd=corpus_repo, env=env, capture_output=True, text=True
    )
    assert first.returncode != 0, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout + first.stderr
    assert article.read_text() == CLEAN
    assert (corpus_repo / "LICENSE").read_text() == LICENSE  # not opted in: untouched

    git("add", ".", cwd=corpus_repo)
    second = subprocess.run(
        ["git", "commit", "-m", "add article"], cwd=corpus_repo, env=env, capture_output=True, text=True
    )
    assert second.returncode == 0, second.stdout + second.stderr
    assert git("log", "--oneline", cwd=corpus_repo).stdout.count("\n") == 1

    # A corrupt shard fails the commit at once, naming the file (it once hung for ten minutes).
    shard = corpus_repo / "articles" / "bad.jsonl.gz"
    shard.write_bytes(gzip.compress(b'{"text": "Menu"}\n' * 1000)[:200] + b"garbage")
    git("add", ".", cwd=corpus_repo)
    third = subprocess.run(
        ["git", "commit", "-m", "add shard"], cwd=corpus_repo, env=env, capture_output=True, text=True, timeout=120
    )
    assert third.returncode != 0
    assert "articles/bad.jsonl.gz: cannot read:" in third.stdout + third.stderr


def test_the_readme_two_line_hook_config_runs_on_a_corpus(tmp_path: Path) -> None:
    if not PRE_COMMIT.exists():
        pytest.fail("pre-commit is not installed: install the test extra (pip install -e '.[test]')")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = "      - id: cleantext\n        files: ^corpus/\n"
    assert f"```yaml\n{snippet}```" in readme  # the lines a user copies under `hooks:`
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert hooks.count("Needs `files:` naming the corpus") == 2  # both hooks say it where pre-commit shows it
    repo = tmp_path / "project"
    (repo / "corpus").mkdir(parents=True)
    git("init", "-q", cwd=repo)
    head = git("rev-parse", "HEAD", cwd=ROOT).stdout.strip()
    (repo / ".pre-commit-config.yaml").write_text(f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n{snippet}")
    (repo / "corpus" / "a.txt").write_text(JUNKY)
    (repo / "LICENSE.txt").write_text(LICENSE)
    git("add", ".", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    done = subprocess.run(
        [str(PRE_COMMIT), "run", "cleantext", "--all-files"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1 and "files were modified by this hook" in done.stdout, done.stdout + done.stderr
    assert (repo / "corpus" / "a.txt").read_text() == CLEAN
    assert (repo / "LICENSE.txt").read_text() == LICENSE
