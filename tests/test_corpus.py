"""Corpora: folders, JSONL shards, settings files, learned boilerplate, parallel runs, reports."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from cleantext.formats import CHUNK_BYTES, CHUNK_DOCUMENTS, batched
from conftest import CLEAN, JUNKY, PROSE_AFTER, PROSE_BEFORE, run


def make_tree(root: Path) -> dict[str, Path]:
    files = {
        "a": root / "a.txt",
        "b": root / "sub" / "b.txt",
        "hidden": root / ".cache" / "c.txt",
        "git": root / ".git" / "d.txt",
        "other": root / "notes.md",
        "excluded": root / "sub" / "skip-me.txt",
    }
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(JUNKY, encoding="utf-8")
    return files


def test_folder_is_walked_recursively_skipping_hidden_folders(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    files = make_tree(tmp_path)
    code, out, _ = run(["-q", "-j", "1", "--check", "--exclude", "skip-*", str(tmp_path)], capfdbinary)
    assert code == 1
    named = sorted({line.split(":")[0] for line in out.splitlines()})
    assert named == [str(files["a"]), str(files["b"])]


def test_include_globs_pick_other_files(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    files = make_tree(tmp_path)
    _, out, _ = run(["-q", "--check", "--include", "*.md", str(tmp_path)], capfdbinary)
    assert {line.split(":")[0] for line in out.splitlines()} == {str(files["other"])}


def test_output_and_reports_do_not_depend_on_the_number_of_workers(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    for i in range(40):
        (tmp_path / f"doc{i:02}.txt").write_text(JUNKY if i % 3 else CLEAN, encoding="utf-8")
    one = run(["--explain", "-j", "1", str(tmp_path)], capfdbinary)
    two = run(["--explain", "-j", "2", str(tmp_path)], capfdbinary)
    assert one == two
    assert one[2].endswith(
        "cleantext: 40 files (26 with junk), 40 documents (26 changed), 52 lines removed: COMMENT 26, NAV 26\n"
    )


def read_shard(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


@pytest.mark.parametrize("name", ["shard.jsonl", "shard.jsonl.gz"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_only_the_field_changes_and_bad_lines_pass_through(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], name: str, jobs: str
) -> None:
    shard = tmp_path / name
    records = [{"id": i, "text": JUNKY if i % 2 else CLEAN, "meta": {"lang": "en", "ü": [1, 2]}} for i in range(1200)]
    bad_lines = [b"{not json\n", b'{"id": 99}\n']
    good_lines = [json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records]
    # Bad lines in the first chunk of records and in a later one (line 1,001).
    data = b"".join(good_lines[:3] + bad_lines + good_lines[3:998] + [b"[1, 2]\n"] + good_lines[998:])
    shard.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    before = read_shard(shard)
    code, _, err = run(["-q", "-j", jobs, "--in-place", str(shard)], capfdbinary)
    assert code == 2  # records passed through are problems, though the others are cleaned
    assert f"cleantext: {shard}:4: not valid JSON" in err and "passed through unchanged" in err
    assert f"cleantext: {shard}:5: no field 'text'; passed through unchanged" in err
    assert f"cleantext: {shard}:1001: no field 'text'; passed through unchanged" in err
    after_lines = read_shard(shard).split(b"\n")
    before_lines = before.split(b"\n")
    assert len(after_lines) == len(before_lines)
    assert after_lines[3:5] == before_lines[3:5]
    for old, new in zip(before_lines, after_lines, strict=True):
        if old.startswith(b'{"id"') and b"text" in old:
            old_obj, new_obj = json.loads(old), json.loads(new)
            assert new_obj["text"] == CLEAN
            assert {k: v for k, v in old_obj.items() if k != "text"} == {
                k: v for k, v in new_obj.items() if k != "text"
            }
            assert list(old_obj) == list(new_obj)
            if old_obj["text"] == CLEAN:
                assert new == old  # unchanged records keep their bytes
    code, out, _ = run(["-q", "--check", str(shard)], capfdbinary)
    assert (code, out) == (2, "")  # no junk left; the bad lines are still reported


def test_jsonl_field_option_and_stdin(
    monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    import io
    import sys

    data = json.dumps({"body": JUNKY, "text": "Menu"}).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(["-q", "--jsonl", "--field", "body", "-"], capfdbinary)
    assert code == 0
    assert json.loads(out) == {"body": CLEAN, "text": "Menu"}


def test_settings_file_is_found_upward_and_flags_override(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleantext]\nignore = ["NAV"]\nextra-phrases = ["Brought to you by Example Corp"]\n'
    )
    doc = tmp_path / "deep" / "er" / "doc.txt"
    doc.parent.mkdir(parents=True)
    doc.write_text(f"Breaking News\n{PROSE_BEFORE}\nBrought to you by example corp\n", encoding="utf-8")
    _, out, _ = run(["-q", "--check", str(doc)], capfdbinary)
    assert out == f"{doc}:3: USER001 user-pattern\n"
    # --ignore adds to the file's ignore; --select starts afresh, as in ruff.
    _, out, _ = run(["-q", "--check", "--ignore", "USER", str(doc)], capfdbinary)
    assert out == ""
    _, out, _ = run(["-q", "--check", "--select", "ALL", str(doc)], capfdbinary)
    assert out == f"{doc}:1: NAV001 breaking-news-banner\n{doc}:3: USER001 user-pattern\n"
    _, out, _ = run(["-q", "--check", "--extend-select", "NAV001", str(doc)], capfdbinary)
    assert out == f"{doc}:3: USER001 user-pattern\n"  # an ignored rule stays ignored
    (tmp_path / "deep" / "cleantext.toml").write_text('select = ["COMMENT"]\n')
    _, out, _ = run(["-q", "--check", str(doc)], capfdbinary)
    assert out == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('selct = ["NAV"]\n', "unknown key 'selct'"),
        ('select = "NAV"\n', "key 'select' must be a list of strings"),
        ('select = ["NAVX"]\n', "no rule code or rule set matches 'NAVX'"),
        ("select = [\n", "not valid TOML"),
        ('[tool.cleantext]\nselect = ["NAV"]\n', "in cleantext.toml the keys stand at the top (select = [...]"),
    ],
)
def test_bad_settings_are_errors_naming_the_key(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], content: str, message: str
) -> None:
    (tmp_path / "cleantext.toml").write_text(content)
    doc = tmp_path / "doc.txt"
    doc.write_text(JUNKY)
    code, out, err = run([str(doc)], capfdbinary)
    assert (code, out) == (2, "")
    assert err.startswith(f"cleantext: error: {tmp_path / 'cleantext.toml'}: ") and message in err
    assert "usage:" not in err


def test_a_config_file_named_on_the_command_line_with_a_tool_table_says_where_keys_go(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    other = tmp_path / "other.toml"
    other.write_text('[tool.cleantext]\nselect = ["NAV"]\n')  # as the README shows it for pyproject.toml
    doc = tmp_path / "doc.txt"
    doc.write_text(JUNKY)
    code, _, err = run(["--config", str(other), str(doc)], capfdbinary)
    assert code == 2
    assert err == (
        f"cleantext: error: {other}: only pyproject.toml holds the settings under [tool.cleantext]; "
        "in other.toml the keys stand at the top (select = [...], with no table heading)\n"
    )
    other.write_text('select = ["NAV"]\n')
    assert run(["--config", str(other), "-q", "--check", str(doc)], capfdbinary)[0] == 1


def test_learn_lists_recurring_lines_and_boilerplate_removes_them(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(12):
        footer = f"Example Gazette (c) {2000 + i} | Harbour Street {i}"  # digits differ, the line is the same
        headline = [
            "Harbour",
            "Ferry",
            "Council",
            "Market",
            "School",
            "River",
            "Bridge",
            "Library",
            "Farm",
            "Road",
            "Park",
            "Mill",
        ][i]
        text = f"{headline} news today\n{PROSE_BEFORE}\n{PROSE_AFTER}\n{footer}\n"
        (corpus / f"{i}.txt").write_text(text, encoding="utf-8")
    listing = tmp_path / "boilerplate.txt"
    code, _, err = run(["learn", str(corpus), "-o", str(listing), "--min-documents", "10"], capfdbinary)
    assert code == 0 and "lines from 12 documents" in err
    entries = [line for line in listing.read_text().splitlines() if not line.startswith("#")]
    assert entries == ["12\tExample Gazette (c) 2000 | Harbour Street 0"]  # prose is never listed
    code, out, _ = run(
        ["-q", "--check", "--select", "CTX", "--boilerplate", str(listing), str(corpus / "3.txt")], capfdbinary
    )
    assert out == f"{corpus / '3.txt'}:4: USER002 learned-boilerplate\n"


def test_json_report(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    (tmp_path / "a.txt").write_text(JUNKY)
    (tmp_path / "b.txt").write_text(CLEAN)
    code, out, _ = run(["--output-format", "json", "--check", str(tmp_path)], capfdbinary)
    report = json.loads(out)  # standard output is the JSON document alone
    assert code == 1
    assert report["summary"] == {
        "files": 2,
        "files_with_junk": 1,
        "documents": 2,
        "changed_documents": 1,
        "errors": 0,
        "removed": {"COMMENT001": 1, "NAV001": 1},
    }
    assert [f["path"] for f in report["files"]] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert [(r["path"], r["line"], r["code"], r["rule_set"], r["text"]) for r in report["removals"]] == [
        (str(tmp_path / "a.txt"), 1, "NAV001", "NAV", "Breaking News"),
        (str(tmp_path / "a.txt"), 7, "COMMENT001", "COMMENT", "Leave a Reply"),
    ]


def test_unchanged_files_keep_their_mtime_in_folders(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN)
    os.utime(clean, (1_000_000, 1_000_000))
    (tmp_path / "junk.txt").write_text(JUNKY)
    assert run(["-q", "-i", str(tmp_path)], capfdbinary)[0] == 0
    assert clean.stat().st_mtime == 1_000_000
    assert (tmp_path / "junk.txt").read_text() == CLEAN


def test_progress_bar_on_a_terminal_unless_quiet(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(JUNKY)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    _, _, err = run(["--check", str(tmp_path)], capfdbinary)
    assert "\rcleantext:   0%|" in err  # a bar with its total in bytes (the folder's size)
    assert f"/{3 * len(JUNKY)}" in err
    assert err.endswith(
        "\rcleantext: 3 files (3 with junk), 3 documents (3 changed), 6 lines removed: COMMENT 3, NAV 3\n"
    )
    _, _, err = run(["-q", "--check", str(tmp_path)], capfdbinary)
    assert err == ""


def test_jsonl_tasks_are_bounded_by_records_and_by_bytes() -> None:
    small = [b"{}\n"] * (CHUNK_DOCUMENTS * 2 + 1)
    assert [len(c) for c in batched(small, len)] == [CHUNK_DOCUMENTS, CHUNK_DOCUMENTS, 1]
    big = [b"%d" % i + b"x" * (CHUNK_BYTES // 3) for i in range(7)]
    chunks = list(batched(big, len))
    assert [len(c) for c in chunks] == [3, 3, 1]
    assert [line for c in chunks for line in c] == big  # all of them, in order


def test_jsonl_that_cannot_be_opened_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    shard = tmp_path / "shard.jsonl"
    shard.write_text(json.dumps({"text": JUNKY}) + "\n", encoding="utf-8")

    def unreadable(path: str) -> None:
        raise PermissionError(13, "Permission denied")

    # Root reads any file whatever its mode, so the refusal is simulated.
    monkeypatch.setattr("cleantext.formats.jsonl.open_stored", unreadable)
    code, _, err = run(["--in-place", str(shard)], capfdbinary)
    assert code == 2 and "Permission denied" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shard.jsonl"]


def test_learn_needs_more_evidence_for_a_line_of_one_word_or_digits() -> None:
    from cleantext.learn import learn

    def page(i: int, *extra: str) -> str:
        return "\n".join([f"Article {i} opens with its own sentence, which no other page repeats.", *extra])

    # A mixed corpus of 100 pages: a footer of one site on 12 of them; "1", "102", "News" and
    # "Features" on 15 each, by chance (headings, counters), as they come in pages of many sites.
    # (Numbers all normalise to one line: "1" and "102" together stand on 30.)
    pages = []
    for i in range(100):
        extra = ["Example Gazette | Harbour Street"] if i < 12 else []
        extra += [line for n, line in enumerate(["1", "102", "News", "Features"]) if (i + 25 * n) % 100 < 15]
        pages.append(page(i, *extra))
    listed = [line for _, line in learn(pages).entries]
    assert listed == ["Example Gazette | Harbour Street"]
    # One site's 30 pages: its menu entry stands on every page, and is furniture.
    listed = [
        line for _, line in learn([page(i, "News", "Example Gazette | Harbour Street") for i in range(30)]).entries
    ]
    assert listed == ["Example Gazette | Harbour Street", "News"]
