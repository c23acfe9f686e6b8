"""The text a person wrote in a message, found without parsing its attachments.

A message's bytes are split at the first empty line into its header block (parsed with the
standard library's header parser) and its body. A multipart body is split at its boundary with
``bytes.split`` and only the parts' own header blocks are parsed, so a 20 MB attachment costs one
scan in C, not a Python loop over its base64 lines. The chosen part (the first inline
``text/plain``, else the first inline ``text/html``) is decoded by ``email`` itself.
"""

from __future__ import annotations

import html
import re
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser

_HEADERS = BytesHeaderParser(policy=policy.compat32)
_PART = BytesParser(policy=policy.compat32)
_BLANK = re.compile(rb"\r?\n\r?\n")
_TAGS = re.compile(r"<[^>]*>")
_UNSEEN = re.compile(r"<(head|style|script|title)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
"""What an HTML body holds but never shows: its head, style sheets, scripts."""
_CONTAINER = re.compile(
    r"<div\b[^>]*\b(?:class=\"?(?:gmail_quote|yahoo_quoted|moz-cite-prefix)"
    r"|id=\"?(?:divRplyFwdMsg|appendonsend|mail-editor-reference-message-container))",
    re.IGNORECASE,
)
"""Where a mail client puts the quoted history of an HTML reply (Gmail, Yahoo, Thunderbird,
Outlook): all that follows is quoted."""
_BLOCKQUOTE = re.compile(
    r"<blockquote\b[^>]*>(?:(?!<blockquote\b).)*?</blockquote\s*>", re.IGNORECASE | re.DOTALL
)
"""An innermost quoted block: removed (an inline reply goes on after it), nested ones in turn."""
_OPEN_QUOTE = re.compile(r"<blockquote\b", re.IGNORECASE)
_LINE_ENDS = re.compile(r"<br\s*/?>|</(?:p|div|li|tr|h[1-6])\s*>", re.IGNORECASE)
_SPACES = re.compile(r"[^\S\n]+")
_WROTE = re.compile(
    r"^[^\S\n]*(?:"
    r"(?:On|Am|Le|El|Il|Em|Op) (?=[^\n]*\d)[^\n]{0,200}\n?[^\n]{0,200}"
    r"(?:wrote|schrieb|a écrit|escribió|ha scritto|escreveu|schreef)[^\S\n]?:"
    r"|-{2,}[^\S\n]*(?:Original Message|Ursprüngliche Nachricht|Message d'origine)[^\S\n]*-{2,}"
    r"|(?=[^\n]*\d)[^\n]{0,200}<[^<>@\s]+@[^<>\s]+>[^\S\n]?:"
    r"|_{10,}"
    r"|From: [^\n]+\n(?:Sent|Date): [^\n]+"
    r"|-- "
    r")[^\S\n]*$",
    re.MULTILINE,
)
"""Where the quoted history or the signature begins: a client's "On <date> ... wrote:" line (in
some languages; the address may wrap to a second line), a line with a date ending in an address
and a colon (Gmail in other languages: ``2026年4月13日(月) 9:00 Ada <ada@example.org>:``), an
"Original Message" rule, Outlook's underscore rule or its "From: / Sent:" block, or the signature
separator ``-- `` (with its space). What follows is not this message's. Each line is tried from
its own start only (a blank line never lets a try run on into the next)."""
_NESTING = 10
_DEPTH = 5


def split(data: bytes) -> tuple[bytes, bytes]:
    r"""A message's header block (ending in a newline) and its body.

    Examples:
        >>> split(b"From: a@b.org\nTo: c@d.org\n\nHello\n")
        (b'From: a@b.org\nTo: c@d.org\n', b'Hello\n')
    """
    if data.startswith((b"\n", b"\r\n")):
        return b"", data.lstrip(b"\r\n")
    blank = _BLANK.search(data)
    if blank is None:
        return data, b""
    newline = data.index(b"\n", blank.start()) + 1
    return data[:newline], data[blank.end() :]


def headers(head: bytes) -> Message:
    """The parsed header block (``compat32``: values stay the raw strings they are)."""
    return _HEADERS.parsebytes(head)


def text(message: Message, body: bytes) -> tuple[str | None, bool]:
    r"""The body a person wrote (quoted history and signature cut) and whether it was HTML.

    None without text.

    Examples:
        >>> from email.message import Message
        >>> plain = Message()
        >>> plain["Content-Type"] = "text/plain"
        >>> text(plain, b"Sounds good.\n\n____________________\nFrom: Ada\nSent: Monday\n\nWhen?")
        ('Sounds good.', False)
        >>> text(plain, b"Thanks!\n\n-- \nRex Roe\nPrincipal Engineer | Example Corp")
        ('Thanks!', False)
        >>> text(plain, b"Yes.\n\nOn Mon, 1 Jun 2026 at 10:00, Ada Example\n<ada@example.org> wrote:\n> Free?")
        ('Yes.', False)
        >>> gmail_ja = "ありがとう。\n\n2026年4月13日(月) 9:00 Ada <ada@example.org>:\n> 会えますか？"
        >>> text(plain, gmail_ja.encode())
        ('ありがとう。', False)
        >>> page = Message()
        >>> page["Content-Type"] = "text/html"
        >>> text(page, b"<html><head><style>p.MsoNormal{margin:0cm}</style></head><body>"
        ...     b"<p class=MsoNormal>Thanks!</p></body></html>")
        ('Thanks!', True)
        >>> text(page, b'<div dir="ltr">Sounds good.</div><br><div class="gmail_quote">On Sat, '
        ...     b"Apr 11, 2026 Ada &lt;a@b.org&gt; wrote:<br><blockquote>Free Tuesday?</blockquote>")
        ('Sounds good.', True)
    """
    part = _text_part(message, body, 0)
    if part is None:
        return None, False
    leaf, leaf_body = part
    decoded = _PART.parsebytes(_head_bytes(leaf) + b"\n" + leaf_body).get_payload(decode=True)
    if not isinstance(decoded, bytes):
        return None, False
    charset = leaf.get_content_charset() or "utf-8"
    try:
        content = decoded.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        content = decoded.decode("utf-8", errors="replace")
    is_html = leaf.get_content_subtype() == "html"
    if is_html:
        content = _unquoted(_UNSEEN.sub("", content))
        content = _LINE_ENDS.sub("\n", content)
        content = _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", content)))
    wrote = _WROTE.search(content)
    if wrote:
        content = content[: wrote.start()]
    own = "\n".join(line for line in content.splitlines() if not line.lstrip().startswith(">"))
    return own.strip(), is_html


def _unquoted(page: str) -> str:
    r"""An HTML body without its quoted history.

    Cut at a client's quote container; quoted blocks removed (innermost first: an inline reply
    goes on after them); cut at a quoted block left open.

    Examples:
        >>> _unquoted("<div>Hi,</div><blockquote>Deck?<blockquote>x</blockquote></blockquote>Yes?")
        '<div>Hi,</div>\nYes?'
    """
    container = _CONTAINER.search(page)
    if container:
        page = page[: container.start()]
    for _ in range(_NESTING):
        page, removed = _BLOCKQUOTE.subn("\n", page)
        if not removed:
            break
    left_open = _OPEN_QUOTE.search(page)
    return page[: left_open.start()] if left_open else page


def _head_bytes(message: Message) -> bytes:
    """Only the headers the decoder needs, so that no other header is parsed twice."""
    keep = ("Content-Type", "Content-Transfer-Encoding")
    lines = [f"{name}: {message[name]}\n" for name in keep if message[name] is not None]
    return "".join(lines).encode("ascii", "surrogateescape")


def _text_part(message: Message, body: bytes, depth: int) -> tuple[Message, bytes] | None:
    """The part holding the text, and its body: plain text first, then HTML."""
    disposition = str(message.get("Content-Disposition", "")).strip().lower()
    if disposition.startswith("attachment"):
        return None
    maintype, subtype = message.get_content_maintype(), message.get_content_subtype()
    if maintype == "text" and subtype in {"plain", "html"}:
        return message, body
    if maintype != "multipart" or depth >= _DEPTH:
        return None
    boundary = message.get_boundary()
    if not boundary:
        return None
    found_html: tuple[Message, bytes] | None = None
    for chunk in body.split(b"--" + boundary.encode("ascii", "surrogateescape"))[1:]:
        if chunk.startswith(b"--"):
            break  # the closing boundary
        head, part_body = split(chunk.lstrip(b" \t").removeprefix(b"\r\n").removeprefix(b"\n"))
        part_body = part_body.removesuffix(b"\n").removesuffix(b"\r")
        found = _text_part(headers(head), part_body, depth + 1)
        if found is None:
            continue
        if found[0].get_content_subtype() == "plain":
            return found
        found_html = found_html or found
    return found_html
