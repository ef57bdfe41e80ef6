"""The MkDocs adapter: validate the column once per build, publish the editors' issue files as
pages (their destinations remapped to the contract's URLs), add the generated pages in memory,
and hand templates their data. Everything else lives in bulletin.core."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data
from mkdocs.utils.templates import TemplateContext

from ..core.campaign import published_at
from ..core.checking import check_site
from ..core.column import IssueCache
from ..core.dates import source_date_epoch
from ..core.links import anchors_of
from ..core.metadata import with_site_defaults
from ..core.model import COLUMNS_DIR, Article, Column, Issue
from ..core.policies import Policy
from ..core.problems import Problem, errors_in, warnings_in
from ..core.sanitize import sanitize_html
from ..core.search import write_site_search
from ..core.slugs import slugify
from .compat import (
    rendered_title,
    set_rendered_title,
)
from .config import BulletinConfig, to_column
from .files import asset_files, issue_files
from .incremental import IssueDigests, ReusedPage
from .issue_page import IssuePageExtension
from .linebreaks import ChineseLineBreaks
from .material_toggles import MaterialToggles
from .parallel import (
    ForkedTask,
    PageWorker,
    detached,
    others_handling_pages,
)
from .session import PreviewSession
from .site_data import SiteData
from .staging import Staging, stage
from .templates import (
    CompiledTemplates,
    escape_meta,
    install_nav_cache,
    render_attribution,
    set_globals,
)

log = get_plugin_logger(__name__)
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "toc")


class BulletinPlugin(BasePlugin[BulletinConfig]):  # type: ignore[valid-type]
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.preview: PreviewSession | None = None  # `mkdocs serve`'s, kept across rebuilds
        self.issue_cache = IssueCache()  # likewise: an edit re-reads one issue file
        self.compiled = CompiledTemplates()  # likewise, and shared by a build's two environments
        self.search_task = ForkedTask()
        self.worker = PageWorker()  # issue pages converted in a worker (`mkdocs build`)
        self.staging: Staging | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts exist only in a preview; `mkdocs build` must never see them.
        self.preview = PreviewSession(dirty) if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for name in REQUIRED_EXTENSIONS:  # explicit heading ids and article sections need these
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        # One slug function for every heading of the site, the one the core gives articles.
        config.mdx_configs.setdefault("toc", {})["slugify"] = lambda text, sep: slugify(text)
        self.root = Path(config.config_file_path).parent
        docs = Path(config.docs_dir).resolve().relative_to(self.root.resolve()).as_posix()
        self.docs_prefix = f"{docs}/"
        self.issue_layout = IssuePageExtension(self.docs_prefix)
        config.markdown_extensions.append(self.issue_layout)  # type: ignore[arg-type]
        # A line break between two Chinese characters is no word space (core/linebreaks.py).
        config.markdown_extensions.append(ChineseLineBreaks())  # type: ignore[arg-type]
        # Pages converted in a worker would reach these with empty Markdown and HTML.
        self.page_handlers = others_handling_pages(config, self)
        # site/ is replaced only by a whole build.
        self.staging = stage(config, self.preview is not None)
        self.column = with_site_defaults(to_column(self.config), config.site_name, config.site_url)
        for key, label in self.column.identity.missing().items():
            log.warning(f"mkdocs.yml: plugins.bulletin.footer.{key}: 未设置{label}（页脚必备项）")
        return config

    # Runs first and before MkDocs cleans site/, so a column with errors leaves the old site intact.
    @event_priority(100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # A preview's index still being written is out of date: site/ is about to be cleaned.
        self.search_task.cancel()
        if self.preview:
            self.preview.new_build(config, self.root)
        cache = self.issue_cache if self.preview else None
        docs = Path(config.docs_dir)
        site = check_site(self.root, self.column, docs, self.preview is not None, cache)
        report(site.problems)
        self.site = SiteData.of(site, self.column, self.docs_prefix)
        self.digests = IssueDigests()  # this rebuild's, for generated pages' keys
        if self.preview and self.preview.served:  # last: a column with errors leaves the
            self.preview.served.set_aside(config.site_dir)  # served site as it was

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.env = config.theme.get_env()  # renders attribution lines while pages convert
        self.env.bytecode_cache = self.compiled
        set_globals(self.env, self.site.index, self.column)
        for uri in self.site.withheld:  # due later: the core holds them back (hold_future)
            if held := files.get_file_from_path(uri):
                files.remove(held)
        taken = {file.src_uri for file in files}
        issues = list(self.site.issues.values())
        for file in [
            *self.site.generated_files(config, taken),
            *issue_files(config, self.root, issues),
            *asset_files(config, self.root, issues),
            *self.site.moved_files(self.env, config),
            *self.site.statistics_files(config),
        ]:
            files.append(file)
        # site/ is clean by now; the index is written while MkDocs renders the pages, its file
        # writes and NumPy work overlapping the templates' (the build waits for it at the end).
        columns = [(detached(index.articles), index.column) for index in self.site.indexes]
        self.write_index = partial(
            _write_index, Path(config.site_dir), columns, self.site.index.policies
        )
        if not self.preview:
            self.search_task.start(self.write_index)
        return files

    # Runs last, once MkDocs has the final files and navigation: the worker forked here converts
    # issue pages exactly as the page loop would, from the same objects.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if self.preview:  # issue pages to serve as they were, in place of MkDocs' Page
            for uri, issue in self.site.issues.items():
                file = files.get_file_from_path(uri)
                markdown = get_data(issue.body)[0]  # as Page.read_source will hand it over
                reusable = self.preview.reusable_issue(issue, markdown, self.site.column_of(uri))
                if file is not None and reusable:  # out of the nav: nothing else holds the old
                    ReusedPage(file, config, anchors_of(issue))
        uris = [uri for uri in self.site.issues if files.get_file_from_path(uri)]
        if not self.preview:
            self.worker.start(config, files, uris, self.page_handlers)
        return nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        issue = self.site.issues.get(page.file.src_uri)
        return issue.body if issue else None  # the front matter is read and checked already

    def on_page_markdown(self, markdown: str, *, page: Page, **kwargs: Any) -> str:
        escape_meta(page)
        uri = page.file.src_uri
        self.issue_layout.issue = None
        if uri in self.site.policies:  # a disclosed document opens with its metadata table
            page.meta["template"] = "bulletin/policy.html"
            page.update_date = published_at(self.site.policies[uri], self.column).iso
        elif uri in self.site.generated:
            generated = self.site.generated[uri]
            page.meta.update(title=escape(generated.title), template=generated.template)
        elif uri in self.site.issues:
            return self._issue_markdown(self.site.issues[uri], markdown, page)
        if uri not in self.site.policies and source_date_epoch() is None:
            latest = self.site.latest
            # Not the build's clock: two builds of one commit must be byte-identical (the
            # sitemap's lastmod, and the .gz's mtime MkDocs takes from the newest of these).
            page.update_date = latest.date.isoformat() if latest else page.update_date
        if self.preview and uri in self.site.generated:
            generated = self.site.generated[uri]
            column = self.site.column_of(uri)
            if self.preview.reusable_generated(generated, page, self.digests, column):
                page.meta["template"] = "bulletin/cached.html"
        return markdown

    def _issue_markdown(self, issue: Issue, markdown: str, page: Page) -> str:
        page.meta.update(title=escape(issue.title), template="bulletin/issue.html")
        column = self.site.column_of(page.file.src_uri)
        page.update_date = published_at(issue, column).iso  # the sitemap's lastmod
        if self.preview and self.preview.reusable_issue(issue, markdown, column):
            page.meta["template"] = "bulletin/cached.html"
            return ""  # nothing to convert: the page is served as it was
        if page.file.src_uri in self.worker:
            return ""  # converted by the worker (parallel.py); taken in on_page_context
        self.issue_layout.issue = issue
        own = self.site.page_globals.get(page.file.src_uri)
        self.issue_layout.render_attribution = partial(render_attribution, self.env, page, own=own)
        return markdown

    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        self.issue_layout.issue = None
        title = rendered_title(page)
        if title:  # Material prints titles unescaped
            set_rendered_title(page, escape(title))
        return sanitize_html(html)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        set_globals(env, self.site.index, self.column)
        env.add_extension(MaterialToggles)  # valid HTML from Material's own base.html
        env.bytecode_cache = self.compiled
        install_nav_cache(env, self.nav)
        self.env = env
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        uri = page.file.src_uri
        if self.preview and self.preview.kept(uri):
            return context  # bulletin/cached.html: the page's file is kept as it was
        extra = self.site.page_context(page, config, self.worker)
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.preview:
            return self.preview.written(page, output)
        if page.file.src_uri in self.site.issues and not self.page_handlers:
            # Written now and never read again: MkDocs would hold every issue's HTML to the end.
            page.content = None
        return output

    # First: other plugins' post-build steps then see the whole site, the pages a preview kept
    # from its previous rebuild (served.py) included.
    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.staging:  # published at shutdown unless this or a later step fails
            self.staging.finished = True
        self.worker.close()
        if self.preview:  # a preview shows the edited page first; search catches up
            self.preview.finished()
            self.search_task.start(self.write_index)
        else:
            self.search_task.wait()
        if not config.site_url:
            log.warning("未设置 site_url，无法生成带绝对链接的订阅源 feed.xml")
            return
        self.site.write_feeds(self.env, config, config.site_url)

    def on_build_error(self, *, error: Exception) -> None:
        if self.staging:
            self.staging.failed = True
        self.worker.close()
        self.search_task.cancel()
        if self.preview:
            self.preview.failed()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> None:
        if self.preview:  # in a site of several columns, columns/: their settings and issues
            folder = COLUMNS_DIR if self.site.is_hub else self.column.issues_dir
            self.preview.watch(server, self.root / folder)

    def on_shutdown(self) -> None:
        if self.preview:
            self.preview.end()
        staging, self.staging = self.staging, None
        if staging:  # the whole build succeeded: site/ is replaced now, in one step
            staging.end()


def _write_index(
    site_dir: Path, columns: list[tuple[list[Article], Column]], policies: list[Policy]
) -> None:
    """The search index, records included: in the child process, the plain text of every
    article is made there too (1.3 s of the main process's time at 500 issues, profiled)."""
    write_site_search(site_dir, columns, policies)


def report(problems: list[Problem]) -> None:
    """Log every problem; stop the build once if any is an error."""
    for problem in warnings_in(problems):
        log.warning(problem.format())
    errors = errors_in(problems)
    for problem in errors:
        log.error(problem.format())
    if errors:
        raise PluginError(f"发现 {len(errors)} 处错误（见上），未生成网站")
