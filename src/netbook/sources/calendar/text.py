"""Decoding an iCalendar file's bytes: light enough for detecting a calendar without its parser."""

from __future__ import annotations


def decode(raw: bytes) -> tuple[str, str]:
    r"""The text of ``raw`` and the encoding it was read with.

    Examples:
        >>> decode(b"\xef\xbb\xbfBEGIN:VCALENDAR")
        ('BEGIN:VCALENDAR', 'utf-8-sig')
        >>> decode("SUMMARY:Caf\u00e9".encode("cp1252"))
        ('SUMMARY:Café', 'cp1252')
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"
