"""`bulletin new` starts the next issue; `bulletin check` validates every issue without building;
`bulletin import` brings issues in from Word documents and pages of an old column;
`bulletin audit` judges the built site as the quarterly inspection does."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..core.checking import check_site
from ..core.column import load_column
from ..core.drafting import next_issue
from ..core.importing.placement import Overrides
from ..core.problems import errors_in, warnings_in
from .audit import run_audit
from .fixing import run_fix
from .importing import run_import
from .settings import docs_dir, load_column_settings


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `bulletin` command."""
    parser = argparse.ArgumentParser(prog="bulletin", description="专项行动专栏期刊工具")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="站点配置文件")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查所有期刊文件，不生成网站")
    check.add_argument("--strict", action="store_true", help="警告也视为错误")
    new = commands.add_parser("new", help="按下一期的期号和今天的日期新建期刊文件")
    new.add_argument("--date", type=date.fromisoformat, help="发布日期 YYYY-MM-DD，默认今天")
    new.add_argument("--force", action="store_true", help="专项行动已结束时仍然新建")
    add_import_command(commands)
    add_fix_command(commands)
    inspect = commands.add_parser("audit", help="构建后按检查指标自查，写出 audit.json、audit.md")
    inspect.add_argument("--today", type=date.fromisoformat, help="按此日期判断 YYYY-MM-DD")
    args = parser.parse_args(argv)
    config_file = Path(args.config_file).resolve()
    if args.command == "check":
        return run_check(config_file, args.strict)
    if args.command == "import":
        overrides = Overrides(args.number, args.date, args.force)
        return run_import(config_file, args.files, overrides, date.today())
    if args.command == "fix":
        return run_fix(args.files, args.punctuation)
    if args.command == "audit":
        return run_audit(config_file, args.today or date.today())
    return run_new(config_file, args.date or date.today(), args.force)


def add_import_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`bulletin import FILE…` with its overrides."""
    command = commands.add_parser(
        "import", help="从 Word 文档（.docx）或旧栏目网页（.html、.txt）导入期刊，写成草稿"
    )
    command.add_argument("files", nargs="+", metavar="FILE", help=".docx、.html、.txt 文件或文件夹")
    command.add_argument("--number", type=int, help="期号，代替刊头中的「第N期」")
    command.add_argument(
        "--date", type=date.fromisoformat, help="发布日期 YYYY-MM-DD，代替刊头日期"
    )
    command.add_argument("--force", action="store_true", help="目标文件已存在时覆盖")


def add_fix_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`bulletin fix --punctuation FILE…`: rewrites the files in place."""
    command = commands.add_parser("fix", help="就地改正文件中可自动改正的问题，并列出改动")
    command.add_argument(
        "--punctuation", action="store_true", help="中文之间的半角标点改为全角（GB/T 15834）"
    )
    command.add_argument("files", nargs="+", metavar="FILE", help="要改正的 Markdown 文件")


def run_check(config_file: Path, strict: bool) -> int:
    """Print `path:line: field: message` per problem; 1 on any error (or warning, if strict)."""
    column, setting_errors = load_column_settings(config_file)
    for message in setting_errors:
        print(message)
    site = check_site(config_file.parent, column, docs_dir(config_file), include_drafts=True)
    problems = site.problems
    for problem in problems:
        print(problem.format())
    errors = len(errors_in(problems)) + len(setting_errors)
    warnings = len(warnings_in(problems))
    counts = f"检查了 {len(site.loaded.issues)} 期专刊、{len(site.policies)} 份政策文件"
    print(f"{counts}：{errors} 处错误，{warnings} 处警告", file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def run_new(config_file: Path, today: date, force: bool = False) -> int:
    """Write the next issue file and print its path; an ended campaign takes none unless forced."""
    column, setting_errors = load_column_settings(config_file)
    if setting_errors:
        print("\n".join(setting_errors), file=sys.stderr)
        return 1
    if column.campaign.is_ended and not force:
        print(f"{column.campaign.notice}，不再新建专刊（确需新建请加 --force）", file=sys.stderr)
        return 1
    root = config_file.parent
    draft = next_issue(root, load_column(root, column, include_drafts=True), today)
    if draft.path.exists():
        print(f"{draft.path.relative_to(root).as_posix()}: 文件已存在，未覆盖", file=sys.stderr)
        return 1
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    draft.path.write_text(draft.text, encoding="utf-8")
    print(draft.path.relative_to(root).as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
