"""Chinese numerals both ways: 二十五 ↔ 25, and 二〇二三 (digit by digit) → 2023."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
_DIGIT_VALUES = {**{ch: n for n, ch in enumerate(DIGITS)}, "〇": 0, "○": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def to_chinese(number: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 23 → 二十三, 105 → 一百零五 (as lists number items)."""
    if number < 0:
        return str(number)
    if number < 10:
        return DIGITS[number]
    if number < 20:
        return "十" + (DIGITS[number % 10] if number % 10 else "")
    if number < 100:
        tens, ones = divmod(number, 10)
        return DIGITS[tens] + "十" + (DIGITS[ones] if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return DIGITS[hundreds] + "百" + _after_hundreds(rest)
    return str(number)


def _after_hundreds(rest: int) -> str:
    """一百零五, and tens inside a larger number keep their 一: 一百一十五."""
    if rest == 0:
        return ""
    if rest < 10:
        return "零" + DIGITS[rest]
    return ("一" if rest < 20 else "") + to_chinese(rest)


def from_chinese(text: str) -> int | None:
    """二十五 → 25, 十 → 10, 一百零五 → 105; 二〇二三 (no units) → 2023; None if not a numeral."""
    text = text.strip()
    if not text or any(ch not in _DIGIT_VALUES and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):
        return int("".join(str(_DIGIT_VALUES[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            digit = _DIGIT_VALUES[ch]
    return total + (digit or 0)


def read_number(text: str) -> int | None:
    """A number written in Arabic (also full-width) or Chinese digits."""
    text = text.strip().translate(_FULL_WIDTH_DIGITS)
    return int(text) if text.isdecimal() else from_chinese(text)


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
