"""Actions on one person, written to the workspace at once: log a touch, snooze, set facts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from netbook import userdata
from netbook.errors import InputError, NetbookError
from netbook.userdata import Person
from netbook.widgets._deps import ipw
from netbook.widgets.render import error_html, esc, ok_html
from netbook.workspace import Workspace

SNOOZE_DAYS = 30
"""How far ahead the snooze date starts."""
CLEAR_ROLE = userdata.CLEAR_ROLE
"""What typed as a role clears it (the same as on the command line)."""
_WIDE = {"description_width": "initial"}


@contextmanager
def reporting(status: Any) -> Iterator[None]:
    """Show a :class:`NetbookError` raised in the block in ``status`` (an HTML widget) instead."""
    try:
        yield
    except NetbookError as error:
        status.value = error_html(error)


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class ActionPanel(ipw.VBox):  # type: ignore[misc]
    """Tabs to log a touch, snooze, or set role, tags, cadence and closeness for :attr:`person`.

    Each button writes through :mod:`netbook.userdata` at once, then calls ``on_change`` (the
    explorer recomputes what it shows) and reports in :attr:`status`: a confirmation, or the
    error's message (never a traceback).

    Attributes:
        person: whom the buttons act on (None: they report that nobody is selected).
        status: the confirmation or error line (``ipywidgets.HTML``).
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        as_of: date,
        status: Any | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.workspace = workspace
        self.as_of = as_of
        self.person: Person | None = None
        self.on_change = on_change
        self.status = status if status is not None else ipw.HTML()
        self.target = ipw.HTML()
        self.target.add_class("netbook-target")
        tabs = ipw.Tab(
            children=[self._log_tab(), self._undo_tab(), self._snooze_tab(), self._set_tab()],
            titles=("Log a touch", "Undo a touch", "Snooze", "Role, tags, cadence"),
        )
        children = [self.target, tabs] if status is not None else [self.target, tabs, self.status]
        super().__init__(children)
        self.set_person(None)

    def _log_tab(self) -> Any:
        self.channel = ipw.Dropdown(
            description="Channel", options=userdata.CHANNELS, value="call", style=_WIDE
        )
        self.direction = ipw.Dropdown(
            description="Who reached out",
            options=[("I did", "outbound"), ("they did", "inbound"), ("both", "mutual")],
            style=_WIDE,
        )
        self.on = ipw.DatePicker(description="On", value=self.as_of, style=_WIDE)
        self.note = ipw.Text(description="Note", placeholder="optional", style=_WIDE)
        self.gave = ipw.Combobox(
            description="I gave",
            options=userdata.GIVES,
            placeholder="optional, e.g. intro",
            ensure_option=False,
            style=_WIDE,
        )
        self.log_button = ipw.Button(description="Log touch", button_style="primary", icon="check")
        self.log_button.on_click(lambda _: self.log_touch())
        for control, name in [
            (self.channel, "channel"),
            (self.direction, "direction"),
            (self.on, "on"),
            (self.note, "note"),
            (self.gave, "gave"),
            (self.log_button, "button"),
        ]:
            control.add_class(f"netbook-log-{name}")
        return ipw.VBox(
            [
                ipw.HBox([self.channel, self.direction, self.on]),
                ipw.HBox([self.note, self.gave, self.log_button]),
            ]
        )

    def _undo_tab(self) -> Any:
        self.logged = ipw.Dropdown(description="Logged", options=[], style=_WIDE)
        self.undo_button = ipw.Button(description="Undo", icon="undo")
        self.undo_button.on_click(lambda _: self.undo())
        self.logged.add_class("netbook-undo-logged")
        self.undo_button.add_class("netbook-undo-button")
        return ipw.HBox([self.logged, self.undo_button])

    def _refresh_logged(self) -> None:
        """The person's logged touches, newest first, as the undo tab's choices."""
        if self.person is None:
            self.logged.options = []
            return
        entries = userdata.log_entries(self.workspace, self.person.person_id)
        self.logged.options = [
            (
                f"{r['occurred_at']:%Y-%m-%d} {r['channel']}"
                + (f": {r['note'][:40]}" if r["note"] else ""),
                r["entry_id"],
            )
            for r in entries.iter_rows(named=True)
        ]

    def undo(self) -> None:
        """Remove the logged touch chosen in the undo tab."""
        with reporting(self.status):
            who = self._who()
            entry = self.logged.value
            if entry is None:
                raise InputError(f"nothing logged with {who.full_name}", hint="log a touch first")
            removed = userdata.undo_touch(self.workspace, entry)
            self._refresh_logged()
            self._done(f"Removed the {removed['channel']} with {who.full_name} ({entry}).")

    def _snooze_tab(self) -> Any:
        self.until = ipw.DatePicker(
            description="Hide until", value=self.as_of + timedelta(days=SNOOZE_DAYS), style=_WIDE
        )
        self.snooze_button = ipw.Button(description="Snooze", icon="bell-slash")
        self.wake_button = ipw.Button(description="Wake now", icon="bell")
        self.snooze_button.on_click(lambda _: self.snooze())
        self.wake_button.on_click(lambda _: self.wake())
        self.until.add_class("netbook-snooze-until")
        self.snooze_button.add_class("netbook-snooze-button")
        return ipw.HBox([self.until, self.snooze_button, self.wake_button])

    def _set_tab(self) -> Any:
        self.role = ipw.Combobox(
            description="Role",
            options=userdata.ROLES,
            placeholder="unchanged ('none' clears)",
            ensure_option=False,
            style=_WIDE,
        )
        self.tags = ipw.Text(description="Add tags", placeholder="a, b", style=_WIDE)
        self.untags = ipw.Text(description="Remove tags", placeholder="a, b", style=_WIDE)
        self.cadence = ipw.Text(
            description="Cadence", placeholder="unchanged, e.g. 30d or 6w; 0 clears", style=_WIDE
        )
        self.closeness = ipw.Dropdown(
            description="Closeness",
            options=[("unchanged", 0), *((f"{n} of 5", n) for n in range(1, 6))],
            style=_WIDE,
        )
        self.set_button = ipw.Button(description="Save", button_style="primary", icon="save")
        self.set_button.on_click(lambda _: self.save())
        return ipw.VBox(
            [
                ipw.HBox([self.role, self.cadence, self.closeness]),
                ipw.HBox([self.tags, self.untags, self.set_button]),
            ]
        )

    def set_person(self, person: Person | None) -> None:
        """Act on ``person`` from now on."""
        self.person = person
        name = (person.full_name or person.person_id) if person else "nobody selected"
        self.target.value = f"Acting on: <b>{esc(name)}</b>"
        self._refresh_logged()

    def _who(self) -> Person:
        if self.person is None:
            raise InputError("nobody is selected", hint="pick a person first")
        return self.person

    def _done(self, message: str) -> None:
        if self.on_change is not None:
            self.on_change()
        self.status.value = ok_html(message)

    def log_touch(self) -> None:
        """Log the touch described by the log tab's fields."""
        with reporting(self.status):
            who = self._who()
            on = self.on.value
            if on is None:
                raise InputError("the touch has no date", hint="pick the day it happened")
            userdata.check_not_future(
                self.workspace, on, option="the day", hint="pick the day it happened"
            )
            userdata.log_touch(
                self.workspace,
                who.person_id,
                channel=self.channel.value,
                on=on,
                note=self.note.value.strip() or None,
                gave=self.gave.value.strip() or None,
                direction=self.direction.value,
            )
            self.note.value = ""
            self.gave.value = ""
            self._refresh_logged()
            later = " (after the as-of date: not counted here)" if on > self.as_of else ""
            self._done(f"Logged {self.channel.value} with {who.full_name} on {on}{later}.")

    def snooze(self) -> None:
        """Hide the person from the due queue until the chosen day."""
        with reporting(self.status):
            who = self._who()
            until = self.until.value
            if until is None or until <= self.as_of:
                raise InputError(
                    "a snooze needs a day after the as-of date", hint="pick a later day"
                )
            userdata.snooze(self.workspace, who.person_id, until=until)
            self._done(f"Snoozed {who.full_name} until {until}.")

    def wake(self) -> None:
        """End the person's snooze."""
        with reporting(self.status):
            who = self._who()
            userdata.snooze(self.workspace, who.person_id, until=None)
            self._done(f"{who.full_name} is awake again.")

    def save(self) -> None:
        """Save role, tags, cadence and closeness as filled in (empty fields stay unchanged)."""
        with reporting(self.status):
            who = self._who()
            role_text = self.role.value.strip()
            role = role_text or None  # empty: unchanged; "none" clears (in set_person)
            cadence_text = self.cadence.value.strip()
            cadence = userdata.parse_cadence(cadence_text) if cadence_text else None
            closeness = self.closeness.value or None
            tags, untags = _split(self.tags.value), _split(self.untags.value)
            if role is None and cadence is None and closeness is None and not tags + untags:
                raise InputError(
                    "nothing to save", hint="fill in a role, tags, a cadence or a closeness"
                )
            userdata.set_person(
                self.workspace,
                who.person_id,
                role=role,
                tags=tags,
                untag=untags,
                cadence_days=cadence,
                closeness=closeness,
            )
            for field in (self.role, self.tags, self.untags, self.cadence):
                field.value = ""
            self.closeness.value = 0
            self._done(f"Saved for {who.full_name}.")
