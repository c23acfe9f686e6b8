r"""vCard bytes to clean content lines, card by card: the part ``vobject`` cannot be given as is.

vobject 0.9.9 parses 3.0 and 4.0 text well (parameters, ``\,`` ``\;`` ``\n`` escaping, the ``N``
and ``ORG`` structure, ``CATEGORIES`` lists) and, with ``allowQP``, 2.1 quoted-printable soft line
breaks with ``CHARSET=UTF-8``. On real files it still falls short, so this module prepares its input:

- it reads text, but folds land in the middle of UTF-8 sequences: unfold the *bytes* first;
- quoted-printable without ``CHARSET`` is decoded as UTF-8, and one cp1252 byte raises
  ``UnicodeDecodeError`` out of the whole file; 8-bit values in a declared ``CHARSET`` are not
  re-decoded at all;
- Android's 2.1 ``PHOTO;ENCODING=BASE64`` runs over unindented lines until a blank line, which
  vobject cannot parse;
- one malformed line stops the whole parse, and its line numbers are not the file's.

So the file is split into cards at ``BEGIN:VCARD``/``END:VCARD`` (embedded ``AGENT`` cards are
skipped), each card's lines are unfolded (2.1 keeps the folding white space, as RFC 822 does; 3.0
and 4.0 drop one character), quoted-printable soft breaks are joined and decoded with the declared
charset (else UTF-8, else cp1252), inline binaries are dropped, and every clean line keeps the
number of the line it starts on. Lines that are not ``NAME;PARAMS:value`` become failures.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

from netbook.errors import SourceError

_BEGIN = re.compile(rb"(?i)begin\s*:\s*vcard")
_END = re.compile(rb"(?i)end\s*:\s*vcard")
_VERSION_21 = re.compile(rb"(?i)version\s*:\s*2\.1\s*")
_NAME = re.compile(rb"(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+")
_STARTS_PROPERTY = re.compile(rb"(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+[;:]")
_BINARY = frozenset({b"PHOTO", b"LOGO", b"SOUND", b"KEY"})
_QP = frozenset({b"ENCODING=QUOTED-PRINTABLE", b"QUOTED-PRINTABLE"})
_BASE64 = frozenset({b"ENCODING=BASE64", b"ENCODING=B", b"BASE64"})
HINT = "is this a vCard (.vcf) file? Export the contacts again"


@dataclass
class Card:
    """One card: the line its ``BEGIN:VCARD`` is on and its clean content lines."""

    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)

    def text(self) -> str:
        """The card as vobject reads it."""
        body = "".join(f"{content}\r\n" for _, content in self.lines)
        return f"BEGIN:VCARD\r\n{body}END:VCARD\r\n"


@dataclass
class Cards:
    """Every card of a file, the lines that could not be read, and the file's encoding."""

    cards: list[Card]
    bad_lines: list[tuple[int, str]]
    encoding: str


def _text(raw: bytes, name: str) -> tuple[bytes, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError as error:
            raise SourceError(name, "starts like UTF-16 text but is not", hint=HINT) from error
    if b"\x00" in raw:
        raise SourceError(name, "is binary data, not a vCard (.vcf) text file", hint=HINT)
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:], "utf-8-sig"
    return raw, "utf-8"


def _split(raw: bytes, name: str) -> list[tuple[int, list[tuple[int, bytes]]]]:
    """``(begin line, [(line, bytes)])`` per card; nested cards (``AGENT``) are skipped."""
    cards: list[tuple[int, list[tuple[int, bytes]]]] = []
    depth, start = 0, 0
    body: list[tuple[int, bytes]] = []
    for number, line in enumerate(re.split(rb"\r\n|\r|\n", raw), start=1):
        indented = line[:1] in (b" ", b"\t")
        if not indented and _BEGIN.fullmatch(line.strip()):
            depth += 1
            if depth == 1:
                start, body = number, []
        elif not indented and _END.fullmatch(line.strip()):
            if depth == 0:
                raise SourceError(name, "has END:VCARD without BEGIN:VCARD", line=number, hint=HINT)
            depth -= 1
            if depth == 0:
                cards.append((start, body))
        elif depth == 1:
            body.append((number, line))
        elif depth == 0 and line.strip():
            shown = line.strip()[:40].decode("utf-8", errors="replace")
            raise SourceError(
                name, f"has text outside BEGIN:VCARD … END:VCARD: {shown!r}", line=number, hint=HINT
            )
    if depth:
        raise SourceError(
            name,
            "has BEGIN:VCARD without END:VCARD (the file is cut short)",
            line=start,
            hint="export the contacts again; the download may be incomplete",
        )
    return cards


def _head(line: bytes) -> tuple[list[bytes], bytes] | None:
    """``([name, *params], value)``: split at the first colon outside double quotes."""
    quoted = False
    for index, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            parts = re.split(rb';(?=(?:[^"]*"[^"]*")*[^"]*$)', line[:index])
            return parts, line[index + 1 :]
    return None


def _flags(line: bytes) -> set[bytes]:
    head = _head(line)
    return {p.strip().upper() for p in head[0][1:]} if head else set()


def _unfold(body: list[tuple[int, bytes]], v21: bool) -> list[tuple[int, bytes]]:
    lines: list[tuple[int, list[bytes]]] = []
    flags: set[bytes] = set()
    complete = True
    for number, line in body:
        chunks = lines[-1][1] if lines else None
        if not line.strip():
            if flags & _BASE64:
                flags = set()  # a blank line ends a 2.1 base64 value
            continue
        if chunks and flags & _QP and chunks[-1].rstrip().endswith(b"="):
            chunks[-1] = chunks[-1].rstrip()[:-1]  # a quoted-printable soft line break
            chunks.append(line)
        elif chunks and line[:1] in (b" ", b"\t"):
            chunks.append(line if v21 else line[1:])
        elif chunks and v21 and flags & _BASE64 and not _STARTS_PROPERTY.match(line):
            continue
        else:
            lines.append((number, [line]))
            complete = False
        if not complete:  # parameters may be folded too: read them once they are whole
            joined = b"".join(lines[-1][1])
            complete = _head(joined) is not None
            flags = _flags(joined)
    return [(number, b"".join(chunks)) for number, chunks in lines]


def _decode(value: bytes, charset: str | None) -> tuple[str, bool]:
    """``(text, fell back to cp1252)``."""
    for encoding in (charset, "utf-8"):
        if encoding:
            try:
                return value.decode(encoding), False
            except (UnicodeDecodeError, LookupError):
                continue
    return value.decode("cp1252", errors="replace"), True


def _clean(line: bytes) -> tuple[str | None, bool]:
    """A content line without transfer encodings, or None for an inline binary.

    Raises:
        ValueError: the line is not ``NAME;PARAMS:value``.
    """
    head = _head(line)
    if head is None or not _NAME.fullmatch(head[0][0].strip()):
        raise ValueError("expected NAME:value")
    (name, *params), value = head
    if name.strip().rsplit(b".", 1)[-1].upper() in _BINARY:
        return None, False
    upper = [p.strip().upper() for p in params]
    charset = next(
        (p[8:].decode("ascii", "replace") for p in upper if p.startswith(b"CHARSET=")), None
    )
    quoted_printable = any(p in _QP for p in upper)
    text, fallback = _decode(quopri.decodestring(value) if quoted_printable else value, charset)
    if quoted_printable:
        text = re.sub(r"\r\n|\r|\n", r"\\n", text)
    kept = [
        p
        for p, u in zip(params, upper, strict=True)
        if u and u not in _QP and not u.startswith(b"CHARSET=")  # empty ones: "TEL;;VOICE"
    ]
    head_text = b";".join([name.strip(), *kept]).decode("utf-8", errors="replace")
    return f"{head_text}:{text}", fallback


def cards_of(raw: bytes, name: str) -> Cards:
    """Split ``raw`` into cards of clean lines.

    Raises:
        SourceError: binary data, text outside cards, or a card without its END line.
    """
    data, encoding = _text(raw, name)
    cards, bad_lines, fallback = [], [], False
    for start, body in _split(data, name):
        v21 = any(_VERSION_21.fullmatch(line.strip()) for _, line in body)
        card = Card(start)
        for number, line in _unfold(body, v21):
            try:
                content, fell_back = _clean(line)
            except ValueError as error:
                shown = line[:40].decode("utf-8", errors="replace")
                bad_lines.append((number, f"unreadable vCard line '{shown}': {error}"))
                continue
            fallback |= fell_back
            if content is not None:
                card.lines.append((number, content))
        cards.append(card)
    return Cards(cards, bad_lines, "cp1252" if fallback and encoding == "utf-8" else encoding)
