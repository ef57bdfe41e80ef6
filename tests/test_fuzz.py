"""Property-based fuzzing of editors' files (issue #12): front matter and bodies generated from
the contract's grammar (section 2) mixed with hostile values. For every generated column:

- no exception escapes `check_site`, the one validation pass of `bulletin check` and the build;
- `bulletin check`'s pass (drafts included) and the build's (drafts left out) give one verdict;
- every accepted column renders as the build renders it (the issue-body template, Python-Markdown
  with the site's extensions, the sanitiser) without error, to HTML with no active content and
  no image without alt text, a well-formed feed.xml, and search records that are valid JSON;
- every check finishes in bounded time.

In-process against the core, so hundreds of cases run in seconds; a few end-to-end cases run the
real commands at the end.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader

from bulletin.core.checking import check_site
from bulletin.core.feed import feed_items
from bulletin.core.images import is_blank
from bulletin.core.model import Column, Issue
from bulletin.core.pages import SiteIndex, build_index, generated_pages
from bulletin.core.problems import errors_in
from bulletin.core.safety import find_control
from bulletin.core.sanitize import sanitize_html
from bulletin.core.search import search_docs, write_search_index
from bulletin.core.statistics import monthly_csv
from bulletin.core.urls import url_for
from bulletin.mkdocs.issue_page import IssuePageExtension
from conftest import PROJECT, Site, make_site

FUZZ = settings(
    # FUZZ_EXAMPLES=5000 for a deeper run by hand; the normal suite stays within its budget.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=None,  # two shared cores: wall time per case is noisy; a hang is caught below
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # no example files written into the project
)
SLOW = 10.0  # seconds a check or a render may take on the loaded shared machine; hangs took minutes
PNG = b"\x89PNG\r\n\x1a\n"

# --- Front matter: the contract's keys, each valid or hostile, as YAML text. ---------------

words = st.text(
    alphabet="市应急管理局督导帮扶安全生产整治工作动态专班化工企业 abcXYZ0123-·",
    min_size=1,
    max_size=12,
)
hostile_chars = st.sampled_from(
    ["\x00", "\x01", "\x0b", "\x1b", "\x7f", "\x85", "\ufffe", "\u2028", "\u200b", "\ufeff", "<", ">", "&",
     '"', "'", "\\", "*", "_", "`", "#", "[", "]", "{", "}", "!", "|", "｜", "：", ":", "\t", " ", "%", "@"]
)  # fmt: skip
escapes = st.sampled_from(
    [
        "\\x01",
        "\\ud800",
        "\\udfff",
        "\\0",
        "\\e",
        "\\N",
        "\\u2028",
        "\\x41",
        "\\t",
        "中",
        "a",
        "\\\\",
        '\\"',
        "\\uFFFE",
        "\\U0010FFFF",
        "\\z",
    ]
)
any_text = st.text(max_size=30)


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


HOSTILE_LITERALS = ["&a x", "*a", "[*a, *a]", "&a [1, 2]", "!!binary aGk=", "!!python/object:os.system x",
    "!!set {a, b}", "!!omap [a: 1]", "!foo bar", "{a: 1}", "[1, [2, [3]]]", "~", "null",
    "true", ".inf", "-.nan", "0x1f", "99999999999999999999", "1e400", "-1", "0",
    "2023-02-30", "0001-01-01", "9999-12-31", "1899-12-31", "2023-06-16 10:00",
    "2023-06-16T10:00:00Z", "20230616", "|\n  多行\n  文字", ">\n  折叠", "\n  - a\n  - b",
    "'unclosed", '"unclosed', "[unclosed", "a: b: c", "- x", "? x", "--- x"]  # fmt: skip
hostile_value = st.one_of(
    st.lists(hostile_chars | words, max_size=6).map("".join),
    any_text.map(single_quoted),
    st.lists(escapes, min_size=1, max_size=4).map(lambda parts: '"' + "".join(parts) + '"'),
    st.sampled_from(HOSTILE_LITERALS),
    st.integers(min_value=1, max_value=60).map(lambda d: "[" * d + "]" * d),
    st.integers(min_value=1, max_value=60).map(lambda d: "{a: " * d + "1" + "}" * d),
    st.integers(min_value=9_000, max_value=11_000).map(lambda n: "长" * n),
)
VALID = {
    "number": st.just("1"),
    "date": st.sampled_from(["2023-06-16", "2023-01-01", "2023-12-31", "'2023-06-16'"]),
    "source": words,
    "editor": words,
    "reviewer": words,
    "approver": words,
    "title": st.none() | words | any_text.map(single_quoted),
    "summary": st.none() | words,
    "tags": st.none() | st.lists(words, max_size=3).map(lambda t: "[" + ", ".join(t) + "]"),
}


@st.composite
def front_matter(draw: st.DrawFn) -> list[str]:
    """`key: value` lines: valid values but for a few keys, which are hostile or missing; now
    and then an unknown key or an alias bomb."""
    spoiled = draw(st.just(set()) | st.sets(st.sampled_from(sorted(VALID)), max_size=3))
    lines = []
    for key, valid in VALID.items():
        value = draw(st.one_of(hostile_value, st.just(None)) if key in spoiled else valid)
        if value is not None:
            lines.append(f"{key}: {value}")
    if draw(st.integers(0, 4)) == 0:
        lines.append(
            f"{draw(st.sampled_from(['extra', 'Title', '标题', 'x y']))}: {draw(hostile_value)}"
        )
    if draw(st.integers(0, 9)) == 0:  # an alias bomb, at any place
        bomb = [
            "l0: &l0 [lol, lol, lol]",
            *[f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}]" for i in range(1, 8)],
        ]
        lines[draw(st.integers(0, len(lines))) : 0] = bomb
    return lines


# --- Body: the contract's structure, with hostile inlines and blocks. ----------------------

IMAGES = [
    "![现场照片](a.png)", "![](a.png)", "![ ](a.png)", "![现场](<a.png> \"题注\")", "![现场][r]", "![][r]",
    "![现场]", "![][nodef]", "![\n](a.png)", "![现场\n照片](a.png)", "![现场](a.png\n)", '<img src="a.png">',
    '<img src="a.png" alt="现场">', '<img\nsrc="a.png" alt="现场">', '<img src="a.png"\nalt="">',
    "<IMG SRC=a.png ALT=x>", "<img alt src=a.png>", "<img src=a.png alt=''>", "[![现场](a.png)](a.png)",
    '![现场](a.png){: alt="" }', "![现场](a.png){: .x }", '![现场][r]{src="https://x.example/y.png"}',
    "<script>x</script>![&#x41;](a.png)", "![&#32;](a.png)", '<img src="a.png" alt="&nbsp;">', "![\u200b](a.png)", "![&#x41;](a.png)",
    "![外部](https://cdn.example.com/x.png)", "![上级](../a.png)", "![缺失](none.png)", "![链接](b.png)",
]  # fmt: skip
INLINES = [
    "**加粗**", "*强调*", "_强调_", "`代码`", "[链接](https://example.gov.cn/)", "[附件](a.png)",
    "[锚点](#x)", "[其他期](02.md)", "[危险](javascript:alert(1))", "<script>alert(1)</script>",
    '<a href="javascript:alert(2)">a</a>', "<div onclick=alert(3)>d</div>", "<svg onload=alert(4)>",
    "<iframe src=//evil.example></iframe>", "&#1;", "&#150;", "&#13;", "&#x85;", "[深](" + "a/" * 3000 + "b.md)", "![深](" + "../" * 1000 + "a.png)", "[r]: " + "a/" * 3000, "&#x0;", "&#128512;", "&amp;", "&lt;b&gt;", "\\*",
    "<!-- 注释 -->", "{: #id }", "[^1]", "<style>p{}</style>", "<b>粗</b>", "H~2~O", "~~删除~~",
]  # fmt: skip
# Control characters now and then (one inline in 40), so that most bodies reach rendering.
printable = st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=30)
rarely_control = st.integers(0, 39).flatmap(lambda n: hostile_chars if n == 0 else st.just(""))
markup_chars = st.sampled_from(list("<>&\"'\\*_`#[]{}!|｜：: %@\t\u2028\u200b\ufeff"))
inline = st.one_of(
    words, words, words, st.sampled_from(INLINES), st.sampled_from(IMAGES), markup_chars, printable,
    rarely_control,
)  # fmt: skip
paragraph = st.lists(inline, min_size=1, max_size=8).map("".join)


@st.composite
def nested(draw: st.DrawFn) -> str:
    # Up to 30 levels, which Markdown renders; now and then the depths that crashed it.
    depth = draw(st.integers(1, 30) | st.sampled_from([300, 1000]))
    form = draw(
        st.sampled_from(
            [
                "- ",
                "1. ",
                "> ",
                "indent",
                "emphasis",
                "strong",
                "html",
                "quote-list",
                "items",
                "table",
            ]
        )
    )
    if form == "indent":
        return "\n".join("    " * i + "- 层" for i in range(depth))
    if form == "emphasis":
        return "*" * depth + "字" + "*" * depth
    if form == "strong":
        return "**字 " * depth + "字" + " 字**" * depth
    if form == "html":
        return "<div markdown>\n" * depth + "\n字\n\n" + "</div>\n" * depth
    if form == "items":
        return "<ul>\n" + "<li markdown>\n" * depth + "\n字\n\n</ul>"
    if form == "table":
        return "<table>\n" + "<tr><td>单位<td>1\n" * depth + "</table>"
    if form == "quote-list":
        return "> - " * depth + "字"
    return form * depth + "字"


ATTRIBUTIONS = st.one_of(
    st.builds(lambda u, c, colon, bar: f"来源{colon}{u}" + (f" {bar} 类别{colon}{c}" if c else ""),
              words | any_text, st.none() | words | any_text, st.sampled_from([":", "："]), st.sampled_from(["|", "｜"])),
    st.sampled_from(["来源 市工作专班", "来源:", "来源:单位 | 其他:x", "来源:单位 | 原文:ftp://x", "来源:" + "单位" * 200]),
)  # fmt: skip
BLOCKS = ["```\n" + "- " * 100 + "\n```", "| a | b |\n| - | - |\n| 1 | 2 |", "---", "# 一级标题",
    "[r]: a.png", "[r]: b.png", "<div>\n\n段落\n\n</div>", "    缩进代码"]  # fmt: skip
FLOOD_UNITS = [
    "![",
    "[",
    "![a](",
    "[a](",
    "<img ",
    "<a ",
    "<http://",
    "](",
    "*a ",
    "<div>",
    "`",
    "> -",
]
# A unit repeated up to 3,000 times on one line or in one paragraph: Markdown's slow cases.
flood = st.builds(
    lambda unit, count, separator: separator.join([unit] * count),
    st.sampled_from(FLOOD_UNITS), st.integers(1, 3_000), st.sampled_from(["", "\n", " "]),
)  # fmt: skip
block = st.one_of(paragraph, paragraph, paragraph, nested(), st.sampled_from(BLOCKS), flood)


@st.composite
def body(draw: st.DrawFn) -> list[str]:
    blocks = []
    if draw(st.booleans()):
        blocks.append("> 编者按：" + draw(paragraph).replace("\n", " "))
    for _ in range(draw(st.integers(0, 3))):
        blocks.append("## " + draw(words | paragraph).replace("\n", " "))
        if draw(st.booleans()):
            blocks.append(draw(ATTRIBUTIONS).replace("\n", " "))
        blocks.extend(draw(st.lists(block, max_size=4)))
    return blocks


@st.composite
def issue_file(draw: st.DrawFn) -> str:
    # Half the bodies plain, so that hostile front matter that passes reaches rendering.
    blocks = draw(body() | st.just(["## 工作动态", "来源:市工作专班", "正文。"]))
    return "\n".join(["---", *draw(front_matter()), "---", "", "\n\n".join(blocks)]) + "\n"


# --- What the build would publish, rendered in-process. ------------------------------------


def render_env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(PROJECT / "overrides")), autoescape=True)
    env.filters["url"] = lambda value: value  # MkDocs' filter only makes URLs relative
    env.globals["url_for"] = url_for
    return env


def render_issue(issue: Issue, index: SiteIndex) -> str:
    """An issue page's content as the build makes it: the editor's Markdown, laid out by the
    plugin's Markdown extension (attribution lines from their template), then sanitised."""
    layout = IssuePageExtension("docs/")
    layout.issue = issue
    template = ENV.get_template("bulletin/attribution.html")
    layout.render_attribution = lambda article: template.render(article=article, bulletin=index)
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc", layout])
    return sanitize_html(md.convert(issue.body))


ENV = render_env()
_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


class ActiveContent(HTMLParser):
    """Collects what must not be in a published page: scripts, frames, handlers, bad URLs,
    images without alt text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "style", "svg", "form", "base", "meta"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (
                name in ("href", "src") and _UNSAFE_URL.match(value or "")
            ):
                self.found.append(f"{tag} {name}={value}")
        if tag == "img" and is_blank(html_escape(dict(attrs).get("alt") or "")):
            self.found.append(f"img without alt: {attrs}")


def assert_published_output_is_safe(root: Path) -> None:
    """Render every page the build would make from this column and check the output."""
    start = time.monotonic()
    column = Column()
    site = check_site(root, column, root / "docs", include_drafts=False)
    index = build_index(site.loaded, site.policies)
    for generated in generated_pages(index):
        assert all(len(part.encode()) <= 255 for part in generated.uri.split("/")), generated.uri
    for issue in site.loaded.issues:
        html = render_issue(issue, index)
        parser = ActiveContent()
        parser.feed(html)
        parser.close()
        assert not parser.found, (parser.found, html)
        assert find_control(html.replace("\n", "").replace("\t", "")) is None, repr(html)
    feed = ENV.get_template("bulletin/feed.xml.html").render(
        items=feed_items(site.loaded, "https://example.gov.cn/col/"),
        config=SimpleNamespace(site_url="https://example.gov.cn/col/", site_description="说明"),
        column=column,
    )
    ET.fromstring(feed.encode("utf-8"))  # well-formed XML
    docs = search_docs(index.articles, column)
    write_search_index(root / "site", docs)  # the index files the build writes, as JSON
    for data in (root / "site/search").rglob("*.json"):
        text = data.read_text(encoding="utf-8")
        json.loads(text)
        assert find_control(text) is None, data
    assert time.monotonic() - start < SLOW  # rendering what was accepted takes bounded time
    csv = monthly_csv(index.articles)
    assert csv.startswith("\ufeff单位") and find_control(csv.replace("\r\n", "")) is None


def check_column(files: dict[str, str | bytes], symlink: bool = False) -> list[str]:
    """Write the files into a fresh project, run both passes, return the verdict (errors)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "docs").mkdir()
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(
                content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
            )
        if symlink:
            (root / "issues/2023/b.png").symlink_to("/etc/passwd")
        start = time.monotonic()
        checked = check_site(root, Column(), root / "docs", include_drafts=True)
        built = check_site(root, Column(), root / "docs", include_drafts=False)
        assert time.monotonic() - start < SLOW
        verdict = [p.format() for p in errors_in(checked.problems)]
        assert verdict == [p.format() for p in errors_in(built.problems)]
        for line in verdict:
            assert re.search(r"[\u4e00-\u9fff]", line) and not line.startswith("/"), line
            assert len(line) < 1_000, line[:300]  # no expanded value printed
        event("accepted and rendered" if not verdict else "refused")
        if not verdict:
            assert_published_output_is_safe(root)
        return verdict


@FUZZ
@given(text=issue_file(), symlink=st.booleans())
def test_generated_issues_never_crash_and_get_one_verdict(text: str, symlink: bool) -> None:
    check_column({"issues/2023/01.md": text, "issues/2023/a.png": PNG}, symlink)


@FUZZ
@given(blocks=body())
def test_generated_bodies_with_valid_front_matter(blocks: list[str]) -> None:
    """Bodies alone, so that most cases pass the front matter and reach rendering."""
    header = "---\nnumber: 1\ndate: 2023-06-16\nsource: 市应急管理局\neditor: 王\nreviewer: 李\napprover: 张\n---\n\n"
    check_column(
        {"issues/2023/01.md": header + "\n\n".join(blocks) + "\n", "issues/2023/a.png": PNG}
    )


@FUZZ
@given(blocks=st.lists(nested() | flood | paragraph, min_size=1, max_size=3))
def test_generated_nesting_is_refused_or_renders(blocks: list[str]) -> None:
    """Nesting and floods of markup, so that every run tries the sizes that crashed or hung."""
    test_generated_bodies_with_valid_front_matter.hypothesis.inner_test(["## 标题", *blocks])


POLICY_KEYS = [
    "title",
    "index_no",
    "category",
    "doc_no",
    "publisher",
    "written",
    "date",
    "validity",
]
POLICY_VALID = {
    "title": "关于印发方案的通知", "index_no": "11370125004213927F/2021-3882140", "category": "安全",
    "doc_no": "济阳政办发〔2021〕6号", "publisher": "区政府", "written": "2021-05-12", "date": "2021-05-12",
    "validity": "有效",
}  # fmt: skip


@FUZZ
@given(
    spoiled=st.dictionaries(st.sampled_from(POLICY_KEYS), hostile_value, max_size=2), text=body()
)
def test_generated_policies_never_crash(spoiled: dict[str, str], text: list[str]) -> None:
    values = POLICY_VALID | spoiled
    header = "\n".join(f"{key}: {value}" for key, value in values.items())
    check_column({"docs/policies/p.md": f"---\n{header}\n---\n\n" + "\n\n".join(text) + "\n"})


@FUZZ
@given(
    raw=st.binary(max_size=400),
    prefix=st.sampled_from([b"", b"---\n", b"\xef\xbb\xbf---\r\nnumber: 1\r\n"]),
)
def test_arbitrary_bytes_never_crash(raw: bytes, prefix: bytes) -> None:
    check_column({"issues/2023/01.md": prefix + raw, "docs/page.md": prefix + raw})


# --- End to end: the real commands on a few hostile columns. --------------------------------


def verdict_lines(output: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"((?:issues|docs)/\S+?:(?:\d+:)? .*)", output)}


HOSTILE_BUT_VALID = """---
number: 1
date: 2023-06-16
source: '<script>alert(1)</script>'
editor: '"><img src=x onerror=alert(1)>'
reviewer: 李
approver: 张
title: '标题 ]]> <![CDATA[ & </title>'
summary: "摘要\\u2028与\\u00a0"
---

> 编者按：<svg onload=alert(1)>本期

## 标题 **粗** `码` {#a}

来源:{unit} | 类别:<b>x</b>

<img src="a.png"
     alt="现场">

![现场][r]

[r]: a.png
[危险](javascript:alert(1))
"""


@pytest.mark.parametrize("case", ["valid", "invalid"])
def test_end_to_end_check_and_build_agree_and_output_is_well_formed(
    tmp_path: Path, case: str
) -> None:
    site: Site = make_site(tmp_path)
    site.write("issues/2023/a.png", PNG)
    site.write("issues/2023/01.md", HOSTILE_BUT_VALID.replace("{unit}", "单位" * 150))
    if case == "invalid":
        site.write(
            "issues/2023/02.md",
            '---\nnumber: 2\ndate: 9999-12-31\ntitle: "\\x01"\n'
            + "l: &a [1]\n---\n\n"
            + "- " * 1000,
        )
        site.write("issues/2023/03.md", b"---\nnumber: 3\nsource: \x00\n---\n")
        (tmp_path / "issues/2023/04.md").mkdir()
        site.write("docs/policies/p.md", "---\ntitle: &a x\n---\n")
        site.write("docs/about.md", "---\ntemplate: ../../../../etc/passwd\nhide: 5\n---\n")
    build, check = site.build("--strict"), site.check("--strict")
    for result in (build, check):
        assert "Traceback" not in result.stdout + result.stderr
    assert (build.returncode == 0) == (check.returncode == 0) == (case == "valid"), build.stderr
    assert verdict_lines(build.stderr) == verdict_lines(check.stdout)
    if case == "valid":
        ET.parse(tmp_path / "site/feed.xml")
        for page in (tmp_path / "site").rglob("*.html"):
            parser = ActiveContent()
            parser.feed(page.read_text(encoding="utf-8"))
            # The theme's own scripts, icons and search form are tags; handlers, javascript:
            # URLs and images without alt are never the theme's.
            assert not [f for f in parser.found if " " in f], (page, parser.found)
        html = site.html("issues/2023/1/index.html")
        parser = ActiveContent()
        parser.feed(html[html.index('id="main-content"') : html.index("bulletin-signoff")])
        assert not parser.found
        for data in (tmp_path / "site/search").rglob("*.json"):
            json.loads(data.read_text(encoding="utf-8"))
    else:
        assert len(verdict_lines(check.stdout)) >= 6
