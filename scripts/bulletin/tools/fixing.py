"""`bulletin fix --punctuation FILE…`: half-width punctuation between Chinese made full-width in
place, each change printed as `path:line: before → after`. The same rule as the warning
(core/proofing/punctuation), so a fixed file has no such warning left."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.proofing.hits import quote
from ..core.proofing.prose import prose
from ..core.proofing.punctuation import fix


def run_fix(files: list[str], punctuation: bool) -> int:
    """Fix each file; 1 when a file could not be read or written, 2 when nothing was asked."""
    if not punctuation:
        print("请指定要改正的内容，例如 bulletin fix --punctuation FILE…", file=sys.stderr)
        return 2
    failed = False
    for name in files:
        path = Path(name)
        try:
            # newline="": CRLF files stay CRLF; a byte-order mark is kept as it was.
            with path.open(encoding="utf-8", newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            print(f"{name}: 无法读取（{error}）", file=sys.stderr)
            failed = True
            continue
        fixed, changes = fix(text, prose(text))
        if not changes:
            continue
        try:
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(fixed)
        except OSError as error:
            print(f"{name}: 无法写入（{error}）", file=sys.stderr)
            failed = True
            continue
        for change in changes:
            before = quote(text, change.start, change.end)
            after = quote(fixed, change.fixed_start, change.fixed_start + 1)
            print(f"{name}:{change.line}: {before} → {after}")
        print(f"{name}: 改正 {len(changes)} 处半角标点", file=sys.stderr)
    return 1 if failed else 0
