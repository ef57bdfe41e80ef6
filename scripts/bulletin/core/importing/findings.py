"""What an import recognised and what it could not, one line each, for the editor."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Paragraph
from .placement import Placement
from .structure import Figure

_NOT_FOR_BROWSERS = {"emf", "wmf", "tif", "tiff", "bmp"}  # Word keeps them; pages cannot show them
_ROLE_LABELS = {"editor": "编辑", "reviewer": "责任编辑", "approver": "终审"}


@dataclass(frozen=True)
class Finding:
    """One thing the import recognised, or could not."""

    recognised: bool
    text: str

    def format(self, path: str) -> str:
        """`path: 已识别：…` or `path: 未识别：…`."""
        return f"{path}: {'已识别' if self.recognised else '未识别'}：{self.text}"


def describe(placement: Placement, image_names: list[str]) -> list[Finding]:
    """The report for one imported issue, masthead first, then body, 版记 and images."""
    return [
        *_masthead(placement),
        *_body(placement),
        *_colophon(placement),
        *_figures(placement, image_names),
        *[Finding(False, text) for text in placement.issue.skipped],
    ]


def _masthead(placement: Placement) -> list[Finding]:
    masthead = placement.issue.masthead
    total = f"（总第{masthead.total}期）" if masthead.total else ""
    found = [
        (masthead.name, f"刊名「{masthead.name}」", "刊名"),
        (masthead.number, f"期号 第{masthead.number}期{total}", "期号（刊头中的「第N期」）"),
        (masthead.date, f"日期 {masthead.date}", "日期"),
        (masthead.office, f"编发单位「{masthead.office}」", "编发单位"),
    ]
    findings = [Finding(bool(value), yes if value else no) for value, yes, no in found]
    if masthead.source:
        findings.append(Finding(True, f"信息来源「{masthead.source}」→ source"))
    findings += [Finding(False, text) for text in placement.assumed]
    return findings


def _body(placement: Placement) -> list[Finding]:
    issue = placement.issue
    findings = []
    if issue.editor_note is not None:
        findings.append(Finding(True, "编者按"))
    if not issue.articles:
        return [
            *findings,
            Finding(False, "文章标题（正文全部放在了第一个标题之前，请补写 ## 标题）"),
        ]
    titles = "、".join(f"「{article.title}」" for article in issue.articles)
    findings.append(Finding(True, f"{len(issue.articles)} 篇文章：{titles}"))
    unsourced = [a.title for a in issue.articles if not a.source]
    attributed = len(issue.articles) - len(unsourced)
    if attributed:
        findings.append(Finding(True, f"{attributed} 篇文章的来源"))
    if unsourced:
        names = "、".join(f"「{title}」" for title in unsourced)
        findings.append(Finding(False, f"来源：{names}（将沿用本期信息来源）"))
    categories = sorted({a.category for a in issue.articles if a.category})
    if categories:
        findings.append(Finding(True, f"栏目分组 → 类别：{'、'.join(categories)}"))
    numbered = _numbered_paragraphs(placement)
    if numbered:
        findings.append(Finding(True, f"{numbered} 段 Word 自动编号，已还原为文字"))
    if issue.notes:
        findings.append(Finding(True, f"{len(issue.notes)} 条脚注，已写在所在文章末尾"))
    return findings


def _numbered_paragraphs(placement: Placement) -> int:
    contents = placement.issue.preamble + [b for a in placement.issue.articles for b in a.blocks]
    return sum(1 for c in contents if isinstance(c, Paragraph) and c.label)


def _colophon(placement: Placement) -> list[Finding]:
    roles = placement.issue.colophon.roles
    findings = []
    for key, label in _ROLE_LABELS.items():
        if key in roles:
            findings.append(Finding(True, f"版记 {label}「{roles[key]}」→ {key}"))
        else:
            findings.append(Finding(False, f"版记中的{label}，发布前请填写 {key}"))
    kept = placement.issue.colophon.distribution
    if kept:
        note = f"版记的报送、印发 {len(kept)} 行 → distribution（不在页面上显示）"
        findings.append(Finding(True, note))
    return findings


def _figures(placement: Placement, image_names: list[str]) -> list[Finding]:
    figures: list[Figure] = placement.issue.figures()
    if not figures:
        return []
    findings = [Finding(True, f"{len(figures)} 张图片：{'、'.join(image_names)}")]
    for figure, name in zip(figures, image_names, strict=True):
        if figure.picture.extension in _NOT_FOR_BROWSERS:
            findings.append(
                Finding(False, f"图片 {name} 的格式浏览器无法显示，请另存为 PNG 或 JPG 后替换")
            )
        if not figure.caption:
            findings.append(
                Finding(False, f"图片 {name} 的图注（替代文字为空，请补写图片内容说明）")
            )
    return findings
