"""The command, driven through main([...]) as a user would run it."""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path

import pytest

from cleantext import REGISTRY, RULE_SETS
from cleantext.cli import main
from conftest import CLEAN, JUNKY, PROSE_BEFORE, ROOT, run


@pytest.fixture
def junky(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(JUNKY.encode())
    return path


def test_prints_cleaned_text(junky: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert run([str(junky)], capfdbinary) == (0, CLEAN, "")
    assert junky.read_bytes() == JUNKY.encode()


def test_reads_standard_input(monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(JUNKY.encode())))
    assert run(["-"], capfdbinary) == (0, CLEAN, "")


@pytest.mark.parametrize(
    ("flags", "code", "out"),
    [
        (["--check"], 1, "{p}:1: NAV001 breaking-news-banner\n{p}:7: COMMENT001 leave-a-reply\n"),
        (["--check", "--ignore", "NAV,COMMENT"], 0, ""),
        (["--check", "--select", "COMMENT001"], 1, "{p}:7: COMMENT001 leave-a-reply\n"),
    ],
)
def test_check(junky: Path, capfdbinary: pytest.CaptureFixture[bytes], flags: list[str], code: int, out: str) -> None:
    assert run([*flags, str(junky)], capfdbinary) == (code, out.format(p=junky), "")
    assert junky.read_bytes() == JUNKY.encode()


def test_explain_gives_rule_and_reason(junky: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, _ = run(["--explain", str(junky)], capfdbinary)
    assert code == 0
    assert out.splitlines() == [
        f"{junky}:1: NAV001 breaking-news-banner: matches its pattern: 'Breaking News'",
        f"{junky}:7: COMMENT001 leave-a-reply: matches its pattern: 'Leave a Reply'",
    ]


def test_diff_is_unified(junky: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, _ = run(["--diff", str(junky)], capfdbinary)
    assert code == 0
    label = str(junky).lstrip("/")  # an absolute path labelled as git labels it
    assert out.startswith(f"--- a/{label}\n+++ b/{label}\n@@")
    assert "-Breaking News\n" in out and "-Leave a Reply\n" in out
    assert not any(line.startswith("+") and not line.startswith("+++") for line in out.splitlines())


def test_diff_of_large_standard_input_is_the_diff_of_the_file(
    junky: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleantext import tasks

    big = junky.read_bytes() * 200
    junky.write_bytes(big)
    monkeypatch.setattr(tasks, "STREAM_MIN_BYTES", 1000)  # standard input this large is streamed without --diff
    _, from_file, _ = run(["--diff", str(junky)], capfdbinary)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(big)))
    code, from_stdin, _ = run(["--diff", "-"], capfdbinary)
    assert code == 0 and from_stdin.count("\n-Leave a Reply\n") == 200
    assert from_stdin.split("\n", 2)[2] == from_file.split("\n", 2)[2]  # the same hunks, under its own label


@pytest.mark.parametrize("name", ["article.txt", "article.txt.gz", "-"])
def test_diff_refuses_a_text_too_large_to_hold_twice(
    name: str, tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    from cleantext import tasks

    data = JUNKY.encode() * 20
    monkeypatch.setattr(tasks, "DIFF_MAX_BYTES", len(data) - 1)
    if name == "-":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        target = name
    else:
        path = tmp_path / name
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        target = str(path)
    code, out, err = run(["--diff", target], capfdbinary)
    assert (code, out) == (2, "")
    assert "too large to diff" in err and "--check lists its removals" in err


def test_in_place_rewrites_only_changed_files_and_keeps_mode(
    tmp_path: Path, junky: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    os.chmod(junky, 0o640)
    untouched = tmp_path / "clean.txt"
    untouched.write_bytes(CLEAN.encode())
    os.utime(untouched, (1_000_000, 1_000_000))
    code, out, err = run(["--in-place", str(junky), str(untouched)], capfdbinary)
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"Fixing {junky}",
        "cleantext: 2 files (1 with junk), 2 documents (1 changed), 2 lines removed: COMMENT 1, NAV 1",
    ]
    assert junky.read_bytes() == CLEAN.encode()
    assert stat.S_IMODE(junky.stat().st_mode) == 0o640
    assert untouched.stat().st_mtime == 1_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "clean.txt"]  # no temp files left
    assert run(["--check", str(junky)], capfdbinary)[0] == 0


THREAD = f"""{PROSE_BEFORE}

Posted by Kim on May 2, 2005 | Permalink

I walk past the harbour every morning and this is long overdue.

Posted by: Ana at May 2, 2005 9:10 AM

Will the footpath stay open while they build it? Does anyone know?

Posted by: Tom | May 2, 2005 11:42:07 AM
"""


def test_reader_comments_go_with_the_readme_recipe(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    path = tmp_path / "post.txt"
    path.write_text(THREAD, encoding="utf-8")
    assert run(["--check", str(path)], capfdbinary) == (0, "", "")  # comments stay by default
    recipe = ["--preview", "--ignore", "META001,META002,META005"]
    code, out, _ = run([*recipe, "--check", str(path)], capfdbinary)
    assert code == 1
    assert out.splitlines() == [
        f"{path}:3: COMMENT007 comment-stamp",
        f"{path}:7: COMMENT007 comment-stamp",
        f"{path}:9: CTX003 comment-thread",
        f"{path}:11: COMMENT007 comment-stamp",
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"text\x00with a NUL byte\n", "binary file (contains NUL bytes); left as it is"),
        (b"caf\xe9 latin-1\n", "not valid UTF-8 (byte 3); left as it is"),
    ],
)
def test_bad_input_is_reported_and_left_alone_while_others_are_processed(
    tmp_path: Path, junky: Path, capfdbinary: pytest.CaptureFixture[bytes], content: bytes, problem: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, _, err = run(["-q", "--in-place", str(bad), str(junky)], capfdbinary)
    assert code == 2
    assert f"cleantext: {bad}: {problem}\n" in err
    assert bad.read_bytes() == content
    assert junky.read_bytes() == CLEAN.encode()


def test_missing_file_and_special_file(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    missing = tmp_path / "nope.txt"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = run(["-q", str(missing), str(fifo)], capfdbinary)
    assert code == 2
    assert err == f"cleantext: {missing}: no such file\ncleantext: {fifo}: not a regular file\n"


def test_unknown_rule_code_is_an_error_naming_the_flag_without_the_usage_block(
    junky: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    code, out, err = run(["--select", "NOPE999", str(junky)], capfdbinary)
    assert (code, out) == (2, "")
    assert err.startswith("cleantext: error: --select: no rule code or rule set matches 'NOPE999'")
    assert "usage:" not in err


def test_list_rules_lists_every_rule(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, _ = run(["--list-rules"], capfdbinary)
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()[:-1]]
    assert listed == list(REGISTRY)
    assert out.splitlines()[-1] == f"{len(REGISTRY)} rules in 12 rule sets"


def test_readme_rule_table_is_generated_from_the_registry(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    main(["--list-rules", "--format", "markdown"])
    table = capfdbinary.readouterr().out.decode()
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert table in readme, "README rule table is stale: regenerate it with `cleantext --list-rules --format markdown`"
    assert f"\n{len(REGISTRY)} rules in {len(RULE_SETS)} rule sets." in readme, "README's count of rules is stale"


def test_readme_format_table_is_generated_from_the_formats(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    code, table, _ = run(["--list-formats", "--format", "markdown"], capfdbinary)
    assert code == 0 and table.startswith("| format |")
    assert table in (ROOT / "README.md").read_text(encoding="utf-8")
