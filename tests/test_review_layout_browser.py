"""The report as a newcomer reads it, at 1400 px and on a 390 px phone, in Debian's Chromium.

No element reaches past the page's width, every link of the table of contents lands on its
section, and the visible text has no "NaN", "None", "null" or raw backticks. With
``NETBOOK_SCREENSHOTS=DIR`` the test also writes the screenshots of ``docs/`` there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from netbook.review import run_review
from netbook.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
DRAWN = """() => {
    const charts = [...document.querySelectorAll('.plotly-graph-div')];
    return charts.length > 0 && charts.every(c => c.querySelector('.main-svg'));
}"""
OVERFLOW = """(width) => [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    // plotly measures text in a hidden svg far off to the left: not on the page
    return box.width > 0 && box.right > -1000 && (box.right > width + 1 || box.left < -1);
}).map(el => el.tagName.toLowerCase() + ' ' + (el.getAttribute('class') || '')).slice(0, 10)"""
LANDED = """(id) => {
    const box = document.getElementById(id).getBoundingClientRect();
    const bottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    return Math.abs(box.top) < 4 || (bottom && box.top >= 0 && box.top < window.innerHeight);
}"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layout")
    ws = Workspace(root / "ws")
    ws.import_paths([ROOT / "data" / "sample" / "linkedin"], source="linkedin")
    return run_review(ws, "month", "2026-11-16", root / "reports").html


def _open(page: Page, report: Path) -> None:
    page.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
    page.goto(report.as_uri())
    page.wait_for_function(DRAWN, timeout=30_000)


@pytest.mark.parametrize("width", [1400, 390])
def test_the_report_fits_reads_and_finds_its_way(report: Path, width: int) -> None:
    shots = os.environ.get("NETBOOK_SCREENSHOTS")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(
                viewport={"width": width, "height": 844 if width < 600 else 900}
            )
            _open(page, report)
            page.wait_for_timeout(500)  # plotly resizes responsive charts once drawn
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert page.evaluate(OVERFLOW, width) == []
            text = page.inner_text("body")
            assert re.findall(r"\b(?:NaN|None|null)\b", text) == []
            assert "`" not in text  # commands in prose are code, not raw backticks
            assert page.locator("p code").count() > 3
            links = page.locator("nav.netbook-contents a")
            targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
            assert len(targets) >= 10 and all(t and t.startswith("#") for t in targets)
            headings = page.locator("h2[id]").count()
            assert headings == len(targets)
            if shots and width == 1400:
                page.screenshot(path=str(Path(shots) / "review-first-screen.png"))
                section = page.locator("#diversity-and-dependency")
                section.scroll_into_view_if_needed()
                page.evaluate("window.scrollBy(0, -8)")
                page.screenshot(path=str(Path(shots) / "review-chart-section.png"))
            if shots and width < 600:
                page.locator(".netbook-table table").first.evaluate("e => e.scrollIntoView()")
                page.screenshot(path=str(Path(shots) / "review-phone.png"))  # tables stacked
            for target in targets:
                assert target is not None
                page.evaluate("window.scrollTo(0, 0)")
                page.locator(f'nav.netbook-contents a[href="{target}"]').click()
                page.wait_for_timeout(50)
                assert page.evaluate(LANDED, target[1:]), target
        finally:
            browser.close()
