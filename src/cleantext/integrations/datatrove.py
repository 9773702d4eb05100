"""A datatrove pipeline step that cleans ``Document.text`` with cleantext.

Install with ``pip install 'cleantext-boilerplate[datatrove]'``. datatrove is
imported only when this module is, so the core package does not need it.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleantext.integrations.datatrove import CleantextFormatter

    LocalPipelineExecutor(
        pipeline=[JsonlReader("raw/"), CleantextFormatter(), JsonlWriter("clean/")],
        tasks=8,
    ).run()
"""

from __future__ import annotations

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from cleantext.config import Config
from cleantext.engine import clean_and_explain
from cleantext.rule import rule_set_of


class CleantextFormatter(PipelineStep):  # type: ignore[misc]
    """Removes boilerplate lines from each document's text and counts them per rule set.

    Stats (in datatrove's per-step stats): ``documents``, ``changed_documents``,
    ``removed_lines`` and ``removed_<SET>`` for every rule set that removed
    something (``removed_NAV``, ``removed_PROMO``, ...). With
    ``drop_empty=True`` a document that was junk through and through is
    dropped (counted as ``dropped_empty``) instead of passed on with empty text.
    """

    name = "🧹 cleantext"
    type = "✂️ - FORMAT"

    def __init__(self, config: Config | None = None, drop_empty: bool = False) -> None:
        super().__init__()
        self.config = config if config is not None else Config()
        self.drop_empty = drop_empty

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for document in data:
            self.stat_update("documents")
            with self.track_time():
                result = clean_and_explain(document.text, self.config)
            if result.removals:
                self.stat_update("changed_documents")
                self.stat_update("removed_lines", value=len(result.removals))
                for removal in result.removals:
                    self.stat_update(f"removed_{rule_set_of(removal.code)}")
            document.text = result.text
            if self.drop_empty and not result.text.strip():
                self.stat_update("dropped_empty")
                continue
            yield document
