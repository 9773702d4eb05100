"""The input formats: which files are which, what a document is in each, and what a rewrite keeps.

Everything the command knows about a file's format by its name is said
here once: discovery's default globs, how an input is read, and the
README's format table (``cleantext --list-formats --format markdown``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cleantext import compression


@dataclass(frozen=True)
class Format:
    name: str
    #: Name endings, before any compression suffix.
    suffixes: tuple[str, ...]
    #: Endings that mean this format only when the file is compressed (Dolma's ``.json.gz``).
    compressed_suffixes: tuple[str, ...]
    #: Taken from a folder without ``--include``.
    in_folders: bool
    document: str
    kept: str
    extra: str | None = None
    #: Read through a compression suffix (``.txt.gz``); Parquet compresses inside the file.
    compressible: bool = True


TEXT = Format(
    name="text",
    suffixes=(".txt",),
    compressed_suffixes=(),
    in_folders=True,
    document="the whole file",
    kept="every kept line byte for byte, line endings and the final-newline state",
)
JSONL = Format(
    name="jsonl",
    suffixes=(".jsonl", ".ndjson"),
    compressed_suffixes=(".json",),
    in_folders=True,
    document="the `--field` (default `text`) of each line's JSON object",
    kept="every byte of each record but the field's value; lines without the field, as they are",
)
HTML = Format(
    name="html",
    suffixes=(".html", ".htm"),
    compressed_suffixes=(),
    in_folders=False,
    document="the text trafilatura extracts from the page",
    kept="the page is never rewritten: the result is text (`--output-dir` writes it as `.txt`)",
)
PARQUET = Format(
    name="parquet",
    suffixes=(".parquet",),
    compressed_suffixes=(),
    in_folders=True,
    document="the `--field` (default `text`) column of each row; null cells are left alone",
    kept="every other column, the schema, the row order and the row-group sizes; read row group by row group",
    extra="`parquet` (pyarrow)",
    compressible=False,
)
FORMATS = (TEXT, JSONL, HTML, PARQUET)


def format_of(path: str) -> Format:
    """The format a file's name says; any other name is read as text."""
    inner = compression.without_compression(path).lower()
    compressed = len(inner) != len(path)
    for fmt in FORMATS:
        if compressed and not fmt.compressible:
            continue
        if inner.endswith(fmt.suffixes) or (compressed and inner.endswith(fmt.compressed_suffixes)):
            return fmt
    return TEXT


def default_include() -> tuple[str, ...]:
    """The globs a folder contributes by default: each format's files, compressed or not."""
    globs: list[str] = []
    for fmt in FORMATS:
        if fmt.in_folders:
            globs += [f"*{suffix}" for suffix in fmt.suffixes]
            if fmt.compressible:
                globs += [f"*{s}{c}" for s in fmt.suffixes + fmt.compressed_suffixes for c in compression.SUFFIXES]
    return tuple(globs)


def markdown_table() -> str:
    """The README's format table."""
    compressions = ", ".join(f"`{c}`" for c in compression.SUFFIXES)
    rows = [
        "| format | names | in a folder by default | what is a document | what a rewrite keeps | extra |",
        "|---|---|---|---|---|---|",
    ]
    for fmt in FORMATS:
        names = ", ".join(f"`{s}`" for s in fmt.suffixes)
        if fmt.compressed_suffixes:
            names += ", and compressed " + ", ".join(f"`{s}`" for s in fmt.compressed_suffixes)
        extra = fmt.extra or ("`zstd` for `.zst`" if fmt.compressible and fmt.in_folders else "")
        folder = "yes" if fmt.in_folders else "no (`--include`)"
        rows.append(f"| {fmt.name} | {names} | {folder} | {fmt.document} | {fmt.kept} | {extra} |")
    rows.append("")
    rows.append(
        f"Text and JSONL files may be compressed ({compressions}): they are read through the compression "
        "and rewritten with the same one."
    )
    return "\n".join(rows) + "\n"
