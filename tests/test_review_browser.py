"""The HTML report in a real browser with the network off: every chart draws, nothing fails.

Debian's Chromium (``/usr/bin/chromium``, installed by ``make browser``), driven by Playwright;
every request that is not a local file is aborted and recorded. The screenshot's path is printed
(``pytest -s`` or ``-rA`` shows it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Route, sync_playwright

from netbook.review import run_review
from netbook.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHARTS = 9  # the headline numbers are shown once, as a table (issue 14)
DRAWN = """() => {
    const charts = [...document.querySelectorAll('.plotly-graph-div')];
    return charts.length > 0 && charts.every(c => c.querySelector('.main-svg'));
}"""


EVIL = "<script>alert(1)</script>"
COMPANY = "<b onmouseover=alert(2)>Co</b>"


def test_report_renders_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([ROOT / "data" / "sample" / "linkedin"], source="linkedin")
    evil = tmp_path / "evil"  # a new connection, so listed among the follow-ups
    evil.mkdir()
    (evil / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"{EVIL},Eve,https://www.linkedin.com/in/eve-evil,,{COMPANY},CTO,"
        "12 Nov 2026\n",
        encoding="utf-8",
    )
    ws.import_paths([evil], source="linkedin")
    report = run_review(ws, "month", "2026-11-16", tmp_path / "reports").html
    screenshot = tmp_path / "review-2026-11.png"
    blocked: list[str] = []
    errors: list[str] = []

    def block(route: Route) -> None:
        blocked.append(route.request.url)
        route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on(
                "dialog", lambda dialog: (errors.append(f"ran: {dialog.message}"), dialog.dismiss())
            )
            page.route(lambda url: not url.startswith("file:"), block)
            page.goto(report.as_uri())
            page.wait_for_function(DRAWN, timeout=30_000)
            charts = page.locator(".plotly-graph-div").count()
            drawn = page.locator(".js-plotly-plot:has(.main-svg)").count()
            layers = page.locator(".js-plotly-plot .main-svg").count()
            tables = page.locator(".netbook-table table").count()
            shown_as_text = page.get_by_text(f"{EVIL} Eve", exact=True).count()
            company = page.get_by_text(COMPANY, exact=True)
            companies = company.count()
            if companies:
                company.first.hover(timeout=5_000)  # would fire onmouseover were it markup
            page.screenshot(path=screenshot, full_page=True)
        finally:
            browser.close()
    with capsys.disabled():
        print(f"\nreview screenshot: {screenshot}")
    assert errors == []  # no page error, and no script from the data ran
    assert blocked == []  # nothing was fetched from the network
    assert charts == drawn == CHARTS
    assert layers >= CHARTS  # plotly draws each chart in two or three svg layers
    assert tables >= 4  # the action lists, the headline numbers, the settings
    # The new connection is welcomed in the week's plan and listed among the new connections,
    # as text both times; the company is shown once, in that list.
    assert (shown_as_text, companies) == (2, 1)
    assert screenshot.stat().st_size > 50_000
