"""Screenshots of HTML pages in headless Chromium (Debian's `chromium`, driven by playwright),
as docs/img/ has them.

    prover report results.jsonl --against older.jsonl --memory mem/ --out report.html
    prover export-graph --format html --memory mem/ --out graph.html
    python bench/screenshots.py report.html:docs/img/report.png graph.html:docs/img/graph.png
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("no chromium on PATH (apt-get install chromium)")
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=chromium, args=ARGS, headless=True,
                                                       viewport={"width": 1400, "height": 900})
        for pair in sys.argv[1:]:
            page_path, png = pair.rsplit(":", 1)
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(Path(page_path).resolve().as_uri())
            row = page.locator("tr.result").first
            if row.count():   # the report: show one proof in the details panel
                proved = page.locator("#slowest tr.result:has(.st-proved)").first
                (proved if proved.count() else row).click()
                page.evaluate("window.scrollTo(0, 0)")
            else:             # the graph: select the best-connected node
                page.evaluate("""() => { const deg = {};
                  data.links.forEach(l => { deg[l.source] = (deg[l.source] || 0) + 1; deg[l.target] = (deg[l.target] || 0) + 1; });
                  const best = data.nodes.filter(n => n.kind === 'theorem').sort((a, b) => (deg[b.id] || 0) - (deg[a.id] || 0))[0];
                  if (best) graph.select(graph.byId[best.id]); }""")
            Path(png).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=png)
            print(png, "errors:", errors or "none")
        context.close()


if __name__ == "__main__":
    main()
