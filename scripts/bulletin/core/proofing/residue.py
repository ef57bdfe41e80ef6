"""What pasting from a web page or a word processor leaves behind: pinyin a 注音 toolbar put in
brackets after characters (專項(xiàng)), invisible zero-width characters, full-width spaces used
to indent a paragraph, and the page's own controls (点击查看原文, 打印本页)."""

from __future__ import annotations

import re
import unicodedata

from .hanzi import HAN, hanzi
from .hits import RESIDUE, Hit, quote

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(f"(?<=[{HAN}])[(（]([a-z{_TONED}ü]{{1,7}}[1-5]?)[)）]")
_SYLLABLE = re.compile(f"[a-z{_TONED}ü]{{1,7}}[1-5]?")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\u202a-\u202e\u2066-\u2069\u00ad\ufeff]")
_INDENT = re.compile(r"^[ \t]*(?:>[ \t]*)?(\u3000+|(?:&(?:emsp|ensp|nbsp|#12288);)+)", re.M)
# A page's controls, as copied with its text.
LEFTOVERS = (
    "点击查看原文", "查看原文", "阅读原文", "点击查看", "点击这里", "点击此处", "点击进入",
    "打印本页", "打印此页", "关闭窗口", "关闭本页", "返回顶部", "返回首页", "收藏本页",
    "加入收藏", "设为首页", "分享到", "扫一扫在手机打开当前页", "上一篇", "下一篇",
)  # fmt: skip
_LEFTOVER = re.compile("|".join(LEFTOVERS) + r"|字号[:：]?\s*[\[【]?\s*大\s*中\s*小|浏览次数[:：]")
PREFILTER = re.compile(
    f"[(（][a-z{_TONED}]|{_INVISIBLE.pattern}|^[ \\t>]*[\u3000&]|{_LEFTOVER.pattern}", re.M
)


def is_pinyin(text: str) -> bool:
    """Whether `text` is one pinyin syllable: tone-marked, or toneless with a tone number, or a
    toneless syllable of two letters or more (an English word in brackets is upper case or not
    a syllable)."""
    if not _SYLLABLE.fullmatch(text):
        return False
    if any(c in _TONED for c in text):
        return True
    plain = text.rstrip("12345")
    return len(plain) >= 2 and plain in hanzi().syllables


def residue_hits(text: str, prose: str) -> list[Hit]:
    """The copy residue of `text`; `prose` is the same text with code and addresses blanked."""
    hits = []
    for match in _PINYIN.finditer(prose):
        if is_pinyin(match.group(1)):
            message = f"拼音注音残留{quote(text, match.start(), match.end())}，应删去括号内的拼音"
            hits.append(Hit(match.start(), match.end(), RESIDUE, message))
    for match in _INVISIBLE.finditer(text):
        if match.start() == 0 and match.group() == "\ufeff":
            continue  # a byte-order mark opening the file is allowed
        name = unicodedata.name(match.group(), "").lower() or "invisible"
        code = f"U+{ord(match.group()):04X}"
        message = f"不可见字符 {code}（{name}）：{quote(text, match.start(), match.end())}，应删去"
        hits.append(Hit(match.start(), match.end(), RESIDUE, message))
    for match in _INDENT.finditer(prose):
        message = "行首用全角空格缩进：段落缩进由网站样式负责，应删去这些空格"
        hits.append(Hit(match.start(1), match.end(1), RESIDUE, message))
    for match in _LEFTOVER.finditer(prose):
        message = f"网页残留「{match.group()}」：复制网页时带入的按钮或链接文字，应删去"
        hits.append(Hit(match.start(), match.end(), RESIDUE, message))
    return hits
