"""The command as a daily driver: pipes, patches, reports, exit codes and settings that never mislead."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

import cleantext
from cleantext import Config, ConfigError, clean, scan
from cleantext.formats.jsonl import replace_field
from cleantext.report import WholeWrites
from conftest import JUNKY, PROSE_AFTER, PROSE_BEFORE, ROOT, SEEDS, needs_seeds, run

COMMAND = [sys.executable, "-m", "cleantext"]
#: Lines ending without a newline, as most scraped texts and JSONL texts do.
NO_FINAL_NEWLINE = f"Breaking News\n{PROSE_BEFORE}\n\n{PROSE_AFTER}\nen"


def write_corpus(folder: Path, files: int) -> None:
    folder.mkdir()
    for i in range(files):
        (folder / f"{i:05}.txt").write_text(JUNKY * 3)


def write_shard(path: Path, records: int) -> None:
    with gzip.open(path, "wt") as out:
        for i in range(records):
            out.write(json.dumps({"id": i, "text": JUNKY * 3}) + "\n")


# ---- 1. a closed standard output --------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("kind", ["folder", "shard"])
def test_closed_stdout_ends_the_run_at_once_and_quietly(tmp_path: Path, jobs: str, kind: str) -> None:
    target = tmp_path / ("corpus" if kind == "folder" else "shard.jsonl.gz")
    write_corpus(target, 3000) if kind == "folder" else write_shard(target, 20_000)
    proc = subprocess.Popen(
        [*COMMAND, "-j", jobs, str(target)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    assert proc.stdout is not None and proc.stderr is not None
    try:
        proc.stdout.readline()  # what `head -1` does: read a line, then go away
        proc.stdout.close()
        closed = time.monotonic()
        code = proc.wait(timeout=30)
        took = time.monotonic() - closed
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
    err = proc.stderr.read().decode()
    assert code == 141, err
    assert took < 1.0, f"took {took:.2f} s to stop after its reader went away"
    assert "Traceback" not in err and "Broken pipe" not in err


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("copies", [8_000, 20_000], ids=["2MB-one-chunk", "6MB-in-sections"])
def test_closed_stdout_ends_a_one_file_run_too_however_python_buffers(
    tmp_path: Path, unbuffered: str, copies: int
) -> None:
    # Unbuffered (PYTHONUNBUFFERED=1, as containers often run Python), standard output is raw and a
    # large text may be written only in part when its reader goes away: the rest must still be tried.
    # A text over 4 MB is cleaned in sections, and the closed pipe is no error of the file it reads.
    big = tmp_path / "big.txt"
    big.write_text((f"{PROSE_BEFORE}\n\n{JUNKY}\n\n{PROSE_AFTER}\n\n") * copies, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} | (
        {"PYTHONUNBUFFERED": unbuffered} if unbuffered else {}
    )
    proc = subprocess.Popen([*COMMAND, str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    code = proc.wait(timeout=60)
    err = proc.stderr.read().decode()
    assert code == 141, err
    assert "Traceback" not in err


def test_closed_stdout_ends_learn_with_141_when_python_is_unbuffered(tmp_path: Path) -> None:
    # A learned list larger than a pipe holds, printed through raw standard output's text layer.
    words = ["quay", "ferry", "island", "harbour", "pier", "market", "school", "road", "club", "tide"]
    menu = "\n".join(f"{a} {b} {c} {d}" for a in words for b in words for c in words for d in words[:8])
    (tmp_path / "corpus").mkdir()
    for k in range(6):
        (tmp_path / "corpus" / f"{k}.txt").write_text(f"{menu}\n\n{PROSE_BEFORE}\n", encoding="utf-8")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [*COMMAND, "learn", "-o", "-", str(tmp_path / "corpus")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in proc.stderr.read().decode()


def test_whole_writes_writes_what_a_raw_stream_takes_in_parts() -> None:
    class Grudging(io.RawIOBase):
        def __init__(self) -> None:
            self.taken = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, data: Any) -> int:
            part = bytes(data[:7])
            self.taken += part
            return len(part)

    raw = Grudging()
    assert WholeWrites(raw).write(b"a line of cleaned text\n" * 100) == 2300
    assert bytes(raw.taken) == b"a line of cleaned text\n" * 100


@pytest.mark.parametrize("argv", [["--list-rules"], ["learn", "-o", "-", "{corpus}"]])
def test_closed_stdout_is_quiet_for_list_rules_and_learn(tmp_path: Path, argv: list[str]) -> None:
    write_corpus(tmp_path / "corpus", 20)
    args = [a.format(corpus=tmp_path / "corpus") for a in argv]
    done = subprocess.run(
        f"{' '.join(COMMAND)} {' '.join(args)} | head -1", shell=True, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_in_place_with_explain_into_a_closed_pipe_leaves_no_half_written_file(tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 2000)
    done = subprocess.run(
        f"{' '.join(COMMAND)} -q -j 2 --in-place --explain {tmp_path / 'corpus'} | head -1",
        shell=True,
        capture_output=True,
        timeout=120,
    )
    assert b"Traceback" not in done.stderr
    contents = {p.read_text() for p in (tmp_path / "corpus").iterdir()}
    assert contents <= {JUNKY * 3, clean(JUNKY * 3)}
    assert not [p for p in (tmp_path / "corpus").iterdir() if p.name.startswith(".")]


# ---- 2. a diff is a patch ----------------------------------------------------------------


@pytest.mark.parametrize("named", ["files", ".", "./", "./files"])
@pytest.mark.parametrize("tool", ["git", "patch"])
def test_diff_applies_and_gives_the_cleaned_files(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch, tool: str, named: str
) -> None:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed")
    texts = {"a.txt": NO_FINAL_NEWLINE, "b.txt": JUNKY, "c.txt": "Menu\r\nA line.\rStill that line.\r\nen"}
    for name, text in texts.items():
        (tmp_path / name).write_bytes(text.encode())
    monkeypatch.chdir(tmp_path)
    inputs = {"files": list(texts), "./files": [f"./{name}" for name in texts]}.get(named, [named])
    code, patch, _ = run(["--diff", *inputs], capfdbinary)
    assert code == 0
    assert "\\ No newline at end of file" in patch
    assert "--- a/a.txt\n" in patch  # the path as the repository names it, whatever the command line said
    (tmp_path / "change.patch").write_text(patch)
    if tool == "git":
        subprocess.run(["git", "init", "-q"], check=True)
        applied = subprocess.run(["git", "apply", "change.patch"], capture_output=True, text=True)
    else:
        applied = subprocess.run(["patch", "-p1", "-i", "change.patch"], capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    for name, text in texts.items():
        assert (tmp_path / name).read_bytes() == clean(text).encode()


def test_diff_of_an_absolute_path_applies_with_git_from_the_root(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    target = (tmp_path / "junky.txt").resolve()
    target.write_text(JUNKY)
    _, patch, _ = run(["--diff", str(target)], capfdbinary)
    assert patch.startswith(f"--- a/{str(target).lstrip('/')}\n")
    (tmp_path / "change.patch").write_text(patch)
    applied = subprocess.run(["git", "apply", str(tmp_path / "change.patch")], cwd="/", capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    assert target.read_text() == clean(JUNKY)


@needs_seeds
def test_diff_of_the_seeds_applies_with_git_and_gives_the_expected_outputs(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    for path in copy.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    monkeypatch.chdir(copy)
    inputs = sorted(p.name for p in copy.glob("*.txt"))
    assert inputs
    _, patch, _ = run(["--diff", *inputs], capfdbinary)
    (tmp_path / "seeds.patch").write_text(patch)
    subprocess.run(["git", "init", "-q"], check=True)
    applied = subprocess.run(["git", "apply", str(tmp_path / "seeds.patch")], capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    for name in inputs:
        assert (copy / name).read_bytes() == (copy / "expected" / name).read_bytes(), name


# ---- 3. reports: JSON alone, JSON lines, annotations, statistics ------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(JUNKY)
    (folder / "b.txt").write_bytes(b"not \xff utf-8\n")
    (folder / "c.jsonl").write_text(json.dumps({"text": JUNKY}) + "\n")
    return folder


@pytest.mark.parametrize("flag", ["--check", "--explain", "--in-place"])
def test_json_output_is_one_json_document_with_removals_and_error_messages(
    corpus: Path, capfdbinary: pytest.CaptureFixture[bytes], flag: str
) -> None:
    code, out, err = run(["-q", "--output-format", "json", flag, str(corpus)], capfdbinary)
    report = json.loads(out)
    assert code == 2  # b.txt cannot be read
    removal = report["removals"][0]
    assert removal == {
        "path": str(corpus / "a.txt"),
        "record": None,
        "uri": None,
        "line": 1,
        "extracted": False,
        "code": "NAV001",
        "name": "breaking-news-banner",
        "rule_set": "NAV",
        "reason": "matches its pattern",
        "text": "Breaking News",
    }
    assert [(r["path"], r["record"], r["line"]) for r in report["removals"][2:]] == [
        (str(corpus / "c.jsonl"), 1, 1),
        (str(corpus / "c.jsonl"), 1, 7),
    ]
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert files["b.txt"]["errors"] == ["not valid UTF-8 (byte 4); left as it is"]
    assert report["summary"]["errors"] == 1
    assert "not valid UTF-8" in err  # people still read standard error


def test_jsonl_output_is_a_row_per_line_then_the_summary(
    corpus: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    _, out, _ = run(["-q", "--output-format", "jsonl", "--check", str(corpus)], capfdbinary)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r.get("type", "removal") for r in rows] == ["removal", "removal", "error", "removal", "removal", "summary"]
    assert rows[2] == {
        "type": "error",
        "path": str(corpus / "b.txt"),
        "message": "not valid UTF-8 (byte 4); left as it is",
    }
    assert rows[-1]["removed"] == {"COMMENT001": 2, "NAV001": 2}


def test_github_annotations(corpus: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, _ = run(["-q", "--output-format", "github", "--check", str(corpus)], capfdbinary)
    assert code == 2
    lines = out.splitlines()
    assert lines[0] == (
        f"::warning file={corpus / 'a.txt'},line=1,title=cleantext NAV001 breaking-news-banner"
        "::matches its pattern: 'Breaking News'"
    )
    assert lines[2] == f"::error file={corpus / 'b.txt'}::not valid UTF-8 (byte 4); left as it is"
    assert lines[3].startswith(f"::warning file={corpus / 'c.jsonl'},line=1,")  # a shard's record is its line


def test_statistics_count_removals_per_rule(corpus: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, _ = run(["-q", "--check", "--statistics", str(corpus)], capfdbinary)
    assert (code, out) == (2, "2\tCOMMENT001\tleave-a-reply\n2\tNAV001\tbreaking-news-banner\n")
    _, out, _ = run(["-q", "--statistics", "--output-format", "json", str(corpus)], capfdbinary)
    assert json.loads(out)[0] == {"code": "COMMENT001", "name": "leave-a-reply", "rule_set": "COMMENT", "count": 2}


def test_diff_cannot_be_a_json_report(corpus: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit) as exc:
        run(["--diff", "--output-format", "json", str(corpus)], capfdbinary)
    assert exc.value.code == 2


# ---- 4. runs that check nothing say so -------------------------------------------------------


def test_a_field_no_record_has_is_an_error(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    shard = tmp_path / "shard.jsonl"
    shard.write_text("".join(json.dumps({"text": JUNKY}) + "\n" for _ in range(30)))
    code, out, err = run(["-q", "--check", "--field", "content", str(shard)], capfdbinary)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0] == f"cleantext: {shard}:1: no field 'content'; passed through unchanged"
    assert len(lines) == 11  # ten records one by one, then the count of the rest
    assert lines[-1] == f"cleantext: {shard}: 20 more records passed through unchanged (the first 10 are above)"


@pytest.mark.parametrize("case", ["empty-folder", "unsupported-files", "all-excluded"])
def test_a_folder_with_nothing_to_clean_is_an_error(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], case: str
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    if case == "unsupported-files":
        (folder / "notes.md").write_text(JUNKY)
    if case == "all-excluded":
        (folder / "a.txt").write_text(JUNKY)
    flags = ["--exclude", "*.txt"] if case == "all-excluded" else []
    code, out, err = run(["--check", *flags, str(folder)], capfdbinary)
    assert (code, out) == (2, "")
    assert err == (
        f"cleantext: {folder}: no files to clean (looked for *.txt, *.jsonl, *.ndjson, *.parquet, *.warc and "
        "*.wet files, compressed or not, and compressed *.json; see --include)\n"
    )


def test_learn_over_no_document_or_an_unreadable_one_is_an_error(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run(["learn", "-o", str(tmp_path / "list.txt"), str(tmp_path / "empty")], capfdbinary)
    assert code == 2 and "no documents found" in err
    assert not (tmp_path / "list.txt").exists()
    (tmp_path / "bad.txt").write_bytes(b"\xff\n")
    (tmp_path / "good.txt").write_text(JUNKY)
    code, _, err = run(
        ["learn", "-o", str(tmp_path / "list.txt"), str(tmp_path / "bad.txt"), str(tmp_path / "good.txt")], capfdbinary
    )
    assert code == 2 and f"cleantext: {tmp_path / 'bad.txt'}: not valid UTF-8" in err
    code, _, err = run(["learn", "-o", "/nonexistent/list.txt", str(tmp_path / "good.txt")], capfdbinary)
    assert code == 2 and err.startswith("cleantext: error: /nonexistent/list.txt: cannot write the list")


# ---- 5. settings and flags ------------------------------------------------------------------


def test_exclude_in_settings_is_relative_to_the_settings_file_however_the_folder_is_named(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cleantext.toml").write_text('exclude = ["corpus/drafts/*"]\n')
    drafts = tmp_path / "corpus" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "d.txt").write_text(JUNKY)
    (tmp_path / "corpus" / "a.txt").write_text(JUNKY)
    for cwd, target in [(tmp_path, "corpus"), (tmp_path, "."), (tmp_path / "corpus", "."), (tmp_path, str(tmp_path))]:
        monkeypatch.chdir(cwd)
        _, out, _ = run(["-q", "--check", target], capfdbinary)
        assert {Path(line.split(":")[0]).name for line in out.splitlines()} == {"a.txt"}, (cwd, target)


def test_a_named_file_that_exclude_covers_is_taken_unless_force_exclude(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    (tmp_path / "cleantext.toml").write_text('exclude = ["drafts/*"]\n')
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "d.txt"
    draft.write_text(JUNKY)
    assert run(["-q", "--check", str(draft)], capfdbinary)[0] == 1
    code, out, err = run(["-q", "--check", "--force-exclude", str(draft)], capfdbinary)
    assert (code, out) == (0, "")  # as pre-commit names files: a notice, not a failure
    assert err == f"cleantext: {draft}: excluded by the settings (--force-exclude); skipped\n"


def test_abbreviated_options_are_refused(junky_file: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit) as exc:
        run(["--output", "json", str(junky_file)], capfdbinary)
    assert exc.value.code == 2


def test_hyperscan_comes_with_the_package_where_it_has_wheels() -> None:
    requirement = next(r for r in metadata.requires("cleantext-boilerplate") or [] if r.startswith("hyperscan"))
    assert "extra" not in requirement  # a dependency, not only the extra's
    marker = Requirement(requirement).marker
    if marker is not None and marker.evaluate():  # on this platform pip installs it with the package
        assert scan.available()


def test_version_and_show_settings(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit):
        run(["--version"], capfdbinary)
    version = capfdbinary.readouterr().out.decode()
    assert version.startswith(f"cleantext {cleantext.__version__} (phrase rules found by the ")
    assert ("document scan, Hyperscan" in version) == scan.available()
    (tmp_path / "pyproject.toml").write_text('[tool.cleantext]\nignore = ["CREDIT"]\nfield = "body"\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["--show-settings", "--ignore", "META003", "."], capfdbinary)
    assert code == 0
    assert f"  settings file: {tmp_path / 'pyproject.toml'}\n" in out
    assert f"  ignore = ['CREDIT', 'META003']  ({tmp_path / 'pyproject.toml'} + command line)\n" in out
    assert f"  field = 'body'  ({tmp_path / 'pyproject.toml'})\n" in out
    assert "  preview = False  (default)\n" in out


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("[tool]\ncleantext = 5\n", "[tool.cleantext] must be a table of settings, not int"),
        ("[[tool.cleantext]]\nselect = []\n", "[tool.cleantext] must be a table of settings, not list"),
        ('[tool.cleantext]\nextra-patterns = ["(unclosed"]\n', "extra_patterns: '(unclosed' is not a valid pattern"),
    ],
)
def test_settings_errors_name_the_file_without_the_usage_block(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], settings: str, message: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(settings)
    (tmp_path / "a.txt").write_text(JUNKY)
    code, out, err = run([str(tmp_path / "a.txt")], capfdbinary)
    assert (code, out) == (2, "")
    assert err.startswith(f"cleantext: error: {tmp_path / 'pyproject.toml'}: ") and message in err, err
    assert "usage:" not in err


@pytest.fixture
def junky_file(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(JUNKY)
    return path


# ---- 6. progress ---------------------------------------------------------------------------


def test_fixing_lines_print_above_the_progress_bar(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_corpus(tmp_path / "corpus", 3)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    _, _, err = run(["-i", str(tmp_path / "corpus")], capfdbinary)
    # Each message stands on a line of its own: the bar is cleared before it and drawn again after.
    for i in range(3):
        assert f"\rFixing {tmp_path / 'corpus' / f'{i:05}.txt'}\n" in err.replace("\x1b[A", "")


# ---- 7. pre-commit hooks -----------------------------------------------------------------------


def test_hooks_run_serially_and_apply_the_settings_exclude() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        assert hook["require_serial"] is True
        assert "--force-exclude" in hook["entry"]
        # Compressed files are pre-commit's binary files: the hook must not filter them out by type.
        assert hook["types"] == ["file"] and "types_or" not in hook


# ---- 8. memory: standard input and large documents are cleaned in sections ------------------------


def test_large_standard_input_is_spooled_and_cleaned_in_sections_with_the_same_result(
    capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from cleantext import tasks

    text = (JUNKY + "Menu\n") * 300
    monkeypatch.setattr(tasks, "STREAM_MIN_BYTES", 4096)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(["-q", "-"], capfdbinary)
    assert (code, out) == (0, clean(text))
    record = json.dumps({"text": text}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(record.encode())))
    code, out, _ = run(["-q", "--jsonl", "-"], capfdbinary)
    assert (code, json.loads(out)["text"]) == (0, clean(text))


# ---- 9. several files -------------------------------------------------------------------------------


def test_printed_files_do_not_run_together_and_a_path_named_twice_counts_once(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    (tmp_path / "a.txt").write_text(NO_FINAL_NEWLINE)
    (tmp_path / "b.txt").write_text(NO_FINAL_NEWLINE)
    code, out, err = run([str(tmp_path / "a.txt"), str(tmp_path), str(tmp_path / "b.txt")], capfdbinary)
    assert code == 0
    assert out == clean(NO_FINAL_NEWLINE) + "\n" + clean(NO_FINAL_NEWLINE)
    assert err.startswith("cleantext: 2 files (2 with junk), 2 documents")


# ---- 11. the library ----------------------------------------------------------------------------------


@pytest.mark.parametrize("wrong", [b"Breaking News\n", None, 5])
def test_clean_says_it_wants_a_str(wrong: object) -> None:
    with pytest.raises(TypeError, match="cleantext expects the text as a str"):
        clean(wrong)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs", [{"preview": "yes"}, {"select": "NAV"}, {"ignore": [1]}, {"extra_patterns": None}, {"boilerplate": 3}]
)
def test_config_checks_types(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        Config(**kwargs)  # type: ignore[arg-type]


def test_settings_files_and_learned_lists_load_through_the_public_api(tmp_path: Path) -> None:
    (tmp_path / "list.txt").write_text("# learned\n12\tExample Gazette Harbour Street\n")
    (tmp_path / "cleantext.toml").write_text('ignore = ["NAV"]\nboilerplate = "list.txt"\n')
    config = cleantext.config_from_file(tmp_path / "cleantext.toml")
    assert config.ignore == ("NAV",)
    assert config.boilerplate == cleantext.load_boilerplate(tmp_path / "list.txt")
    assert clean(f"Breaking News\n{PROSE_BEFORE}\nExample Gazette Harbour Street\n", config) == (
        f"Breaking News\n{PROSE_BEFORE}\n"
    )
    with pytest.raises(ConfigError, match="cannot read"):
        cleantext.load_boilerplate(tmp_path / "missing.txt")


@pytest.mark.parametrize(
    "line",
    [
        b'{"id":1,"text":"Menu\\nA sentence that stays.","n":1e400,"x":1.0e5}\n',
        b'{"text": "Menu\\nA sentence that stays.", "text": "Menu\\nKept.", "big": ' + b"9" * 5000 + b"}\n",
        b'{ "t" : [1,{"a":2}] , "text" :"Menu\\nCaf\\u00e9 \\u00fc.", "z":null }\r\n',
    ],
)
def test_a_changed_record_keeps_every_byte_but_its_text_value(line: bytes) -> None:
    from cleantext.formats.jsonl import read_records

    (record,) = read_records([line], "text")
    assert record.text is not None
    new = replace_field(line, "text", "A sentence that stays.")
    assert json.loads(new.decode(), parse_int=str)["text"] == "A sentence that stays."
    head, _, tail = line.rpartition(b'"text"')
    new_head, _, new_tail = new.rpartition(b'"text"')
    assert new_head == head  # everything before the value, compact or not, as written
    assert new_tail.endswith(tail[tail.index(b'"', tail.index(b'"') + 1) + 1 :])  # ... and after it


# ---- 13. HTML findings say their lines are of the extracted text ---------------------------------------


def test_html_findings_are_labelled_as_lines_of_the_extracted_text(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><body><article><p>{PROSE_BEFORE}</p><p>{PROSE_AFTER}</p><p>Share this article</p>"
        "</article></body></html>"
    )
    code, out, _ = run(["-q", "--check", str(page)], capfdbinary)
    assert code == 1
    assert all(line.startswith(f"{page}:extracted:") for line in out.splitlines()), out
    _, diff, _ = run(["-q", "--diff", str(page)], capfdbinary)
    label = str(page).lstrip("/")  # an absolute path labelled as git labels it
    assert diff.startswith(f"--- a/{label}:extracted\n+++ b/{label}:extracted\n")


def test_removed_text_of_json_rows_is_valid_utf8_even_with_a_lone_surrogate(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(b'{"text": "Menu \\ud800\\nMenu\\n' + PROSE_BEFORE.encode() + b'"}\n')
    for fmt in ["json", "text"]:
        code, out, _ = run(["-q", "--explain", "--output-format", fmt, str(shard)], capfdbinary)
        assert code == 0
        out.encode("utf-8")
    code, _, _ = run(["-q", "-i", str(shard)], capfdbinary)
    assert code == 0
    assert json.loads(shard.read_bytes())["text"] == PROSE_BEFORE
