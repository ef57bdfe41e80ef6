"""The real commands, run in this process: `mkdocs build` through MkDocs' own build function
and `bulletin check` through its entry point, with what they print captured.

A subprocess costs about 1.5 s of interpreter and import start-up per command; the same build
in-process costs a few hundred milliseconds, so every test that only needs the verdict and the
messages uses these. The contract's command lines themselves are exercised by a few tests that
still start real processes (`Site.run`)."""

from __future__ import annotations

import contextlib
import io
import logging
import subprocess
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from bulletin.tools.cli import main as bulletin_main


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def mkdocs_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build [--strict]` in `root`: exit status 0 or 1, the log as stderr."""
    logger = logging.getLogger("mkdocs")
    handler, level = _Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    code = 0
    try:
        config = load_config(str(root / "mkdocs.yml"), strict="--strict" in args)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as error:
        handler.lines.append(f"ERROR   -  {error}")
        code = 1
    except Exception as error:  # a crash: the command would end with a traceback and status 1
        handler.lines.append(f"Traceback: {type(error).__name__}: {error}")
        code = 1
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return subprocess.CompletedProcess(
        ["mkdocs", "build", *args], code, "", "\n".join(handler.lines)
    )


def bulletin(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`bulletin ARGS…` in `root`: its exit status, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = bulletin_main(["-f", str(root / "mkdocs.yml"), *args])
        except SystemExit as exit:
            code = int(exit.code or 0)
    return subprocess.CompletedProcess(["bulletin", *args], code, out.getvalue(), err.getvalue())
