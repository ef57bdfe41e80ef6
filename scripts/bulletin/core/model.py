"""The plain data model of a column: issues, their articles and the settings that number them.

Nothing here knows about MkDocs; the plugin and the CLI both work from these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, time
from enum import Enum

from .dates import chinese_day
from .problems import Severity
from .schema import (
    REQUIRED,
    UNLESS_DRAFT,
    clock_setting,
    day_setting,
    flag,
    joined_words,
    positive_int,
    publication_day,
    publication_time,
    rule,
    setting,
    text,
    text_list,
    web_address,
    word_tuple,
)
from .urls import url_for


class Numbering(Enum):
    YEARLY = "yearly"  # restarts at 1 each year: 2023年第3期
    CONTINUOUS = "continuous"  # one series for the whole column: 第125期


ACTIVE, ENDED = "active", "ended"  # 专项行动状态
# 栏目类型: the fixed list of column kinds of 《政府网站发展指引》 and the inspection indicators.
COLUMN_TYPES = (
    "概况信息", "机构职能", "负责人信息", "工作动态", "通知公告", "政策文件", "政策解读",
    "规划计划", "人事信息", "统计信息", "财政信息", "专题专栏", "办事服务", "互动交流",
    "回应关切", "数据发布", "其他",
)  # fmt: skip


@dataclass(frozen=True)
class Campaign:
    """`status`, `ended`, `publish_time` and `distinct_reviewers` of `plugins.bulletin`."""

    status: str = field(default=ACTIVE, metadata=setting("专项行动状态", choices=(ACTIVE, ENDED)))
    ended: date | None = field(default=None, metadata=setting("结束日期", parse=day_setting))
    # The time of an item whose `date` carries none.
    publish_time: time = field(
        default=time(9, 0), metadata=setting("默认发布时间", parse=clock_setting)
    )
    # 三审三校: the same name twice in the review chain is an error, or only a warning.
    distinct_reviewers: Severity = field(default=Severity.ERROR, metadata=setting("三审人员须不同"))

    @property
    def is_ended(self) -> bool:
        """Whether the campaign is over: it takes no new issues and is exempt from updating."""
        return self.status == ENDED

    @property
    def notice(self) -> str:
        """The notice every page of an ended campaign shows; empty while it runs."""
        if not self.is_ended:
            return ""
        when = f"于{chinese_day(self.ended)}" if self.ended else ""
        return f"本专项行动已{when}结束，本栏目仅供查阅"


@dataclass(frozen=True)
class MetaSettings:
    """`site_name`, `site_domain`, `column_type`, `column_keywords`, `column_description`."""

    site_name: str | None = field(default=None, metadata=setting("网站名称（SiteName）"))
    site_domain: str | None = field(
        default=None, metadata=setting("网站域名（SiteDomain，默认取 site_url 的域名）")
    )
    column_type: str | None = field(
        default=None, metadata=setting("栏目类型（ColumnType）", choices=COLUMN_TYPES)
    )
    column_keywords: str | None = field(
        default=None, metadata=setting("栏目关键词（ColumnKeywords）", parse=joined_words)
    )
    column_description: str | None = field(
        default=None, metadata=setting("栏目描述（ColumnDescription）")
    )

    def missing(self) -> dict[str, str]:
        """Setting name → what it is, for each one left empty."""
        return {f.name: f.metadata["label"] for f in fields(self) if not getattr(self, f.name)}


# A site of several columns (contract section 8): columns/<slug>/column.yml.
COLUMNS_DIR = "columns"
COLUMN_SETTINGS = "column.yml"

REQUIRED_FOOTER = ("sponsor", "organizer", "contact", "site_code", "icp", "police")


@dataclass(frozen=True)
class SiteIdentity:
    """What national rules require in every page's footer (政府网站标识与备案信息)."""

    sponsor: str | None = field(default=None, metadata=setting("主办单位"))
    organizer: str | None = field(default=None, metadata=setting("承办单位"))
    contact: str | None = field(default=None, metadata=setting("联系方式"))
    site_code: str | None = field(default=None, metadata=setting("网站标识码"))
    icp: str | None = field(default=None, metadata=setting("ICP备案号"))
    police: str | None = field(default=None, metadata=setting("公安机关备案号"))
    # 党政机关网站标识 (optional): a docs-relative image and the address it links to.
    conac_image: str | None = field(default=None, metadata=setting("党政机关网站标识图片"))
    conac_url: str | None = field(default=None, metadata=setting("党政机关网站标识链接"))

    def missing(self) -> dict[str, str]:
        """Setting name → what it is, for each required item left empty."""
        labels = {f.name: f.metadata["label"] for f in fields(self)}
        return {key: labels[key] for key in REQUIRED_FOOTER if not getattr(self, key)}

    @property
    def police_code(self) -> str:
        """The digits of the 公安机关备案号, which its public query page takes."""
        return "".join(ch for ch in (self.police or "") if ch.isdigit())


@dataclass(frozen=True)
class Column:
    """The column's settings: `plugins.bulletin` in mkdocs.yml. Declared here once; the MkDocs
    options schema is made from these fields (bulletin.mkdocs.config)."""

    name: str = field(default="专项行动专栏", metadata=setting("栏目名称", "column_name"))
    bulletin_name: str = field(default="工作信息", metadata=setting("专刊名称"))
    publisher: str | None = field(default=None, metadata=setting("编发单位"))
    numbering: Numbering = field(default=Numbering.YEARLY, metadata=setting("期号编排"))
    # When set, every issue also shows 总第N期: its place in the whole column plus this offset,
    # for columns that continue an older paper series.
    total_offset: int | None = field(default=None, metadata=setting("总期号起点"))
    issues_dir: str = field(default="issues", metadata=setting("期刊目录"))
    feed_size: int = field(default=20, metadata=setting("订阅条数"))
    page_size: int = field(default=50, metadata=setting("每页条数"))
    # Keep issues and policies dated after the build day out of the site until their day
    # (contract section 6; the rule is in core/schedule.py).
    hold_future: bool = field(default=True, metadata=setting("定时发布"))
    identity: SiteIdentity = field(
        default_factory=SiteIdentity, metadata=setting("页脚必备项", "footer")
    )
    # 索引号 of 政府信息公开 documents (统一社会信用代码/年份-序号); sites number them differently.
    index_no_pattern: str = field(
        default=r"^[0-9A-Z]{18}/\d{4}-\d{1,10}$", metadata=setting("索引号格式")
    )
    # status, ended, publish_time, distinct_reviewers: options at the top level of the plugin's.
    campaign: Campaign = field(default_factory=Campaign, metadata=setting("专项行动", flatten=True))
    # site_name … column_description: the <meta> tags of every page, also at the top level.
    metadata: MetaSettings = field(
        default_factory=MetaSettings, metadata=setting("网页元数据", flatten=True)
    )
    # 类别 the column promises, listed even while empty.
    categories: tuple[str, ...] = field(default=(), metadata=setting("类别", parse=word_tuple))
    # A site that grew from one column into several: the folder under columns/ that column
    # moved to; its old addresses (issues/…, archive/…) then lead to the new ones.
    legacy_column: str | None = field(default=None, metadata=setting("原栏目迁入的目录"))
    # In a site of several columns (contract section 8): the column's folder under columns/,
    # which is also its URL prefix. Never an option: the folder's name sets it.
    slug: str = field(default="", metadata={"label": "栏目目录", "internal": True})

    @property
    def url_prefix(self) -> str:
        """Where the column's pages live: "" for a site's only column, "<slug>/" otherwise."""
        return f"{self.slug}/" if self.slug else ""

    def setting_at(self, key: str) -> tuple[str, str]:
        """(file, field) where this column's setting `key` is written, for a message: under
        `plugins.bulletin` in mkdocs.yml, or in a column's own column.yml."""
        if self.slug:
            return f"{COLUMNS_DIR}/{self.slug}/{COLUMN_SETTINGS}", key
        return "mkdocs.yml", f"plugins.bulletin.{key}"


@dataclass(frozen=True)
class Attribution:
    """An article's 来源 and optional 类别, from its first paragraph or the issue's source;
    for a reprint, the original's address and author."""

    source: str
    category: str | None = None
    explicit: bool = False
    original_url: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Span:
    """Where the core read something in a file: a line and the columns it takes on it."""

    line: int  # 1-based line of the file
    start: int  # 0-based column where it starts
    end: int  # the column after it


@dataclass
class Article:
    """One `## ` section of an issue."""

    title: str
    anchor: str
    attribution_line: Attribution | None  # as written under the heading, if it was
    body: str  # Markdown without the heading and the attribution line
    line: int
    position: int  # 1-based place within its issue
    # The whole 来源 line the attribution was read from: the page shows the rendered one there.
    attribution_at: Span | None = None
    issue: Issue | None = field(default=None, repr=False, compare=False)

    @property
    def attribution(self) -> Attribution:
        """The article's own attribution line, or the issue's 信息来源 (contract section 2)."""
        if self.attribution_line is not None:
            return self.attribution_line
        assert self.issue is not None
        return Attribution(self.issue.source)

    @property
    def url(self) -> str:
        """Site-relative link to the article: the issue URL plus the anchor."""
        assert self.issue is not None
        return f"{self.issue.url}#{self.anchor}"


@dataclass(frozen=True)
class Asset:
    """A file an issue refers to by relative path (an image or attachment), inside the project."""

    reference: str  # as written in the Markdown, relative to the issue file
    source_uri: str  # relative to the project root, e.g. issues/2023/03-photo.png


@dataclass(frozen=True)
class Link:
    """A link in an issue to another page or article, as the editor wrote it and where it lands.

    `target` is the project-relative source file (`issues/2023/02.md`, or a page under docs/ as
    `docs/about.md`) or None for an article of the same issue; `anchor` is the article id."""

    written: str
    line: int
    target: str | None = None
    anchor: str | None = None


@dataclass(kw_only=True)
class FrontMatter:
    """An issue's front matter (contract section 2): each key declared once, with its rule."""

    number: int = field(metadata=rule("期号", positive_int, REQUIRED))
    date: date = field(metadata=rule("发布日期", publication_day, REQUIRED, "格式 YYYY-MM-DD"))
    # The time written after the date (2023-07-25 09:30), if any; see campaign.published_at.
    time: time | None = field(default=None, metadata=rule("发布时间", publication_time, key="date"))
    source: str = field(metadata=rule("信息来源", text, REQUIRED))
    editor: str | None = field(default=None, metadata=rule("编辑（初审）", text, UNLESS_DRAFT))
    reviewer: str | None = field(
        default=None, metadata=rule("责任编辑（复审）", text, UNLESS_DRAFT)
    )
    approver: str | None = field(default=None, metadata=rule("终审", text, UNLESS_DRAFT))
    title: str | None = field(default=None, metadata=rule("标题", text))
    draft: bool | None = field(default=None, metadata=rule("draft", flag))
    summary: str | None = field(default=None, metadata=rule("摘要", text))
    tags: list[str] | None = field(default=None, metadata=rule("tags", text_list))
    # A reprint's 原文来源 (e.g. 华商网), its address and author.
    original_source: str | None = field(default=None, metadata=rule("原文来源", text))
    original_url: str | None = field(default=None, metadata=rule("原文网址", web_address))
    author: str | None = field(default=None, metadata=rule("作者", text))
    # The 版记's 报送/印发 lines of an imported Word bulletin: kept for the editor, never shown.
    distribution: list[str] | None = field(default=None, metadata=rule("报送范围", text_list))


REVIEW_CHAIN = ("editor", "reviewer", "approver")


@dataclass(kw_only=True)
class Issue(FrontMatter):
    """One numbered bulletin: its validated front matter, then what its file and place add."""

    path: str  # relative to the project root, with forward slashes
    year: int
    body: str  # the Markdown after the front matter, as the editor wrote it
    body_line: int  # the line of the file on which `body` starts
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line
    editor_note: str | None = None  # Markdown of the 编者按, without its label
    note_label: Span | None = None  # where its label 编者按： is: the page marks it up there
    articles: list[Article] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    minor_heading_ids: list[str] = field(default_factory=list)  # ids of ### … headings
    total_number: int | None = None
    prefix: str = ""  # the column's URL prefix (Column.url_prefix)
    previous: Issue | None = field(default=None, repr=False, compare=False)
    next: Issue | None = field(default=None, repr=False, compare=False)

    @property
    def is_draft(self) -> bool:
        return self.draft is True

    @property
    def url(self) -> str:
        """Site-relative directory URL fixed by the contract: issues/<year>/<number>/."""
        return url_for("issue", prefix=self.prefix, year=self.year, number=self.number)

    def label(self, column: Column) -> str:
        """第N期, with the year in yearly numbering."""
        if column.numbering is Numbering.YEARLY:
            return f"{self.year}年第{self.number}期"
        return f"第{self.number}期"

    def name(self, column: Column) -> str:
        """The issue's name as readers see it: its title with 第N期 written as the label
        (2024年第1期 in yearly numbering), or the label before a title without the number."""
        number = f"第{self.number}期"
        title = self.title or default_title(column, self.number)
        if number in title:
            return title.replace(number, self.label(column), 1)
        return f"{self.label(column)} {title}"


def default_title(column: Column, number: int) -> str:
    """The title an issue gets when its front matter has none."""
    return f"{column.bulletin_name}·第{number}期"
