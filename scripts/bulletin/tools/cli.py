"""`bulletin new` starts the next issue; `bulletin check` validates every issue without building;
`bulletin import` brings issues in from Word documents and pages of an old column;
`bulletin audit` judges the built site as the quarterly inspection does; `bulletin init` turns a
copy of the project into a new, empty column."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..core.checking import check_site
from ..core.column import load_column
from ..core.drafting import next_issue
from ..core.founding import NewColumn
from ..core.importing.placement import Overrides
from ..core.model import Numbering
from ..core.problems import errors_in, notices_in, warnings_in
from .audit import run_audit
from .fixing import run_fix
from .founding import run_add_column, run_init
from .importing import run_import
from .settings import chosen_column, docs_dir, load_column_settings


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `bulletin` command."""
    parser = argparse.ArgumentParser(prog="bulletin", description="专项行动专栏专刊工具")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="站点配置文件")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查所有期刊文件，不生成网站")
    check.add_argument("--strict", action="store_true", help="警告也视为错误")
    new = commands.add_parser("new", help="按下一期的期号和今天的日期新建期刊文件")
    new.add_argument("--date", type=date.fromisoformat, help="发布日期 YYYY-MM-DD，默认今天")
    # Once needed on an ended campaign; `new` now always writes a draft, which cannot be
    # published after the end. Accepted so that older instructions still work.
    new.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    add_column_option(new)
    add_import_command(commands)
    add_init_command(commands)
    add_fix_command(commands)
    inspect = commands.add_parser("audit", help="构建后按检查指标自查，写出 audit.json、audit.md")
    inspect.add_argument("--today", type=date.fromisoformat, help="按此日期判断 YYYY-MM-DD")
    args = parser.parse_args(argv)
    config_file = Path(args.config_file).resolve()
    if args.command == "check":
        return run_check(config_file, args.strict)
    if args.command == "import":
        overrides = Overrides(args.number, args.date, args.force)
        return run_import(config_file, args.files, overrides, date.today(), args.column)
    if args.command == "init":
        new_column = NewColumn(args.name, args.bulletin, args.publisher, Numbering(args.numbering))
        if args.column is not None:
            return run_add_column(config_file, args.column, new_column)
        return run_init(config_file, new_column)
    if args.command == "fix":
        return run_fix(args.files, args.punctuation)
    if args.command == "audit":
        return run_audit(config_file, args.today or date.today())
    return run_new(config_file, args.date or date.today(), args.column)


def add_column_option(command: argparse.ArgumentParser) -> None:
    """`--column <slug>`: which column of a site of several (contract section 8)."""
    command.add_argument("--column", metavar="SLUG", help="多栏目站点中的栏目目录名（columns/ 下）")


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
    add_column_option(command)


def add_init_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`bulletin init --name … --bulletin … --publisher … [--numbering …]` (contract section 1)."""
    command = commands.add_parser("init", help="把示例项目的副本改为新的空专栏")
    command.add_argument("--name", required=True, help="栏目名称，例如 城镇燃气安全专项整治专栏")
    command.add_argument("--bulletin", required=True, help="刊名，例如 燃气安全专项整治简报")
    command.add_argument("--publisher", required=True, help="编发单位，例如 市燃气安全工作专班")
    command.add_argument(
        "--numbering",
        choices=[n.value for n in Numbering],
        default=Numbering.YEARLY.value,
        help="期号编排：yearly 每年从第1期编起（默认），continuous 连续编号",
    )
    command.add_argument(
        "--column",
        metavar="SLUG",
        help="在本站 columns/ 下增加一个栏目（多栏目站点），不改动其他栏目",
    )


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
    counts = f"检查了 {len(site.issues)} 期专刊、{len(site.policies)} 份政策文件"
    notices = len(notices_in(problems))
    waiting = f"，{notices} 处提示" if notices else ""
    print(f"{counts}：{errors} 处错误，{warnings} 处警告{waiting}", file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def run_new(config_file: Path, today: date, slug: str | None = None) -> int:
    """Write the next issue file as a draft and print its path; on an ended campaign, also say
    why the draft cannot be published and what to do instead."""
    column, errors, code = chosen_column(config_file, slug)
    if column is None:
        print("\n".join(errors), file=sys.stderr)
        return code
    root = config_file.parent
    loaded = load_column(root, column, include_drafts=True)
    draft = next_issue(root, column, loaded.issues, today)
    if draft.path.exists():
        print(f"{draft.path.relative_to(root).as_posix()}: 文件已存在，未覆盖", file=sys.stderr)
        return 1
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    draft.path.write_text(draft.text, encoding="utf-8")
    print(draft.path.relative_to(root).as_posix())
    if column.campaign.is_ended:
        print(f"注意：{column.campaign.notice}。{ENDED_DRAFT}", file=sys.stderr)
    return 0


ENDED_DRAFT = (
    "新建的文件是草稿，只能预览，不能发布（删除 draft: true 后 bulletin check 会报错）。"
    "开办新的专栏请先运行 bulletin init；专项行动恢复更新时，"
    "请把 mkdocs.yml 中的 status 改为 active 并删除 ended 一行"
)


if __name__ == "__main__":
    sys.exit(main())
