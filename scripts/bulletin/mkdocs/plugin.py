"""The MkDocs adapter: validate the column once per build, publish the editors' issue files as
pages (their destinations remapped to the contract's URLs), add the generated pages in memory,
and hand templates their data. Everything else lives in bulletin.core."""

from __future__ import annotations

import logging
import os
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
from mkdocs.utils.meta import get_data
from mkdocs.utils.templates import TemplateContext
from watchdog.observers.api import BaseObserver

from ..core.campaign import published_at
from ..core.checking import check_site
from ..core.column import IssueCache
from ..core.feed import feed_items
from ..core.forking import can_fork, forced
from ..core.links import anchors_of
from ..core.metadata import page_meta, with_site_defaults
from ..core.model import Article, Column, Issue
from ..core.pages import GeneratedPage, build_index, generated_pages
from ..core.policies import POLICY_DIR, Policy
from ..core.problems import Problem, errors_in, warnings_in
from ..core.qrcode import qr_svg
from ..core.sanitize import sanitize_html
from ..core.search import search_docs, with_policies, write_search_index
from ..core.slugs import slugify
from ..core.statistics import monthly_csv
from ..core.urls import url_for
from .config import BulletinConfig, to_column
from .files import asset_files, issue_files
from .incremental import IssueDigests, ReusedPage, generated_key
from .issue_page import IssuePageExtension
from .parallel import (
    MIN_PARALLEL_PAGES,
    Converted,
    ForkedTask,
    LogCollector,
    PagePool,
    apply_converted,
    convert_page,
    worker_share,
)
from .preview import (
    OutputCache,
    fingerprint,
    remember_theme_files,
    site_version,
    watch_natively,
)
from .served import ServedFolder
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
BUILD_LOGGER = "mkdocs.commands.build"  # notes each page it does not write
HIDDEN = InclusionLevel.NOT_IN_NAV  # generated pages are reached from the section pages


class BulletinPlugin(BasePlugin[BulletinConfig]):  # type: ignore[valid-type]
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.previewing = False
        self.output_cache = OutputCache()  # kept across the rebuilds of one `mkdocs serve`
        self.issue_cache = IssueCache()  # likewise: an edit re-reads one issue file
        self.compiled = CompiledTemplates()  # likewise, and shared by a build's two environments
        self.theme_files: dict[object, list[str]] = {}  # likewise (remember_theme_files)
        self.site_version = ""
        self.search_task = ForkedTask()
        self.pool: PagePool | None = None  # issue pages converted in a worker (`mkdocs build`)
        self.in_worker = False
        self.log_collector: LogCollector | None = None
        self.watcher: BaseObserver | None = None  # `mkdocs serve`'s native watch of issues/
        self.staging: Staging | None = None
        self.served: ServedFolder | None = None  # `mkdocs serve`'s: changed pages written

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts exist only in a preview; `mkdocs build` must never see them.
        self.previewing = command == "serve"
        if self.previewing and not dirty:  # `--dirty` leaves site/ as it is already
            self.served = ServedFolder()
            logging.getLogger(BUILD_LOGGER).addFilter(self.served)

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
        self.staging = stage(config, self.previewing)  # site/ is replaced only by a whole build
        self.column = with_site_defaults(to_column(self.config), config.site_name, config.site_url)
        for key, label in self.column.identity.missing().items():
            log.warning(f"mkdocs.yml: plugins.bulletin.footer.{key}: 未设置{label}（页脚必备项）")
        return config

    # Runs first and before MkDocs cleans site/, so a column with errors leaves the old site intact.
    @event_priority(100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # A preview's index still being written is out of date: site/ is about to be cleaned.
        self.search_task.cancel()
        if self.previewing:
            self.output_cache.new_build()
            folders = (self.root / "overrides", Path(config.docs_dir))
            self.site_version = site_version(Path(config.config_file_path), *folders)
            remember_theme_files(config.theme, self.theme_files, self.site_version)
        self.reuse: dict[str, tuple[str, bool]] = {}  # this build's answers, by page
        cache = self.issue_cache if self.previewing else None
        site = check_site(self.root, self.column, Path(config.docs_dir), self.previewing, cache)
        report(site.problems)
        self.loaded = site.loaded
        self.index = build_index(self.loaded, site.policies)
        self.policies = {f"{POLICY_DIR}/{p.slug}.md": p for p in site.policies}
        self.withheld = [path.removeprefix(self.docs_prefix) for path in site.withheld]
        self.issues: dict[str, Issue] = {issue.path: issue for issue in self.loaded.issues}
        self.generated: dict[str, GeneratedPage] = {p.uri: p for p in generated_pages(self.index)}
        self.digests = IssueDigests()  # this rebuild's, for generated pages' keys
        if self.served:  # last: a column with errors leaves the served site as it was
            self.served.set_aside(config.site_dir)

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
        for file in issue_files(config, self.root, self.loaded.issues):
            files.append(file)
        for file in asset_files(config, self.root, self.loaded.issues):
            files.append(file)
        # site/ is clean by now; the index is written while MkDocs renders the pages, its file
        # writes and NumPy work overlapping the templates' (the build waits for it at the end).
        articles = self.index.articles
        self.write_index = partial(
            _write_index, Path(config.site_dir), articles, self.column, self.index.policies
        )
        if not self.previewing:
            self._start_search_index()
        csv = monthly_csv(articles).encode("utf-8")
        files.append(File.generated(config, url_for("statistics_csv"), content=csv))
        return files

    def _start_search_index(self) -> None:
        # In a forked child: its NumPy work uses the second core and its memory (most of the
        # build's peak) is returned when it exits. A thread did the same work on the main core.
        if can_fork():
            self.search_task.start(self.write_index)
        else:
            self.write_index()

    # Runs last, once MkDocs has the final files and navigation: the worker forked here converts
    # issue pages exactly as the page loop would, from the same objects.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.mkdocs_config, self.files, self.nav = config, files, nav
        if self.previewing:  # issue pages to serve as they were, in place of MkDocs' Page
            for uri, issue in self.issues.items():
                file = files.get_file_from_path(uri)
                markdown = get_data(issue.body)[0]  # as Page.read_source will hand it over
                if file is not None and self._reusable(issue, markdown):
                    ReusedPage(
                        file, config, anchors_of(issue)
                    )  # out of the nav: nothing else holds the old one
        uris = [uri for uri in self.issues if files.get_file_from_path(uri)]
        big_enough = len(uris) >= MIN_PARALLEL_PAGES or forced()
        if not self.previewing and not self.in_worker and can_fork() and big_enough:
            self.pool = PagePool(self._convert_in_worker, worker_share(uris))
        return nav

    def _convert_in_worker(self, uri: str) -> Converted:
        """In the worker: one issue page converted as the page loop would (parallel.py)."""
        if self.log_collector is None:
            self.in_worker, self.pool = True, None
            self.log_collector = LogCollector()
            self.log_collector.install()
        return convert_page(self.mkdocs_config, self.files, uri, self.log_collector)

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
        if uri not in self.policies and "SOURCE_DATE_EPOCH" not in os.environ:
            latest = self.index.latest
            # Not the build's clock: two builds of one commit must be byte-identical (the
            # sitemap's lastmod, and the .gz's mtime MkDocs takes from the newest of these).
            page.update_date = latest.date.isoformat() if latest else page.update_date
        if self.previewing and uri in self.generated and self._reusable_list(page):
            page.meta["template"] = "bulletin/cached.html"
        return markdown

    def _reusable_list(self, page: Page) -> bool:
        """Whether a generated page's data is what it was at the previous preview rebuild."""
        generated = self.generated[page.file.src_uri]
        context = (page.update_date, self.column, self.site_version)
        key = generated_key(generated, self.digests, *context)
        return key is not None and self.output_cache.lookup(page.file.src_uri, key)

    def _issue_markdown(self, issue: Issue, markdown: str, page: Page) -> str:
        page.meta.update(title=escape(issue.title), template="bulletin/issue.html")
        page.update_date = published_at(issue, self.column).iso  # the sitemap's lastmod
        if self.previewing and self._reusable(issue, markdown):
            page.meta["template"] = "bulletin/cached.html"
            return ""  # nothing to convert: the page is served as it was
        if self.pool is not None and page.file.src_uri in self.pool:
            return ""  # converted by the worker (parallel.py); taken in on_page_context
        self.issue_layout.issue = issue
        self.issue_layout.render_attribution = partial(render_attribution, self.env, page)
        return markdown

    def _reusable(self, issue: Issue, markdown: str) -> bool:
        """Whether a preview issue page is unchanged: its Markdown, its header data, its
        neighbours, the settings and the templates are what its output depends on. Asked in
        on_nav and again per page: the digest is made once (0.07 s a rebuild at 500 issues)."""
        known = self.reuse.get(issue.path)
        if known is not None and known[0] == markdown:
            return known[1]
        neighbours = [
            (i.url, i.title, i.label(self.column)) for i in (issue.previous, issue.next) if i
        ]
        key = fingerprint(markdown, repr(issue), neighbours, self.column, self.site_version)
        reusable = self.output_cache.lookup(issue.path, key)
        self.reuse[issue.path] = (markdown, reusable)
        return reusable

    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        self.issue_layout.issue = None
        if page._title_from_render:  # Material prints titles unescaped
            page._title_from_render = escape(page._title_from_render)
        return sanitize_html(html)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        set_globals(env, self.index, self.column)
        env.bytecode_cache = self.compiled
        install_nav_cache(env, self.nav)
        self.env = env
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        uri = page.file.src_uri
        if self._kept(uri):
            return context  # bulletin/cached.html: the page's file is kept as it was
        extra: dict[str, Any] = {}
        extra["gov_meta"] = page_meta(
            self.column, uri, page.title or "", page.canonical_url, config.site_url,
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
            if self.pool is not None and uri in self.pool:
                qr = apply_converted(page, self.pool.get(uri), self.files)
                if qr is not None:
                    extra["qr_svg"] = Markup(qr)
            elif page.canonical_url:
                extra["qr_svg"] = Markup(qr_svg(page.canonical_url))
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        uri = page.file.src_uri
        if self._kept(uri):
            if self.served:
                self.served.keep(uri, page.file.dest_uri)
            return ""  # MkDocs writes no empty page; its file is moved back in on_post_build
        if self.previewing:
            self.output_cache.store(uri, output)
        elif uri in self.issues:
            # Written now and never read again: MkDocs would hold every issue's HTML to the end.
            page.content = None
        return output

    def _kept(self, uri: str) -> bool:
        """Whether a preview page is unchanged since the previous rebuild (its file is kept)."""
        return self.previewing and self.output_cache.reused(uri) is not None

    # First: other plugins' post-build steps then see the whole site, the pages a preview kept
    # from its previous rebuild (served.py) included.
    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.staging:  # published at shutdown unless this or a later step fails
            self.staging.finished = True
        self._close_pool()
        if self.previewing:  # a preview shows the edited page first; search catches up
            if self.served:
                self.served.restore(self.output_cache.reused)
            self._start_search_index()
        else:
            self.search_task.wait()
        if not config.site_url:
            log.warning("未设置 site_url，无法生成带绝对链接的订阅源 feed.xml")
            return
        items = feed_items(self.loaded, config.site_url)
        xml = self.env.get_template("bulletin/feed.xml.html").render(items=items, config=config)
        Path(config.site_dir, url_for("feed")).write_text(xml, encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        if self.staging:
            self.staging.failed = True
        self._close_pool()
        self.search_task.cancel()
        if self.previewing:  # the next rebuild writes every page again
            self.output_cache = OutputCache()
        if self.served:
            self.served.discard()

    def _close_pool(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> None:
        issues = self.root / self.column.issues_dir
        self.watcher = watch_natively(server, issues) if issues.is_dir() else None
        if self.watcher is None:
            server.watch(str(issues))
        else:  # MkDocs' own "Watching paths for changes" line lists only what it polls
            log.info(
                f"Watching '{self.column.issues_dir}' for changes (专刊文件，改动后自动重新生成)"
            )

    def on_shutdown(self) -> None:
        if self.served:
            logging.getLogger(BUILD_LOGGER).removeFilter(self.served)
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        staging, self.staging = self.staging, None
        if staging:  # the whole build succeeded: site/ is replaced now, in one step
            staging.end()


def _write_index(
    site_dir: Path, articles: list[Article], column: Column, policies: list[Policy]
) -> None:
    """The search index, records included: in the child process, the plain text of every
    article is made there too (1.3 s of the main process's time at 500 issues, profiled)."""
    write_search_index(site_dir, with_policies(search_docs(articles, column), policies))


def report(problems: list[Problem]) -> None:
    """Log every problem; stop the build once if any is an error."""
    for problem in warnings_in(problems):
        log.warning(problem.format())
    errors = errors_in(problems)
    for problem in errors:
        log.error(problem.format())
    if errors:
        raise PluginError(f"发现 {len(errors)} 处错误（见上），未生成网站")
