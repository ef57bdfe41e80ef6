"""The MkDocs adapter: load the column once per build, add its pages in memory, feed templates."""

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

from ..core.checking import check_site
from ..core.feed import feed_items
from ..core.pages import STATISTICS_CSV, PageSpec, build_index, page_specs
from ..core.policies import POLICY_DIR
from ..core.problems import Problem, errors_in, warnings_in
from ..core.qrcode import qr_svg
from ..core.sanitize import sanitize_html
from ..core.search import search_docs, write_search_index
from ..core.statistics import monthly_csv
from ..core.urls import url_for
from .config import BulletinConfig, to_column
from .preview import BackgroundTask, OutputCache, fingerprint, site_version
from .rendering import escape_markdown, page_source
from .sections import SectionsExtension
from .staging import Staging, stage

log = get_plugin_logger(__name__)
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "toc")


class BulletinPlugin(BasePlugin[BulletinConfig]):
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
        config.markdown_extensions.append(SectionsExtension())  # type: ignore[arg-type]
        self.root = Path(config.config_file_path).parent
        self.staging = stage(config, self.previewing)  # site/ is replaced only by a whole build
        self.column = to_column(self.config)
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
        self.specs = {spec.uri: spec for spec in page_specs(self.index)}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        env = config.theme.get_env()
        env.filters["md"] = escape_markdown  # for values that land in generated Markdown
        for spec in self.specs.values():
            if files.get_file_from_path(spec.uri):  # a hand-written page takes precedence
                continue
            files.append(
                File.generated(
                    config,
                    spec.uri,
                    content=page_source(spec, env, self.index),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        # site/ is clean by now; the index is written while MkDocs renders the pages, its file
        # writes and NumPy work overlapping the templates' (the build waits for it at the end).
        articles = self.index.articles
        docs = search_docs(articles, self.column)
        self.write_index = partial(write_search_index, Path(config.site_dir), docs)
        if not self.previewing:
            self.search_task.start(self.write_index)
        csv = monthly_csv(articles)
        files.append(File.generated(config, STATISTICS_CSV, content=csv.encode("utf-8")))
        for issue in self.loaded.issues:
            for asset in issue.assets:
                uri = issue.url + asset.reference
                files.append(File.generated(config, uri, abs_src_path=asset.source_path))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, **kwargs: Any) -> str:
        escape_meta(page)
        policy = self.policies.get(page.file.src_uri)
        if policy:  # a disclosed document opens with its metadata table
            page.meta["template"] = "bulletin/policy.html"
            page.update_date = policy.date.isoformat()
        spec = self.specs.get(page.file.src_uri)
        if spec and "issue" in spec.data:  # the sitemap's lastmod is the issue's own date
            page.update_date = spec.data["issue"].date.isoformat()
        elif not policy and "SOURCE_DATE_EPOCH" not in os.environ and self.index.latest:
            # Not the build's clock: two builds of one commit must be byte-identical (the
            # sitemap's lastmod, and the .gz's mtime MkDocs takes from the newest of these).
            page.update_date = self.index.latest.date.isoformat()
        if spec and self.previewing and self._reusable(spec, markdown):
            page.meta["template"] = "bulletin/cached.html"
            return ""  # nothing to convert: the page is served as it was
        return markdown

    def _reusable(self, spec: PageSpec, markdown: str) -> bool:
        """Whether a preview issue page is unchanged: its Markdown, its header data, its
        neighbours, the settings and the templates are what its output depends on."""
        if "issue" not in spec.data:
            return False
        issue = spec.data["issue"]
        neighbours = [
            (i.url, i.title, i.label(self.column)) for i in (issue.previous, issue.next) if i
        ]
        key = fingerprint(markdown, repr(issue), neighbours, self.column, self.site_version)
        return self.output_cache.lookup(spec.uri, key)

    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        if page._title_from_render:  # Material prints titles unescaped
            page._title_from_render = escape(page._title_from_render)
        return sanitize_html(html)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["bulletin"] = self.index
        env.globals["column"] = self.column
        env.globals["url_for"] = url_for  # the one URL table (core/urls.py); templates hold no URLs
        self.env = env
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if page.file.src_uri in self.policies:
            context["policy"] = self.policies[page.file.src_uri]  # type: ignore[typeddict-unknown-key]
        spec = self.specs.get(page.file.src_uri)
        if spec:
            context.update(spec.data)  # type: ignore[typeddict-item]
            cached = self.output_cache.reused(spec.uri)
            if cached is not None:
                context["cached_page"] = Markup(cached)  # type: ignore[typeddict-unknown-key]
            elif "issue" in spec.data and page.canonical_url:
                context["qr_svg"] = Markup(qr_svg(page.canonical_url))  # type: ignore[typeddict-unknown-key]
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
        Path(config.site_dir, "feed.xml").write_text(xml, encoding="utf-8")

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


def escape_meta(page: Page) -> None:
    """Material's templates print page.meta values (title, description, author) unescaped;
    front matter is editors' text, so every string value is escaped once, here."""
    for key, value in page.meta.items():
        if isinstance(value, str) and key != "template":
            page.meta[key] = escape(value)
