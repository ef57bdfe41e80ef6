"""`bulletin init`: turn a copy of this project into a new, empty column (contract section 1)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ..core.column import issue_files
from ..core.founding import (
    SAMPLE_NAME,
    NewColumn,
    about_page,
    column_yml,
    founded_settings,
    home_page,
    name_problems,
)
from ..core.hub import SETTINGS_NAME, find_site, slug_is_valid
from ..core.model import COLUMNS_DIR
from ..core.policies import POLICY_DIR, policy_files
from .settings import docs_dir, load_column_settings, plugin_options


def run_init(config_file: Path, new: NewColumn) -> int:
    """Rename the column, remove the sample issues and policy documents, rewrite the home and
    about pages; print what was done and what comes next. Nothing is changed on a refusal."""
    problems = name_problems(new)
    column, setting_errors = load_column_settings(config_file)
    problems += setting_errors
    root, docs = config_file.parent, docs_dir(config_file)
    issues, policies = issue_files(root, column), policy_files(docs)
    if column.name != SAMPLE_NAME and (issues or policies):
        problems.append(
            f"本项目已是「{column.name}」，有 {len(issues)} 期专刊、{len(policies)} 份政策文件；"
            "bulletin init 只用于示例项目的副本（它会删除全部专刊和政策文件），未做任何修改"
        )
    text = config_file.read_text(encoding="utf-8-sig") if config_file.is_file() else ""
    settings = ""
    try:
        settings = founded_settings(text, new) if not problems else ""
    except ValueError:  # the plugin's options have no column_name line to write beside
        problems.append(f"{config_file.name}: 缺少 plugins.bulletin.column_name 一行，请先补上")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    config_file.write_text(settings, encoding="utf-8")
    if plugin_options(config_file).get("column_name") != new.name:  # read back as MkDocs will
        config_file.write_text(text, encoding="utf-8")
        print(f"{config_file.name}: 无法改写栏目设置，未做任何修改", file=sys.stderr)
        return 1
    issues_folder = root / column.issues_dir
    if issues_folder.is_dir():
        shutil.rmtree(issues_folder)
    issues_folder.mkdir()
    for path in policies:
        path.unlink()
    (docs / "index.md").write_text(home_page(new), encoding="utf-8")
    (docs / "about.md").write_text(about_page(new), encoding="utf-8")
    shown = docs.relative_to(root).as_posix()
    print(f"已建立新专栏「{new.name}」，刊名《{new.bulletin}》，编发单位：{new.publisher}")
    removed = f"示例专刊 {len(issues)} 期（{column.issues_dir}/）"
    removed += f"、示例政策文件 {len(policies)} 份（{shown}/{POLICY_DIR}/）"
    print(f"已删除{removed}；已改写 {shown}/index.md、{shown}/about.md")
    print("请在 mkdocs.yml 中把页脚（footer）改为本单位的真实信息，把 site_url 改为本栏目的网址；")
    print("下一步：运行 bulletin new 新建第一期专刊")
    return 0


def run_add_column(config_file: Path, slug: str, new: NewColumn) -> int:
    """`bulletin init --column <slug>`: add an empty column to a site (contract section 8)."""
    problems = name_problems(new)
    root = config_file.parent
    column, setting_errors = load_column_settings(config_file)
    problems += setting_errors
    folder = root / COLUMNS_DIR / slug
    shown = f"{COLUMNS_DIR}/{slug}/{SETTINGS_NAME}"
    if not slug_is_valid(slug):
        problems.append(f"--column: 栏目目录名「{slug}」只能由小写英文字母、数字和连字符（-）组成")
    elif (folder / SETTINGS_NAME).exists():
        problems.append(f"{shown}: 栏目已存在，未做任何修改")
    site, _ = find_site(root, column)
    if not site.is_hub and issue_files(root, column):
        problems.append(
            f"本站的专刊在 {column.issues_dir}/ 中：多栏目站点只发布 columns/ 下的栏目。"
            f"请先把它们移到 {COLUMNS_DIR}/<原栏目目录名>/issues/ 并写好 column.yml"
            "（见 README「从一个栏目到多个栏目」）"
        )
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    (folder / "issues").mkdir(parents=True, exist_ok=True)
    (folder / SETTINGS_NAME).write_text(column_yml(new), encoding="utf-8")
    print(
        f"已建立栏目「{new.name}」：{shown}，专刊放在 {COLUMNS_DIR}/{slug}/issues/<年份>/<期号>.md"
    )
    print(f"新建第一期：bulletin new --column {slug}")
    return 0
