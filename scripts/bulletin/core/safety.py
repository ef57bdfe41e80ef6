"""Keeping hostile files out: reading only regular files inside the project, bounded in size, and
refusing characters that would make the published HTML, XML or JSON invalid.

Every failure of the file system (a directory where a file is expected, a dangling symlink, a
loop, a name too long) becomes a `Problem` naming the file, never a traceback.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .problems import Problem

MAX_FILE_BYTES = 2_000_000  # an issue is a few KB; a 2 MB file is a mistake (a pasted image?)
MAX_PROBLEMS_PER_FILE = 20  # a file full of bad characters is reported once per line, up to this

# C0 controls other than tab and newline, DEL, C1 controls, surrogates and the two
# noncharacters XML 1.0 forbids: none is text an editor means to publish, and each makes
# feed.xml not well-formed or shows as garbage in a page.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The same characters written as HTML character references, which Markdown passes through.
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")

SYMLINK_MESSAGE = "不能是符号链接（快捷方式）：请把文件本身放在项目中"
SPECIAL_MESSAGE = "不是普通文件（如管道或设备文件），请删除"  # a pipe would make readers wait


def describe(char: str) -> str:
    """A control character as editors can search for it: U+000B."""
    return f"U+{ord(char):04X}"


def control_message(char: str) -> str:
    """The message for a forbidden character, naming its code point."""
    return f"含有不可见的控制字符 {describe(char)}，请删除后重新保存"


def find_control(text: str) -> str | None:
    """The first forbidden character in `text`, if any."""
    match = _CONTROL.search(text)
    return match.group(0) if match else None


def strip_controls(text: str) -> str:
    """`text` without forbidden characters: for output made by other programs (Markdown),
    which no check of the input can vouch for."""
    return _CONTROL.sub("", text)


def _forbidden_reference(line: str) -> str | None:
    for match in _REFERENCE.finditer(line):
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        # References to 0x80-0x9F are kept: browsers read them as Windows-1252 (&#150; is a
        # dash), as pages pasted from Word often have them.
        if code > 0x10FFFF or (code not in _KEPT and _CONTROL.match(chr(code))):
            return match.group(0)
    return None


_KEPT = {0x09, 0x0A, *range(0x80, 0xA0)}


def control_problems(text: str, shown: str, first_line: int = 1) -> list[Problem]:
    """One problem per line holding a forbidden character or a reference to one."""
    problems: list[Problem] = []
    if not _CONTROL.search(text) and "&#" not in text:
        return problems  # the common case, one scan of the whole text
    for offset, line in enumerate(text.split("\n")):
        char = find_control(line)
        if char is not None:
            message = control_message(char)
        else:
            reference = _forbidden_reference(line)
            if reference is None:
                continue
            message = f"字符引用「{reference}」表示控制字符或无效字符，请删除"
        problems.append(Problem(shown, first_line + offset, None, message))
        if len(problems) >= MAX_PROBLEMS_PER_FILE:
            break
    return problems


def read_file_bytes(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes | Problem:
    """The bytes of a regular file that is not a symlink, or the problem that stops reading it."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return Problem(shown, None, None, SYMLINK_MESSAGE)
        if stat.S_ISDIR(info.st_mode):
            return Problem(shown, None, None, "这是一个文件夹，不是文件：请改名或移走")
        if not stat.S_ISREG(info.st_mode):
            return Problem(shown, None, None, SPECIAL_MESSAGE)
        # O_NOFOLLOW: the file cannot be swapped for a symlink between the check and the read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as file:
            raw = file.read(limit + 1)
    except OSError as error:
        return Problem(shown, None, None, os_error_message(error))
    if len(raw) > limit:
        return Problem(shown, None, None, f"文件超过 {limit // 1_000_000} MB，过大，无法处理")
    return raw


def os_error_message(error: OSError) -> str:
    """What went wrong with a file, in words for an editor."""
    import errno

    reasons = {
        errno.ENOENT: "文件不存在（可能是失效的符号链接）",
        errno.ELOOP: "符号链接循环指向自身，无法读取",
        errno.EISDIR: "这是一个文件夹，不是文件",
        errno.EACCES: "没有读取权限",
        errno.ENAMETOOLONG: "文件名过长",
    }
    return reasons.get(error.errno or 0, f"无法读取（{error.strerror or error}）")


def is_regular_file(path: Path) -> bool:
    """Whether `path` is a file; False rather than an error for names no file system allows."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def symlink_problems(root: Path, folders: Iterable[Path]) -> list[Problem]:
    """Every symlink, special file or name with control characters under the given folders,
    each a problem: a link can publish a file from anywhere on the machine (photo.png ->
    /etc/passwd), or loop, or dangle."""
    problems: list[Problem] = []
    for folder in folders:
        if folder.is_symlink() or not folder.is_dir():
            continue
        # os.walk does not follow links into folders, so a loop cannot trap it.
        for parent, dirs, files in os.walk(folder):
            for name in sorted(dirs + files):
                entry = Path(parent, name)
                message = _entry_problem(entry, is_dir=name in dirs)
                if message is not None:
                    problems.append(Problem(_shown(root, entry), None, None, message))
    return problems


def _entry_problem(entry: Path, is_dir: bool) -> str | None:
    char = find_control(entry.name)
    if char is not None:  # it would be written into sitemap.xml and page addresses
        return f"文件名含有控制字符或无法识别的字节 {describe(char)}，请改名"
    try:
        mode = entry.lstat().st_mode
    except OSError as error:
        return os_error_message(error)
    if stat.S_ISLNK(mode):
        return SYMLINK_MESSAGE
    if not is_dir and not stat.S_ISREG(mode):
        return SPECIAL_MESSAGE
    return None


def outside_problems(root: Path, files: Iterable[tuple[str, str, int | None]]) -> list[Problem]:
    """For (issue path, file, line) of files to be published: those that resolve outside the
    project. The symlink scan already refuses links; this guards the copy itself."""
    problems: list[Problem] = []
    top = root.resolve()
    for shown, source, line in files:
        try:
            real = Path(source).resolve(strict=True)
            inside = real.is_relative_to(top) and real.is_file() and not Path(source).is_symlink()
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            message = f"文件「{Path(source).name}」不在项目目录中，不能发布"
            problems.append(Problem(shown, line, "附件", message))
    return problems


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


_QUOTED = re.compile(r"「([^」]{61,})」")
_LONG_RUN = re.compile(r"[^\s「」]{81,}")


def shorten(problem: Problem) -> Problem:
    """The problem with each quoted value, and any other run of 80 characters, cut to 60: a
    message names the value, it need not repeat 10,000 characters of it."""
    if len(problem.message) <= 80:
        return problem
    message = _QUOTED.sub(lambda m: f"「{m.group(1)[:60]}…」", problem.message)
    message = _LONG_RUN.sub(lambda m: f"{m.group(0)[:60]}…", message)
    return problem if message == problem.message else replace(problem, message=message)
