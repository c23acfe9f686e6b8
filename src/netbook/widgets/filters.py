"""Which people to show: filters over the health frame (polars) and the widgets that set them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import polars as pl

from netbook.widgets._deps import ipw
from netbook.widgets.figures import LAYER_ORDER, STATUS_ORDER

ORDERS: Final = {
    "priority": (["priority", "strength"], [True, True]),
    "strength": (["strength"], [True]),
    "days since contact": (["days_since_contact"], [True]),
    "name": (["full_name"], [False]),
}
"""How the table can be sorted: columns and whether each is descending (ties: person_id)."""
LIMITS: Final = (25, 50, 100, 200)
COMPANY_SUGGESTIONS: Final = 300
"""How many of the most common companies the company box suggests."""
ANY: Final = ""
"""A dropdown's value for "any" (a dropdown cannot select None)."""
NO_ROLE: Final = "(no role)"
"""The role dropdown's value for people without a role."""


@dataclass(frozen=True)
class Filters:
    """What a person must match to be shown; empty or None means any.

    Attributes:
        text: in the name, company or position (ignoring case).
        layer: the Dunbar layer (``support`` ... ``acquaintance``).
        status: ``overdue``, ``due``, ``decaying``, ``new``, ``dormant``, ``ok`` or ``snoozed``.
        role: the role; ``""`` means people without one.
        tag: one of the person's tags.
        company: in the company name (ignoring case).
    """

    text: str = ""
    layer: str | None = None
    status: str | None = None
    role: str | None = None
    tag: str | None = None
    company: str = ""


def _contains(column: pl.Expr, needle: str) -> pl.Expr:
    return column.str.to_lowercase().str.contains(needle.strip().lower(), literal=True)


def filter_people(health: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """The rows of ``health`` that match every filter.

    Examples:
        >>> health = pl.DataFrame(
        ...     {
        ...         "full_name": ["Ada Lovelace", "Bo Li"],
        ...         "company": ["Engines", None],
        ...         "position": ["CTO", "Engineer"],
        ...         "layer": ["support", "active"],
        ...         "status": ["due", "ok"],
        ...         "role": ["mentor", None],
        ...         "tags": [["math"], []],
        ...     }
        ... )
        >>> filter_people(health, Filters(text="engine"))["full_name"].to_list()
        ['Ada Lovelace', 'Bo Li']
        >>> filter_people(health, Filters(text="engine", role=""))["full_name"].to_list()
        ['Bo Li']
    """
    conditions: list[pl.Expr] = []
    if filters.text.strip():
        conditions.append(
            pl.any_horizontal(
                _contains(pl.col(c), filters.text).fill_null(False)
                for c in ("full_name", "company", "position")
            )
        )
    for column in ("layer", "status"):
        wanted = getattr(filters, column)
        if wanted:
            conditions.append(pl.col(column) == wanted)
    if filters.role == "":
        conditions.append(pl.col("role").is_null())
    elif filters.role:
        conditions.append(pl.col("role") == filters.role)
    if filters.tag:
        conditions.append(pl.col("tags").list.contains(filters.tag).fill_null(False))
    if filters.company.strip():
        conditions.append(_contains(pl.col("company"), filters.company).fill_null(False))
    return health.filter(*conditions) if conditions else health


def rank(frame: pl.DataFrame, order: str = "priority") -> pl.DataFrame:
    """``frame`` sorted by one of :data:`ORDERS` (missing values last, then by person id)."""
    columns, descending = ORDERS[order]
    tie = ["person_id"] if "person_id" in frame.columns else []
    return frame.sort(
        [*columns, *tie], descending=[*descending, *[False] * len(tie)], nulls_last=True
    )


class FilterBar(ipw.VBox):  # type: ignore[misc]
    """The filter, sort and size controls; :meth:`filters` reads them.

    Attributes:
        text, layer, status, role, tag, company, order, limit: the controls.
    """

    def __init__(self, *, limit: int = 50) -> None:
        wide = {"description_width": "initial"}
        self.text = ipw.Text(
            description="Search", placeholder="name, company or position", style=wide
        )
        self.layer = ipw.Dropdown(
            description="Layer", options=_choices("any layer", LAYER_ORDER), style=wide
        )
        self.status = ipw.Dropdown(
            description="Status", options=_choices("any status", STATUS_ORDER), style=wide
        )
        self.role = ipw.Dropdown(description="Role", options=[("any role", ANY)], style=wide)
        self.tag = ipw.Dropdown(description="Tag", options=[("any tag", ANY)], style=wide)
        self.company = ipw.Combobox(
            description="Company", placeholder="any company", ensure_option=False, style=wide
        )
        self.order = ipw.Dropdown(description="Sort by", options=list(ORDERS), style=wide)
        limits = sorted({*LIMITS, limit})
        self.limit = ipw.Dropdown(description="Show", options=limits, value=limit, style=wide)
        for control, name in self._controls():
            control.add_class(f"netbook-filter-{name}")
        super().__init__(
            [
                ipw.HBox([self.text, self.layer, self.status, self.role]),
                ipw.HBox([self.tag, self.company, self.order, self.limit]),
            ]
        )

    def _controls(self) -> list[tuple[Any, str]]:
        return [
            (self.text, "text"),
            (self.layer, "layer"),
            (self.status, "status"),
            (self.role, "role"),
            (self.tag, "tag"),
            (self.company, "company"),
            (self.order, "order"),
            (self.limit, "limit"),
        ]

    def filters(self) -> Filters:
        """The filters as set now."""
        role = self.role.value
        return Filters(
            text=self.text.value,
            layer=self.layer.value or None,
            status=self.status.value or None,
            role="" if role == NO_ROLE else role or None,
            tag=self.tag.value or None,
            company=self.company.value,
        )

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever a control changes."""
        for control, _ in self._controls():
            control.observe(lambda _change: callback(), names="value")

    def set_choices(self, health: pl.DataFrame) -> None:
        """Offer the roles, tags and companies present in ``health``, keeping what is selected.

        A selected role or tag that no longer exists falls back to "any" (which fires a change).
        """
        roles = sorted(r for r in health["role"].unique().to_list() if r)
        tags = sorted(t for t in health["tags"].explode().unique().to_list() if t)
        _keep(self.role, [("any role", ANY), ("no role", NO_ROLE), *((r, r) for r in roles)])
        _keep(self.tag, _choices("any tag", tags))
        companies = (
            health.filter(pl.col("company").is_not_null())
            .group_by("company")
            .len()
            .sort(["len", "company"], descending=[True, False])
            .head(COMPANY_SUGGESTIONS)["company"]
        )
        self.company.options = tuple(sorted(companies.to_list()))


def _choices(anything: str, values: Any) -> list[tuple[str, str]]:
    return [(anything, ANY), *((v, v) for v in values)]


def _keep(dropdown: Any, options: list[tuple[str, str]]) -> None:
    """Replace ``dropdown``'s options, keeping its value when it is still offered."""
    if list(dropdown.options) == options:
        return
    value = dropdown.value
    dropdown.options = options
    dropdown.value = value if value in [v for _, v in options] else ANY
