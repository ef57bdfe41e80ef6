"""What pasting from a web page or a word processor leaves behind: pinyin a 注音 toolbar put in
brackets after characters (專項(xiàng)), invisible zero-width characters, full-width spaces used
to indent a paragraph, and the page's own controls (点击查看原文, 打印本页)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .hanzi import HAN, hanzi
from .hits import RESIDUE, Hit, quote

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_TONED = TONED
# Zero-width and direction marks, the soft hyphen, the byte-order mark inside a text.
INVISIBLE = "\u200b-\u200f\u2060-\u2064\u202a-\u202e\u2066-\u2069\u00ad\ufeff"
INDENT_SPACE = "\u3000"
# Each pattern starts with what it looks for, so the engine skips ahead (a leading look-behind
# would be tried at every character).
_PINYIN = re.compile(f"[(（](?<=[{HAN}].)([a-z{_TONED}ü]{{1,7}}[1-5]?)[)）]")
_SYLLABLE = re.compile(f"[a-z{_TONED}ü]{{1,7}}[1-5]?")
# A word joiner before the middle dot is the site's own (it keeps 「·」 off the start of a line
# in issue names): an editor copying a name from a page brings it, and it does no harm.
_INVISIBLE = re.compile(f"(?!\u2060·)[{INVISIBLE}]")
_INDENT = re.compile(r"^[ \t]*(?:>[ \t]*)?(\u3000+|(?:&(?:emsp|ensp|nbsp|#12288);)+)", re.M)
# A page's controls, as copied with its text: first character → the rest. The pattern starts
# with the class of first characters and checks the rest after, so the engine tries the
# alternatives only at those characters (a plain alternation was three times slower).
_CONTROLS = {
    "点": "击(?:查看原文|查看|这里|此处|进入)", "查": "看原文", "阅": "读原文",
    "打": "印(?:本页|此页)", "关": "闭(?:窗口|本页)", "返": "回(?:顶部|首页)",
    "收": "藏本页", "加": "入收藏", "设": "为首页", "扫": "一扫在手机打开",
    "浏": "览次数[:：]", "字": "号[:：]?\\s*[\\[【]?\\s*大\\s*中\\s*小",
}  # fmt: skip
LEFTOVER = re.compile(
    f"[{''.join(_CONTROLS)}](?:" + "|".join(f"(?<={k}){v}" for k, v in _CONTROLS.items()) + ")"
)


@dataclass(frozen=True)
class Signs:
    """What the whole-text scans saw, so a file is searched only for residue it may hold."""

    unusual: str  # the unusual characters seen: invisible, toned vowels, full-width space
    leftover: bool
    entity: bool  # an HTML entity, which may be an indentation (&emsp;)

    @property
    def any(self) -> bool:
        return bool(self.unusual or self.leftover)


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


def residue_hits(text: str, prose: str, signs: Signs) -> list[Hit]:
    """The copy residue of `text`; `prose` is the same text with code and addresses blanked;
    `signs` say which kinds to look for."""
    hits = []
    toned = any(c in TONED for c in signs.unusual)
    for match in _PINYIN.finditer(prose) if toned else ():
        if is_pinyin(match.group(1)):
            message = f"拼音注音残留{quote(text, match.start(), match.end())}，应删去括号内的拼音"
            hits.append(Hit(match.start(), match.end(), RESIDUE, message))
    invisible = any(_INVISIBLE.match(c) for c in signs.unusual)
    for match in _INVISIBLE.finditer(text) if invisible else ():
        if match.start() == 0 and match.group() == "\ufeff":
            continue  # a byte-order mark opening the file is allowed
        name = unicodedata.name(match.group(), "").lower() or "invisible"
        code = f"U+{ord(match.group()):04X}"
        message = f"不可见字符 {code}（{name}）：{quote(text, match.start(), match.end())}，应删去"
        hits.append(Hit(match.start(), match.end(), RESIDUE, message))
    indent = INDENT_SPACE in signs.unusual or signs.entity
    for match in _INDENT.finditer(prose) if indent else ():
        message = "行首用全角空格缩进：段落缩进由网站样式负责，应删去这些空格"
        hits.append(Hit(match.start(1), match.end(1), RESIDUE, message))
    for match in LEFTOVER.finditer(prose) if signs.leftover else ():
        message = f"网页残留「{match.group()}」：复制网页时带入的按钮或链接文字，应删去"
        hits.append(Hit(match.start(), match.end(), RESIDUE, message))
    return hits
