"""Text files (``.txt``, and any name no other format claims): the file, UTF-8, is the document.

A text file is rewritten with the kept lines byte for byte; one of
``STREAM_MIN_BYTES`` or more is cleaned section by section by the runner
(see ``cleantext.stream``), so that memory follows the section.
"""

from __future__ import annotations

from cleantext.reading import decode_text


def document(data: bytes) -> str:
    """The text to clean: UTF-8 without NUL bytes; raises InputError naming the problem."""
    return decode_text(data)
