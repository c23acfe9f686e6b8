"""How netbook says counts and days: ``1 day``, ``3 touches``, ``yesterday``, ``due in 2 days``.

Each phrase exists once, for a Python value (the command line's lines) and as a polars expression
(the ``why`` columns), and both say it the same way.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook.vocabulary import NO_EMPLOYER


def plural(count: int, unit: str, suffix: str = "s") -> str:
    """``1 day``, ``9 days``, ``2 touches`` (``unit`` singular; ``suffix`` unless the count is 1).

    Examples:
        >>> plural(1, "day"), plural(1_200, "action"), plural(2, "touch", "es")
        ('1 day', '1,200 actions', '2 touches')
    """
    return f"{count:,} {unit}{'' if count == 1 else suffix}"


def ago(days: int) -> str:
    """``today``, ``yesterday``, ``3 days ago``.

    Examples:
        >>> ago(0), ago(1), ago(5)
        ('today', 'yesterday', '5 days ago')
    """
    return "today" if days == 0 else "yesterday" if days == 1 else f"{plural(days, 'day')} ago"


def span(days: int) -> str:
    """A long gap in the unit a person says it in: ``9 days``, ``8 months``, ``3 years``.

    Examples:
        >>> span(1), span(59), span(250), span(800)
        ('1 day', '59 days', '8 months', '2 years')
    """
    if days < 60:
        return plural(days, "day")
    if days < 730:
        return plural(days // 30, "month")
    return plural(days // 365, "year")


def suffix_expr(count: pl.Expr, suffix: str = "s") -> pl.Expr:
    """``suffix`` unless ``count`` is 1 (``touch`` + ``es``)."""
    return pl.when(count == 1).then(pl.lit("")).otherwise(pl.lit(suffix))


def plural_expr(count: pl.Expr, unit: str, suffix: str = "s") -> pl.Expr:
    """:func:`plural` as an expression (without the thousands separator).

    Examples:
        >>> pl.select(plural_expr(pl.lit(1), "day"), plural_expr(pl.lit(3), "year").alias("y")).row(0)
        ('1 day', '3 years')
    """
    return pl.format("{} " + unit, count.cast(pl.String)) + suffix_expr(count, suffix)


def ago_expr(days: pl.Expr) -> pl.Expr:
    """:func:`ago` as an expression.

    Examples:
        >>> pl.DataFrame({"days": [0, 1, 5]}).select(ago_expr(pl.col("days"))).to_series().to_list()
        ['today', 'yesterday', '5 days ago']
    """
    return (
        pl.when(days == 0)
        .then(pl.lit("today"))
        .when(days == 1)
        .then(pl.lit("yesterday"))
        .otherwise(pl.format("{} ago", plural_expr(days, "day")))
    )


def span_expr(days: pl.Expr) -> pl.Expr:
    """:func:`span` as an expression.

    Examples:
        >>> pl.select(pl.lit(9).pipe(span_expr), pl.lit(250).pipe(span_expr).alias("b")).row(0)
        ('9 days', '8 months')
    """
    return (
        pl.when(days < 60)
        .then(plural_expr(days, "day"))
        .when(days < 730)
        .then(plural_expr(days // 30, "month"))
        .otherwise(plural_expr(days // 365, "year"))
    )


def days_word(days: pl.Expr) -> pl.Expr:
    """``day`` when ``days`` is 1 or -1, else ``days``."""
    return pl.when(days.abs() == 1).then(pl.lit("day")).otherwise(pl.lit("days"))


def due_expr(
    day: str, as_of: date, today: str = "due today", ahead: str = "due in {} {}"
) -> pl.Expr:
    """How late or soon the day in column ``day`` is: ``3 days overdue``, ``today`` or ``ahead``.

    ``ahead`` takes the days to go and their unit (``due in 2 days``, ``within 1 day``).

    Examples:
        >>> days = pl.DataFrame({"due_on": [date(2026, 11, 20), date(2026, 11, 22), date(2026, 11, 23)]})
        >>> days.select(due_expr("due_on", date(2026, 11, 22)))["due"].to_list()
        ['2 days overdue', 'due today', 'due in 1 day']
    """
    late = (pl.lit(as_of) - pl.col(day)).dt.total_days()
    return (
        pl.when(late > 0)
        .then(pl.format("{} {} overdue", late, days_word(late)))
        .when(late == 0)
        .then(pl.lit(today))
        .otherwise(pl.format(ahead, late.abs(), days_word(late)))
        .alias("due")
    )


FAR_AFTER_DAYS = 365
"""An as-of day this long after the newest data is told (``silent 73 years`` is no finding)."""


def outside_the_data(as_of: date, first: date | None, last: date | None) -> str | None:
    """What to say when ``as_of`` lies before the data (``first`` to ``last``) or a year after it.

    A day a few weeks after the data is a choice (the end of a month); today that far after it
    is told by the command line (:data:`netbook.asof.BEHIND_DAYS`).

    Examples:
        >>> outside_the_data(date(2010, 1, 1), date(2019, 3, 1), date(2026, 11, 16))[:50]
        'nothing in this workspace is dated on or before 20'
        >>> outside_the_data(date(2026, 11, 20), date(2019, 3, 1), date(2026, 11, 16)) is None
        True
    """
    if first is not None and as_of < first:
        return (
            f"nothing in this workspace is dated on or before {as_of} (its data runs from "
            f"{first} to {last}), so every list is empty: pick a later day"
        )
    if last is not None and (as_of - last).days >= FAR_AFTER_DAYS:
        return (
            f"the newest data in this workspace is of {last}, {plural((as_of - last).days, 'day')} "
            f"before {as_of}, and the days since read as silence: import a newer export, or pick "
            f"a day up to {last}"
        )
    return None


def work(position: str | None, company: str | None) -> str:
    """A person's work in a few words, each thing said once.

    A position already naming where is not told it twice, and a company that is no employer
    ("Freelance") is not a place one works "at".

    Examples:
        >>> work("Engineer", "Acme"), work("Student at Ferncastle University", "Freelance")
        ('Engineer at Acme', 'Student at Ferncastle University (freelance)')
        >>> work("Research Scientist", "Freelance"), work(None, "Self-employed")
        ('Research Scientist (freelance)', 'self-employed')
        >>> work(None, "Acme"), work(None, None)
        ('at Acme', '')
    """
    if company and " ".join(company.lower().split()) in NO_EMPLOYER:
        return f"{position} ({company.lower()})" if position else company.lower()
    if position and company:
        said = " at " in f" {position.lower()} " or company.lower() in position.lower()
        if not said:
            return f"{position} at {company}"
        return position if company.lower() in position.lower() else f"{position} ({company})"
    return position or (f"at {company}" if company else "")
