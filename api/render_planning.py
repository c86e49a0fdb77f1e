"""How the CLI shows a comparison and a plan: rich tables readable at 80 columns in a pipe.

As in ``api.render``: labels never shrink (``no_wrap``), captions and sentences wrap, and
every piece of user text is escaped. The plan's week is a grid (days across, windows down,
a week per grid), then one row per draft with its caption, score and what moving it costs.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from api.render import signed, table_of
from models.core.words import plural
from models.read.compare import reason_text


def _indented(text: str, *, style: str | None = None, left: int = 2) -> Padding:
    """A sentence that wraps under its own start."""
    return Padding(Text(text, style=style), (0, 0, 0, left))


# -- compare ---------------------------------------------------------------------------------------


def print_comparison(console: Console, comparison) -> None:
    n = len(comparison.variants)
    console.print(f"[bold]{escape(comparison.creator_id)}[/]: {plural(n, 'variant')}, best first")
    for warning in comparison.warnings:
        console.print(_indented(f"! {warning}", style="yellow"))
    table = table_of("#", "variant", "saves/1k", "caption")
    table.columns[0].no_wrap = True
    table.columns[1].no_wrap = True
    table.columns[2].no_wrap = True
    for v in comparison.variants:
        table.add_row(
            str(v.rank),
            escape(v.label),
            f"[bold]{v.predicted_saves_per_1k:.2f}[/]\n[dim]{v.interval.low:.1f}–{v.interval.high:.1f}[/]\n"
            f"[dim]pctl {v.percentile:.0f}[/]",
            escape(v.caption) if v.caption else "[dim](no caption)[/]",
            end_section=True,
        )
    console.print(table)
    console.print(
        _indented("saves/1k: predicted saves per 1,000 views, its 80% range, and its percentile of your posts")
    )
    console.print()
    if comparison.pairs_ordered_right:
        console.print(_indented(f"How well it ranks you: {comparison.pairs_ordered_right.sentence}"))
    console.print(
        "[bold]How sure each step is[/] (the chance the higher one really saves more per view, your posts' "
        "own ups and downs counted; and the share of the model's resampled fits that agree)"
    )
    for step in comparison.steps:
        mark = {"clear": "green", "likely": "cyan", "too close to call": "yellow"}.get(step.verdict, "dim")
        console.print(
            Text.assemble(
                ("  " + step.higher, "bold"),
                " over ",
                (step.lower, "bold"),
                f": {signed(step.difference_saves_per_1k)}/1k, ",
                (step.verdict, mark),
                f" ({step.chance:.0%} chance; {step.agreement:.0%} of fits agree)",
            )
        )
        for reason in step.reasons:
            console.print(_indented(reason_text(reason), left=4))
    console.print()


# -- plan ------------------------------------------------------------------------------------------


def _short_hours(hours: str) -> str:
    """ "18:00–21:00" -> "18–21" """
    start, _, end = hours.partition("–")
    return f"{start[:2]}–{end[:2]}"


def _day_name(day: date) -> str:
    return f"{day.strftime('%a')} {day.day}"


def _when(placement) -> str:
    day = date.fromisoformat(placement.date)
    text = f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"
    return f"{text} {_short_hours(placement.hours)}" if placement.hours else text


def print_plan(console: Console, plan) -> None:
    start = date.fromisoformat(plan.start)
    console.print(
        f"[bold]{escape(plan.creator_id)}[/]: {plural(len(plan.placements), 'draft')} planned over "
        f"{plural(plan.days, 'day')} from {start.strftime('%a')} {start.day} {start.strftime('%b %Y')}, "
        f"{escape(plan.clock) if plan.clock else 'your clock'}" + (f" (UTC{plan.utc_offset})" if plan.by_hours else "")
    )
    rules = [f"at most {plan.per_day} a day"]
    rules.append(f"at least {plan.min_gap_hours:g} h apart" if plan.min_gap_hours else "no minimum gap")
    if plan.avoid:
        rules.append("avoiding " + ", ".join(plan.avoid))
    # By days, every day posted on is used (and the others if the week needs them), each with its posts.
    rules.append(f"windows with {plan.min_window_posts}+ of your posts" if plan.by_hours else "by days")
    console.print(_indented("; ".join(rules)))
    for warning in plan.warnings:
        console.print(_indented(f"! {warning}", style="yellow"))
    console.print()
    for week in range(0, plan.days, 7):
        console.print(_grid(plan, start + timedelta(days=week), min(7, plan.days - week)))
        console.print()
    console.print(_placements(plan))
    unit = "expected saves" if plan.cost_unit == "saves" else "saves per 1k"
    total = (
        f"{plan.total_expected_saves:.1f} expected saves"
        if plan.total_expected_saves is not None
        else f"{plan.total_saves_per_1k:.1f} saves per 1k views summed over the drafts"
    )
    console.print(_indented(f"week's total: {total}; moving a draft: what the week loses, in {unit}"))
    console.print()
    console.print(_windows(plan))
    bullets = Table.grid(padding=(0, 1))  # a hanging indent: a wrapped note stays under its bullet
    bullets.add_column(no_wrap=True)
    bullets.add_column()
    for note in plan.notes:
        bullets.add_row("  -", escape(note))
    console.print(bullets)
    console.print()


GRID_CELL = 8  # a day's column: seven of them and the hours fit 80 columns; a long id folds


def _grid(plan, first: date, n_days: int) -> Table:
    """Days across, the plan's windows down; each cell the draft planned there and its score."""
    days = [first + timedelta(days=i) for i in range(n_days)]
    avoided = {d.date: d.avoided for d in plan.calendar}
    rows = sorted({p.hours for p in plan.placements if p.hours}) if plan.by_hours else [None]
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1))
    grid.add_column("", no_wrap=True)
    for day in days:
        grid.add_column(_day_name(day), overflow="fold", min_width=5, max_width=GRID_CELL)
    cells: dict[tuple, list] = {}
    for k, p in enumerate(plan.placements, start=1):
        cells.setdefault((p.date, p.hours), []).append((k, p))
    for hours in rows:
        line = [_short_hours(hours) if hours else "day"]
        for day in days:
            here = cells.get((day.isoformat(), hours), [])
            if here:
                line.append("\n".join(f"{_grid_name(k, p)}\n[bold]{p.predicted_saves_per_1k:.1f}[/]" for k, p in here))
            else:
                line.append("[dim]off[/]" if avoided.get(day.isoformat()) else "")
        grid.add_row(*line)
    return grid


def _grid_name(k: int, placement) -> str:
    """The draft's label in a grid cell, or its number in the list below when the label is long."""
    return escape(placement.label) if len(placement.label) <= GRID_CELL else f"#{k}"


def _placements(plan) -> Table:
    table = table_of("#", "when", "draft", "saves/1k", "moving it")
    for column in (0, 1, 3, 4):
        table.columns[column].no_wrap = True
    table.columns[2].overflow = "fold"  # a long id breaks across lines rather than losing its end
    for k, p in enumerate(plan.placements, start=1):
        caption = escape(p.caption) if p.caption else "[dim](no caption)[/]"
        noise = "\n[dim]slot: noise[/]" if p.hours and p.slot_within_noise else ""
        if p.move:
            to = p.move.to.replace(":00–", "–").replace(":00", "")
            noise_mark = " [dim](noise)[/]" if p.move.within_noise else ""
            move = f"−{p.move.cost:.2f}{noise_mark}\n[dim]{escape(to)}[/]"
        else:
            move = "[dim]nowhere else[/]"
        table.add_row(
            str(k),
            _when(p) + noise,
            f"[bold]{escape(p.label)}[/] {caption}",
            f"{p.predicted_saves_per_1k:.2f}\n[dim]{p.interval.low:.1f}–{p.interval.high:.1f}[/]",
            move,
            end_section=True,
        )
    return table


def _windows(plan) -> Group | Text:
    if not plan.windows:
        return Text("")
    title = "Your windows: the slot vs your usual times" if plan.by_hours else "Your days vs your usual days"
    table = table_of("window", "posts", "model", "80% range", "used", title=title)
    for column in table.columns:
        column.no_wrap = True
    for w in plan.windows[:8]:
        name = f"{w.weekday[:3]} {_short_hours(w.hours)}" if w.hours else w.weekday
        verdict = " [dim]noise[/]" if w.within_noise else ""
        table.add_row(
            name,
            str(w.posts),
            f"{w.effect_relative:.2f}×{verdict}",
            f"{w.effect_low:.2f}–{w.effect_high:.2f}",
            str(w.used),
        )
    more = len(plan.windows) - 8
    footer = Text(f"  ... and {plural(more, 'more window')}", style="dim") if more > 0 else Text("")
    return Group(table, footer)
