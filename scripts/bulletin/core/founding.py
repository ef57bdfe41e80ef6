"""Founding a new column from a copy of this project (`bulletin init`, contract section 1), and
telling what of the shipped sample is still there (`bulletin audit`, before launch).

The project ships a sample column: its issues, two policy documents, hand-written pages that
name it, and footer settings with placeholder numbers. `bulletin init` replaces the names in
mkdocs.yml (keeping every comment), removes the sample issues and policy documents, and gives
the hand-written pages neutral text; the footer stays as it is, with its comment saying to
replace it, and `bulletin audit` names what still holds the sample's values.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .model import Column, Numbering

# The shipped sample, as mkdocs.yml and docs/policies/ name it.
SAMPLE_NAME = "市化工行业安全生产整治提升专项行动专栏"
SAMPLE_BULLETIN = "化工行业安全整治行动工作信息"
SAMPLE_PUBLISHER = "市化工行业安全生产整治提升专项行动工作专班"
SAMPLE_POLICIES = ("jiyang-2021-6", "sample-2020-notice")
SAMPLE_HOST = "example.gov.cn"
# The footer as shipped; eight zeros in a row are no real number either (0531-00000000). The
# sponsor (济南市应急管理局) is a real bureau, which a real Jinan column rightly names: not listed.
SAMPLE_FOOTER = frozenset({
    SAMPLE_PUBLISHER, "电话 0531-00000000（工作日 9:00—17:00）", "3701000000",
    "鲁ICP备00000000号", "鲁公网安备 37010000000000号",
})  # fmt: skip
_PLACEHOLDER = re.compile(r"0{8}")
# Names go into Markdown pages and YAML: one line, no markup characters.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>\[\]*_`#|\\{}]")
_NAME_LIMIT = 60


@dataclass(frozen=True)
class NewColumn:
    """What `bulletin init` is given."""

    name: str  # 栏目名称
    bulletin: str  # 刊名
    publisher: str  # 编发单位
    numbering: Numbering = Numbering.YEARLY


def column_yml(new: NewColumn) -> str:
    """A new column's `columns/<slug>/column.yml` in a site of several (contract section 8)."""
    settings = {
        "column_name": new.name,
        "bulletin_name": new.bulletin,
        "publisher": new.publisher,
        "numbering": new.numbering.value,
    }
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in settings.items()]
    return "\n".join(lines) + "\n"


def name_problems(new: NewColumn) -> list[str]:
    """Each given name that cannot be used, in Chinese."""
    problems = []
    for option, label, value in (
        ("--name", "栏目名称", new.name),
        ("--bulletin", "刊名", new.bulletin),
        ("--publisher", "编发单位", new.publisher),
    ):
        if not value.strip():
            problems.append(f"{option}: {label}不能为空")
        elif len(value) > _NAME_LIMIT:
            problems.append(f"{option}: {label}超过 {_NAME_LIMIT} 个字")
        elif _UNSAFE.search(value):
            problems.append(f"{option}: {label}「{value}」含有不能使用的符号（< > [ ] * _ # | 等）")
    return problems


def founded_settings(text: str, new: NewColumn) -> str:
    """mkdocs.yml with the new column's names, a running campaign and neutral metadata; every
    other line, comments and the footer included, as it was."""
    stem = new.name.removesuffix("专栏")
    values = {
        "site_name": new.name,
        "site_description": f"{new.publisher}编发的《{new.bulletin}》专刊",
        "column_name": new.name,
        "bulletin_name": new.bulletin,
        "publisher": new.publisher,
        "numbering": new.numbering.value,
        "column_keywords": f"{stem},工作动态",
        "column_description": f"{stem}的工作动态、经验做法和典型案例",
        "status": "active",
    }
    for key, value in values.items():
        text = _set_key(text, key, value)
    text = re.sub(r"(?m)^[ \t]*ended:.*\n", "", text)
    return re.sub(
        r"(?m)^([ \t]*)# The sample campaign ran.*\n(?:[ \t]*#.*\n)*?(?=[ \t]*status:)",
        r"\1# 专项行动结束后改为 status: ended，并加一行 ended: 结束日期（YYYY-MM-DD）\n",
        text,
    )


def _set_key(text: str, key: str, value: str) -> str:
    """Replace the value of `key:` on its line, keeping the indentation and a trailing comment;
    a plugin key missing from the file is added after `column_name:`."""
    scalar = _scalar(value)
    line = re.compile(rf"(?m)^([ \t]*){key}:[^\n#]*?(\s+#[^\n]*)?$")
    if line.search(text):
        return line.sub(lambda m: f"{m.group(1)}{key}: {scalar}{m.group(2) or ''}", text, count=1)
    anchor = re.search(r"(?m)^([ \t]*)column_name:.*$", text)
    if anchor is None:
        raise ValueError(key)
    return f"{text[: anchor.end()]}\n{anchor.group(1)}{key}: {scalar}{text[anchor.end() :]}"


def _scalar(value: str) -> str:
    """A YAML scalar for `value`: plain when that reads back the same, else double-quoted."""
    if re.fullmatch(r"[\w\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef（）《》·、，,-]+", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def home_page(new: NewColumn) -> str:
    """docs/index.md: the column's introduction above the generated latest issue and lists."""
    return (
        "---\ntemplate: home.html\ntitle: 首页\n---\n\n"
        f"# {new.name}\n\n"
        f"本栏目由{new.publisher}编发，刊登《{new.bulletin}》各期专刊。\n"
    )


def about_page(new: NewColumn) -> str:
    """docs/about.md: who publishes the column and how each issue is reviewed."""
    return (
        "# 关于本栏目\n\n"
        f"《{new.bulletin}》由{new.publisher}编发，刊登本专项行动的工作动态、经验做法和典型案例。\n\n"
        f"- **编发单位**：{new.publisher}\n"
        "- **审核流程**：每期专刊经编辑（初审）、责任编辑（复审）、终审三级审核后发布。\n\n"
        "各期专刊可在[往期回顾](archive/index.md)中按年份查看，也可[按类别](categories/index.md)或\n"
        "[按来源单位](sources/index.md)浏览。\n"
    )


def sample_leftovers(column: Column, site_url: str | None, policy_slugs: list[str]) -> list[str]:
    """What must change before launch: the sample's names, placeholder footer values and
    sample policy documents, each saying where it is set."""
    found = []
    if column.name == SAMPLE_NAME or column.bulletin_name == SAMPLE_BULLETIN:
        found.append(
            "仍是示例专栏的名称（mkdocs.yml 的 column_name、bulletin_name）：请运行 bulletin init"
        )
    identity = column.identity
    for key in ("sponsor", "organizer", "contact", "site_code", "icp", "police"):
        value = getattr(identity, key) or ""
        if _PLACEHOLDER.search(value) or value in SAMPLE_FOOTER:
            found.append(f"页脚仍是示例值「{value}」（plugins.bulletin.footer.{key}）")
    if site_url and urlsplit(site_url).hostname == SAMPLE_HOST:
        found.append(f"网站地址仍是示例地址「{site_url}」（mkdocs.yml 的 site_url）")
    for slug in policy_slugs:
        if slug in SAMPLE_POLICIES:
            found.append(f"示例政策文件 docs/policies/{slug}.md 仍在发布")
    return found
