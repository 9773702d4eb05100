"""The five seed articles give exactly their expected output, through the library and the command."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import clean
from cleantext.cli import main
from conftest import SEEDS, needs_seeds

SEED_FILES = sorted(SEEDS.glob("0*.txt")) if SEEDS.is_dir() else []


def expected(seed: Path) -> bytes:
    return (SEEDS / "expected" / seed.name).read_bytes()


@needs_seeds
def test_all_five_seeds_are_present() -> None:
    assert len(SEED_FILES) == 5


@needs_seeds
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_clean_gives_expected_output(seed: Path) -> None:
    assert clean(seed.read_bytes().decode("utf-8")).encode("utf-8") == expected(seed)


@needs_seeds
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_command_prints_expected_output(seed: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main([str(seed)]) == 0
    assert capfdbinary.readouterr().out == expected(seed)


@needs_seeds
def test_check_passes_on_the_clean_seed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", str(SEEDS / "001_3399ca9cab3e32d4.txt")]) == 0


@needs_seeds
def test_check_names_the_junk_lines_of_seed_004(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    seed = SEEDS / "004_2d8436a3d6908422.txt"
    last = seed.read_bytes().count(b"\n") + 1
    assert main(["--check", str(seed)]) == 1
    lines = capfdbinary.readouterr().out.decode().splitlines()
    assert [int(line.split(":")[1]) for line in lines] == [1, 2, last]
    assert all(line.startswith(f"{seed}:") for line in lines)
