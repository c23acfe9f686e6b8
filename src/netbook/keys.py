"""Normalising the identifiers people are keyed by: profile URLs, e-mail addresses, phones, names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import unquote

import polars as pl

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_HOST = re.compile(r"^([a-z0-9-]+\.)*linkedin\.com(?=/|$)")


def normalise_url(url: str | None) -> str | None:
    """Reduce a LinkedIn profile URL to ``linkedin.com/in/<slug>``; anything else gives None.

    Percent-decoding, NFC and case-folding make Connections.csv's encoded slugs meet the raw Unicode
    slugs of messages.csv; the scheme, sub-domain, query and trailing slash are dropped.

    Examples:
        >>> normalise_url("https://www.linkedin.com/in/zo%C3%AB-sample-12ab34cd/")
        'linkedin.com/in/zoë-sample-12ab34cd'
        >>> normalise_url("www.linkedin.com/in/Ada-Example")
        'linkedin.com/in/ada-example'
        >>> normalise_url("urn:li:member:123") is None
        True
    """
    if not url:
        return None
    text = unicodedata.normalize("NFC", unquote(url.strip()).strip()).lower()
    text = _SCHEME.sub("", text).split("?")[0].split("#")[0].rstrip("/")
    if not _HOST.match(text):
        return None
    text = _HOST.sub("linkedin.com", text)
    return text if text.count("/") >= 2 else None


def map_distinct(values: pl.Series, function: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """Apply ``function`` (String in, String out) once per distinct value of ``values``.

    ``values`` may be String or Categorical (the result then is Categorical too); exports repeat
    the same names and URLs thousands of times, so this is faster and lighter than row by row.
    """
    distinct = values.drop_nulls().unique()
    mapped = function(distinct.cast(pl.String))
    if values.dtype == pl.Categorical:
        mapped = mapped.cast(pl.Categorical)
    mapping = pl.DataFrame({"value": distinct, "mapped": mapped})
    joined = pl.DataFrame({"value": values}).join(
        mapping, on="value", how="left", maintain_order="left"
    )
    return joined["mapped"].alias(values.name)


def _normalise_distinct_urls(distinct: pl.Series) -> pl.Series:
    encoded = distinct.filter(distinct.str.contains("%", literal=True))
    decoded = distinct.replace_strict(
        {value: unquote(value) for value in encoded.to_list()}, default=distinct
    )
    text = (
        decoded.str.strip_chars()
        .str.normalize("NFC")
        .str.to_lowercase()
        .str.replace(_SCHEME.pattern, "")
        .str.replace(r"(?s)[?#].*$", "")
        .str.strip_chars_end("/")
    )
    host = r"^(?:[a-z0-9-]+\.)*linkedin\.com/"
    path = text.str.replace(host, "")
    valid = text.str.contains(host) & path.str.contains("/", literal=True)
    return pl.select(pl.when(valid).then(pl.lit("linkedin.com/") + path)).to_series()


def normalise_urls(urls: pl.Series) -> pl.Series:
    """:func:`normalise_url` over a column: vectorised, once per distinct value.

    Examples:
        >>> normalise_urls(pl.Series(["https://uk.linkedin.com/in/Zo%C3%AB/", "x", None])).to_list()
        ['linkedin.com/in/zoë', None, None]
    """
    return map_distinct(urls, _normalise_distinct_urls)


def display_url(normalised: pl.Expr) -> pl.Expr:
    """The https URL shown to users for a normalised profile URL."""
    return pl.when(normalised.is_not_null()).then(pl.lit("https://www.") + normalised)


def name_key(name: pl.Expr) -> pl.Expr:
    """Normalised display name: NFC, case-folded, surrounding and repeated spaces removed.

    Examples:
        >>> pl.select(name_key(pl.lit("  Zoë  Sample "))).item()
        'zoë sample'
    """
    return (
        name.str.normalize("NFC")
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .replace("", None)
    )


def name_keys(names: pl.Series) -> pl.Series:
    """:func:`name_key` over a column, computed once per distinct value (names repeat a lot)."""
    return map_distinct(
        names, lambda distinct: distinct.to_frame("n").select(name_key(pl.col("n")))["n"]
    )


def normalise_email(email: str | None) -> str | None:
    """Lower-case and trim an e-mail address; anything without one ``@`` gives None.

    Examples:
        >>> normalise_email("  Ada.Example@Example.COM ")
        'ada.example@example.com'
        >>> normalise_email("mailto:ada@example.com")
        'ada@example.com'
        >>> normalise_email("not an address") is None
        True
    """
    if not email:
        return None
    text = unicodedata.normalize("NFC", email.strip()).lower()
    text = text.removeprefix("mailto:").strip("<> ")
    local, at, domain = text.partition("@")
    if not at or not local or "." not in domain or "@" in domain or " " in text:
        return None
    return text


_LABEL = re.compile(r"\s*\([^()0-9]*\)$")


def normalise_phone(phone: str | None, region: str | None = None) -> str | None:
    """A phone number in E.164 (``+4930123456``), or None when it cannot be read as one.

    A number without ``+country`` needs ``region`` (the owner's ``phone_region`` setting).

    Examples:
        >>> normalise_phone("+49 (30) 1234-5678")
        '+493012345678'
        >>> normalise_phone("(415) 555-0132", "US")
        '+14155550132'
        >>> normalise_phone("+1 415 555 0132 (Mobile)")
        '+14155550132'
        >>> normalise_phone("555-0132") is None
        True
    """
    import phonenumbers

    if not phone or not phone.strip():
        return None
    text = _LABEL.sub("", phone.strip())  # "+1 415 555 0132 (Mobile)": the label is no digit
    try:
        number = phonenumbers.parse(text, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


HONORIFICS = frozenset(
    ("phd", "mba", "md", "cpa", "cfa", "pmp", "msc", "bsc", "ma", "ba", "jr", "sr", "ii", "iii",
     "dr", "prof", "mr", "mrs", "ms", "dipl", "ing")
)  # fmt: skip
"""Degrees and honorifics, which say nothing about who someone is."""


def name_words(name: str | None) -> tuple[str, ...]:
    """A name's words, lower-case and without accents, degrees or punctuation.

    None for a name that is an address or a number (no evidence of who someone is).

    Examples:
        >>> name_words("Dr. José  Núñez, PhD"), name_words("ada@example.com"), name_words("+44 77")
        (('jose', 'nunez'), (), ())
    """
    if not name or "@" in name:
        return ()
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return tuple(w for w in re.findall(r"[^\W\d_]+", plain) if w not in HONORIFICS)


def is_name(name: pl.Expr) -> pl.Expr:
    """Whether ``name`` is one (a letter in it, no ``@``), not an address or a number.

    (:func:`name_words` tells the same of one name; ``store_people`` the same in SQL.)

    Examples:
        >>> pl.select(is_name(pl.Series(["Ada", "+44 7700 900115", "ada@x.org"]))).to_series().to_list()
        [True, False, False]
    """
    return name.str.contains(r"\p{L}") & ~name.str.contains("@", literal=True)


def may_be_one(a: str | None, b: str | None) -> bool:
    """Whether two names may be one person's, as two records of one address or number write them.

    Yes when either tells nothing (no name, an address, a number), when one's words are all the
    other's (``Anna Schmidt`` in ``Anna Maria Schmidt``, ``Chen Wei`` and ``Wei Chen``, accents
    and titles aside), or when their first words agree (``Ada`` and ``Ada Example``, ``J. Smith``
    and ``John Smith``). No for ``Anna Berg`` and ``Lars Berg`` (a family's address), or ``Bob`` and
    ``Robert`` (a nickname: netbook cannot tell, so it asks).

    Examples:
        >>> may_be_one("José Núñez", "Jose Nunez"), may_be_one("Ada (work)", "Ada Example")
        (True, True)
        >>> may_be_one("Anna Berg", "Lars Berg"), may_be_one("Bob Smith", "Robert Smith")
        (False, False)
    """
    words_a, words_b = name_words(a), name_words(b)
    if not words_a or not words_b:
        return True
    if set(words_a) <= set(words_b) or set(words_b) <= set(words_a):
        return True
    first_a, first_b = words_a[0], words_b[0]
    return first_a.startswith(first_b) or first_b.startswith(first_a)
