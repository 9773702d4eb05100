"""A datatrove pipeline step that cleans ``Document.text`` with cleantext.

Install with ``pip install 'cleantext-boilerplate[datatrove]'``. datatrove is
imported only when this module is, so the core package does not need it.
Local executors start worker processes, so a script that runs one needs the
``__main__`` guard:

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleantext.integrations.datatrove import CleantextFormatter

    if __name__ == "__main__":
        LocalPipelineExecutor(
            pipeline=[
                JsonlReader("raw/"),
                CleantextFormatter(drop_empty=True, exclusion_writer=JsonlWriter("junk-only/")),
                JsonlWriter("clean/"),
            ],
            tasks=8,
        ).run()
"""

from __future__ import annotations

import contextlib
from collections import Counter

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.writers.disk_base import DiskWriter

from cleantext.config import Config
from cleantext.engine import clean_and_explain
from cleantext.integrations.columns import RULE_SETS
from cleantext.rule import rule_set_of

#: The ``Document.metadata`` keys the step sets on every document it passes on.
REMOVED_LINES_KEY = "cleantext_removed_lines"
REMOVED_BY_SET_KEY = "cleantext_removed_by_set"


class CleantextFormatter(PipelineStep):  # type: ignore[misc]
    """Removes boilerplate lines from each document's text and counts them per rule set.

    Stats (in datatrove's per-step stats): ``documents``, ``changed_documents``,
    ``removed_lines`` and ``removed_<SET>`` for every rule set that removed
    something (``removed_NAV``, ``removed_PROMO``, ...). Each document's
    metadata gets ``cleantext_removed_lines`` (a count) and
    ``cleantext_removed_by_set`` (``{"COMMENT": 0, "NAV": 2, ...}``: every rule set, so that every
    document's metadata has one shape, which a Parquet writer needs). With
    ``drop_empty=True`` a document that was junk through and through is
    dropped (counted as ``dropped_empty``) instead of passed on with empty
    text; an ``exclusion_writer`` then receives it with its original text, as
    datatrove's filters hand over what they drop.
    """

    name = "🧹 cleantext"
    type = "✂️ - FORMAT"

    def __init__(
        self, config: Config | None = None, drop_empty: bool = False, exclusion_writer: DiskWriter | None = None
    ) -> None:
        super().__init__()
        self.config = config if config is not None else Config()
        self.drop_empty = drop_empty
        self.exclusion_writer = exclusion_writer

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext() as writer:
            for document in data:
                self.stat_update("documents")
                with self.track_time():
                    result = clean_and_explain(document.text, self.config)
                by_set = Counter(rule_set_of(removal.code) for removal in result.removals)
                if result.removals:
                    self.stat_update("changed_documents")
                    self.stat_update("removed_lines", value=len(result.removals))
                    for rule_set, count in by_set.items():
                        self.stat_update(f"removed_{rule_set}", value=count)
                document.metadata[REMOVED_LINES_KEY] = len(result.removals)
                document.metadata[REMOVED_BY_SET_KEY] = {rule_set: by_set[rule_set] for rule_set in RULE_SETS}
                if self.drop_empty and not result.text.strip():
                    self.stat_update("dropped_empty")
                    if writer is not None:
                        writer.write(document, rank)
                    continue
                document.text = result.text
                yield document
