"""The MkDocs adapter: validate the column once per build, publish the editors' issue files as
pages (their destinations remapped to the contract's URLs), add the generated pages in memory,
and hand templates their data. Everything else lives in bulletin.core."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data
from mkdocs.utils.templates import TemplateContext

from ..core.campaign import published_at
from ..core.checking import check_site
from ..core.column import IssueCache, LoadedColumn
from ..core.dates import source_date_epoch
from ..core.feed import feed_items, site_feed_items
from ..core.hub import COLUMNS_DIR, moved_pages
from ..core.links import anchors_of
from ..core.metadata import page_meta, with_site_defaults
from ..core.model import Article, Column, Issue
from ..core.pages import GeneratedPage, build_index, column_pages, generated_pages, hub_pages
from ..core.policies import POLICY_DIR, Policy
from ..core.problems import Problem, errors_in, warnings_in
from ..core.qrcode import qr_svg
from ..core.sanitize import sanitize_html
from ..core.search import site_docs, with_policies, write_search_index
from ..core.slugs import slugify
from ..core.statistics import monthly_csv
from ..core.urls import url_for
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
from .staging import Staging, stage
from .templates import (
    CompiledTemplates,
    column_globals,
    escape_meta,
    install_nav_cache,
    render_attribution,
    set_globals,
)

log = get_plugin_logger(__name__)
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "toc")
HIDDEN = InclusionLevel.NOT_IN_NAV  # generated pages are reached from the section pages


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
        self.columns = site.columns
        indexes = [build_index(loaded, site.policies) for loaded in site.columns]
        self.policies = {f"{POLICY_DIR}/{p.slug}.md": p for p in site.policies}
        self.withheld = [path.removeprefix(self.docs_prefix) for path in site.withheld]
        self.issues: dict[str, Issue] = {issue.path: issue for issue in site.issues}
        # A column's pages in a site of several see their column's data (templates.py).
        self.page_globals: dict[str, dict[str, Any]] = {}
        if site.site.is_hub:  # the site's own pages see the site's column, with no issues
            self.index = build_index(LoadedColumn(self.column), site.policies)
            pages = hub_pages(indexes, self.column.name)
            for index in indexes:
                own = column_globals(index, trail=True)
                uris = [p.uri for p in column_pages(index)] + [i.path for i in index.loaded.issues]
                self.page_globals |= dict.fromkeys(uris, own)
        else:
            self.index = indexes[0]
            pages = generated_pages(self.index)
        self.indexes = indexes
        newest = [index.latest for index in indexes if index.latest]
        self.latest = max(newest, key=lambda issue: issue.date) if newest else None
        self.generated: dict[str, GeneratedPage] = {p.uri: p for p in pages}
        self.digests = IssueDigests()  # this rebuild's, for generated pages' keys
        if self.preview and self.preview.served:  # last: a column with errors leaves the
            self.preview.served.set_aside(config.site_dir)  # served site as it was

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.env = config.theme.get_env()  # renders attribution lines while pages convert
        self.env.bytecode_cache = self.compiled
        set_globals(self.env, self.index, self.column)
        for uri in self.withheld:  # dated after today: the core holds them back (hold_future)
            if held := files.get_file_from_path(uri):
                files.remove(held)
        for page in self.generated.values():
            if not files.get_file_from_path(page.uri):  # a hand-written page takes precedence
                files.append(File.generated(config, page.uri, content="", inclusion=HIDDEN))
        issues = list(self.issues.values())
        for file in issue_files(config, self.root, issues):
            files.append(file)
        for file in asset_files(config, self.root, issues):
            files.append(file)
        # site/ is clean by now; the index is written while MkDocs renders the pages, its file
        # writes and NumPy work overlapping the templates' (the build waits for it at the end).
        columns = [(detached(index.articles), index.column) for index in self.indexes]
        self.write_index = partial(
            _write_index, Path(config.site_dir), columns, self.index.policies
        )
        if not self.preview:
            self.search_task.start(self.write_index)
        for file in self._moved_files(config):
            files.append(file)
        for index in self.indexes:
            csv = monthly_csv(index.articles).encode("utf-8")
            uri = url_for("statistics_csv", prefix=index.prefix)
            files.append(File.generated(config, uri, content=csv))
        return files

    def _moved_files(self, config: MkDocsConfig) -> list[File]:
        """Pages leading from a single column's old addresses to where it moved (legacy_column)."""
        moved = next((i for i in self.indexes if i.column.slug == self.column.legacy_column), None)
        if not self.page_globals or moved is None:
            return []
        template = self.env.get_template("bulletin/redirect.html")
        files = []
        for old, new in moved_pages(moved.loaded):
            target = get_relative_url(new, old)
            html = template.render(target=target, column=moved.column, config=config)
            files.append(File.generated(config, f"{old}index.html", content=html))
        return files

    # Runs last, once MkDocs has the final files and navigation: the worker forked here converts
    # issue pages exactly as the page loop would, from the same objects.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if self.preview:  # issue pages to serve as they were, in place of MkDocs' Page
            for uri, issue in self.issues.items():
                file = files.get_file_from_path(uri)
                markdown = get_data(issue.body)[0]  # as Page.read_source will hand it over
                reusable = self.preview.reusable_issue(issue, markdown, self._column_of(uri))
                if file is not None and reusable:  # out of the nav: nothing else holds the old
                    ReusedPage(file, config, anchors_of(issue))
        uris = [uri for uri in self.issues if files.get_file_from_path(uri)]
        if not self.preview:
            self.worker.start(config, files, uris, self.page_handlers)
        return nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        issue = self.issues.get(page.file.src_uri)
        return issue.body if issue else None  # the front matter is read and checked already

    def on_page_markdown(self, markdown: str, *, page: Page, **kwargs: Any) -> str:
        escape_meta(page)
        uri = page.file.src_uri
        self.issue_layout.issue = None
        if uri in self.policies:  # a disclosed document opens with its metadata table
            page.meta["template"] = "bulletin/policy.html"
            page.update_date = published_at(self.policies[uri], self.column).iso
        elif uri in self.generated:
            generated = self.generated[uri]
            page.meta.update(title=escape(generated.title), template=generated.template)
        elif uri in self.issues:
            return self._issue_markdown(self.issues[uri], markdown, page)
        if uri not in self.policies and source_date_epoch() is None:
            latest = self.latest
            # Not the build's clock: two builds of one commit must be byte-identical (the
            # sitemap's lastmod, and the .gz's mtime MkDocs takes from the newest of these).
            page.update_date = latest.date.isoformat() if latest else page.update_date
        if self.preview and uri in self.generated:
            generated = self.generated[uri]
            column = self._column_of(uri)
            if self.preview.reusable_generated(generated, page, self.digests, column):
                page.meta["template"] = "bulletin/cached.html"
        return markdown

    def _issue_markdown(self, issue: Issue, markdown: str, page: Page) -> str:
        page.meta.update(title=escape(issue.title), template="bulletin/issue.html")
        column = self._column_of(page.file.src_uri)
        page.update_date = published_at(issue, column).iso  # the sitemap's lastmod
        if self.preview and self.preview.reusable_issue(issue, markdown, column):
            page.meta["template"] = "bulletin/cached.html"
            return ""  # nothing to convert: the page is served as it was
        if page.file.src_uri in self.worker:
            return ""  # converted by the worker (parallel.py); taken in on_page_context
        self.issue_layout.issue = issue
        own = self.page_globals.get(page.file.src_uri)
        self.issue_layout.render_attribution = partial(render_attribution, self.env, page, own=own)
        return markdown

    def _column_of(self, uri: str) -> Column:
        """The column a page belongs to: its own in a site of several, else the site's."""
        column: Column = self.page_globals.get(uri, {}).get("column", self.column)
        return column

    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        self.issue_layout.issue = None
        title = rendered_title(page)
        if title:  # Material prints titles unescaped
            set_rendered_title(page, escape(title))
        return sanitize_html(html)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        set_globals(env, self.index, self.column)
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
        extra: dict[str, Any] = dict(self.page_globals.get(uri, {}))
        extra["gov_meta"] = page_meta(
            self._column_of(uri), uri, page.title or "", page.canonical_url, config.site_url,
            self.issues.get(uri), self.policies.get(uri), page.meta.get("description"),
        )  # fmt: skip
        if uri in self.policies:
            extra["policy"] = self.policies[uri]
            if page.canonical_url:  # a policy page, like an issue, carries its QR code
                extra["qr_svg"] = Markup(qr_svg(page.canonical_url))
        elif uri in self.generated:
            extra.update(self.generated[uri].context())
        elif uri in self.issues:
            extra["issue"] = self.issues[uri]
            if uri in self.worker:
                qr = self.worker.take(page)
                if qr is not None:
                    extra["qr_svg"] = Markup(qr)
            elif page.canonical_url:
                extra["qr_svg"] = Markup(qr_svg(page.canonical_url))
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.preview:
            return self.preview.written(page, output)
        if page.file.src_uri in self.issues and not self.page_handlers:
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
        template = self.env.get_template("bulletin/feed.xml.html")
        if self.page_globals:  # a site of several columns: the site's feed beside each column's
            size = self.column.feed_size
            items = site_feed_items(self.columns, config.site_url, size)
            xml = template.render(items=items, config=config)
            Path(config.site_dir, url_for("feed")).write_text(xml, encoding="utf-8")
        for index in self.indexes:
            items = feed_items(index.loaded, config.site_url)
            own = column_globals(index, trail=False) if self.page_globals else {}
            xml = template.render(items=items, config=config, **own)
            feed = Path(config.site_dir, url_for("feed", prefix=index.prefix))
            feed.write_text(xml, encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        if self.staging:
            self.staging.failed = True
        self.worker.close()
        self.search_task.cancel()
        if self.preview:
            self.preview.failed()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> None:
        if self.preview:  # in a site of several columns, columns/: their settings and issues
            folder = COLUMNS_DIR if self.page_globals else self.column.issues_dir
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
    write_search_index(site_dir, with_policies(site_docs(columns), policies))


def report(problems: list[Problem]) -> None:
    """Log every problem; stop the build once if any is an error."""
    for problem in warnings_in(problems):
        log.warning(problem.format())
    errors = errors_in(problems)
    for problem in errors:
        log.error(problem.format())
    if errors:
        raise PluginError(f"发现 {len(errors)} 处错误（见上），未生成网站")
