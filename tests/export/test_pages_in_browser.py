"""The HTML pages (lemma graph, report) opened in a real headless Chromium: no console errors,
the expected elements, a click shows details, and a screenshot that is not blank.

Needs Debian's `chromium` (`.ci/run` installs it) and the `playwright` package (the `dev`
extra), driving that system browser: no browser download. Skipped, with the reason, where
either is absent. Set PROVER_SCREENSHOTS=DIR to keep the screenshots (docs/img/ has them)."""

import json
import os
import shutil
from pathlib import Path

import pytest

from prover.export.graph_export import export_graph
from prover.export.report import write_report
from prover.memory.graph import LemmaGraph, save_memory

pytestmark = pytest.mark.xdist_group("browser")  # one test process holds the browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        # A persistent context is how playwright takes a fresh --user-data-dir of ours.
        context = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=ARGS, headless=True,
                                                       viewport={"width": 1400, "height": 900})
        yield context
        context.close()


def _open(browser, path: Path):
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: errors.append(f"network: {r.url}") if not r.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors


def _not_blank(png: Path) -> int:
    from PIL import Image
    img = Image.open(png).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 24)
    return len(colours)


def _keep(png: Path, name: str) -> None:
    folder = os.environ.get("PROVER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(folder) / name)


def _graph() -> LemmaGraph:
    g = LemmaGraph()
    g.seed_library()
    g.grow("theorem sq_id (x : ℝ) : Real.sin x ^ 2 + Real.cos x ^ 2 = 1",
           {"name": "sq_id", "status": "proved", "verdict": "checked", "proof": "rw [Real.sin_sq]\nring",
            "tactics": [{"tactic": "rw [Real.sin_sq]"}]})
    g.grow("theorem logs (x y : ℝ) (hx : 0 < x) (hy : 0 < y) : Real.log (x * y) = Real.log x + Real.log y",
           {"name": "logs", "status": "proved", "verdict": "checked", "proof": "rw [Real.log_mul]",
            "tactics": [{"tactic": "rw [Real.log_mul]"}]})
    g.grow("theorem nope (x : ℝ) : x = 1", {"name": "nope", "status": "failed"})
    return g


def test_graph_page_settles_zooms_searches_and_shows_a_node(browser, tmp_path):
    g = _graph()
    path = tmp_path / "graph.html"
    export_graph(g, "html", path)
    page, errors = _open(browser, path)
    n = g.graph.number_of_nodes()
    assert page.locator("circle.node").count() == n
    assert page.locator("line.edge").count() == g.graph.number_of_edges() >= 2
    assert page.locator("marker path").count() == 3 and page.locator("line.edge").first.get_attribute("marker-end")
    # Every node on the canvas, and nothing moves: the layout was computed once, in Python.
    xy = page.eval_on_selector_all("circle.node", "cs => cs.map(c => [+c.getAttribute('cx'), +c.getAttribute('cy')])")
    assert all(0 <= x <= 1000 and 0 <= y <= 700 for x, y in xy)
    page.wait_for_timeout(400)
    assert page.eval_on_selector_all("circle.node", "cs => cs.map(c => [+c.getAttribute('cx'), +c.getAttribute('cy')])") == xy
    # Search dims the other nodes and the edges not between two matches.
    page.fill(".gv-search", "logs")
    assert page.inner_text(".gv-count") == "1 match"
    assert page.locator('circle.node[opacity="0.12"]').count() == n - 1
    assert page.locator('line.edge[stroke-opacity="0.06"]').count() == g.graph.number_of_edges()
    page.press(".gv-search", "Enter")   # goes to the match and selects it
    assert "Real.log (x * y)" in page.inner_text("#info")
    page.fill(".gv-search", "")
    # Switching an edge kind off hides its edges.
    page.uncheck('input[data-kind="uses"]')
    assert page.locator('line.edge[data-kind="uses"]').first.evaluate("e => e.style.display") == "none"
    page.check('input[data-kind="uses"]')
    # A click on a node shows its details; the wheel zooms.
    page.click('button[title="fit"]')
    page.locator('circle.node[data-name="sq_id"]').click(force=True)
    assert "Real.sin x ^ 2" in page.inner_text("#info") and "uses" in page.inner_text("#info")
    page.click('button[title="fit"]')
    before = page.locator("svg g").first.get_attribute("transform")
    page.mouse.move(900, 400)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(100)
    assert page.locator("svg g").first.get_attribute("transform") != before
    page.click('button[title="fit"]')
    shot = tmp_path / "graph.png"
    page.screenshot(path=str(shot))
    assert _not_blank(shot) > 20
    _keep(shot, "graph.png")
    assert errors == []
    page.close()


def _results(tmp_path: Path):
    def row(name, status, time_s, proof=None, error=None, methods=(), tactics=()):
        return {"name": name, "status": status, "verdict": "checked" if status == "proved" else None, "proof": proof,
                "methods": list(methods), "time_s": time_s, "error": error, "expansions": 3, "tactic_calls": 2,
                "nodes": 4, "depth": 1, "tactics": list(tactics), "lemmas": []}
    z3 = {"method": "z3", "detail": "z3 unsat of hypotheses ∧ ¬goal (2 facts)", "time_s": 0.04}
    new = [row("algebra_lin", "proved", 0.4, "nlinarith", methods=[z3],
               tactics=[{"tactic": "nlinarith", "source": "decision-procedure", "state": "x : ℝ\nh : 2 * x = 4\n⊢ x = 2"}]),
           row("algebra_sq", "proved", 2.5, "constructor\n· norm_num\n· ring",
               methods=[{"method": "evaluation", "detail": "closed term", "time_s": 0.01}]),
           row("numbers_big", "timeout", 10.3, error="killed after timeout + grace"),
           row("numbers_bad", "error", 0.01, error="line 1, column 12: unexpected token"),
           row("induction_hard", "failed", 10.0)]
    old = [dict(new[0], time_s=0.8), dict(new[1], status="failed", proof=None, verdict=None, methods=[]), dict(new[2]), dict(new[3]),
           dict(new[4], status="proved", proof="omega", time_s=1.0)]
    a, b = tmp_path / "new.jsonl", tmp_path / "old.jsonl"
    a.write_text("".join(json.dumps(r) + "\n" for r in new))
    b.write_text("".join(json.dumps(r) + "\n" for r in old))
    return a, b


def test_report_page_has_its_sections_and_a_row_click_shows_the_proof(browser, tmp_path):
    a, b = _results(tmp_path)
    memory = tmp_path / "memory"
    save_memory(_graph(), memory)
    path = tmp_path / "report.html"
    write_report(a, path, memory=memory, against=b)
    page, errors = _open(browser, path)
    for section in ("totals", "times", "slowest", "failed", "compare", "all", "lemmas"):
        assert page.locator(f"section#{section}").count() == 1, section
    assert "2 / 5 proved" in page.inner_text("#totals")
    assert page.locator("#times svg rect").count() == 20
    assert page.locator("#failed tr.result").count() == 3 and "unexpected token" in page.inner_text("#failed")
    assert page.locator("#gained tr.result").count() == 1 and page.locator("#lost tr.result").count() == 1
    assert "algebra_sq" in page.inner_text("#gained") and "induction_hard" in page.inner_text("#lost")
    assert page.locator("#lemma-map circle.node").count() == _graph().graph.number_of_nodes()
    page.locator('#all-results tr.result[data-name="algebra_lin"]').click()
    details = page.inner_text("#details")
    assert "nlinarith" in details and "z3 unsat" in details and "⊢ x = 2" in details and "certificates" in details
    page.fill("#filter", "numbers")
    assert page.locator("#all-results tr.result:visible").count() == 2
    page.fill("#filter", "")
    page.locator('#lemma-map circle.node[data-name="logs"]').click(force=True)
    assert "Real.log (x * y)" in page.inner_text("#details")
    page.locator('#all-results tr.result[data-name="algebra_sq"]').click()
    page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot))
    assert _not_blank(shot) > 20
    _keep(shot, "report.png")
    assert errors == []
    page.close()
