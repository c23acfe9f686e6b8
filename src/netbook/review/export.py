"""The executed review notebook as a self-contained HTML report, the same bytes on every re-run.

nbconvert's ``lab`` template loads require.js, MathJax and (for widgets) the widget manager from
CDNs. The report's template (:data:`TEMPLATE`) drops those ``<script src>`` tags: the review has no
maths, no widgets and no require.js modules, and plotly.js is embedded by the ``netbook`` renderer.
A widget, if a custom review notebook shows one, cannot be drawn without the widget manager's
script, so the report shows its text form instead. nbconvert inlines the page's CSS. Code cells are
hidden: the report shows only what they display.

papermill and nbclient stamp each run with times, durations and a random id for the injected
parameters cell; :func:`normalise` removes those, so re-running a period rewrites identical files.
"""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path
from typing import Any, Final

import jinja2
import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

TEMPLATE_FILE: Final = "netbook-review.html.j2"
TEMPLATE: Final = """\
{%- extends 'index.html.j2' -%}
{#- netbook review: nothing is fetched from anywhere (no require.js, MathJax, mermaid, widgets) -#}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
main { max-width: 1100px; margin: 0 auto; padding: 1em 2em; }
.jp-RenderedHTMLCommon .netbook-table table { border-collapse: collapse; margin: 0.3em 0;
  font-size: 13px; table-layout: auto; }
.jp-RenderedHTMLCommon .netbook-table table th,
.jp-RenderedHTMLCommon .netbook-table table td { padding: 3px 10px; text-align: left;
  vertical-align: top; }
.jp-RenderedHTMLCommon .netbook-table table td.num { text-align: right;
  font-variant-numeric: tabular-nums; }
.jp-RenderedHTMLCommon .netbook-table h4 { margin: 1.2em 0 0.2em 0; }
.jp-RenderedHTMLCommon .netbook-table p { margin: 0.2em 0; }
.jp-RenderedHTMLCommon code { white-space: pre-wrap; overflow-wrap: anywhere; }
.jp-RenderedHTMLCommon td { overflow-wrap: anywhere; }
.netbook-caption { margin: 1.2em 0 0.2em 0; max-width: 60em; }
nav.netbook-contents { margin: 0.5em 0 1.5em 0; }
nav.netbook-contents ol { margin: 0.2em 0; padding-left: 1.6em; columns: 2 18em; }
@media (max-width: 640px) {
  main { padding: 0.5em 0.6em; }
  .jp-RenderedHTMLCommon .netbook-table table,
  .jp-RenderedHTMLCommon .netbook-table tbody,
  .jp-RenderedHTMLCommon .netbook-table tr,
  .jp-RenderedHTMLCommon .netbook-table td { display: block; width: auto; }
  .jp-RenderedHTMLCommon .netbook-table thead { display: none; }
  .jp-RenderedHTMLCommon .netbook-table tr { border-top: 1px solid #ddd; padding: 4px 0; }
  .jp-RenderedHTMLCommon .netbook-table table td,
  .jp-RenderedHTMLCommon .netbook-table table td.num { padding: 1px 2px; text-align: left; }
  .jp-RenderedHTMLCommon .netbook-table td[data-label]:not([data-label=""])::before {
    content: attr(data-label) ": "; color: #555; }
}
</style>
{%- endblock extra_css -%}
"""
"""The report's template: nbconvert's ``lab`` template without any script or style from a CDN."""
HIDDEN_TAGS: Final = ("parameters", "injected-parameters")
"""Cells left out of the report altogether (they show nothing but would leave empty boxes)."""
WIDGET: Final = "application/vnd.jupyter.widget-view+json"
RUN_STAMPS: Final = ("start_time", "end_time", "duration")
"""What papermill stamps on the notebook and on each cell; differs on every run."""


def exporter() -> HTMLExporter:
    """The HTML exporter of nbconvert with the report's template, code hidden."""
    remove = TagRemovePreprocessor(  # type: ignore[no-untyped-call]
        remove_cell_tags=set(HIDDEN_TAGS), enabled=True
    )
    html = HTMLExporter(  # type: ignore[no-untyped-call]
        extra_loaders=[jinja2.DictLoader({TEMPLATE_FILE: TEMPLATE})],
        template_file=TEMPLATE_FILE,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    html.register_preprocessor(remove, enabled=True)  # type: ignore[no-untyped-call]
    return html


def normalise(notebook: Any, *, input_path: Path, output_path: Path) -> Any:
    """Remove run times, timing metadata and random ids from an executed notebook (in place).

    Args:
        notebook: the ``nbformat.NotebookNode`` papermill returned.
        input_path: the review notebook that was run.
        output_path: where the executed notebook will be kept (papermill saw a temporary path).

    Returns:
        The same notebook.
    """
    meta = notebook.metadata.get("papermill")
    if meta is not None:
        for key in RUN_STAMPS:
            meta.pop(key, None)
        meta["input_path"] = str(input_path)
        meta["output_path"] = str(output_path)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        stamps = cell.metadata.get("papermill")
        if stamps is not None:
            for key in RUN_STAMPS:
                stamps.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    return notebook


def scrub(node: Any, secret: str, label: str) -> Any:
    """Replace ``secret`` (the workspace's absolute path) by ``label`` in every string of ``node``.

    A pseudonymised review leaves out where its workspace is: the parameters, papermill's
    metadata and any output that printed the path.

    Examples:
        >>> scrub({"a": ["/home/zoe/ws/x", 1]}, "/home/zoe/ws", "<workspace>")
        {'a': ['<workspace>/x', 1]}
    """
    if isinstance(node, str):
        return node.replace(secret, label)
    if isinstance(node, dict):
        for key in list(node):
            node[key] = scrub(node[key], secret, label)
    elif isinstance(node, list):
        node[:] = [scrub(item, secret, label) for item in node]
    return node


def warm_exporter() -> HTMLExporter:
    """:func:`exporter` with its templates compiled (done while the kernel works).

    It renders a notebook of one markdown cell and one output first: nbconvert compiles the
    templates the report's extends and includes, and nbformat its schema validator, only when a
    notebook needs them.
    """
    html = exporter()
    v4 = nbformat.v4
    cell = v4.new_code_cell(  # type: ignore[no-untyped-call]
        outputs=[
            v4.new_output(  # type: ignore[no-untyped-call]
                "display_data", data={"text/html": "<p>x</p>", "text/plain": "x"}
            ),
            v4.new_output("stream", text="x"),  # type: ignore[no-untyped-call]
        ]
    )
    cells = [v4.new_markdown_cell("## x"), cell]  # type: ignore[no-untyped-call]
    html.from_notebook_node(v4.new_notebook(cells=cells))  # type: ignore[no-untyped-call]
    return html


def render(notebook: Any, html: HTMLExporter | None = None) -> tuple[str, str]:
    """The executed notebook as ``(ipynb text, html text)`` (``html``: an :func:`exporter`)."""
    text: str = nbformat.writes(notebook)  # type: ignore[no-untyped-call]
    shown = copy.deepcopy(notebook)
    for cell in shown.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET in data and len(data) > 1:
                del data[WIDGET]  # drawn by a script from a CDN: show the text form instead
    body, _ = (html or exporter()).from_notebook_node(shown)
    return text, contents(body)


_HEADING = re.compile(r"<h2(?: id=\"[^\"]*\")?>(.*?)</h2>", re.S)


def _slug(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def contents(page: str) -> str:
    """``page`` with an id on each ``h2`` section and a table of contents linking them before the first.

    Examples:
        >>> page = contents("<h1>R</h1><h2>Plan</h2><p>x</p><h2>A &amp; b</h2>")
        >>> page[page.index("<ol>") : page.index("</ol>") + 5]
        '<ol><li><a href="#plan">Plan</a></li><li><a href="#a-b">A &amp; b</a></li></ol>'
        >>> page[page.index("</nav>") + 6 :]
        '<h2 id="plan">Plan</h2><p>x</p><h2 id="a-b">A &amp; b</h2>'
    """
    taken: set[str] = set()
    items: list[str] = []

    def anchor(found: re.Match[str]) -> str:
        title = re.sub(r"<[^>]+>", "", found.group(1)).strip()
        slug = _slug(html.unescape(title), taken)
        items.append(f'<li><a href="#{slug}">{title}</a></li>')
        return f'<h2 id="{slug}">{found.group(1)}</h2>'

    first = _HEADING.search(page)
    if first is None:
        return page
    page = _HEADING.sub(anchor, page)
    nav = f'<nav class="netbook-contents"><strong>Contents</strong><ol>{"".join(items)}</ol></nav>'
    return page[: first.start()] + nav + page[first.start() :]
