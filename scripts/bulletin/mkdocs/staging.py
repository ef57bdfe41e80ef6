"""Publishing a build all at once: MkDocs writes into a staging folder beside `site/`, and only a
build that finished without error replaces `site/`, by exchanging the two folders.

MkDocs cleans `site_dir` before writing and writes page by page, so a build that fails or is
killed half-way would otherwise leave no site, or half of one. With staging, a failure, a
crash or a kill leaves the previous `site/` exactly as it was; the leftover staging folder is
removed by the next build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError

from ..core.swap import recover, remove, swap
from .compat import is_preview_folder


class Staging:
    """The staging folder of one `mkdocs build`, and the swap that publishes it."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.site = Path(config.site_dir)
        self.folder = self.site.with_name(f".{self.site.name}.staging")
        self.previous = self.site.with_name(f".{self.site.name}.previous")
        self.finished = False
        self.failed = False

    def begin(self) -> str:
        """Empty the staging folder (a killed build may have left one) and return its path."""
        recover(self.site, self.previous)
        remove(self.folder)
        self.folder.mkdir(parents=True)
        return str(self.folder)

    def end(self) -> None:
        """Publish the staging folder if the build finished and nothing failed; else drop it."""
        self.config.site_dir = str(self.site)  # `mkdocs gh-deploy` publishes from it next
        try:
            if self.finished and not self.failed and self.folder.is_dir():
                swap(self.folder, self.site, self.previous)
            remove(self.folder)
        except OSError as error:
            message = f"网站已生成，但无法替换 {self.site.name}/（原网站未改动）：{error}"
            raise Abort(message) from error


def stage(config: MkDocsConfig, previewing: bool) -> Staging | None:
    """Point MkDocs at a staging folder for this build (not for a preview)."""
    if previewing or is_preview_folder(config.site_dir):
        return None
    staging = Staging(config)
    try:
        config.site_dir = staging.begin()
    except OSError as error:
        raise PluginError(f"无法准备生成目录 {staging.folder}：{error}") from error
    return staging
