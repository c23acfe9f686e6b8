"""Seniority and function from free-text position titles, by case-insensitive keyword regexes.

Titles are lowercased and lightly normalised first ("vice president" → "vp", "product owner" →
"product po", so neither reads as "president" or "owner"). Each rule is a regex over the whole
title, so a title with several roles ("Engineer | Founder", "CTO & Co-founder") gets the first rule
that matches in priority order: the *highest* seniority, and the function of the most general
role (general management first, then the specialist functions). A blank or missing title is
``unknown``; a title that no rule recognises is ``individual contributor`` / ``other``.

Keywords cover English plus the cheap cases of German, French, Spanish, Italian and Portuguese.
"""

from __future__ import annotations

import polars as pl

SENIORITIES = (
    "intern",
    "junior",
    "individual contributor",
    "senior",
    "lead/principal",
    "manager",
    "director",
    "vp",
    "c-level",
    "founder/owner",
    "unknown",
)
"""Seniority levels, lowest to highest, then ``unknown``."""

FUNCTIONS = (
    "engineering",
    "product",
    "design",
    "data",
    "sales",
    "marketing",
    "finance",
    "hr/people",
    "operations",
    "legal",
    "research/academia",
    "consulting",
    "executive",
    "other",
    "unknown",
)
"""Functions a title can map to."""

_VP = r"\b(?:senior |executive |group )?vice[\s-]*pr[eé]sident[ea]?\b|\bvizepräsident(?:in)?\b"
_NOT_OWNER = r"\b(product|process|service|business|data|system|risk)[\s-]+owner\b"

# Highest first: the first rule that matches wins.
_SENIORITY_RULES: tuple[tuple[str, str], ...] = (
    (
        "founder/owner",
        r"\b(?:co-?)?founder\b|\bfounding\b|\bowner\b|\b(?:mit)?gründer(?:in)?\b|\binhaber(?:in)?\b"
        r"|\bfondat(?:eur|rice)\b|\bfundador(?:a)?\b|\bpropri[eé]taire\b|\bpropietari[oa]\b"
        r"|\bentrepreneur\b",
    ),
    (
        "c-level",
        r"\b(?:ceo|cto|cfo|coo|cmo|cio|cpo|cro|cdo|cso|cco|cxo|chro|caio|ciso)\b|\bchief\b"
        r"|\bpresident[ea]?\b|\bpr[eé]sident(?:e|in)?\b|\bgesch(?:ä|ae)ftsf(?:ü|ue)hrer(?:in)?\b"
        r"|\bmanaging (?:director|partner)\b|\bdirect(?:eur|rice) g[eé]n[eé]ral[e]?\b|\bpdg\b"
        r"|\bdirector general\b|\bgerente general\b|\bamministratore delegato\b|\bvorstand\b",
    ),
    ("vp", r"\b[se]?vp\b"),
    (
        "director",
        r"\bdirect(?:or|ora|eur|rice)\b|\bdirekt(?:or|orin)\b|\bdiret(?:or|ora)\b|\bdirettore\b"
        r"|\bhead\b|\bbereichsleiter(?:in)?\b|\babteilungsleiter(?:in)?\b",
    ),
    (
        "manager",
        r"\bmanager(?:in)?\b|\bmgr\b|\bgerente\b|\bresponsable\b|\w*leiter(?:in)?\b"
        r"|\bsupervisor\b|\bchef de\b|\bjef[ea]\b",
    ),
    (
        "lead/principal",
        r"\blead\b|\bleader\b|\bprincipal\b|\bdistinguished\b"
        r"|\bstaff (?:\w+ )?(?:engineer|scientist|developer|designer)\b",
    ),
    ("senior", r"\bs[eé]nior\b|\bsr\b|\bsnr\b|\bexpert\b"),
    ("junior", r"\bjunior\b|\bjr\b|\bassociate\b|\bassistant\b|\bassistent(?:in)?\b|\btrainee\b"),
    (
        "intern",
        r"\bintern\b|\binternship\b|\bpraktikant(?:in)?\b|\bstagiaire\b|\bbecari[oa]\b"
        r"|\bapprentice\b|\bwerkstudent(?:in)?\b|\bworking student\b|\bstudent\b|\bazubi\b"
        r"|\b[eé]tudiant(?:e)?\b|\bestudiante\b",
    ),
)

# General management first, then specialist functions; the first rule that matches wins.
_FUNCTION_RULES: tuple[tuple[str, str], ...] = (
    (
        "executive",
        r"\bceo\b|\bchief executive\b|\bchief of staff\b|\b(?:co-?)?founder\b|\bowner\b"
        r"|\b(?:mit)?gründer(?:in)?\b|\binhaber(?:in)?\b|\bfondat(?:eur|rice)\b|\bfundador(?:a)?\b"
        r"|\bpresident[ea]?\b|\bpr[eé]sident(?:e|in)?\b|\bmanaging (?:director|partner)\b"
        r"|\bgesch(?:ä|ae)ftsf(?:ü|ue)hrer(?:in)?\b|\bgeneral manager\b|\bpdg\b"
        r"|\bdirect(?:eur|rice) g[eé]n[eé]ral[e]?\b|\bdirector general\b|\bgerente general\b"
        r"|\bentrepreneur\b|\bvorstand\b|\bchair(?:man|woman|person)?\b|\bboard member\b",
    ),
    (
        "legal",
        r"\blegal\b|\blawyer\b|\battorney\b|\bcounsel\b|\bsolicitor\b|\bbarrister\b|\bparalegal\b"
        r"|\bjurist|\bjuriste\b|\babogad[oa]\b|\bavocat|\bavvocato\b|\w*anwalt|\bnota(?:r|ry)\b"
        r"|\bcompliance\b",
    ),
    (
        "hr/people",
        r"\b(?:hr|rh)\b|\bhrbp\b|\bchro\b|\bhuman resources\b|\bpeople\b|\brecruit|\btalent\b"
        r"|\bpersonal(?:leiter|referent|wesen)|\bressources humaines\b|\brecursos humanos\b|\brrhh\b",
    ),
    (
        "finance",
        r"\bcfo\b|\bfinan[cz]|\baccountant\b|\baccounting\b|\bcontroll(?:er|ing)\b|\baudit"
        r"|\btreasur|\btax\b|\bsteuer|\bbuchhalt|\bcomptab|\bcontad(?:or|ora)\b|\bcontable\b"
        r"|\binvest(?:or|ment)|\bbank(?:er|ing)\b|\bactuar|\bfp&a\b",
    ),
    (
        "design",
        r"\bdesign|\bux\b|\bui\b|\buser experience\b|\bdiseñ|\bgestalter|\billustrat"
        r"|\bart director\b|\bcreative\b|\bgraphi",
    ),
    (
        "data",
        r"\bdata\b|\bdaten|\bdonn[eé]es\b|\bdatos\b|\banalytics\b|\banalyst\b|\banalyste\b"
        r"|\banalista\b|\bbusiness intelligence\b|\bbi\b|\bmachine learning\b|\bml\b|\bai\b"
        r"|\bstatistic",
    ),
    (
        "marketing",
        r"\bcmo\b|\bmarketing\b|\bmercadeo\b|\bbrand\b|\bcommunications?\b|\bkommunikation\b"
        r"|\bcomunicaci[oó]n\b|\bpublic relations\b|\bpr\b|\bcontent\b|\bsocial media\b"
        r"|\bgrowth\b|\bseo\b|\bcommunity\b|\bleadgen\b",
    ),
    (
        "sales",
        r"\bsales\b|\bvertrieb|\bverkauf|\bventes?\b|\bventas\b|\bvendas\b|\bvendite\b|\bcommercial\b"
        r"|\bbusiness development\b|\bb[dr]r\b|\bsdr\b|\baccount (?:executive|manager|director)\b"
        r"|\bkey account\b|\bcustomer success\b|\brevenue\b|\bcro\b",
    ),
    ("product", r"\bcpo\b|\bproduct\b|\bprodukt|\bproduit|\bproducto\b"),
    (
        "research/academia",
        r"\bresearch|\bscientist\b|\bscience\b|\bprofess|\bprof\b|\blecturer\b|\bph\.?d\b"
        r"|\bpost-?doc|\bdoctoral\b|\bdozent|\bforsch|\bwissenschaft|\bchercheu|\binvestigador"
        r"|\bricercat|\bteacher\b|\blehrer|\benseignant|\bprofesor|\bfaculty\b|\bacademic"
        r"|\bfellow\b|\bstudent\b|\b[eé]tudiant",
    ),
    ("consulting", r"\bconsult|\badvis[oe]r|\badvisory\b|\bberat|\bconseil|\bconsulente\b"),
    (
        "engineering",
        r"\bcto\b|\bcio\b|\bchief (?:technology|technical|information)\b|\bengineer"
        r"|\bdevelop|\bprogramm|\bsoftware\b|\bdevops\b|\bsre\b|\bit\b|\barchitect\b"
        r"|\bing[eé]ni|\bingegner|\bentwickl|\bd[eé]veloppeu|\bdesarroll|\bsviluppat|\binformati"
        r"|\btechnical\b|\btechnology\b|\bfront-?end\b|\bback-?end\b|\bfull[\s-]?stack\b|\bqa\b"
        r"|\btester\b|\bfirmware\b|\bhardware\b|\bembedded\b|\bcloud\b|\bsecurity\b|\bsysadmin\b",
    ),
    (
        "operations",
        r"\bcoo\b|\bchief operating\b|\boperations?\b|\bops\b|\blogisti|\bsupply chain\b"
        r"|\bprocurement\b|\bpurchas|\beinkauf|\bproje[ck]t|\bprojet\b|\bproyecto\b|\bprogram"
        r"|\boffice manager\b|\badministrat|\bfacilit|\bcustomer (?:service|support)\b|\bsupport\b",
    ),
)


def _normalised(title: pl.Expr) -> pl.Expr:
    lowered = title.str.to_lowercase().str.replace_all(r"\s+", " ")
    lowered = lowered.str.replace_all(_VP, " vp ").str.replace_all(_NOT_OWNER, "$1 po")
    return lowered.str.replace_all(r"\blead[\s-]+gen(?:eration)?\b", "leadgen")


def _classify(title: pl.Expr, rules: tuple[tuple[str, str], ...], fallback: str) -> pl.Expr:
    text = _normalised(title)
    known = title.is_not_null() & title.str.contains(r"\p{L}")
    return pl.coalesce(
        pl.when(~known.fill_null(False)).then(pl.lit("unknown")),
        *(pl.when(text.str.contains(pattern)).then(pl.lit(label)) for label, pattern in rules),
        pl.lit(fallback),
    )


def seniority(title: pl.Expr) -> pl.Expr:
    """The seniority a position title implies; the highest one when it names several roles.

    Args:
        title: a string expression holding free-text titles.

    Returns:
        A string expression named ``seniority`` with one of :data:`SENIORITIES`: ``unknown`` for a missing or blank
        title, ``individual contributor`` for a title without a seniority keyword.

    Examples:
        >>> frame = pl.DataFrame({"position": [
        ...     "Senior Software Engineer", "Vice President, Sales", "Geschäftsführer",
        ...     "Engineer | Co-Founder", "Product Owner", "Directeur Marketing", "Intern", None,
        ... ]})
        >>> frame.select(seniority(pl.col("position")))["seniority"].to_list()
        ['senior', 'vp', 'c-level', 'founder/owner', 'individual contributor', 'director', 'intern', 'unknown']
    """
    return _classify(title, _SENIORITY_RULES, "individual contributor").alias("seniority")


def function(title: pl.Expr) -> pl.Expr:
    """The function a position title implies; general management wins over specialist roles.

    Args:
        title: a string expression holding free-text titles.

    Returns:
        A string expression named ``function`` with one of :data:`FUNCTIONS`: ``unknown`` for a missing or blank
        title, ``other`` for a title no rule recognises.

    Examples:
        >>> frame = pl.DataFrame({"position": [
        ...     "Senior Software Engineer", "VP Sales", "Gerente de Marketing", "Data Scientist",
        ...     "CTO & Co-founder", "Product Designer", "Gardener", "  ",
        ... ]})
        >>> frame.select(function(pl.col("position")))["function"].to_list()
        ['engineering', 'sales', 'marketing', 'data', 'executive', 'design', 'other', 'unknown']
    """
    return _classify(title, _FUNCTION_RULES, "other").alias("function")
