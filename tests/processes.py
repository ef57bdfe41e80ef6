"""Finding the processes a command started, whatever became of their parent: each run gets a
marker in its environment, which every child inherits (Linux /proc)."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

MARKER = "BULLETIN_TEST_RUN"


def marked_env() -> dict[str, str]:
    """An environment for a command whose processes `marked` can find."""
    return {**os.environ, MARKER: uuid.uuid4().hex, "NO_MKDOCS_2_WARNING": "1"}


def marked(env: dict[str, str]) -> list[int]:
    """The live processes started with `env` (or by one that was)."""
    needle = f"{MARKER}={env[MARKER]}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found


def left_after(env: dict[str, str], seconds: float) -> list[int]:
    """The processes of `env` still alive once `seconds` have passed (or none sooner)."""
    deadline = time.monotonic() + seconds
    while (alive := marked(env)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive
