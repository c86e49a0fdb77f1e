"""How the CLI shows results to people: rich tables and progress bars, readable at 80 columns.

Output often goes through a pipe, CI logs or a small terminal, where rich falls back to 80
columns. So ids never shrink (``no_wrap``; long text wraps instead), a tip's numbers are
stacked in one narrow column so its advice keeps most of the width, and every piece of
user text (captions, ids, advice) is escaped, since "[x]" would otherwise be read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec
from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from models.core.records import SYNTHETIC_WARNING
from models.core.words import plural
from models.fit.quality import check_model
from models.text.readable_captions import clean_caption

REJECTED_SHOWN = 50
UNKNOWN_HOURS = "unknown"  # a window's hours when the history holds dates without times


def signed(value: float, digits: int = 2) -> str:
    """ "+1.20", "-0.31", and "0.00" for anything that rounds to zero (never "-0.00")."""
    if round(value, digits) == 0:
        return f"{0:.{digits}f}"
    return f"{value:+.{digits}f}"


def signed_percent(fraction: float) -> str:
    """ "+25%", "-3%", and "0%" for anything under half a percent (never "-0%")."""
    if round(fraction * 100) == 0:
        return "0%"
    return f"{fraction:+.0%}"


def table_of(*columns: str, title: str | None = None) -> Table:
    """Every CLI table's look (``api.render_planning``'s too): a rule under the head, no edge, the title left."""
    return Table(*columns, title=title, box=box.SIMPLE_HEAD, show_edge=False, title_justify="left")


# -- import reports --------------------------------------------------------------------------


def print_rejected(
    console: Console, rejected: Sequence, *, title: str = "rejected", limit: int = REJECTED_SHOWN
) -> None:
    """Every refused row with its number, column, value and reason (the first ``limit`` of them)."""
    if not rejected:
        return
    console.print(f"[bold yellow]{plural(len(rejected), 'row')} {title}[/]")
    table = table_of("row", "column", "value", "reason")
    table.columns[0].no_wrap = True
    table.columns[0].justify = "right"
    table.columns[2].max_width = 24
    for column in table.columns[2:]:
        column.overflow = "fold"  # a long path or value breaks across lines rather than losing its end
    for r in list(rejected)[:limit]:
        table.add_row(str(r.row), escape(r.column or ""), escape((r.value or "")[:40]), escape(r.reason))
    console.print(table)
    if len(rejected) > limit:
        console.print(f"... and {len(rejected) - limit:,} more (all are in `saveworthy import --rejects FILE`)")


# -- training and evaluation -----------------------------------------------------------------


def print_quality(console: Console, report) -> None:
    """The time-split report: the model against the baselines, by Spearman and error."""
    if report is None:
        return
    console.print(f"[bold]{escape(report.creator_id)}[/]: {escape(report.note)}")
    table = table_of("method", "Spearman", "MAE saves/1k")
    for column in table.columns[1:]:
        column.justify = "right"
    table.add_row("saveworthy", f"{report.model.spearman:+.3f}", f"{report.model.mae_saves_per_1k:.3f}", style="bold")
    for name, score in report.baselines.items():
        table.add_row(name.replace("_", " "), f"{score.spearman:+.3f}", f"{score.mae_saves_per_1k:.3f}")
    console.print(table)
    check = check_model(msgspec.to_builtins(report))
    if check.warning:
        console.print(f"[yellow]! {escape(check.warning)}[/]")
    elif check.summary:
        console.print(f"[green]{escape(check.summary)}[/]")


def creator_progress(console: Console, n_creators: int):
    """A progress bar by creator for both map steps of a training, or, when the console is not a
    terminal (a log file, a pipe), progress lines every few seconds; yields the ``on_step`` callback."""
    from contextlib import contextmanager, nullcontext

    if not console.is_terminal:
        from training.progress import ProgressLines

        def write(line: str) -> None:
            console.print(line, markup=False, highlight=False, soft_wrap=True)
            console.file.flush()

        return nullcontext(ProgressLines(write, n_creators))

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    @contextmanager
    def bars():
        columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=n_creators <= 1) as progress:
            stats = progress.add_task("captions and statistics", total=n_creators)
            fits = progress.add_task("evaluating and storing", total=n_creators)

            def on_step(phase: str, creator_id: str, outcome: str) -> None:
                if phase in ("unchanged", "statistics"):
                    progress.advance(stats)
                if phase in ("unchanged", "training") or outcome != "ok":
                    progress.advance(fits)

            yield on_step

    return bars()


DETAILED_CREATORS = 5  # up to this many trained creators, each gets its quality report


def print_training(console: Console, summary, models_dir) -> None:
    """Each trained creator (with its quality report when few), then who was unchanged, skipped, failed."""
    results = summary.trained
    for result in results:
        # A synthetic history pools only with other synthetic ones (and real ones never with it).
        other = "other synthetic creator" if result.synthetic else "other creator"
        shrunk = (
            f"shrunk towards {plural(result.population_creators, other)}"
            if result.shrunk_towards == "population"
            else f"shrunk towards the guide's stated priors (no {other}s to learn from)"
        )
        console.print(
            f"[green]trained[/] {result.creator_id}: version {result.version} "
            f"on {plural(result.n_posts, 'post')}, {result.encoder} captions, {shrunk} -> {models_dir}"
        )
        if result.synthetic:
            console.print(f"[yellow]synthetic:[/] {result.creator_id}: {SYNTHETIC_WARNING}")
        if len(results) <= DETAILED_CREATORS:
            if result.quality_error:
                console.print(f"[yellow]no quality report:[/] {result.quality_error}")
            print_quality(console, result.quality)
    for reason in summary.skipped:
        console.print(f"[yellow]skipped:[/] {reason}")
    for failure in summary.failed:
        console.print(f"[bold red]failed:[/] {failure.creator_id}: {escape(failure.reason)}")
    if summary.unchanged:
        names = ", ".join(summary.unchanged[:10]) + (", ..." if len(summary.unchanged) > 10 else "")
        console.print(f"unchanged (history as at the stored model; --force retrains): {names}")
    memory = (
        f", peak {max(summary.worker_peak_rss_mb):,.0f} MB per worker process" if summary.worker_peak_rss_mb else ""
    )
    console.print(
        f"{len(results):,} trained, {len(summary.unchanged):,} unchanged, {len(summary.skipped):,} skipped, "
        f"{len(summary.failed):,} failed ({plural(summary.workers, 'worker')}{memory})"
    )


# -- scores ----------------------------------------------------------------------------------


def print_scores(console: Console, labelled: Iterable[tuple[str | None, object]]) -> None:
    """Each score under its label (a draft's id or row number; None for a lone caption)."""
    for label, score in labelled:
        print_score(console, score, label=label)


def draft_label(row, score, *, many_creators: bool) -> str:
    """How a scored draft from a file is named in a table: its id, else its row number in the file."""
    label = score.id or f"row {row.row}"
    return f"{label} ({score.creator_id})" if many_creators else label


def print_score(console: Console, score, *, label: str | None = None) -> None:
    if label:
        console.print(f"[bold cyan]{escape(label)}[/]")
    low, high = score.interval.low, score.interval.high
    console.print(
        f"[bold]{score.predicted_saves_per_1k:.2f}[/] saves per 1k views (80%: {low:.2f}–{high:.2f}), "
        f"percentile {score.percentile:.0f} of your posts"
    )
    if getattr(score, "pairs_ordered_right", None):
        console.print(Text(f"How well it ranks you: {score.pairs_ordered_right.sentence}"))
    for warning in score.warnings:
        console.print(f"[yellow]! {escape(warning)}[/]")
    if score.similar_posts:
        console.print(escape(score.similar_posts.sentence))
    if score.signals:
        console.print("already doing: " + ", ".join(escape(s.label) for s in score.signals))
    if score.tips:
        console.print(tips_table(score.tips))
    else:
        console.print("no tip would help this draft more than it already does")
    console.print()


# Below this width a table leaves the advice a column of a few words: each tip is stacked instead.
STACK_BELOW = 80


class TipsView:
    """The ranked tips, laid out for the width they are printed at.

    From ``STACK_BELOW`` columns: a table (id and confidence | impact and interval | advice,
    the only column that wraps). Narrower: each tip is a heading line (id, impact, interval,
    confidence) over its advice at the full width, indented, so the advice never shrinks to
    a column of single words and no id is cut.
    """

    def __init__(self, tips: Sequence) -> None:
        self.tips = list(tips)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= STACK_BELOW:
            yield self.table()
            return
        for i, tip in enumerate(self.tips):
            impact = tip.expected_impact
            yield Text.assemble(
                (tip.id, "bold"), f"  {signed(impact.saves_per_1k)}/1k ({signed_percent(impact.relative)})"
            )
            details = (
                f"80%: {signed(impact.interval.low)}…{signed(impact.interval.high)}; {tip.confidence}, {tip.source}"
            )
            yield Padding(Text(details, style="dim"), (0, 0, 0, 3))
            yield Padding(Text(tip.advice), (0, 0, 1 if i < len(self.tips) - 1 else 0, 3))

    def table(self) -> Table:
        table = table_of("tip", "impact /1k", "advice")
        table.columns[0].no_wrap = True
        table.columns[1].no_wrap = True  # so only the advice wraps when the width runs out
        for i, tip in enumerate(self.tips):
            impact = tip.expected_impact
            table.add_row(
                f"[bold]{escape(tip.id)}[/]\n[dim]{tip.confidence}, {tip.source}[/]",
                f"{signed(impact.saves_per_1k)} ({signed_percent(impact.relative)})\n"
                f"[dim]80%: {signed(impact.interval.low)}…{signed(impact.interval.high)}[/]",
                escape(tip.advice),
                end_section=i < len(self.tips) - 1,
            )
        return table


def tips_table(tips: Sequence) -> TipsView:
    """The tips as a table at 80 columns and more, stacked one under another below that."""
    return TipsView(tips)


# ``check``'s verdict word for each exit code: the word a person reads is the code a script reads.
CHECK_VERDICTS = {0: "[green]ok[/]", 1: "[red]below your median[/]"}


def print_check(console: Console, result, median_per_1k: float, *, code: int, tips_shown: int = 3) -> None:
    """The pre-post verdict (``CHECK_VERDICTS[code]``) against the creator's median post, and the best
    few tips (warnings: the caller's)."""
    # Figures that print alike at two decimals get a third, so "below" never reads "2.28; 2.28".
    for digits in (2, 3, 4):
        draft, median = f"{result.predicted_saves_per_1k:.{digits}f}", f"{median_per_1k:.{digits}f}"
        if draft != median:
            break
    console.print(f"{CHECK_VERDICTS[code]}: this draft {draft} saves per 1k views; your median post {median}")
    bullets = Table.grid(padding=(0, 1))  # a hanging indent: wrapped advice stays under its bullet
    bullets.add_column(no_wrap=True)
    bullets.add_column()
    for tip in result.tips[:tips_shown]:
        impact = signed(tip.expected_impact.saves_per_1k)
        bullets.add_row("  -", f"{escape(tip.advice)} ({impact}/1k, {tip.source})")
    console.print(bullets)


# -- insights --------------------------------------------------------------------------------


def print_insights(console: Console, report) -> None:
    # Two rates a creator meets in different places, each said with what it is.
    console.print(f"[bold]{escape(report.creator_id)}[/]: {plural(report.n_posts, 'post')}")
    for line in (
        f"{report.median_saves_per_1k:.2f} saves per 1k views on your median post (`check` compares with this)",
        f"{report.baseline_saves_per_1k:.2f} saves per 1k views: your average (your saves ÷ your views)",
    ):
        console.print(Padding(Text(line), (0, 0, 0, 2)))  # a wrapped line stays under its start
    if report.pairs_ordered_right:
        console.print(Padding(Text(f"How well it ranks you: {report.pairs_ordered_right.sentence}"), (0, 0, 0, 2)))
    for warning in report.warnings:
        console.print(f"[yellow]! {escape(warning)}[/]")
    console.print()

    # An empty table says nothing; the same sentences as the page say why it is empty.
    if report.top_drivers:
        table = table_of("driver", "effect", "posts with", "without", title="What drives your saves")
        for d in report.top_drivers:
            table.add_row(escape(d.label), signed_percent(d.effect_relative), str(d.posts_with), str(d.posts_without))
        _print_block(console, table)
    else:
        _print_empty(
            console, "What drives your saves", "No lever stands out yet: none has a clear effect on your saves."
        )

    if report.best_windows:
        # A history of dates alone says which days, not which hours: no "Friday unknown".
        by_day = all(w.hours == UNKNOWN_HOURS for w in report.best_windows)
        if by_day:
            columns = ("day", "posts", "model", "estimate", "raw")
            table = table_of(*columns, title="Best posting days (your history has dates, no times)")
        else:
            columns = ("day", "hours", "posts", "model", "estimate", "raw")
            table = table_of(*columns, title=f"Best posting windows ({_clock(report)})")
        for w in report.best_windows[:5]:
            rates = (w.effect_relative, w.estimate_relative, w.relative_save_rate)
            when = (f"{w.weekday}s",) if by_day else (w.weekday, w.hours)
            table.add_row(*when, str(w.posts), *(f"{r:.2f}×" for r in rates))
        console.print(table)
        console.print(
            Padding(
                Text(
                    "model: the time slot itself vs your usual times; estimate: its posts vs your others, shrunk "
                    "towards 1× where posts are few; raw: the same unshrunk"
                ),
                (0, 0, 0, 2),
            )
        )
        if report.windows_note:
            console.print(Padding(Text(report.windows_note), (0, 0, 0, 2)))
        console.print()
    else:  # the note, when there is one, already says that no time stands out
        generic = "No posting time of yours stands out yet once what you posted is held equal."
        _print_empty(console, f"Best posting windows ({_clock(report)})", report.windows_note or generic)

    table = table_of("hashtag", "posts", "estimate", "80% range", "raw", title="Hashtags by save rate")
    table.columns[3].no_wrap = True
    for h in report.hashtags[:10]:
        why = f"\n[dim]not advised: {escape(h.not_reusable)}[/]" if h.not_reusable else ""
        table.add_row(
            f"#{escape(h.hashtag)}{why}",
            str(h.posts),
            f"{h.estimate_relative:.2f}×",
            f"{h.estimate_low:.2f}–{h.estimate_high:.2f}×",
            f"{h.relative_save_rate:.2f}×",
        )
    console.print(table)
    console.print(
        Padding(
            Text(
                "estimate: the raw rate vs your other posts, shrunk towards 1× where posts are few; the "
                "hashtag tip never promises more than the top of its range, and never advises a tag of a "
                "short run (a campaign's), one naming an account you mention, or one you excluded "
                "(`saveworthy hashtags exclude`)"
            ),
            (0, 0, 0, 2),
        )
    )
    console.print()

    table = table_of("theme", "posts", "saves vs others", title="Themes (posts grouped by what they are about)")
    table.columns[2].no_wrap = True
    for theme in report.themes:
        example = f"\n[dim]e.g. “{escape(clean_caption(theme.examples[0], 100))}”[/]" if theme.examples else ""
        name = escape(theme.name) if theme.name else "[dim](no words set it apart)[/]"
        table.add_row(name + example, str(theme.posts), f"{theme.relative_save_rate:.2f}×", end_section=True)
    if report.themes:
        _print_block(console, table)


def _print_empty(console: Console, title: str, sentence: str) -> None:
    console.print(f"[italic]{title}[/]")
    console.print(Padding(Text(sentence), (0, 0, 0, 2)))
    console.print()


def _print_block(console: Console, table: Table) -> None:
    console.print(table)
    console.print()


# -- keys ------------------------------------------------------------------------------------


def print_keys(console: Console, keys: Sequence, keys_file) -> None:
    """The keys of a keys file: name, what each may read, created and last used (never the key or its hash)."""
    if not keys:
        console.print(f"no keys in {escape(str(keys_file))}")
        return
    table = table_of("name", "may read", "created", "last used")
    table.columns[0].no_wrap = True
    for column in table.columns[2:]:
        column.no_wrap = True
    for key in keys:
        scope = "every creator (admin)" if key.admin else ", ".join(key.creators)
        table.add_row(escape(key.name), escape(scope), _when(key.created), _when(key.last_used))
    console.print(table)


def _when(stamp: str | None) -> str:
    """ "2026-12-01 09:30" (UTC) from an ISO stamp; "—" when none was recorded."""
    return stamp.replace("T", " ")[:16] if stamp else "—"


def _clock(report) -> str:
    """What the report's hours are in (``Insights.clock``); "your time" for a report from before zones."""
    return escape(getattr(report, "clock", "") or "your time")


# -- track record ----------------------------------------------------------------------------


def print_track_record(console: Console, record) -> None:
    """Each recorded pair (scored, posted, predicted, range, really saved), then the running figures."""
    console.print(f"[bold]Track record of {escape(record.creator_id)}[/]")
    if record.pairs:
        table = table_of("scored", "posted", "predicted /1k", "80% range", "saved /1k", "inside")
        for column in table.columns:
            column.no_wrap = True
        for pair in record.pairs:
            table.add_row(
                _when(pair.scored_at),
                _when(pair.posted_at),
                f"{pair.predicted_saves_per_1k:.2f}",
                f"{pair.low:.2f}–{pair.high:.2f}",
                f"{pair.saved_per_1k:.2f}",
                "yes" if pair.inside else "[red]no[/]",
            )
        console.print(table)
    console.print(Text(record.sentence))
    console.print(
        f"[dim]{record.drafts_waiting} scored drafts wait for their post; drafts and pairs are kept "
        f"{record.kept_days} days.[/]"
    )
