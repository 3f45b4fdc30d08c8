"""The `prover` command line: a thin shell over the library.

Exit codes: 0 proved (or the command succeeded), 1 not proved, 2 bad input.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from prover.decide.limits import cpu_count
from prover.errors import InputError, LeanSyntaxError
from prover.runner.batch import read_results, run_batch
from prover.runner.suite import load_suite
from prover.search.best_first import search
from prover.search.direct import lean_file, prove_theorem
from prover.state import load_theorem

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="A neuro-symbolic theorem prover for Lean 4 competition mathematics.")
err = Console(stderr=True)
out = Console(width=None if sys.stdout.isatty() else 120)

# Options shared by `prove` and `batch`.
MemoryDirOpt = Annotated[Optional[Path], typer.Option(
    "--memory", help="Lemma memory folder (default: $PROVER_MEMORY or ~/.local/share/prover/memory).")]
UseMemoryOpt = Annotated[bool, typer.Option("--use-memory/--no-memory", help="Retrieve from and grow the lemma memory.")]
EncoderOpt = Annotated[str, typer.Option("--encoder", help="Retrieval encoder: auto, minilm, tfidf or a tuned encoder's folder.")]
ModelOpt = Annotated[str, typer.Option("--model", help="Tactic LM: 'default' (embedded), a Hugging Face name or path, or 'none'.")]
DeviceOpt = Annotated[str, typer.Option("--device", help="auto, cpu or cuda.")]
DtypeOpt = Annotated[str, typer.Option("--dtype", help="auto, float32, float16 or bfloat16.")]
LmRankOpt = Annotated[float, typer.Option("--lm-rank", help="Weight (0-1) of the LM's re-ranking of every candidate tactic; "
                                          "0 (default): the LM only adds proposals.")]

DEMO = "theorem demo (x : ℝ) (h₀ : 3 * x - 7 = 11) : x = 6"


def _bad_input(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(2)


@app.command()
def prove(
    statement: Annotated[Optional[str], typer.Argument(help="A Lean 4 theorem or proposition.")] = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the statement from a .lean file.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds allowed for the proof.")] = 10.0,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")] = False,
    export_lean: Annotated[Optional[Path], typer.Option("--export-lean", help="Write the proof as a .lean file.")] = None,
    use_search: Annotated[bool, typer.Option("--search/--no-search", help="Search over tactics, or decision procedures alone.")] = True,
    debug: Annotated[bool, typer.Option(help="Check the search tree's invariants after every expansion.")] = False,
    memory: MemoryDirOpt = None,
    use_memory: UseMemoryOpt = True,
    encoder: EncoderOpt = "auto",
    model: ModelOpt = "default",
    device: DeviceOpt = "auto",
    dtype: DtypeOpt = "auto",
    lm_rank: LmRankOpt = 0.0,
) -> None:
    """Prove one theorem and print the proof as Lean.

    [bold]Examples[/bold]

      prover prove "theorem t (x : ℝ) (h : 3*x - 7 = 11) : x = 6"

      prover prove "(7 : ℤ) % (-3) = 1" --json

      prover prove --file problem.lean --timeout 30 --export-lean proof.lean

      prover prove "theorem t (n : ℕ) : 3 ∣ n ^ 3 + 2 * n" --no-search   # decision procedures alone
    """
    if (statement is None) == (file is None):
        raise _bad_input("give a STATEMENT or --file, not both" if statement else "give a STATEMENT or --file")
    header = None
    if file is not None:
        try:
            entries = load_suite(file)
        except InputError as e:
            raise _bad_input(str(e))
        if not entries:
            raise _bad_input(f"{file}: no theorem found")
        statement, header = entries[0].statement, entries[0].header
    try:
        theorem = load_theorem(statement, header=header)
    except LeanSyntaxError as e:
        if json_out:
            print(json.dumps({"name": None, "status": "error", "verdict": None, "proof": None, "methods": [],
                              "time_s": 0.0, "error": str(e)}, ensure_ascii=False))
        raise _bad_input(str(e))
    session = _memory_session(memory, use_memory and use_search, encoder, "prove")
    if use_search:
        from prover.policy.compose import build_proposer
        lm = _load_lm(model, device, dtype, session, lm_rank)
        if session is not None:
            session.admit_lemmas(budget_s=10.0)  # setup, like loading a model: proofs replayed once
        result = search(theorem, timeout, proposer=build_proposer(theorem, session, lm), debug=debug)
    else:
        result = prove_theorem(theorem, timeout)
    if session is not None:
        session.learn(theorem.statement, result.to_json())
        session.save()
    from prover.search.verdict import describe
    if export_lean is not None and result.proof:
        export_lean.write_text(lean_file(theorem, result.proof, result.verdict, result.lemmas, result.oracle),
                               encoding="utf-8")
    if json_out:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    elif result.status == "proved":
        print(lean_file(theorem, result.proof, result.verdict, result.lemmas, result.oracle), end="")  # exact text
        out.print(f"-- verdict: {describe(result.to_json())}", highlight=False)
    elif result.verdict == "disproved":
        out.print(f"-- verdict: {describe(result.to_json())} ({theorem.name})", highlight=False)
    else:
        out.print(f"-- verdict: {result.verdict}: not proved in {timeout:g}s: {theorem.name}", highlight=False)
    raise typer.Exit(0 if result.status == "proved" else 1)


@app.command()
def parse(
    suite: Annotated[Path, typer.Argument(help="A .jsonl suite, a .lean file or a folder of them.")],
    out_file: Annotated[Optional[Path], typer.Option("--out", help="Write one JSON line per theorem.")] = None,
) -> None:
    """Parse and elaborate every theorem of a suite; print the parse rate and the failures.

    [bold]Example[/bold]

      prover parse ../shared/benchmarks/minif2f/valid.jsonl --out parsed.jsonl
    """
    try:
        entries = load_suite(suite)
    except InputError as e:
        raise _bad_input(str(e))
    rows, reasons = [], Counter()
    for entry in entries:
        try:
            load_theorem(entry.statement, name=entry.name, header=entry.header)
            rows.append({"name": entry.name, "parsed": True, "error": None})
        except LeanSyntaxError as e:
            rows.append({"name": entry.name, "parsed": False, "error": str(e)})
            reasons[getattr(e, "construct", None) or e.message] += 1
            err.print(f"{entry.name}: {e}", highlight=False)
    if out_file:
        out_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    ok = sum(r["parsed"] for r in rows)
    out.print(f"parsed {ok}/{len(rows)} ({100 * ok / max(len(rows), 1):.1f}%)")
    for reason, n in reasons.most_common():
        out.print(f"  {n:3d}  {reason}", highlight=False)


@app.command()
def batch(
    suite: Annotated[Path, typer.Argument(help="A .jsonl suite, a .lean file or a folder of them.")],
    timeout: Annotated[float, typer.Option(help="Seconds per theorem.")] = 10.0,
    workers: Annotated[int, typer.Option(help="Worker processes (default: number of cores).")] = 0,
    out_file: Annotated[Optional[Path], typer.Option("--out", help="Append one JSON line per theorem here.")] = None,
    resume: Annotated[bool, typer.Option(help="Skip theorems already in --out.")] = False,
    limit: Annotated[int, typer.Option(help="Run only the first N theorems (0: all).")] = 0,
    passes: Annotated[int, typer.Option(help="Re-attempt failures this many times, doubling the budget each pass.")] = 1,
    export_lean: Annotated[Optional[Path], typer.Option("--export-lean", help="Write each proof to DIR/NAME.lean.")] = None,
    use_search: Annotated[bool, typer.Option("--search/--no-search", help="Search over tactics, or decision procedures alone.")] = True,
    memory: MemoryDirOpt = None,
    use_memory: UseMemoryOpt = True,
    encoder: EncoderOpt = "auto",
    model: ModelOpt = "default",
    device: DeviceOpt = "auto",
    dtype: DtypeOpt = "auto",
    lm_rank: LmRankOpt = 0.0,
) -> None:
    """Prove every theorem of a suite and print a summary table.

    [bold]Examples[/bold]

      prover batch ../shared/benchmarks/minif2f/valid.jsonl --timeout 10 --out results.jsonl

      prover batch problems/ --workers 2 --out results.jsonl --resume

      prover batch suite.jsonl --timeout 30 --passes 2 --export-lean proofs/
    """
    try:
        entries = load_suite(suite)
    except InputError as e:
        raise _bad_input(str(e))
    if resume and out_file is None:
        raise _bad_input("--resume needs --out")
    if limit:
        entries = entries[:limit]
    if passes < 1 or timeout <= 0 or workers < 0:
        raise _bad_input("--passes must be ≥ 1, --timeout > 0 and --workers ≥ 0")
    done = read_results(out_file) if (out_file and resume) else {}
    if out_file and not resume and out_file.exists():
        out_file.unlink()
    session = _memory_session(memory, use_memory and use_search, encoder, str(suite))
    lm = _load_lm(model, device, dtype, session, lm_rank) if use_search else None
    latest: dict[str, dict] = dict(done)
    todo = [e for e in entries if e.name not in done]
    budget = timeout
    for p in range(passes):
        if p > 0:
            todo = [e for e in entries if latest.get(e.name, {}).get("status") in ("failed", "timeout")]
            budget *= 2
            if not todo:
                break
        _run_pass(todo, entries, latest, budget, workers or cpu_count(), out_file, use_search,
                  f"pass {p + 1}/{passes} ({budget:g}s)" if passes > 1 else "proving", session, lm)
        if session is not None:
            session.save()
    if export_lean is not None:
        _export_proofs(entries, latest, export_lean)
    _summary(list(latest.values()), entries)
    raise typer.Exit(0)


def _memory_session(folder, enabled: bool, encoder: str, suite: str):
    if not enabled:
        return None
    from prover.memory.session import MemorySession, memory_dir
    if encoder not in ("auto", "minilm", "tfidf") and not Path(encoder).is_dir():
        raise _bad_input(f"unknown encoder '{encoder}': choose auto, minilm, tfidf or a tuned encoder's folder")
    try:
        return MemorySession(memory_dir(folder), encoder, suite)
    except InputError as e:
        raise _bad_input(str(e))


def _load_lm(model: str, device: str, dtype: str, session, rank_weight: float = 0.0):
    from prover.policy.compose import load_lm
    try:
        return load_lm(model, device, dtype, session.retriever if session is not None else None, rank_weight)
    except InputError as e:
        raise _bad_input(str(e))
    except OSError as e:
        raise _bad_input(f"--model {model}: cannot load ({str(e).splitlines()[0][:160]})")


def _run_pass(todo, entries, latest, budget, workers, out_file, use_search, label, session=None, lm=None) -> None:
    from prover.search.verdict import counts as verdict_counts
    counts = Counter(r["status"] for r in latest.values())
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[stats]}"),
                  TimeElapsedColumn(), console=err, transient=False) as progress:
        task = progress.add_task(label, total=len(todo), stats="")
        started = time.monotonic()

        def on_result(r):
            old = latest.get(r["name"])
            if old:
                counts[old["status"]] -= 1
            counts[r["status"]] += 1
            latest[r["name"]] = r
            rate = (progress.tasks[0].completed + 1) / max(time.monotonic() - started, 1e-6) * 60
            v = verdict_counts(latest.values())
            progress.update(task, advance=1, stats=f"checked {v['checked']}  true-by-oracle {v['true-by-oracle']}  "
                                                   f"disproved {v['disproved']}  failed {v['failed']}  "
                                                   f"errors {counts['error'] + counts['timeout']}  {rate:.0f}/min")

        run_batch(todo, budget, workers, out_file, on_result, use_search=use_search, memory=session, lm=lm)


def _export_proofs(entries, latest: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for e in entries:
        r = latest.get(e.name)
        if not r or r["status"] != "proved":
            continue
        theorem = load_theorem(e.statement, name=e.name, header=e.header)
        (folder / f"{e.name}.lean").write_text(lean_file(theorem, r["proof"], r.get("verdict"), r.get("lemmas"),
                                                         r.get("oracle")), encoding="utf-8")
        written += 1
    err.print(f"wrote {written} proofs to {folder}/", highlight=False)


def _summary(results: list[dict], entries) -> None:
    category = {e.name: (e.category or e.name.split("_")[0]) for e in entries}
    table = Table(title="batch summary")
    from prover.search.verdict import counts as verdict_counts
    for col in ("category", "total", "checked", "true-by-oracle", "disproved", "failed", "errors", "median s (proved)",
                "expansions/s"):
        table.add_column(col, justify="right" if col != "category" else "left")
    groups: dict[str, list] = {}
    for r in results:
        groups.setdefault(category.get(r["name"], "?"), []).append(r)
    for cat, rs in sorted(groups.items()) + [("all", results)]:
        proved = [r for r in rs if r["status"] == "proved"]
        times = [r["time_s"] for r in proved]
        v = verdict_counts(rs)
        table.add_row(cat, str(len(rs)), str(v["checked"]), str(v["true-by-oracle"]), str(v["disproved"]),
                      str(sum(r["status"] == "failed" for r in rs) - v["disproved"]),
                      str(sum(r["status"] in ("error", "timeout") for r in rs)),
                      f"{statistics.median(times):.2f}" if times else "-",
                      f"{sum(r.get('expansions', 0) for r in rs) / max(sum(r['time_s'] for r in rs), 1e-6):.1f}")
    out.print(table)


def _mathlib_names() -> set[str]:
    """The Mathlib declarations the project knows by name (library hints, rewrite lemmas)."""
    from prover.tactics.lemmas import library
    from prover.tactics.rewrite import BUILTIN, rules
    return set(library()) | set(rules()) | set(BUILTIN)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="A .lean file: theorem statement followed by `:= by` and a tactic script.")],
    timeout: Annotated[float, typer.Option(help="Seconds allowed per tactic.")] = 10.0,
) -> None:
    """Re-check a proof (for example one written by --export-lean) with the built-in checker.

    [bold]Example[/bold]

      prover check proofs/mathd_algebra_10.lean
    """
    from prover.checkers.kernel_checker import KernelChecker
    from prover.checkers.replay import replay
    from prover.syntax.parser import Declaration, scan_lean_file
    from prover.tactics.learned import ENVIRONMENT, LearnedLemma
    if not file.exists():
        raise _bad_input(f"{file}: no such file")
    text = file.read_text(encoding="utf-8")
    _, items = scan_lean_file(text)
    declarations = [d for d in items if isinstance(d, Declaration)]
    if not declarations:
        raise _bad_input(f"{file}: expected `theorem ... := by` followed by tactics")
    # Everything in the file is checked or the file is refused: commands the checker does not
    # model, names declared twice (Lean: "already declared") and `sorry` are named first.
    refusals = [(x.line, f"not understood: {x.what}") for x in items if not isinstance(x, Declaration)]
    refusals += [(d.line, f"not understood: {d.problem}") for d in declarations if d.proof is None]
    first_line: dict[str, int] = {}
    mathlib = _mathlib_names()
    for d in declarations:
        if not d.anonymous and d.name in mathlib:
            refusals.append((d.line, f"{d.name} has already been declared (in Mathlib)"))
        elif not d.anonymous and d.name in first_line:
            refusals.append((d.line, f"{d.name} has already been declared (line {first_line[d.name]})"))
        first_line.setdefault(d.name, d.line)
        for offset, proof_line in enumerate((d.proof or "").split("\n")):
            if re.search(r"(?<![\w.])(sorry|admit)(?![\w'])", proof_line):
                refusals.append((d.proof_line + offset, f"{d.name}: the proof uses `sorry`"))
    if refusals:
        for line, message in sorted(refusals):
            out.print(f"{file}:{line}: {message}", highlight=False)
        raise typer.Exit(1)
    # Each declaration is checked in order; a checked theorem is a lemma for those after it, as
    # in Lean, and nothing from outside the file is (the environment starts empty).
    ENVIRONMENT.clear()
    for d in declarations:
        try:
            theorem = load_theorem(d.statement)
        except LeanSyntaxError as e:
            out.print(f"{file}:{d.line}: not checked: {d.name}: {e}", highlight=False)
            raise typer.Exit(1)
        result = replay(theorem.goal, d.proof, checker=KernelChecker(), budget_s=timeout)   # closing steps: kernel only
        if not result.ok:
            line = d.proof_line - 1 + result.line if result.line else d.line
            out.print(f"{file}:{line}: not checked: {d.name}: {result.message}", highlight=False)
            raise typer.Exit(1)
        if not d.anonymous:
            ENVIRONMENT.add(LearnedLemma(d.name, d.statement, d.proof))
    out.print(f"{file}: checked ({len(declarations)} declaration{'s' if len(declarations) > 1 else ''})",
              highlight=False)
    raise typer.Exit(0)


@app.command("export-graph")
def export_graph_cmd(
    fmt: Annotated[str, typer.Option("--format", help="graphml, json, dot or html.")] = "graphml",
    out_path: Annotated[Path, typer.Option("--out", help="Output file.")] = Path("lemmas.graphml"),
    memory: Annotated[Optional[Path], typer.Option(help="Lemma memory folder.")] = None,
) -> None:
    """Export the learned lemma graph.

    [bold]Examples[/bold]

      prover export-graph --format graphml --out lemmas.graphml   # Gephi, Cytoscape, networkx

      prover export-graph --format html --out lemmas.html         # self-contained interactive view
    """
    from prover.export.graph_export import export_graph
    from prover.memory.graph import load_memory
    from prover.memory.session import memory_dir
    try:
        graph = load_memory(memory_dir(memory))
        export_graph(graph, fmt, out_path)
    except InputError as e:
        raise _bad_input(str(e))
    out.print(f"wrote {graph.graph.number_of_nodes()} lemmas, {graph.graph.number_of_edges()} edges to {out_path}",
              highlight=False)


memory_app = typer.Typer(help="Inspect and maintain the lemma memory.", no_args_is_help=True)
app.add_typer(memory_app, name="memory")
MemoryOpt = Annotated[Optional[Path], typer.Option("--memory", help="Lemma memory folder.")]


def _load_graph(folder):
    from prover.memory.graph import load_memory
    from prover.memory.session import memory_dir
    try:
        return load_memory(memory_dir(folder))
    except InputError as e:
        raise _bad_input(str(e))


@memory_app.command("stats")
def memory_stats(memory: MemoryOpt = None) -> None:
    """Counts of lemmas by kind and edges by kind."""
    print(json.dumps(_load_graph(memory).stats(), ensure_ascii=False, indent=1))


@memory_app.command("search")
def memory_search(query: Annotated[str, typer.Argument(help="A goal or statement, as Lean text.")],
                  k: Annotated[int, typer.Option("-k", "--k", help="How many lemmas.")] = 10,
                  memory: MemoryOpt = None, encoder: str = "auto") -> None:
    """The k lemmas the retriever ranks highest for QUERY.

    [bold]Example[/bold]

      prover memory search "Real.log (x * y) = 1" -k 5
    """
    from prover.memory.retrieval import Retriever, default_encoder
    graph = _load_graph(memory)
    r = Retriever(graph, default_encoder(encoder))
    for nid, score in r.retrieve(query, k):
        d = graph.graph.nodes[nid]
        out.print(f"{score:6.3f}  {nid}  [{d['kind']}] {d.get('name') or ''}  {d['statement'][:100]}", highlight=False)


@memory_app.command("show")
def memory_show(node: Annotated[str, typer.Argument(help="A node id (L...) or lemma name.")], memory: MemoryOpt = None) -> None:
    """One lemma with its provenance, statistics and edges."""
    graph = _load_graph(memory)
    nid = node if node in graph.graph else graph.by_name(node)
    if nid is None:
        raise _bad_input(f"no lemma '{node}' in the memory")
    d = dict(graph.graph.nodes[nid])
    d["id"] = nid
    d["out_edges"] = [(b, e["kind"]) for _, b, e in graph.graph.out_edges(nid, data=True)]
    d["in_edges"] = [(a, e["kind"]) for a, _, e in graph.graph.in_edges(nid, data=True)]
    print(json.dumps(d, ensure_ascii=False, indent=1))


@memory_app.command("prune")
def memory_prune(memory: MemoryOpt = None,
                 failed: Annotated[bool, typer.Option(help="Drop failed attempts.")] = True,
                 unused_days: Annotated[int, typer.Option(help="Also drop unused theorem nodes older than this (0: keep).")] = 0,
                 recheck: Annotated[bool, typer.Option("--recheck", help="Instead: re-verify every lemma with the current checker (its proof replayed, learned lemmas off) and drop those that no longer check.")] = False) -> None:
    """Remove failed attempts (and optionally old unused lemmas); library lemmas stay.

    With --recheck, re-verify every lemma instead and drop those that no longer check (and
    library entries no longer in `lemmas/`): after a soundness repair, a lemma proved under
    the unsound rule is purged.

      prover memory prune --recheck
    """
    import datetime as dt
    from prover.memory.graph import locked, save_memory
    from prover.memory.session import memory_dir
    folder = memory_dir(memory)
    if recheck:
        from prover.memory.graph import recheck as recheck_all
        with locked(folder):
            graph = _load_graph(folder)
            kept, dropped = recheck_all(graph)
            graph.graph.remove_nodes_from(dropped)
            save_memory(graph, folder)
        out.print(f"re-checked {len(kept) + len(dropped)} lemmas: kept {len(kept)}, dropped {len(dropped)}",
                  highlight=False)
        return
    with locked(folder):
        graph = _load_graph(folder)
        cutoff = (dt.date.today() - dt.timedelta(days=unused_days)).isoformat() if unused_days else None
        drop = [n for n, d in graph.graph.nodes(data=True)
                if (failed and d["kind"] == "failed") or
                (cutoff and d["kind"] in ("theorem", "have") and d.get("uses", 0) <= 1 and d.get("date", "") < cutoff)]
        graph.graph.remove_nodes_from(drop)
        save_memory(graph, folder)
    out.print(f"removed {len(drop)} nodes; {graph.graph.number_of_nodes()} remain", highlight=False)


@memory_app.command("map")
def memory_map(out_path: Annotated[Path, typer.Option("--out", help="PNG file to draw.")] = Path("map.png"),
               memory: MemoryOpt = None, encoder: str = "auto", size: int = 8) -> None:
    """Train the self-organizing map over the memory's goals, save it (used as a prior on
    proposals from then on) and draw it.

    [bold]Example[/bold]

      prover memory map --out map.png
    """
    from prover.memory.retrieval import TfidfEncoder, default_encoder
    from prover.memory.session import memory_dir
    from prover.memory.som import build_from_graph
    graph = _load_graph(memory)
    enc = default_encoder(encoder)
    if isinstance(enc, TfidfEncoder):
        enc.fit([d["statement"] for _, d in graph.graph.nodes(data=True)])
    som = build_from_graph(graph, enc, size, size)
    folder = memory_dir(memory)
    folder.mkdir(parents=True, exist_ok=True)
    som.save(folder)
    som.draw(out_path)
    out.print(f"drew a {size}×{size} map of {sum(1 for _, d in graph.graph.nodes(data=True) if d['kind'] != 'library')} "
              f"goals to {out_path}", highlight=False)


train_app = typer.Typer(help="Train the learned components.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("retriever")
def train_retriever_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the tuned encoder.")] = Path("retriever"),
    memory: MemoryOpt = None,
    synthetic: Annotated[int, typer.Option(help="Synthetic goals per library lemma (0: memory pairs only).")] = 30,
    epochs: int = 1,
) -> None:
    """Fine-tune the retrieval encoder contrastively on (goal, lemma used) pairs.

    [bold]Example[/bold]

      prover train retriever --out retriever/ --epochs 1

    Use it with `--encoder minilm` after `export PROVER_ENCODER=retriever/` (see README).
    """
    from prover.learn.pairs import memory_pairs, synthetic_pairs
    from prover.learn.retriever import train_retriever
    graph = _load_graph(memory)
    texts = {d["name"]: d["statement"] for _, d in graph.graph.nodes(data=True) if d.get("kind") == "library"}
    pairs = memory_pairs(graph) + (synthetic_pairs(synthetic) if synthetic else [])
    if not pairs:
        raise _bad_input("no training pairs: prove something with the memory on, or use --synthetic")
    info = train_retriever(pairs, texts, out_dir, epochs=epochs, log=lambda m: err.print(m, highlight=False))
    out.print(json.dumps(info), highlight=False)


@train_app.command("policy")
def train_policy_cmd(
    data: Annotated[Optional[list[Path]], typer.Option("--data", help="Result JSONL files of proofs (train suites only).")] = None,
    pairs_in: Annotated[Optional[list[Path]], typer.Option(
        "--pairs", help="JSONL files of {\"state\", \"tactic\"} pairs (as --save-pairs writes them).")] = None,
    save_pairs: Annotated[Optional[Path], typer.Option(
        "--save-pairs", help="Write the training pairs here as JSONL, then train (0 minutes: only write).")] = None,
    synthetic: Annotated[int, typer.Option(help="Synthetic theorems per family (verified by replay).")] = 150,
    out_dir: Annotated[Path, typer.Option("--out", help="Model folder.")] = Path("models/tactic-lm"),
    minutes: Annotated[float, typer.Option(help="Training time.")] = 5.0,
    held_out: Annotated[Optional[list[Path]], typer.Option(
        "--held-out", help="Evaluation suites: no synthetic theorem may coincide with one of their statements.")] = None,
    seed: int = 0,
    device: Annotated[str, typer.Option("--device", help="cpu (the shipped model's), cuda or auto.")] = "cpu",
    hidden: Annotated[int, typer.Option(help="Model width.")] = 256,
    layers: Annotated[int, typer.Option(help="Transformer layers.")] = 4,
) -> None:
    """Train the embedded tactic LM (BPE tokenizer + small LLaMA) on (state, tactic) pairs.

    [bold]Examples[/bold]

      prover train policy --data results/search_suite.jsonl --synthetic 150 --minutes 5 --out models/tactic-lm \\
          --held-out results/minif2f_eval.jsonl

      prover train policy --data proofs.jsonl --device cuda --hidden 512 --layers 8 --out big-lm   # on a GPU
    """
    from prover.learn.policy import pairs_from_results, read_pairs, train_policy, write_pairs
    from prover.learn.synthetic import generate, held_out_forms, state_tactic_pairs
    pairs = pairs_from_results(list(data or []))
    try:
        excluded = held_out_forms([e for path in held_out or [] for e in load_suite(path)])
        pairs += read_pairs(list(pairs_in or []))
    except InputError as e:
        raise _bad_input(str(e)) from None
    theorems = generate(synthetic, seed=seed, held_out=excluded) if synthetic else []
    for t in theorems:
        pairs += state_tactic_pairs(t)
    if not pairs:
        raise _bad_input("no training pairs: give --data files with proofs or --synthetic N")
    err.print(f"{len(pairs)} (state, tactic) pairs ({len(theorems)} synthetic theorems)", highlight=False)
    if save_pairs is not None:
        write_pairs(save_pairs, pairs)
        if minutes <= 0:
            return
    try:
        info = train_policy(pairs, out_dir, minutes=minutes, seed=seed, hidden=hidden, layers=layers, device=device,
                            log=lambda m: err.print(m, highlight=False))
    except InputError as e:
        raise _bad_input(str(e)) from None
    out.print(json.dumps(info), highlight=False)


@app.command()
def improve(
    train: Annotated[Path, typer.Option(help="Suite to learn from.")],
    eval_suite: Annotated[Path, typer.Option("--eval", help="Suite to evaluate on (never trained on).")],
    rounds: int = 3,
    budget: Annotated[float, typer.Option(help="Seconds per theorem, same in every round.")] = 10.0,
    workers: int = 0,
    work: Annotated[Path, typer.Option(help="Folder for memory, models and results of the run.")] = Path("improve-run"),
    synthetic: Annotated[int, typer.Option(
        help="Synthetic theorems per family in every round's policy training (eval statements excluded).")] = 100,
    minutes: Annotated[float, typer.Option(help="Policy training time per round.")] = 4.0,
    model: Annotated[str, typer.Option(
        help="Starting policy, evaluated as round 0: 'default' (embedded), a model folder, or 'none' (no LM).")] = "default",
) -> None:
    """Expert iteration: prove, learn, retrain, evaluate; a table per round.

    [bold]Examples[/bold]

      prover improve --train train.jsonl --eval eval.jsonl --rounds 3 --budget 10

      prover improve --train train.jsonl --eval eval.jsonl --model none   # from no policy at all
    """
    from prover.learn.improve import improve as run_improve
    try:
        tr, ev = load_suite(train), load_suite(eval_suite)
    except InputError as e:
        raise _bad_input(str(e))
    if {e.name for e in tr} & {e.name for e in ev}:
        raise _bad_input("the train and eval suites share theorems")
    reports = run_improve(tr, ev, rounds, budget, workers or cpu_count(), work, model, synthetic, minutes,
                          log=lambda m: err.print(m, highlight=False))
    table = Table(title=f"expert iteration ({budget:g}s per theorem)")
    for col in ("round", "eval proved", "median s", "LM calls", "proofs using learned lemmas", "steps by LM", "compute s"):
        table.add_column(col, justify="right")
    for r in reports:
        table.add_row(str(r.round), f"{r.eval_proved}/{r.eval_total} ({100 * r.eval_proved / max(r.eval_total, 1):.1f}%)",
                      f"{r.median_time_s:.2f}", str(r.lm_calls), f"{100 * r.learned_lemma_share:.0f}%",
                      f"{100 * r.lm_step_share:.0f}%", f"{r.compute_s:.0f}")
    out.print(table)


@app.command()
def demo() -> None:
    """Prove the embedded example theorem (used by the README's first command)."""
    prove(DEMO, None, 10.0, False, None, True, False, None, True, "auto", "default", "auto", "auto")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
