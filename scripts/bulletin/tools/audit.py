"""`bulletin audit`: the inspection self-check of the built site and its sources.

Prints the table (指标, 要求, 结果, 依据), writes `audit.json` and `audit.md` in the project root
and exits 1 when a 单项否决 item fails. The rules on sources are in `bulletin.core.audit`; the
items that read the built pages (links, metadata, resources, click depth) are here.
"""

from __future__ import annotations

import html
import re
import sys
from collections import deque
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from ..core import audit
from ..core.audit import GUIDE, INDICATORS, Finding, Status, judged
from ..core.checking import check_site
from ..core.errata import ERRATA_FILE, load_errata, scan_files
from ..core.metadata import ARTICLE_TAGS, COLUMN_TAGS
from ..core.model import Column
from ..core.pages import build_index
from ..core.urls import url_for
from . import linkcheck
from .linkcheck import Page, parse_page
from .settings import docs_dir, load_column_settings, site_dir, site_path, site_url

MAX_CLICKS = 3
_PUB_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
_CSS_URL = re.compile(r"""url\(\s*['"]?((?:https?:)?//[^'")\s]+)""")
_SKIPPED = ("404.html",)  # the error page is no page of the column


def run_audit(config_file: Path, today: date) -> int:
    """Judge the built site; print and write the report; 1 when a 单项否决 item fails."""
    column, setting_errors = load_column_settings(config_file)
    if setting_errors:
        print("\n".join(setting_errors), file=sys.stderr)
        return 2
    root, built = config_file.parent, site_dir(config_file)
    if not (built / "index.html").is_file():
        print(f"未找到 {built.name}/index.html：请先运行 mkdocs build", file=sys.stderr)
        return 2
    findings = collect(config_file, column, built, today)
    report = audit.table(findings)
    print(report)
    print(audit.summary(findings))
    (root / "audit.json").write_text(audit.json_report(findings, today), encoding="utf-8")
    (root / "audit.md").write_text(audit.markdown_report(findings, today, column), "utf-8")
    print("已写入 audit.json、audit.md", file=sys.stderr)
    return 1 if audit.vetoed(findings) else 0


def collect(config_file: Path, column: Column, built: Path, today: date) -> list[Finding]:
    """Every item, the 单项否决 ones first."""
    root, docs = config_file.parent, docs_dir(config_file)
    checked = check_site(root, column, docs, include_drafts=False)
    indexes = [build_index(loaded, checked.policies) for loaded in checked.columns]
    errata, _ = load_errata(root / ERRATA_FILE, ERRATA_FILE)
    texts = [root / issue.path for issue in checked.issues] + sorted(docs.rglob("*.md"))
    pages = BuiltSite(built, site_path(config_file))
    home = html.unescape((built / "index.html").read_text(encoding="utf-8", errors="replace"))
    article_pages = [i.url for i in checked.issues] + [p.url for p in checked.policies]
    return [
        *audit.update_findings(checked, column, today),
        audit.empty_columns(indexes),
        audit.errata_finding(scan_files(errata, root, texts)),
        audit.proofing_finding(checked.problems),
        audit.publish_time_finding(checked, column),
        pages.links(),
        pages.metadata(article_pages),
        pages.foreign_resources(urlsplit(site_url(config_file)).hostname),
        pages.click_depth(),
        audit.footer_finding(column, home),
        audit.launch_finding(column, site_url(config_file), checked.policies),
        pages.accessibility_statement(),
    ]


class BuiltSite:
    """The HTML pages under site/, each parsed once."""

    def __init__(self, folder: Path, prefix: str) -> None:
        self.folder, self.prefix = folder.resolve(), prefix
        self.cache: dict[Path, Page] = {}
        self.paths = [p for p in sorted(self.folder.rglob("*.html")) if p.name not in _SKIPPED]

    def page(self, path: Path) -> Page:
        """One page, parsed once per run."""
        return parse_page(path, self.cache)

    def shown(self, path: Path) -> str:
        """A page's path inside site/, as the report names it."""
        return path.relative_to(self.folder).as_posix()

    def links(self) -> Finding:
        """Broken internal links and anchors, as `python -m bulletin.tools.linkcheck` finds them."""
        broken = linkcheck.check_site(self.folder, self.prefix)
        return judged(
            "链接可用性", "站内链接、图片和锚点均可用", f"{INDICATORS}“可用性”（不可用链接）",
            broken, "未发现不可用链接", f"{len(broken)} 处不可用链接或锚点",
        )  # fmt: skip

    def metadata(self, article_urls: list[str]) -> Finding:
        """The column tags on every page; the article tags, PubDate as YYYY-MM-DD HH:MM, on
        issue and policy pages."""
        articles = {(self.folder / url / "index.html").resolve() for url in article_urls}
        missing = []
        for path in self.paths:
            meta = self.page(path).meta
            wanted = COLUMN_TAGS + (ARTICLE_TAGS if path in articles else ())
            absent = [name for name in wanted if not meta.get(name)]
            if path in articles and meta.get("PubDate") and not _PUB_DATE.match(meta["PubDate"]):
                absent.append(f"PubDate（「{meta['PubDate']}」不是 YYYY-MM-DD HH:MM）")
            if absent:
                missing.append(f"{self.shown(path)}: 缺少 " + "、".join(absent))
        return judged(
            "网页元数据", "每个页面标注网站、栏目元数据；文章页另有标题、发布时间、来源",
            f"{GUIDE}附件“网页元数据”", missing, f"{len(self.paths)} 个页面的元数据齐全",
            f"{len(missing)} 个页面缺少元数据",
        )  # fmt: skip

    def foreign_resources(self, host: str | None) -> Finding:
        """Scripts, styles, images, frames and CSS url()s loaded from another host."""
        found = []
        for path in self.paths:
            for link in self.page(path).resources:
                if _foreign(link, host):
                    found.append(f"{self.shown(path)}: {link}")
        for css in sorted(self.folder.rglob("*.css")):
            for match in _CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
                if _foreign(match.group(1), host):
                    found.append(f"{self.shown(css)}: {match.group(1)}")
        return judged(
            "外部资源", "页面资源（脚本、样式、图片、字体、框架）均由本站提供",
            f"{GUIDE}安全防护；{INDICATORS}“安全防护”", found, "页面未加载其他网站的资源",
            f"{len(found)} 处加载其他网站的资源",
        )  # fmt: skip

    def click_depth(self) -> Finding:
        """Breadth-first from the home page over what readers can click."""
        start = self.folder / "index.html"
        depth = {start: 0}
        queue = deque([start])
        while queue:
            path = queue.popleft()
            if depth[path] == MAX_CLICKS:
                continue
            for link in self.page(path).anchors:
                found = linkcheck.target(self.folder, path, link, self.prefix)
                if found is None or found[0].suffix != ".html" or not found[0].is_file():
                    continue
                if found[0] not in depth:
                    depth[found[0]] = depth[path] + 1
                    queue.append(found[0])
        far = [self.shown(p) for p in self.paths if p not in depth]
        return judged(
            "三次点击可达", f"从首页出发，{MAX_CLICKS}次点击内可到达每个页面",
            f"{GUIDE}栏目与导航设置", far, f"{len(self.paths)} 个页面均在{MAX_CLICKS}次点击内可达",
            f"{len(far)} 个页面从首页{MAX_CLICKS}次点击内无法到达",
        )  # fmt: skip

    def accessibility_statement(self) -> Finding:
        """The 无障碍声明 page exists and the home page links to it."""
        statement = self.folder / url_for("accessibility") / "index.html"
        linked = any(
            (found := linkcheck.target(self.folder, self.folder / "index.html", a, self.prefix))
            and found[0] == statement.resolve()
            for a in self.page(self.folder / "index.html").anchors
        )
        requirement = "发布无障碍声明，并从首页可以直接到达"
        basis = f"{GUIDE}无障碍与适老化；GB/T 37668—2019"
        if statement.is_file() and linked:
            return Finding("无障碍声明", requirement, Status.PASS, "首页链接了无障碍声明", basis)
        result = "首页没有链接无障碍声明" if statement.is_file() else "没有无障碍声明页面"
        return Finding("无障碍声明", requirement, Status.FAIL, result, basis)


def _foreign(link: str, host: str | None) -> bool:
    parts = urlsplit(link)
    if parts.scheme in ("data", "blob"):
        return False
    if not parts.netloc:
        return False
    return parts.hostname != host
