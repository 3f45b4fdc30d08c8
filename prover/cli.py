"""The `prover` command line: a thin shell over the library (`prover.api`).

Exit codes: 0 proved (or the command succeeded), 1 not proved, 2 bad input, 130 interrupted.
Heavy modules (SymPy, Z3, torch) are imported inside the commands, so `--help` is quick.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from typer.core import TyperOption

from prover.errors import InputError, LeanSyntaxError, ProverError

_display_type = TyperOption.display_type_rich


def _flag_display(self, ctx):
    """A boolean flag is shown as a flag (`--json`), not as `--json <bool>`."""
    return None if getattr(self, "is_flag", False) or getattr(self, "is_bool_flag", False) else _display_type(self, ctx)


TyperOption.display_type_rich = _flag_display

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="A neuro-symbolic theorem prover for Lean 4 competition mathematics.")
err = Console(stderr=True)
out = Console(width=None if sys.stdout.isatty() else 120)


def _version(value: bool) -> None:
    if value:
        from prover import __version__
        print(f"prover {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """A neuro-symbolic theorem prover for Lean 4 competition mathematics."""


# Options shared by `prove` and `batch`.
MemoryDirOpt = Annotated[Optional[Path], typer.Option(
    "--memory", help="Lemma memory folder.", show_default="$PROVER_MEMORY or ~/.local/share/prover/memory")]
UseMemoryOpt = Annotated[bool, typer.Option("--use-memory/--no-memory", help="Retrieve from the lemma memory.")]
LearnOpt = Annotated[bool, typer.Option("--learn/--no-learn",
                                        help="Add results to the memory; --no-learn only reads it.")]
EncoderOpt = Annotated[str, typer.Option("--encoder", help="Retrieval encoder: auto, minilm, tfidf or a tuned encoder's folder.")]
ModelOpt = Annotated[str, typer.Option("--model", help="Tactic LM: 'default' (embedded), a folder, a Hugging Face name "
                                       "(from the local cache unless --allow-download), or 'none'.")]
DownloadOpt = Annotated[bool, typer.Option("--allow-download", help="Let --model fetch a Hugging Face model over the network.")]
DeviceOpt = Annotated[str, typer.Option("--device", help="auto, cpu or cuda.")]
DtypeOpt = Annotated[str, typer.Option("--dtype", help="auto, float32, float16 or bfloat16.")]
LmRankOpt = Annotated[float, typer.Option("--lm-rank", help="Weight (0-1) of the LM's re-ranking of every candidate tactic; "
                                          "0: the LM only adds proposals.")]

DEMO = "theorem demo (x : ℝ) (h₀ : 3 * x - 7 = 11) : x = 6"


def _bad_input(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def _prover(memory, use_memory: bool, learn: bool, use_search: bool, encoder: str, model: str, allow_download: bool,
            device: str, dtype: str, lm_rank: float, suite: str):
    from prover.api import Prover
    try:
        return Prover((memory or True) if use_memory else None, model=model, encoder=encoder, learn=learn,
                      search=use_search, device=device, dtype=dtype, lm_rank=lm_rank, allow_download=allow_download,
                      suite=suite)
    except InputError as e:
        raise _bad_input(str(e))


@app.command()
def prove(
    statement: Annotated[Optional[str], typer.Argument(
        help="A Lean 4 theorem, lemma, example or proposition; '-' reads a statement or a .lean file from stdin.")] = None,
    file: Annotated[Optional[Path], typer.Option(
        "--file", "-f", help="A .lean file: every declaration in it is proved (or those given by --name); '-': stdin.")] = None,
    names: Annotated[Optional[list[str]], typer.Option("--name", help="Prove only this declaration of the file (repeatable).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds allowed for each proof (model loading not counted).")] = 10.0,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object per theorem instead of text.")] = False,
    export_lean: Annotated[Optional[Path], typer.Option(
        "--export-lean", help="Write the proof as a .lean file (a folder, NAME.lean each, for several theorems).")] = None,
    use_search: Annotated[bool, typer.Option("--search/--no-search", help="Search over tactics, or decision procedures alone.")] = True,
    debug: Annotated[bool, typer.Option("--debug", help="Check the search tree's invariants after every expansion.")] = False,
    memory: MemoryDirOpt = None,
    use_memory: UseMemoryOpt = True,
    learn: LearnOpt = True,
    encoder: EncoderOpt = "auto",
    model: ModelOpt = "default",
    allow_download: DownloadOpt = False,
    device: DeviceOpt = "auto",
    dtype: DtypeOpt = "auto",
    lm_rank: LmRankOpt = 0.0,
) -> None:
    """Prove theorems and print each proof as Lean.

    The decision procedures run first; the LM and the retrieval encoder load in the background
    and only a proof that needs search waits for them.

    [bold]Examples[/bold]

      prover prove "theorem t (x : ℝ) (h : 3*x - 7 = 11) : x = 6"

      prover prove "(7 : ℤ) % (-3) = 1" --json

      prover prove --file problems.lean --name p2 --timeout 30 --export-lean proof.lean

      cat problem.lean | prover prove -

      prover prove "theorem t (n : ℕ) : 3 ∣ n ^ 3 + 2 * n" --no-search   # decision procedures alone
    """
    from prover.api import check_budget, load_declaration, normalize, read_declarations, read_text, select
    if (statement is None) == (file is None):
        raise _bad_input("give a STATEMENT or --file, not both" if statement else "give a STATEMENT or --file")
    try:
        check_budget(timeout)
        if file is not None and file.suffix == ".jsonl":
            from prover.api import Declaration
            from prover.runner.suite import load_suite
            shown = str(file)
            decls = [Declaration(e.name, normalize(e.statement, e.name).statement, e.header) for e in load_suite(file)]
        elif file is not None or statement == "-":
            source = str(file) if file is not None else "-"
            shown = "<stdin>" if source == "-" else source
            decls = read_declarations(read_text(source), shown)
            if not decls:
                raise InputError(f"{shown}: no theorem found")
        else:
            source, shown, decls = None, None, read_declarations(statement)
            if not decls:
                raise InputError("empty statement")
        decls = select(decls, names, shown or "the statement")
        theorems = [load_declaration(d, shown) for d in decls]
    except LeanSyntaxError as e:
        if json_out:
            print(json.dumps({"name": None, "status": "error", "verdict": None, "proof": None, "methods": [],
                              "time_s": 0.0, "error": str(e)}, ensure_ascii=False))
        raise _bad_input(str(e))
    except InputError as e:
        raise _bad_input(str(e))
    prover = _prover(memory, use_memory, learn, use_search, encoder, model, allow_download, device, dtype, lm_rank, "prove")
    results = []
    for theorem in theorems:
        try:
            result = prover.prove_theorem(theorem, timeout, debug=debug)
        except InputError as e:
            raise _bad_input(str(e))
        results.append(result)
        _print_result(theorem, result, timeout, json_out)
    if export_lean is not None:
        proved = [r for r in results if r.proved]
        if len(results) == 1 and proved:
            export_lean.write_text(proved[0].to_lean(), encoding="utf-8")
        elif len(results) > 1:
            export_lean.mkdir(parents=True, exist_ok=True)
            for r in proved:
                (export_lean / f"{r.name}.lean").write_text(r.to_lean(), encoding="utf-8")
    raise typer.Exit(0 if all(r.proved for r in results) else 1)


def _print_result(theorem, result, timeout: float, json_out: bool) -> None:
    if json_out:
        print(json.dumps(result.raw, ensure_ascii=False))
    elif result.proved:
        print(result.to_lean(), end="")  # exact text: no wrapping
        out.print(f"-- verdict: {result.describe()}", highlight=False)
    elif result.verdict == "disproved":
        out.print(f"-- verdict: {result.describe()} ({theorem.name})", highlight=False)
    else:
        out.print(f"-- verdict: {result.verdict or result.status}: not proved in {timeout:g}s: {theorem.name}",
                  highlight=False)
    sys.stdout.flush()


@app.command()
def parse(
    suite: Annotated[Path, typer.Argument(help="A .jsonl suite, a .lean file or a folder of them.")],
    out_file: Annotated[Optional[Path], typer.Option("--out", help="Write one JSON line per theorem.")] = None,
) -> None:
    """Parse and elaborate every theorem of a suite; print the parse rate and the failures.

    [bold]Example[/bold]

      prover parse ../shared/benchmarks/minif2f/valid.jsonl --out parsed.jsonl
    """
    from collections import Counter

    from prover.runner.suite import load_suite
    from prover.state import load_theorem
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
    workers: Annotated[int, typer.Option(help="Worker processes; 0: one per core.", show_default="one per core")] = 0,
    out_file: Annotated[Optional[Path], typer.Option(
        "--out", help="Write one JSON line per theorem here; an existing file needs --resume or --overwrite.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue --out: skip the theorems already in it.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing --out file.")] = False,
    limit: Annotated[int, typer.Option(help="Run only the first N theorems.", show_default="all")] = 0,
    passes: Annotated[int, typer.Option(help="Re-attempt failures this many times, doubling the budget each pass.")] = 1,
    export_lean: Annotated[Optional[Path], typer.Option("--export-lean", help="Write each proof to DIR/NAME.lean.")] = None,
    use_search: Annotated[bool, typer.Option("--search/--no-search", help="Search over tactics, or decision procedures alone.")] = True,
    memory: MemoryDirOpt = None,
    use_memory: UseMemoryOpt = True,
    learn: LearnOpt = True,
    encoder: EncoderOpt = "auto",
    model: ModelOpt = "default",
    allow_download: DownloadOpt = False,
    device: DeviceOpt = "auto",
    dtype: DtypeOpt = "auto",
    lm_rank: LmRankOpt = 0.0,
    backend: Annotated[str, typer.Option(help="local (worker processes here) or ray (a Ray cluster).")] = "local",
    address: Annotated[Optional[str], typer.Option(help="--backend ray: 'auto' or HOST:PORT of a running cluster "
                                                   "(default: start one here).")] = None,
) -> None:
    """Prove every theorem of a suite and print a summary table.

    Ctrl-C (or SIGTERM) stops cleanly: finished results stay in --out; rerun with --resume.

    [bold]Examples[/bold]

      prover batch ../shared/benchmarks/minif2f/valid.jsonl --timeout 10 --out results.jsonl

      prover batch problems/ --workers 2 --out results.jsonl --resume

      prover batch suite.jsonl --timeout 30 --passes 2 --export-lean proofs/

      prover batch suite.jsonl --backend ray --address auto --out results.jsonl
    """
    import signal

    from prover.api import check_budget
    from prover.runner.batch import Interrupts
    from prover.runner.results import read_results
    from prover.runner.suite import load_suite
    try:
        check_budget(timeout)
    except InputError as e:
        raise _bad_input(str(e))
    if limit < 0:
        raise _bad_input(f"--limit must be ≥ 0 (0: all), not {limit}")
    if passes < 1 or workers < 0:
        raise _bad_input("--passes must be ≥ 1 and --workers ≥ 0")
    if resume and out_file is None:
        raise _bad_input("--resume needs --out")
    if resume and overwrite:
        raise _bad_input("give --resume or --overwrite, not both")
    if out_file is not None and out_file.is_dir():
        raise _bad_input(f"--out {out_file}: is a folder, not a file")
    if out_file is not None and not resume and not overwrite and out_file.exists() and out_file.stat().st_size > 0:
        raise _bad_input(f"--out {out_file} exists: add --resume to continue it or --overwrite to replace it")
    try:
        entries = load_suite(suite)
        _check_backend(backend, address)
    except InputError as e:
        raise _bad_input(str(e))
    if limit:
        entries = entries[:limit]
    prover = _prover(memory, use_memory, learn, use_search, encoder, model, allow_download, device, dtype, lm_rank,
                     str(suite))
    done = read_results(out_file) if (out_file and resume) else {}
    if out_file and overwrite and out_file.exists():
        out_file.unlink()
    latest: dict[str, dict] = dict(done)
    todo = [e for e in entries if e.name not in done]
    budget = timeout
    interrupted = None

    previous = signal.signal(signal.SIGTERM, Interrupts().handle)  # SIGTERM stops as Ctrl-C does
    try:
        for p in range(passes):
            if p > 0:
                todo = [e for e in entries if latest.get(e.name, {}).get("status") in ("failed", "timeout")]
                budget *= 2
            if not todo:
                continue  # nothing to do: the models are never loaded
            try:
                _run_pass(todo, entries, latest, budget, workers or (0 if backend == "ray" else _cpu_count()), out_file,
                          use_search, f"pass {p + 1}/{passes} ({budget:g}s)" if passes > 1 else "proving",
                          prover.session, prover.lm, backend, address)
            except ProverError as e:  # --backend ray: a cluster that cannot be reached, workers that cannot start
                raise _bad_input(str(e))
            if prover.session is not None:
                prover.session.save()
    except KeyboardInterrupt as e:
        interrupted = str(e) or "SIGINT"
    finally:
        signal.signal(signal.SIGTERM, previous)
    if interrupted:
        if prover._session is not None:
            prover._session.save()  # what the finished theorems taught
        kept = len(read_results(out_file)) if out_file is not None else 0
        err.print(f"interrupted: {kept} results kept, rerun with --resume" if out_file is not None
                  else f"interrupted: {len(latest)} results finished (none kept: no --out)", highlight=False)
        _summary(list(latest.values()), entries)
        raise typer.Exit(130 if interrupted == "SIGINT" else 143)
    if export_lean is not None:
        _export_proofs(entries, latest, export_lean)
    _summary(list(latest.values()), entries)
    raise typer.Exit(0)


def _check_backend(backend: str, address: str | None) -> None:
    if backend not in ("local", "ray"):
        raise InputError(f"unknown backend '{backend}': choose local or ray")
    if backend == "local" and address is not None:
        raise InputError("--address needs --backend ray")
    if backend == "ray":
        from prover.runner.ray_backend import check_address, require_ray
        require_ray()
        if address:
            check_address(address)


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _run_pass(todo, entries, latest, budget, workers, out_file, use_search, label, session=None, lm=None,
              backend: str = "local", address: str | None = None) -> None:
    import time
    from collections import Counter

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from prover.runner.batch import run_batch
    from prover.search.verdict import counts as verdict_counts
    counts = Counter(r["status"] for r in latest.values())
    running: list[str] = []
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[stats]}"),
                  TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), TextColumn("{task.fields[current]}"),
                  console=err, transient=False) as progress:
        task = progress.add_task(label, total=len(todo), stats="", current="")
        started = time.monotonic()

        def current() -> str:
            return ", ".join(running[:2]) + (f" +{len(running) - 2}" if len(running) > 2 else "")

        def on_start(entry):
            running.append(entry.name)
            progress.update(task, current=current())
            progress.refresh()   # drawn now: a theorem proved within one refresh period is still named

        def on_result(r):
            old = latest.get(r["name"])
            if old:
                counts[old["status"]] -= 1
            counts[r["status"]] += 1
            latest[r["name"]] = r
            if r["name"] in running:
                running.remove(r["name"])
            rate = (progress.tasks[0].completed + 1) / max(time.monotonic() - started, 1e-6) * 60
            v = verdict_counts(latest.values())
            progress.update(task, advance=1, current=current(),
                            stats=f"checked {v['checked']}  true-by-oracle {v['true-by-oracle']}  "
                                  f"disproved {v['disproved']}  failed {v['failed']}  "
                                  f"errors {counts['error'] + counts['timeout']}  {rate:.0f}/min")

        run_batch(todo, budget, workers, out_file, on_result, use_search=use_search, memory=session, lm=lm,
                  on_start=on_start, backend=backend, address=address)


def _export_proofs(entries, latest: dict, folder: Path) -> None:
    from prover.search.direct import lean_file
    from prover.state import load_theorem
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
    import statistics

    from rich.table import Table
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
    import re

    from prover.syntax.parser import Declaration, scan_lean_file
    from prover.tactics.learned import LearnedLemma, LemmaEnvironment
    from prover.api import read_text
    try:
        text = read_text(file)
    except InputError as e:
        raise _bad_input(str(e))
    file_header, items = scan_lean_file(text)
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
            out.print(f"{file}:{line}: {message}", highlight=False, markup=False)
        raise typer.Exit(1)
    # Each declaration is checked in order, and each failure is reported (as Lean reports every
    # error of a file); a checked theorem is a lemma for those after it, as in Lean, a failed one
    # is not, and nothing from outside the file is (the environment starts empty).
    environment = LemmaEnvironment()
    failures = 0
    for d in declarations:
        message, line = _check_declaration(d, file_header, environment, timeout)
        if message is not None:
            failures += 1
            out.print(f"{file}:{line}: not checked: {d.name}: {message}", highlight=False, soft_wrap=True, markup=False)
        elif not d.anonymous:
            environment.add(LearnedLemma(d.name, d.statement, d.proof))
    total = len(declarations)
    if failures:
        out.print(f"{file}: {failures} of {total} declaration{'s' if total > 1 else ''} not checked", highlight=False, markup=False)
        raise typer.Exit(1)
    out.print(f"{file}: checked ({total} declaration{'s' if total > 1 else ''})", highlight=False, markup=False)
    raise typer.Exit(0)


def _check_declaration(d, file_header: str, environment, timeout: float) -> tuple[str | None, int]:
    """(why `d` is not checked, or None; the line to report) with the kernel alone."""
    from prover.checkers.kernel_checker import KernelChecker
    from prover.checkers.replay import replay
    from prover.state import load_theorem
    try:
        # The file's own header and `open`/`variable` context decide what names mean.
        theorem = load_theorem(d.with_context()[0], header=file_header)
    except LeanSyntaxError as e:
        return str(e), d.line
    if theorem.translated:
        return (f"a {theorem.translated} statement is read through its translation, which the kernel's tactic "
                "models do not cover"), d.line
    result = replay(theorem.goal, d.proof, checker=KernelChecker(environment=environment), budget_s=timeout)   # closing steps: kernel only
    if not result.ok:
        return result.message, (d.proof_line - 1 + result.line if result.line else d.line)
    return None, d.line


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


@app.command()
def report(
    results: Annotated[Path, typer.Argument(help="A results JSONL file, as `prover batch --out` writes it.")],
    out_path: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    memory: Annotated[Optional[Path], typer.Option(help="Lemma memory folder: adds the lemma map.")] = None,
    against: Annotated[Optional[Path], typer.Option(help="A second results file to compare with.")] = None,
) -> None:
    """Write a self-contained HTML report of a batch's results (opens offline in a browser).

    [bold]Examples[/bold]

      prover report results.jsonl --out report.html

      prover report new.jsonl --against old.jsonl --memory ~/.local/share/prover/memory --out report.html
    """
    from prover.export.report import write_report
    if memory is not None and not memory.is_dir():
        raise _bad_input(f"--memory {memory}: no such folder")
    try:
        write_report(results, out_path, memory, against)
    except InputError as e:
        raise _bad_input(str(e))
    out.print(f"wrote {out_path}", highlight=False)


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
def memory_stats(memory: MemoryOpt = None,
                 json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False
                 ) -> None:
    """Counts of lemmas by kind and edges by kind (--json: as one JSON object)."""
    stats = _load_graph(memory).stats()
    if json_out:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
        return
    from rich.table import Table
    table = Table(title="lemma memory")
    table.add_column("nodes by kind")
    table.add_column("count", justify="right")
    for kind, n in sorted(stats["kinds"].items()):
        table.add_row(kind, str(n))
    table.add_row("[bold]all nodes[/bold]", f"[bold]{stats['nodes']}[/bold]")
    edges = Table(title=None)
    edges.add_column("edges by kind")
    edges.add_column("count", justify="right")
    for kind, n in sorted(stats["edge_kinds"].items()):
        edges.add_row(kind, str(n))
    edges.add_row("[bold]all edges[/bold]", f"[bold]{stats['edges']}[/bold]")
    out.print(table)
    out.print(edges)


@memory_app.command("search")
def memory_search(query: Annotated[str, typer.Argument(help="A goal or statement, as Lean text.")],
                  k: Annotated[int, typer.Option("-k", "--k", help="How many lemmas.")] = 10,
                  memory: MemoryOpt = None, encoder: EncoderOpt = "auto") -> None:
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
                 failed: Annotated[bool, typer.Option("--failed/--keep-failed", help="Drop failed attempts.")] = True,
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
               memory: MemoryOpt = None, encoder: EncoderOpt = "auto",
               size: Annotated[int, typer.Option(help="Cells per side of the map.")] = 8,
               save_prior: Annotated[bool, typer.Option(
                   "--save-prior", help="Also save the map into the memory, where it steers later searches.")] = False,
               ) -> None:
    """Train a self-organizing map over the memory's goals and draw it. The memory is only
    read, unless --save-prior stores the map there as a prior on proposals.

    [bold]Example[/bold]

      prover memory map --out map.png
    """
    if size < 1:
        raise _bad_input(f"--size must be ≥ 1, not {size}")
    from prover.memory.retrieval import TfidfEncoder, default_encoder
    from prover.memory.session import memory_dir
    from prover.memory.som import build_from_graph
    graph = _load_graph(memory)
    enc = default_encoder(encoder)
    if isinstance(enc, TfidfEncoder):
        enc.fit([d["statement"] for _, d in graph.graph.nodes(data=True)])
    som = build_from_graph(graph, enc, size, size)
    som.draw(out_path)
    if save_prior:
        folder = memory_dir(memory)
        folder.mkdir(parents=True, exist_ok=True)
        som.save(folder)
    out.print(f"drew a {size}×{size} map of {sum(1 for _, d in graph.graph.nodes(data=True) if d['kind'] != 'library')} "
              f"goals to {out_path}", highlight=False)


train_app = typer.Typer(help="Train the learned components.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("retriever")
def train_retriever_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the tuned encoder.")] = Path("retriever"),
    memory: MemoryOpt = None,
    synthetic: Annotated[int, typer.Option(help="Synthetic goals per library lemma (0: memory pairs only).")] = 30,
    epochs: Annotated[int, typer.Option(help="Passes over the training pairs.")] = 1,
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
    out_dir: Annotated[Path, typer.Option("--out", help="Model folder to write (an existing model needs --overwrite).")]
    = Path("tactic-lm"),
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Replace an existing model at --out (the shipped models/tactic-lm included).")] = False,
    minutes: Annotated[float, typer.Option(help="Training time.")] = 5.0,
    held_out: Annotated[Optional[list[Path]], typer.Option(
        "--held-out", help="Evaluation suites: no synthetic theorem may coincide with one of their statements.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed (synthetic theorems, initial weights).")] = 0,
    device: Annotated[str, typer.Option("--device", help="cpu (the shipped model's), cuda or auto.")] = "cpu",
    hidden: Annotated[int, typer.Option(help="Model width.")] = 256,
    layers: Annotated[int, typer.Option(help="Transformer layers.")] = 4,
) -> None:
    """Train the embedded tactic LM (BPE tokenizer + small LLaMA) on (state, tactic) pairs.

    [bold]Examples[/bold]

      prover train policy --data results/search_suite.jsonl --synthetic 150 --minutes 5 --out my-lm \\
          --held-out results/minif2f_eval.jsonl   # then: prover prove ... --model my-lm

      prover train policy --data proofs.jsonl --device cuda --hidden 512 --layers 8 --out big-lm   # on a GPU
    """
    from prover.learn.policy import pairs_from_results, read_pairs, train_policy, write_pairs
    from prover.learn.synthetic import generate, held_out_forms, state_tactic_pairs
    from prover.policy.lm import DEFAULT_MODEL
    from prover.runner.suite import load_suite
    if (out_dir / "config.json").exists() and not overwrite and not (save_pairs is not None and minutes <= 0):
        shipped = " (the shipped model)" if out_dir.resolve() == DEFAULT_MODEL.resolve() else ""
        raise _bad_input(f"--out {out_dir}: a model is there{shipped}; add --overwrite to replace it or choose another --out")
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
    rounds: Annotated[int, typer.Option(help="Rounds of prove, learn, retrain after round 0.")] = 3,
    budget: Annotated[float, typer.Option(help="Seconds per theorem, same in every round.")] = 10.0,
    workers: Annotated[int, typer.Option(help="Worker processes; 0: one per core.", show_default="one per core")] = 0,
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
    from rich.table import Table

    from prover.learn.improve import improve as run_improve
    from prover.runner.suite import load_suite
    try:
        tr, ev = load_suite(train), load_suite(eval_suite)
    except InputError as e:
        raise _bad_input(str(e))
    if {e.name for e in tr} & {e.name for e in ev}:
        raise _bad_input("the train and eval suites share theorems")
    reports = run_improve(tr, ev, rounds, budget, workers or _cpu_count(), work, model, synthetic, minutes,
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
    prove(DEMO, None, None, 10.0, False, None, True, False, None, True, True, "auto", "default", False, "auto", "auto", 0.0)


def main() -> None:
    """The console script: exits without waiting for models still loading in the background
    (a proof the decision procedures found never waits for the LM)."""
    try:
        app()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        code = 130
    from prover.api import loading
    if loading():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    main()
