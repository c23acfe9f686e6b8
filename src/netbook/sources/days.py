"""Calendar days as spreadsheets and locales write them: ``15/11/2026``, ``15 nov. 2026``...

An export opened in a spreadsheet and saved again holds its dates in the short date form of the
user's locale (``11/15/2026``, ``15/11/2026``, ``15.11.2026``, ``15-11-2026``, ``2026/11/15``),
sometimes with a time, and a LinkedIn account set to another language writes month names in it
(``15 nov. 2026``, ``15. Nov. 2026``, ``15 de nov. de 2026``). :func:`loose_days` reads them all:

- a day with a month word (English, French, German, Spanish, Italian, Portuguese, Dutch: names
  and their usual abbreviations, with or without a dot) takes its year from the four-digit
  number, or else the later number, and its day from the other;
- a day of three numbers is year first when the first has four digits; otherwise its year is
  last and the column decides whether the day or the month comes first: the day, when some row's
  first number is above 12 and no row's second is; the month, in the opposite case; and when no
  row tells (every number 12 or below), the reading under which the rows are the more in date
  order (exports list the newest first), the month first on a tie;
- a two-digit year is of this century unless that would be in the future;
- anything else (other words, impossible days) is null.
"""

from __future__ import annotations

from datetime import date

import polars as pl

_NAMES = {
    1: "jan january janv janvier januar jän jänner ene enero gen gennaio janeiro januari",
    2: "feb february févr fevr février fevrier februar febrero febbraio fev fevereiro februari",
    3: "mar march mars mär märz mrz marzo março marco mrt maart",
    4: "apr april avr avril abr abril aprile",
    5: "may mai mayo mag maggio maio mei",
    6: "jun june juin juni junio giu giugno junho",
    7: "jul july juil juillet juli julio lug luglio julho",
    8: "aug august août aout ago agosto augustus",
    9: "sep sept september septembre septiembre set setiembre settembre setembro",
    10: "oct october octobre okt oktober octubre ott ottobre out outubro",
    11: "nov november novembre noviembre novembro",
    12: "dec december déc décembre decembre dez dezember dic diciembre dicembre dezembro",
}
MONTHS: dict[str, int] = {word: month for month, words in _NAMES.items() for word in words.split()}
"""Month words (lower case, without a dot) and the month they name."""
FILLERS = (
    "de",
    "del",
    "of",
    "the",
    "am",
    "pm",
    "a",
    "p",
    "m",
    "t",
    "z",
    "utc",
    "gmt",
    "er",
    "st",
    "nd",
    "rd",
    "th",
)
"""Words a written day may hold besides its month (``15 de nov. de 2026``, ``a.m.``)."""
_CJK = ("年", "月", "日")


def _year(number: pl.Expr) -> pl.Expr:
    """A year, two digits made four: this century's, unless that is in the future."""
    now = date.today().year
    century = pl.when(number <= now % 100).then(now - now % 100).otherwise(now - now % 100 - 100)
    return pl.when(number < 100).then(number + century).otherwise(number)


def _day(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    text = pl.format(
        "{}-{}-{}",
        year.cast(pl.String).str.zfill(4),
        month.cast(pl.String).str.zfill(2),
        day.cast(pl.String).str.zfill(2),
    )
    return text.str.strptime(pl.Date, "%Y-%m-%d", strict=False, exact=True)


def _in_order(days: pl.Series) -> int:
    """How many neighbouring rows of ``days`` are in date order, one way or the other."""
    step = days.drop_nulls().diff().dt.total_days().drop_nulls()
    return max(int((step <= 0).sum()), int((step >= 0).sum()))


def loose_days(values: pl.Series) -> pl.Series:
    """Each of ``values`` read as a calendar day (see the module), null where it is none.

    Examples:
        >>> s = pl.Series(["15/11/2026", "3/11/2026", "15 nov. 2026", "15. Nov. 2026", "no date"])
        >>> [str(d) for d in loose_days(s)]
        ['2026-11-15', '2026-11-03', '2026-11-15', '2026-11-15', 'None']
        >>> [str(d) for d in loose_days(pl.Series(["11/15/2026", "Nov 3, 2026", "2026-11-03"]))]
        ['2026-11-15', '2026-11-03', '2026-11-03']
    """
    text = pl.col("v").str.to_lowercase()
    for mark in _CJK:
        text = text.str.replace_all(mark, " ", literal=True)
    words = text.str.extract_all(r"\p{L}+")
    months = words.list.eval(
        pl.element().replace_strict(MONTHS, default=None, return_dtype=pl.Int32)
    )
    known = words.list.eval(pl.element().is_in(list(MONTHS) + list(FILLERS)).all()).list.first()
    numbers = text.str.extract_all(r"\d+")
    number = [numbers.list.get(i, null_on_oob=True) for i in range(3)]
    value = [n.cast(pl.Int32, strict=False) for n in number]
    parts = pl.DataFrame({"v": values.cast(pl.String)}).select(
        month_word=months.list.drop_nulls().list.first(),
        known=known.fill_null(True),
        first_is_year=(number[0].str.len_chars() == 4).fill_null(False),
        a=value[0],
        b=value[1],
        c=value[2],
    )
    first_is_year = pl.col("first_is_year")
    worded = pl.col("month_word").is_not_null()
    year_first = ~worded & first_is_year
    year_last = ~worded & ~year_first & pl.col("c").is_not_null()
    a, b = pl.col("a"), pl.col("b")
    slashed = parts.filter(year_last)
    day_first = _day_first(slashed, a, b)
    # A worded day: the year is the four-digit number, or else the later one.
    read = parts.select(
        pl.when(~pl.col("known"))
        .then(None)
        .when(worded)
        .then(
            _day(
                _year(pl.when(first_is_year).then(a).otherwise(b)),
                pl.col("month_word"),
                pl.when(first_is_year).then(b).otherwise(a),
            )
        )
        .when(year_first)
        .then(_day(a, b, pl.col("c")))
        .when(year_last)
        .then(
            _day(
                _year(pl.col("c")),
                pl.when(day_first).then(b).otherwise(a),
                pl.when(day_first).then(a).otherwise(b),
            )
        )
        .alias(values.name)
    )
    return read.to_series()


def _day_first(rows: pl.DataFrame, a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """Whether the rows of a year-last column are day first (an expression: per row when mixed)."""
    tells_day = bool(rows.select((a > 12).any()).item())
    tells_month = bool(rows.select((b > 12).any()).item())
    if tells_day and tells_month:  # mixed: each row as it can only be, the month first otherwise
        return a > 12
    if tells_day or tells_month:
        return pl.lit(tells_day)
    year = _year(pl.col("c"))
    as_day_first = rows.select(_day(year, b, a)).to_series()
    as_month_first = rows.select(_day(year, a, b)).to_series()
    return pl.lit(_in_order(as_day_first) > _in_order(as_month_first))
