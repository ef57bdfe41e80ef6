"""Using the second core: work that does not need MkDocs' page loop runs in forked processes.

MkDocs renders one page after another in one process. Two parts of our build need nothing from
that loop: the search index (NumPy over every article; most of the build's memory) and the issue
pages' own conversion (Python-Markdown, the layout tree processor, nh3 sanitising, the QR code).
Forked children inherit the loaded column, the configuration and the Jinja environment as they
are, so nothing is pickled on the way in and the code that runs is the very code of a
single-process build: the output is byte-identical (a test builds both ways and compares).

Measured at 500 issues (CPU seconds on the main process, getrusage): see devdocs/performance.md.
"""

from __future__ import annotations

import copy
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..core.forking import can_fork, die_with_parent, forced, workers_allowed
from ..core.model import Article, Issue
from ..core.qrcode import qr_svg
from .compat import converting, page_worker_supported, rendered_title, set_rendered_title

log = get_plugin_logger(__name__)

# Below this many issue pages a forked worker costs more than it saves (fork and pipes are
# a few tens of milliseconds; converting an issue page is about 10 ms).
MIN_PARALLEL_PAGES = 40
CHUNK = 16  # pages per message: one round trip per page cost more than the pickling saves
# Chunks converted ahead of the page loop. The worker starts while MkDocs' first loop converts
# the parent's share, so it may run far ahead; this bounds the HTML waiting in the parent.
AHEAD = 64


# The events in which MkDocs hands a page's Markdown or HTML to every plugin.
PAGE_EVENTS = ("on_page_markdown", "on_page_content", "on_page_context", "on_post_page")


def others_handling_pages(config: MkDocsConfig, plugin: object) -> list[str]:
    """The other plugins and hooks files that handle a page event (by their name in
    mkdocs.yml): they must see every issue page's Markdown and HTML in this process, so
    issue pages are not converted in a worker when there are any."""
    return [
        name
        for name, other in config.plugins.items()
        if other is not plugin and any(hasattr(other, event) for event in PAGE_EVENTS)
    ]


def worker_share(uris: list[str]) -> list[str]:
    """The pages the worker converts: every other chunk. The parent converts the rest in
    MkDocs' own loop, because the worker's core also runs the search index: at 500 issues the
    parent waited 2.5 s for a worker that had every page (main 2.8 s CPU; worker and search
    child 5.2 s on one core), with half each the two cores carry about 4 s apiece."""
    return [uri for n, uri in enumerate(uris) if n // CHUNK % 2 == 0]


@dataclass
class ForkedTask:
    """One piece of work run in a forked child beside the build; whoever needs its result
    waits for it, and its failure is raised there. A preview can abandon it (`cancel`)."""

    _process: BaseProcess | None = None

    def start(self, work: Callable[[], None]) -> None:
        """Run `work` in a child: forked where that is safe (`mkdocs build`); from a fork
        server in the threaded `mkdocs serve` (`work` is pickled); here, when workers are
        off or the system has neither."""
        self.wait()
        methods = multiprocessing.get_all_start_methods()
        context: multiprocessing.context.BaseContext
        if can_fork():
            context, direct = multiprocessing.get_context("fork"), True
        elif workers_allowed() and "forkserver" in methods:
            server = multiprocessing.get_context("forkserver")
            # Not the default `__main__`: a script without a main guard would run again.
            server.set_forkserver_preload(["bulletin.core.search"])
            context, direct = server, False
        else:
            work()
            return
        args = (work, os.getpid(), direct)
        process = context.Process(target=_run_as_worker, args=args, daemon=True)
        process.start()
        self._process = process

    def wait(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.join()
            if process.exitcode != 0:
                raise RuntimeError(f"后台任务失败（退出码 {process.exitcode}），见上方错误信息")

    def cancel(self) -> None:
        """Stop the work if it still runs: a new preview build replaces what it would write."""
        process, self._process = self._process, None
        if process is not None and process.is_alive():
            process.terminate()
        if process is not None:
            process.join()


def detached(articles: list[Article]) -> list[Article]:
    """Copies of the articles whose issues drop their links to their neighbours: what the
    search index reads of them, picklable for a fork server's child (the issues' chain of
    `previous` links, 500 deep, exceeds pickle's recursion limit)."""
    issues: dict[int, Issue] = {}
    copies = []
    for article in articles:
        article = copy.copy(article)
        if article.issue is not None:
            if id(article.issue) not in issues:
                issue = copy.copy(article.issue)
                issue.previous = issue.next = None
                issue.articles = []
                issues[id(article.issue)] = issue
            article.issue = issues[id(article.issue)]
            article.issue.articles.append(article)
        copies.append(article)
    return copies


def _run_as_worker(work: Callable[[], None], parent: int, direct: bool) -> None:
    die_with_parent(parent, direct)
    work()


@dataclass
class Converted:
    """What converting one page produced, as MkDocs' own Page.render and our events set it."""

    content: str
    toc: Any
    title_from_render: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # target src_uri -> anchor -> link
    qr_svg: str | None
    log: list[tuple[str, int, str]] = field(default_factory=list)  # (logger, level, message)


def convert_page(config: MkDocsConfig, files: Files, uri: str, log: LogCollector) -> Converted:
    """MkDocs' own steps for one page (its events, Page.render), then the QR code: what the
    worker hands back for the parent's page loop."""
    file = files.get_file_from_path(uri)
    assert file is not None
    page = Page(None, file, config)
    with converting(config, page):
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        assert page.markdown is not None
        page.markdown = config.plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )
        page.render(config, files)
        assert page.content is not None
        page.content = config.plugins.on_page_content(
            page.content, page=page, config=config, files=files
        )
    links = {f.src_uri: v for f, v in (page.links_to_anchors or {}).items()}
    qr = qr_svg(page.canonical_url) if page.canonical_url else None
    return Converted(
        page.content, page.toc, rendered_title(page), page.present_anchor_ids, links, qr,
        log.take(),
    )  # fmt: skip


def apply_converted(page: Page, converted: Converted, files: Files) -> str | None:
    """Put the worker's conversion of an issue page on the parent's Page; its QR code."""
    page.content, page.toc = converted.content, converted.toc
    set_rendered_title(page, converted.title_from_render)
    page.present_anchor_ids = converted.present_anchor_ids
    if converted.links_to_anchors is not None:
        page.links_to_anchors = {
            target: links
            for uri, links in converted.links_to_anchors.items()
            if (target := files.get_file_from_path(uri)) is not None
        }
    return converted.qr_svg


# The conversion the parent sets before forking: its workers inherit it (nothing is pickled).
_convert: Callable[[str], Converted] | None = None


def _convert_chunk(uris: list[str]) -> list[Converted]:
    assert _convert is not None
    return [_convert(uri) for uri in uris]


class PagePool:
    """Issue pages converted in one forked worker, in the order MkDocs will ask for them.

    Chunks are submitted AHEAD of the page loop, not all at once, so the parent holds at most
    about a thousand pages' HTML however large the column."""

    def __init__(self, convert: Callable[[str], Converted], uris: Iterable[str]) -> None:
        global _convert
        _convert = convert
        ordered = list(uris)
        self._chunks = [ordered[i : i + CHUNK] for i in range(0, len(ordered), CHUNK)]
        self._chunk_of = {uri: n for n, chunk in enumerate(self._chunks) for uri in chunk}
        self._futures: dict[int, Future[list[Converted]]] = {}
        self._results: dict[str, Converted] = {}
        context = multiprocessing.get_context("fork")
        self._executor = ProcessPoolExecutor(
            1, context, initializer=die_with_parent, initargs=(os.getpid(),)
        )
        for n in range(min(AHEAD, len(self._chunks))):
            self._submit(n)

    def _submit(self, n: int) -> None:
        if n < len(self._chunks) and n not in self._futures:
            self._futures[n] = self._executor.submit(_convert_chunk, self._chunks[n])

    def __contains__(self, uri: str) -> bool:
        return uri in self._chunk_of

    def get(self, uri: str) -> Converted:
        """The page's conversion, waiting for the worker if it is not done yet."""
        if uri not in self._results:
            n = self._chunk_of[uri]
            self._submit(n)
            future = self._futures.pop(n)
            self._results |= zip(self._chunks[n], future.result(), strict=True)
            self._submit(n + AHEAD)
        converted = self._results.pop(uri)
        for name, level, message in converted.log:  # the worker's warnings, counted here
            logging.getLogger(name).log(level, message)
        return converted

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class LogCollector(logging.Handler):
    """In a worker: MkDocs' messages about a page, kept to be logged by the parent, where
    `--strict` counts warnings and the terminal shows them once."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))

    def install(self) -> None:
        logger = logging.getLogger("mkdocs")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(self)
        logger.propagate = False

    def take(self) -> list[tuple[str, int, str]]:
        records, self.records = self.records, []
        return records


class PageWorker:
    """The page worker of one `mkdocs build`: whether it runs, and the pages it converted."""

    def __init__(self) -> None:
        self.pool: PagePool | None = None
        self.in_worker = False  # true in the worker itself: it starts no worker of its own
        self.log_collector: LogCollector | None = None

    def start(self, config: MkDocsConfig, files: Files, uris: list[str], others: list[str]) -> None:
        """Convert every other chunk of `uris` in a worker, if the column is big enough, forking
        is safe, this MkDocs is a known one and no other plugin or hook (`others`) handles page
        events: they must see every page's Markdown and HTML in this process."""
        big_enough = len(uris) >= MIN_PARALLEL_PAGES or forced()
        if self.in_worker or not can_fork() or not big_enough:
            return
        if not page_worker_supported():
            log.info("未经测试的 MkDocs 版本：期刊页面在主进程中逐页转换（较慢）")
        elif others:
            names = "、".join(others)
            log.info(f"{names} 处理页面事件：期刊页面改为在主进程中逐页转换（较慢）")
        else:
            self.config, self.files = config, files
            self.pool = PagePool(self._convert, worker_share(uris))

    def _convert(self, uri: str) -> Converted:
        """In the worker: one issue page converted as the page loop would."""
        if self.log_collector is None:
            self.in_worker, self.pool = True, None
            self.log_collector = LogCollector()
            self.log_collector.install()
        return convert_page(self.config, self.files, uri, self.log_collector)

    def __contains__(self, uri: str) -> bool:
        return self.pool is not None and uri in self.pool

    def take(self, page: Page) -> str | None:
        """Put the worker's conversion on the parent's page; its QR code."""
        assert self.pool is not None
        return apply_converted(page, self.pool.get(page.file.src_uri), self.files)

    def close(self) -> None:
        """Stop the worker (after the pages, or on a failure)."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None
