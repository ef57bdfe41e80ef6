"""The MkDocs adapter: validate the column once per build, publish the editors' issue files as
pages (their destinations remapped to the contract's URLs), add the generated pages in memory,
and hand templates their data. Everything else lives in bulletin.core."""

from __future__ import annotations

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
from mkdocs.utils.templates import TemplateContext

from ..core.campaign import published_at
from ..core.checking import check_site
from ..core.feed import feed_items
from ..core.metadata import page_meta, with_site_defaults
from ..core.model import Issue
from ..core.pages import GeneratedPage, build_index, generated_pages
from ..core.policies import POLICY_DIR
from ..core.problems import Problem, errors_in, warnings_in
from ..core.qrcode import qr_svg
from ..core.sanitize import sanitize_html
from ..core.search import search_docs, with_policies, write_search_index
from ..core.slugs import slugify
from ..core.statistics import monthly_csv
from ..core.urls import url_for
from .config import BulletinConfig, to_column
from .files import asset_files, issue_files
from .issue_page import IssuePageExtension
from .preview import BackgroundTask, OutputCache, fingerprint, site_version
from .staging import Staging, stage
from .templates import escape_meta, render_attribution, set_globals

log = get_plugin_logger(__name__)
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "toc")
HIDDEN = InclusionLevel.NOT_IN_NAV  # generated pages are reached from the section pages


class BulletinPlugin(BasePlugin[BulletinConfig]):  # type: ignore[valid-type]
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.previewing = False
        self.output_cache = OutputCache()  # kept across the rebuilds of one `mkdocs serve`
        self.site_version = ""
        self.search_task = BackgroundTask()
        self.staging: Staging | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts exist only in a preview; `mkdocs build` must never see them.
        self.previewing = command == "serve"

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
        self.search_task.wait()  # the previous preview's index is written before site/ is cleaned
        if self.previewing:
            self.site_version = site_version(Path(config.config_file_path), self.root / "overrides")
        site = check_site(self.root, self.column, Path(config.docs_dir), self.previewing)
        report(site.problems)
        self.loaded = site.loaded
        self.index = build_index(self.loaded, site.policies)
        self.policies = {f"{POLICY_DIR}/{p.slug}.md": p for p in site.policies}
        self.issues: dict[str, Issue] = {issue.path: issue for issue in self.loaded.issues}
        self.generated: dict[str, GeneratedPage] = {p.uri: p for p in generated_pages(self.index)}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.env = config.theme.get_env()  # renders attribution lines while pages convert
        set_globals(self.env, self.index, self.column)
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
        docs = with_policies(search_docs(articles, self.column), self.index.policies)
        self.write_index = partial(write_search_index, Path(config.site_dir), docs)
        if not self.previewing:
            self.search_task.start(self.write_index)
        csv = monthly_csv(articles).encode("utf-8")
        files.append(File.generated(config, url_for("statistics_csv"), content=csv))
        return files

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
        return markdown

    def _issue_markdown(self, issue: Issue, markdown: str, page: Page) -> str:
        page.meta.update(title=escape(issue.title), template="bulletin/issue.html")
        page.update_date = published_at(issue, self.column).iso  # the sitemap's lastmod
        if self.previewing and self._reusable(issue, markdown):
            page.meta["template"] = "bulletin/cached.html"
            return ""  # nothing to convert: the page is served as it was
        self.issue_layout.issue = issue
        self.issue_layout.render_attribution = partial(render_attribution, self.env, page)
        return markdown

    def _reusable(self, issue: Issue, markdown: str) -> bool:
        """Whether a preview issue page is unchanged: its Markdown, its header data, its
        neighbours, the settings and the templates are what its output depends on."""
        neighbours = [
            (i.url, i.title, i.label(self.column)) for i in (issue.previous, issue.next) if i
        ]
        key = fingerprint(markdown, repr(issue), neighbours, self.column, self.site_version)
        return self.output_cache.lookup(issue.path, key)

    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        self.issue_layout.issue = None
        if page._title_from_render:  # Material prints titles unescaped
            page._title_from_render = escape(page._title_from_render)
        return sanitize_html(html)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        set_globals(env, self.index, self.column)
        self.env = env
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        uri = page.file.src_uri
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
            cached = self.output_cache.reused(uri)
            if cached is not None:
                extra["cached_page"] = Markup(cached)
            elif page.canonical_url:
                extra["qr_svg"] = Markup(qr_svg(page.canonical_url))
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.previewing:
            self.output_cache.store(page.file.src_uri, output)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.staging:  # published at shutdown unless this or a later step fails
            self.staging.finished = True
        if self.previewing:  # a preview shows the edited page first; search catches up
            self.search_task.start(self.write_index)
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

    def on_shutdown(self) -> None:
        staging, self.staging = self.staging, None
        if staging:
            staging.end()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> None:
        server.watch(str(self.root / self.column.issues_dir))


def report(problems: list[Problem]) -> None:
    """Log every problem; stop the build once if any is an error."""
    for problem in warnings_in(problems):
        log.warning(problem.format())
    errors = errors_in(problems)
    for problem in errors:
        log.error(problem.format())
    if errors:
        raise PluginError(f"发现 {len(errors)} 处错误（见上），未生成网站")
