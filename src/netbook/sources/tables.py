"""Reading one delimited text file the way real exports are written.

Decodes it (:mod:`netbook.sources.encodings`), finds the header line by an anchor column instead
of a fixed ``skip_rows``, sniffs the delimiter, and parses the whole file with polars' native
reader (quoted fields may span lines). Every row keeps the 1-based line it starts on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from netbook.errors import SourceError
from netbook.progress import stage
from netbook.schema import FAILURES
from netbook.sources.cut import Cut, cut_record, line_start
from netbook.sources.encodings import (
    HEAD,
    chunks,
    decode,
    decode_lines,
    transcode_utf16,
    utf16_of,
    whole,
)
from netbook.sources.headers import (
    HEADER_SCAN_LINES,
    no_header,
    normalise_header,
    raise_if_resaved,
    sniff,
)

__all__ = ["LINE", "Table", "is_placeholder", "normalise_header", "read_table"]

LINE = "__line"
LONG_TEXT = frozenset({"content", "text", "message", "description", "summary", "sharecommentary"})
"""Free-text columns: only their length and whether they look like HTML are kept."""
HTML = (
    r"</?([pP]|[bB][rR]|[dD][iI][vV]|[sS][pP][aA][nN]|[aA]|[lL][iI]|[uU][lL]|[oO][lL]"
    r"|[sS][tT][rR][oO][nN][gG]|[eE][mM]|[bB]|[iI])[\s/>]"
    r"|&([nN][bB][sS][pP]|[aA][mM][pP]|[rR][sS][qQ][uU][oO]|[lL][tT]|[gG][tT]|[qQ][uU][oO][tT]);"
)
"""What looks like HTML: a common tag or entity, in any case. Tag and entity names are ASCII, so
the case folding is spelled out in ASCII: ``(?i)`` (which also folds the long s, ``ſ``) keeps the
regex engine off its fast byte search and matches about 7x slower on message text."""
_PLACEHOLDER_MAX = 200
_PLACEHOLDER_SCAN = 4096
ASKS = r"\?+(?:[\s\"')\]<*_~.,!’”»」』）]|$)|[？؟՞፧]"
"""A question mark ending a word, or a question mark of a script without spaces or with its own
(full-width ``？``, Arabic ``؟``, Armenian, Ethiopic): what :func:`asks` looks for."""
_RESAVE = "fix that line, or save the file again as UTF-8"
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
"""Control characters (NUL, ESC, ...): removed from every short field, never stored or printed."""


@dataclass
class Table:
    """A parsed file: string columns named by :func:`normalise_header`, plus ``__line``."""

    frame: pl.DataFrame
    encoding: str
    delimiter: str
    header_line: int
    name: str = ""
    rows: int = field(default=-1)
    unreadable: list[int] = field(default_factory=list)
    """Lines of records dropped for bytes that are not text in the file's encoding, and the line of
    the last record when the file ends in its middle (:attr:`cut`)."""
    cut: Cut | None = None
    """The last record, dropped: the file was cut short in its middle."""
    controls: int = 0
    """Records whose short fields held control characters (NUL, ESC...), removed when read."""

    def __post_init__(self) -> None:
        if self.rows < 0:
            self.rows = self.frame.height + len(self.unreadable)

    def failures(self, file: str) -> pl.DataFrame:
        """The records dropped (undecodable bytes, a file cut short) as :data:`FAILURES` rows."""
        undecodable = f"unreadable text: bytes that are not UTF-8; {_RESAVE}"
        cut = self.cut
        return pl.DataFrame(
            {
                "file": [file] * len(self.unreadable),
                "line": self.unreadable,
                "column": [None] * len(self.unreadable),
                "reason": [
                    cut.reason if cut is not None and line == cut.line else undecodable
                    for line in self.unreadable
                ],
            },
            schema=FAILURES,
        )

    def require(self, columns: tuple[str, ...], expected: str) -> None:
        """Fail the file unless its header has every one of ``columns`` (normalised names).

        Raises:
            SourceError: naming the file, its header line and the missing columns.
        """
        missing = [c for c in columns if c not in self.frame.columns]
        if missing:
            found = list(dict.fromkeys(c.split(":")[0] for c in self.frame.columns if c != LINE))
            raise SourceError(
                self.name,
                f"lacks the column(s) {', '.join(missing)} (found: {', '.join(found[:10])})",
                line=self.header_line,
                hint=f"is this {expected}?",
            )

    def take(self) -> pl.DataFrame:
        """Hand the frame over to a single consumer, so that its memory goes with the consumer."""
        frame, self.frame = self.frame, pl.DataFrame()
        return frame


def is_placeholder(text: bytes) -> bool:
    r"""True for files with no table in them, like ``No conversations found``.

    Examples:
        >>> is_placeholder(b"No conversations found\\n")
        True
        >>> is_placeholder(b"First Name,Last Name\\n")
        False
        >>> is_placeholder(b"PK\x03\x04garbage")  # a sentence is text: this is a broken file
        False
    """
    stripped = text.strip()
    if not stripped:
        return True
    if len(stripped) > _PLACEHOLDER_MAX or b"\n" in stripped:
        return False
    if any(byte < 0x20 or byte == 0x7F for byte in stripped):
        return False
    return not any(sep in stripped for sep in (b",", b";", b"\t"))


def reading_stage(name: str) -> str:
    """The progress stage of reading the file ``name`` (``archive.zip!messages.csv``).

    Examples:
        >>> reading_stage("export.zip!messages.csv")
        'reading messages.csv'
    """
    return f"reading {Path(name.rsplit('!', 1)[-1]).name}"


def read_table(
    source: bytes | Path,
    name: str,
    anchors: tuple[str, ...],
    expected: str,
    *,
    trim: bool = True,
    categorical: tuple[str, ...] = (),
    required: tuple[str, ...] = (),
    whole_rows: bool = True,
) -> Table | None:
    """Parse ``source`` as a delimited table whose header contains one of ``anchors``.

    Args:
        source: the file's bytes, or its path (a large plain UTF-8 file is then parsed straight
            from disk, never held in memory whole).
        name: the file's name for messages (``archive.zip!messages.csv``).
        anchors: normalised column names, any of which marks the header line.
        expected: what the file should be, for the error message ("LinkedIn's Connections.csv").
        trim: strip surrounding spaces from short fields (large files whose consumers normalise
            their keys themselves skip it for speed).
        categorical: columns to keep dictionary-encoded (names, URLs and ids that repeat across
            a million rows take a fraction of the memory).
        required: columns the file cannot be read without.
        whole_rows: every row of the file has every column (an export's file): a last row with
            fewer, without a line end after it, was cut short. A hand-made CSV may end a row early.

    Returns:
        The table, or ``None`` when the file holds no table at all (empty, or a placeholder sentence).

    Raises:
        SourceError: binary data, no header line with an anchor column within the first lines, or
            a required column missing.
    """
    stage(reading_stage(name))
    data: bytes | Path
    bad: list[int] = []
    # When the head is plain UTF-8 (after a byte-order mark, which polars skips), polars checks
    # the rest as it parses, and only a file it finds a bad byte in is decoded here: decoding a
    # zipped messages.csv of 250 MB of message text just to check it took 3.5 s and a gigabyte.
    raw_head = _head(source)
    # UTF-16 is decoded whole (its head may end inside a character).
    utf16 = utf16_of(raw_head)
    start, encoding = (b"", "utf-16") if utf16 else decode(raw_head, name)
    verified = False  # the whole file decoded here (else polars checks it)
    if start is raw_head or (encoding == "utf-8-sig" and start == raw_head[3:]):
        data = source
    elif utf16 and isinstance(source, Path):  # straight from the file: never held whole
        data = transcode_utf16(chunks(source), utf16, name)
        start, verified = data[:HEAD], True
    else:
        data, encoding, bad = decode_lines(whole(source), name)
        start, verified = data[:HEAD], True
    data, start = _line_feeds(data, start)
    if len(start) <= _PLACEHOLDER_SCAN and is_placeholder(start):
        return None
    head = start.decode("utf-8", errors="replace").splitlines()[:HEADER_SCAN_LINES]
    header: tuple[int, str] | None = None
    for number, line in enumerate(head):
        sniffed = sniff(line)
        fields = [normalise_header(f) for f in next(csv.reader([line], delimiter=sniffed), [])]
        if any(anchor in fields for anchor in anchors):
            header = (number, sniffed)
            break
    if header is None:
        raise_if_resaved(head, anchors, name, expected)
        raise no_header(head, required or anchors[:1], name, expected)
    index, delimiter = header
    width = len(next(csv.reader([head[index]], delimiter=delimiter), []))
    quoted: Cut | None = None
    try:
        try:
            frame = _parse(data, delimiter, index, trim, categorical)
        except pl.exceptions.ComputeError as error:
            if "utf-8" not in str(error) or verified:
                raise
            # A bad byte past the head: the whole file is decoded on evidence after all.
            decoded, encoding, bad = decode_lines(whole(source), name)
            data, _ = _line_feeds(decoded, decoded[:HEAD])
            frame = _parse(data, delimiter, index, trim, categorical)
    except pl.exceptions.PolarsError as error:
        # Cut inside a quoted field (a message's text): the rows before that one are whole.
        raw = whole(data)
        opened = _open_quote(raw)
        if opened is None or opened <= index + 1:
            raise _unparsable(name, expected, error, opened) from error
        data = raw[: line_start(raw, opened)]
        try:
            frame = _parse(data, delimiter, index, trim, categorical)
        except pl.exceptions.PolarsError as again:
            raise _unparsable(name, expected, again, None) from again
        quoted = Cut(opened, 0, width, quoted=True)
        bad = [line for line in bad if line < opened]  # a character cut in two is the cut's
    frame, dropped = _without_lines(frame, bad)
    cut = quoted or (cut_record(data, delimiter, width) if whole_rows else None)
    if quoted is not None:
        dropped = sorted([*dropped, quoted.line])
    elif cut is not None and frame.height and frame.get_column(LINE)[-1] == cut.line:
        frame, dropped = frame.head(-1), sorted([*dropped, cut.line])
    else:
        cut = None  # the record was dropped already (bad bytes), or held nothing
    controls = int(frame.get_column("__controls").sum())
    table = Table(
        frame.drop("__controls"), encoding, delimiter, index + 1, name, unreadable=dropped, cut=cut
    )
    table.controls = controls
    table.require(required, expected)
    return table


def _head(source: bytes | Path) -> bytes:
    """The first :data:`HEAD` bytes of a file, up to their last line end when cut short.

    Never judge a character cut in two by the read.
    """
    if isinstance(source, Path):
        with source.open("rb") as handle:
            head = handle.read(HEAD)
    else:
        head = source[:HEAD]
    if len(head) < HEAD:
        return head
    return head[: head.rfind(b"\n") + 1] or head


def _line_feeds(data: bytes | Path, start: bytes) -> tuple[bytes | Path, bytes]:
    """``data`` and its head ``start``, classic Mac OS line ends (CR alone) made line feeds."""
    if b"\r" in start and b"\n" not in start:
        raw = whole(data)
        if b"\n" not in raw:
            data = raw.replace(b"\r", b"\n")
            start = data[:HEAD]
    return data, start


def _without_lines(frame: pl.DataFrame, lines: list[int]) -> tuple[pl.DataFrame, list[int]]:
    """``frame`` without the records that hold one of ``lines``, and the lines those records start on."""
    if not lines or frame.is_empty():
        return frame, []
    hit = (
        pl.DataFrame({"__bad": lines}, schema={"__bad": pl.Int64})
        .join_asof(frame.select(LINE), left_on="__bad", right_on=LINE, strategy="backward")
        .get_column(LINE)
        .drop_nulls()
        .unique()
        .sort()
    )
    return frame.filter(~pl.col(LINE).is_in(hit.implode())), hit.to_list()


def _unparsable(name: str, expected: str, error: Exception, opened: int | None) -> SourceError:
    """Why the file could not be parsed; ``opened``: the line a quote never closed opens on."""
    if opened is not None:
        return SourceError(
            name,
            "ends inside a quoted field that opens on this line: the file was cut short, or a "
            "closing quote is missing",
            line=opened,
            hint="download the export again, or close the quote",
        )
    return SourceError(
        name,
        f"could not be parsed as a table: {str(error).splitlines()[0]}",
        hint=f"is this {expected}?",
    )


def _open_quote(raw: bytes) -> int | None:
    r"""The line on which a quoted field opens that never closes (None: every quote closes).

    Quotes inside a field are doubled, so a file whose quotes all close holds an even number.

    Examples:
        >>> _open_quote(b'a,b\n1,"x\ny"\n2,"cut')
        4
        >>> _open_quote(b'a,b\n1,"say ""hi"" now"\n') is None
        True
    """
    if raw.count(b'"') % 2 == 0:
        return None
    inside, start = False, None
    for number, line in enumerate(raw.split(b"\n"), 1):
        if line.count(b'"') % 2:
            start = number if not inside else start
            inside = not inside
    return start if inside else None


def asks(text: pl.Expr) -> pl.Expr:
    """Whether a message asks something: a question mark in its last 280 characters.

    The ``?`` must end a word (then a space, a quote, a bracket, a tag, ``!``, ``.`` or the end),
    so a link's query (``page?id=3``) is no question; a full-width or Arabic question mark is one
    anywhere. Null stays null.

    Examples:
        >>> frame = pl.DataFrame({"t": ["Free next week? Best, Ada", "Thanks!", "see x.com/a?b=1",
        ...     "Really?!", "来週コーヒーどう？", "هل أنت متاح غدا؟", None]})
        >>> frame.select(asks(pl.col("t")))["t"].to_list()
        [True, False, False, True, True, True, None]
    """
    return text.str.slice(-280).str.contains(ASKS)


def shown(text: pl.Expr) -> pl.Expr:
    """The characters a reader sees of a text; null counts 0.

    For HTML (:data:`HTML`), without its tags, and each entity (``&nbsp;``, ``&#8217;``) one
    character. Text that does not look like HTML is counted as it is.

    Examples:
        >>> frame = pl.DataFrame({"t": ['<p class="spinmail-quill-editor__spin-break">Thanks!</p>',
        ...     "Tea &amp; cake?", "I <3 you", None]})
        >>> frame.select(shown(pl.col("t")))["t"].to_list()
        [7, 11, 8, 0]
    """
    # What a reader does not see, measured rather than cut out (no copy of the text): each tag
    # whole, and each entity less the one character it shows.
    hidden = text.str.extract_all(r"<[^>]*>|&#?[0-9A-Za-z]+;").list.eval(
        pl.element().str.len_chars() - pl.element().str.starts_with("&").cast(pl.UInt32)
    )
    length = text.str.len_chars()
    return (
        pl.when(text.str.contains(HTML))
        .then(length - hidden.list.sum())
        .otherwise(length)
        .fill_null(0)
        .cast(pl.Int32)
    )


def _parse(
    data: bytes | Path, delimiter: str, header_index: int, trim: bool, categorical: tuple[str, ...]
) -> pl.DataFrame:
    """One streaming pass: parse and summarise long text; then clean fields and number the lines.

    Long free-text columns (:data:`LONG_TEXT`) never reach memory whole: each becomes
    ``<name>:length`` (characters), ``<name>:html`` (looks like HTML), ``<name>:shown`` (the
    characters a reader sees, :func:`shown`) and ``<name>:asks`` (see :func:`asks`). A quoted
    field may span lines, so each record's line is shifted by the newlines inside the records
    before it. Short fields are checked for newlines and control characters once per column (once
    per distinct value of a :data:`categorical` one): only a column that holds some is counted or
    cleaned row by row.
    """
    lazy = pl.scan_csv(
        data,
        separator=delimiter,
        skip_lines=header_index,
        infer_schema=False,
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )
    mapping = _header_map(lazy.collect_schema().names())
    lazy = lazy.rename(mapping)
    columns = list(mapping.values())
    long = [c for c in columns if c in LONG_TEXT]
    short = [c for c in columns if c not in LONG_TEXT]
    frame = (
        lazy.with_columns(
            _total(pl.col(c).str.count_matches("\n", literal=True) for c in long).alias("__spans"),
            *(
                pl.col(c).str.len_chars().fill_null(0).cast(pl.Int32).alias(f"{c}:length")
                for c in long
            ),
            *(pl.col(c).str.contains(HTML).fill_null(False).alias(f"{c}:html") for c in long),
            *(shown(pl.col(c)).alias(f"{c}:shown") for c in long),
            *(asks(pl.col(c)).alias(f"{c}:asks") for c in long),
            *(pl.col(c).cast(pl.Categorical) for c in short if c in categorical),
        )
        .drop(long)
        .collect(engine="streaming")
    )
    spanning, controlled, blank = _holding(frame, short)
    raw = {c: pl.col(c).cast(pl.String) for c in short}
    spans = _total(
        [pl.col("__spans"), *(raw[c].str.count_matches("\n", literal=True) for c in spanning)]
    )

    def cleaned(column: str) -> pl.Expr:
        if column not in controlled and not trim:  # nothing to remove: only empty becomes null
            value = pl.col(column)
            return pl.when(value != "").then(value).alias(column) if column in blank else value
        value = raw[column]
        if column in controlled:
            value = value.str.replace_all(CONTROL, "")
        if trim:
            value = value.str.strip_chars()
        value = pl.when(value.str.len_bytes() > 0).then(value)
        return (value.cast(pl.Categorical) if column in categorical else value).alias(column)

    frame = frame.with_columns(
        spans.cast(pl.Int64).alias("__spans"),
        pl.any_horizontal(raw[c].str.contains(CONTROL).fill_null(False) for c in controlled).alias(
            "__controls"
        )
        if controlled
        else pl.lit(False).alias("__controls"),
    ).with_columns(cleaned(c) for c in short)
    first = header_index + 2
    line = (
        first
        + pl.int_range(0, pl.len(), dtype=pl.Int64)
        + pl.col("__spans").cum_sum()
        - pl.col("__spans")
    )
    present = [pl.col(c).is_not_null() for c in short] + [pl.col(f"{c}:length") > 0 for c in long]
    derived = [f"{c}:{what}" for what in ("length", "html", "shown", "asks") for c in long]
    frame = frame.with_columns(line.alias(LINE)).select(*short, "__controls", *derived, LINE)
    kept = frame.select(pl.any_horizontal(present) if present else pl.repeat(False, pl.len()))
    return frame if kept.to_series().all() else frame.filter(kept.to_series())


def _total(counts: Iterable[pl.Expr]) -> pl.Expr:
    """The row-wise sum of ``counts`` (a missing count is 0; no counts at all sum to 0)."""
    terms = [count.fill_null(0) for count in counts]
    return pl.sum_horizontal(terms) if terms else pl.lit(0, pl.UInt32)


def _holding(frame: pl.DataFrame, columns: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Those of ``columns`` that hold a newline, a control character, and an empty string.

    The columns are checked side by side in one query; a Categorical one once per distinct value.
    """
    if not columns:
        return [], [], []
    checks = []
    for column in columns:
        value = pl.col(column)
        if frame.schema[column] == pl.Categorical:
            value = value.unique().cast(pl.String)
        checks.append(
            frame.lazy().select(
                value.str.contains("\n", literal=True).any().alias("newline"),
                value.str.contains(CONTROL).any().alias("control"),
                (value == "").any().alias("empty"),
            )
        )
    found = pl.concat(checks).collect()
    hits = {
        what: [c for c, hit in zip(columns, found[what], strict=True) if hit]
        for what in ("newline", "control", "empty")
    }
    return hits["newline"], hits["control"], hits["empty"]


def _header_map(columns: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    seen: set[str] = set()
    for column in columns:
        target = normalise_header(column)
        while target in seen:
            target += "_"
        seen.add(target)
        mapping[column] = target
    return mapping
