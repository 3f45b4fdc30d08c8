"""The Python API: prove Lean 4 statements from a program.

>>> from prover import prove
>>> r = prove("theorem t (x : ℝ) (h : 2 * x = 4) : x = 2", timeout=10)
>>> r.proved, r.verdict, r.proof
(True, 'checked', 'linarith')
>>> r.certificates[0]["method"]
'z3'
>>> print(r.to_lean().split("\\n\\n")[-1], end="")
-- verdict: checked: every closing tactic checked by prover's certificate kernel (not yet by Lean);
-- structural steps by prover's goal transformations.
theorem t (x : ℝ) (h : 2 * x = 4) : x = 2 := by
  linarith

A `Prover` loads its models (the tactic LM, the retrieval encoder) once, in the background
and only when a proof needs search, and proves many statements:

>>> p = Prover(memory=None, model="none")
>>> [p.prove(s, timeout=10).status for s in ["(7 : ℤ) % (-3) = 1", "example : (2 : ℕ) + 2 = 5"]]
['proved', 'failed']

`memory` is a lemma-memory folder (or True for the default one, `$PROVER_MEMORY` or
~/.local/share/prover/memory); a prove then retrieves from it and, unless `learn=False`, adds
its result to it. Nothing is downloaded unless `allow_download=True`: a model is the embedded
one (`"default"`), a local folder, or a Hugging Face name already in the local cache.
"""

from __future__ import annotations

import math
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from prover.errors import InputError, LeanSyntaxError

__all__ = ["Prover", "ProofResult", "prove", "read_declarations", "Declaration"]

_DECL = re.compile(r"^(theorem|lemma|example)\b", re.M)
_HF_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "tactic-lm"  # as prover.policy.lm has it


# -- inputs -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Declaration:
    """One statement to prove, as Lean text the parser reads (`example` named, the proof after
    `:=` dropped), where it came from (`line` in its file, 1-based) and by what shift the
    first line's columns moved (to report errors at the user's positions)."""
    name: str | None
    statement: str
    header: str | None = None
    line: int = 1
    shift: int = 0


def normalize(text: str, name: str | None = None, line: int = 1, header: str | None = None) -> Declaration:
    """A declaration as the parser reads it: `example` gets a name (`example_LINE` unless one
    is given) and whatever follows the first `:=` (`by sorry`, a proof) is dropped.

    >>> normalize("example (x : ℝ) (h : 2 * x = 4) : x = 2 := by sorry").statement
    'theorem example_1 (x : ℝ) (h : 2 * x = 4) : x = 2 :='
    """
    body = text.strip()
    assign = body.find(":=")
    if assign >= 0:
        body = body[: assign + 2]
    shift = 0
    m = re.match(r"example\b", body)
    if m:
        new_name = name or f"example_{line}"
        head = f"theorem {new_name}"
        shift = len(head) - len("example")
        body = head + body[m.end():]
        name = new_name
    return Declaration(name, body, header, line, shift)


def read_declarations(text: str, source: str = "<input>") -> list[Declaration]:
    """Every declaration of a Lean text: a whole `.lean` file (header, several `theorem`,
    `lemma` or `example` declarations, proofs or `sorry` after `:=`) or one bare statement.

    >>> [d.name for d in read_declarations("import Mathlib\\n\\ntheorem a : 1 = 1 := by sorry\\n\\nexample : 2 = 2 := rfl\\n")]
    ['a', 'example_5']
    """
    from prover.syntax.parser import split_lean_file
    if not _DECL.search(text):
        return [normalize(text)] if text.strip() else []
    header, chunks = split_lean_file(text)
    out = []
    for chunk, offset in chunks:
        if ":=" not in text and chunk.rstrip().endswith(":="):
            chunk = chunk.rstrip()[:-2].rstrip()   # the scan ends a statement with `:=`; the user wrote none
        words = chunk.split()
        name = words[1] if words[0] in ("theorem", "lemma") and len(words) > 1 else None
        decl = normalize(chunk, name, offset + 1, header or None)
        lines = text.splitlines()
        if name and name.startswith("example_") and offset < len(lines) and lines[offset].lstrip().startswith("example"):
            # the file scan named the `example`: errors on its first line are at the user's columns
            decl = Declaration(decl.name, decl.statement, decl.header, decl.line, len(f"theorem {name}") - len("example"))
        out.append(decl)
    return out


def select(decls: list[Declaration], names: list[str] | None, source: str) -> list[Declaration]:
    """The declarations named (all when `names` is empty); InputError naming any not there.

    >>> [d.name for d in select(read_declarations("theorem a : 1 = 1\\ntheorem b : 2 = 2"), ["b"], "f")]
    ['b']
    """
    if not names:
        return decls
    missing = [n for n in names if n not in {d.name for d in decls}]
    if missing:
        raise InputError(f"{source}: no declaration named {', '.join(missing)}")
    return [d for d in decls if d.name in names]


def read_text(path: str | Path) -> str:
    """A file's text (or stdin's, for `-`), as UTF-8; InputError with the byte position when
    it is not UTF-8."""
    import sys
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    return decode(data, "<stdin>" if str(path) == "-" else str(path))


def decode(data: bytes, source: str) -> str:
    """UTF-8 text, or InputError naming the line and column of the first bad byte.

    >>> decode(b"theorem t : 1 = \\xff", "f.lean")
    Traceback (most recent call last):
    ...
    prover.errors.InputError: f.lean:1:17: not UTF-8 (byte 0xff); save the file as UTF-8
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise InputError(f"{source}:{line}:{col}: not UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8") \
            from None


def load_declaration(decl: Declaration, source: str | None = None):
    """The parsed theorem; a LeanSyntaxError at the user's own line and column."""
    from prover.state import load_theorem
    try:
        return load_theorem(decl.statement, name=decl.name, header=decl.header)
    except LeanSyntaxError as err:
        if err.line is None:
            raise
        line, col = err.line + decl.line - 1, err.column
        if err.line == 1 and col is not None and col > decl.shift:
            col -= decl.shift
        message = str(err).split(": ", 1)[1] if str(err).startswith("line ") else str(err)
        if source is not None:
            raise LeanSyntaxError(f"{source}:{line}:{col}: {message}") from None
        raise LeanSyntaxError(message, line, col) from None


# -- checks -----------------------------------------------------------------------------

def check_budget(seconds, what: str = "timeout") -> float:
    """A positive, finite number of seconds, or InputError.

    >>> check_budget(float("nan"))
    Traceback (most recent call last):
    ...
    prover.errors.InputError: --timeout must be a positive number of seconds, not nan
    """
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        raise InputError(f"--{what} must be a positive number of seconds, not {seconds!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"--{what} must be a positive number of seconds, not {value:g}")
    return value


def check_model(model: str | None, allow_download: bool = False) -> str | None:
    """The model to load, checked now without loading it: `None` for no LM; the embedded one
    for `"default"`; a folder with a `config.json`; a Hugging Face name only when it is in the
    local cache or `allow_download`. InputError otherwise (a typo never waits on the network)."""
    if model in (None, "none"):
        return None
    if model == "default":
        return str(DEFAULT_MODEL) if (DEFAULT_MODEL / "config.json").exists() else None
    path = Path(model).expanduser()
    looks_like_path = model.startswith(("/", ".", "~")) or path.exists() or not _HF_NAME.match(model)
    if looks_like_path:
        if not path.exists():
            raise InputError(f"--model {model}: no such folder (a Hugging Face name looks like 'org/name')")
        if not path.is_dir() or not (path / "config.json").exists():
            raise InputError(f"--model {model}: not a model folder (no config.json in it)")
        return str(path)
    if allow_download:
        return model
    from huggingface_hub import try_to_load_from_cache
    cached = try_to_load_from_cache(model, "config.json")
    if not isinstance(cached, str):
        raise InputError(f"--model {model}: not in the local Hugging Face cache, and downloads are off "
                         "(add --allow-download to fetch it)")
    return model


def check_device(device: str) -> str:
    if device not in ("auto", "cpu", "cuda"):
        raise InputError(f"--device must be auto, cpu or cuda, not {device}")
    if device == "cuda":
        from prover.policy.lm import select_device
        select_device(device)  # InputError without a GPU
    return device


def offline(allow_download: bool) -> None:
    """Hugging Face libraries stay offline unless downloads are allowed (set before they load)."""
    if not allow_download:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no download or loading bars on stderr


# -- results ----------------------------------------------------------------------------

@dataclass
class ProofResult:
    """The outcome of one proof attempt.

    `status` is proved, failed, timeout or error; `verdict` is "checked" (every closing step
    checked by the certificate kernel), "true-by-oracle" (the oracles say true, some step has no
    kernel certificate: `oracle` names the methods), "disproved" (a counterexample the kernel
    confirmed: `counterexample`), "failed" or "error"; `certificates` are the decision
    procedures' certificates (method, detail, seconds); `lemmas` the learned lemmas the proof
    applies. It is a report of the search's result, made from its record (`raw`): only the
    search's own result, guarded by the kernel, decides the verdict."""
    name: str
    statement: str
    status: str
    verdict: str | None = None
    proof: str | None = None
    certificates: list = field(default_factory=list)
    time_s: float = 0.0
    lemmas: list = field(default_factory=list)
    error: str | None = None
    header: str = ""
    raw: dict = field(default_factory=dict, repr=False)
    oracle: list = field(default_factory=list)
    counterexample: dict | None = None

    @property
    def proved(self) -> bool:
        return self.status == "proved"

    def to_lean(self) -> str:
        """The theorem with its header, the lemmas it applies and its proof, as a `.lean` file."""
        if not self.proved:
            raise ValueError(f"{self.name}: not proved ({self.status}); there is no proof to write")
        from prover.search.direct import lean_file
        from prover.state import Theorem
        theorem = Theorem(self.name, None, self.statement, self.header)
        return lean_file(theorem, self.proof, self.verdict, self.lemmas, self.oracle)

    def describe(self) -> str:
        """The verdict in words, as `prove` prints it (`checked (kernel rules: linarith; 0.05s)`,
        `disproved: x = 37, a = 1480`, ...)."""
        from prover.search.verdict import describe
        return describe(self.raw)

    def to_json(self) -> dict:
        """The search's own record (as `prover batch` writes it) with the statement."""
        return {**self.raw, "statement": self.statement}

    @classmethod
    def _from(cls, theorem, raw: dict) -> "ProofResult":
        return cls(raw.get("name") or theorem.name, theorem.statement, raw["status"], raw.get("verdict"),
                   raw.get("proof"), list(raw.get("methods") or []), raw.get("time_s", 0.0),
                   list(raw.get("lemmas") or []), raw.get("error"), theorem.header, raw,
                   list(raw.get("oracle") or []), raw.get("counterexample"))


# -- background loading -----------------------------------------------------------------

class BackgroundReady:
    """A proposer whose models load in a thread, started by search as it begins, while the
    decision procedures work on the root goal; search waits for them (`ready`) only when it
    first needs a proposal, so a proof the procedures find never waits. After loading,
    `prepare` runs in the calling thread (it may use Z3 and SymPy, which are not thread-safe)."""

    def __init__(self, inner, prepare=None):
        self.inner, self.prepare = inner, prepare
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._done = False

    def __getattr__(self, name):  # later, later_logprob, name: the inner proposer's
        return getattr(self.inner, name)

    def start_loading(self) -> None:
        if self._thread is None and not self._done:
            self._thread = threading.Thread(target=self._load, name="prover-models", daemon=True)
            self._thread.start()
            _LOADERS.append(self._thread)

    def _load(self) -> None:
        try:
            with _LOAD_LOCK:  # one load at a time: transformers' loading is not thread-safe
                getattr(self.inner, "ready", lambda: None)()
        except BaseException as err:  # reported in the caller's thread, by ready()
            self._error = err

    def ready(self) -> None:
        if self._done:
            return
        self.start_loading()
        self._thread.join()
        self._done = True
        if isinstance(self._error, InputError):
            raise self._error
        if self._error is not None:  # a model that is there but does not load (corrupt, wrong kind)
            message = str(self._error).strip().splitlines()[0][:200] if str(self._error).strip() else ""
            raise InputError(f"cannot load the models: {type(self._error).__name__}: {message}") from self._error
        if self.prepare is not None:
            self.prepare()

    def propose(self, goal, k: int = 16, failed=None):
        self.ready()
        return self.inner.propose(goal, k, failed)


_LOADERS: list[threading.Thread] = []
from prover.policy.loading import MODEL_LOAD_LOCK as _LOAD_LOCK  # noqa: E402 (every load in the process)


def wait_for_loaders() -> None:
    """Let background loads finish before loading in this thread (loads must not overlap)."""
    for t in list(_LOADERS):
        t.join()


def loading() -> bool:
    """Whether a model is still loading in the background (the CLI then exits without waiting)."""
    return any(t.is_alive() for t in _LOADERS)


# -- the prover -------------------------------------------------------------------------

class Prover:
    """Proves statements; models and memory load once, when first needed.

    memory: None (no memory), True (the default folder) or a folder. learn: add each result
    to the memory (False: the memory is only read). model: "default" (embedded), "none", a
    folder or a cached Hugging Face name. search: False for the decision procedures alone."""

    def __init__(self, memory=None, *, model: str | None = "default", encoder: str = "auto", learn: bool = True,
                 search: bool = True, device: str = "auto", dtype: str = "auto", lm_rank: float = 0.0,
                 allow_download: bool = False, suite: str = "prove"):
        offline(allow_download)
        self.use_search = search
        self.model = check_model(model, allow_download) if search else None
        self.device = check_device(device) if self.model else device
        if dtype not in ("auto", "float32", "float16", "bfloat16"):
            raise InputError(f"--dtype must be auto, float32, float16 or bfloat16, not {dtype}")
        if not (isinstance(lm_rank, (int, float)) and 0.0 <= lm_rank <= 1.0):
            raise InputError(f"--lm-rank must be between 0 and 1, not {lm_rank}")
        if encoder not in ("auto", "minilm", "tfidf") and not Path(encoder).is_dir():
            raise InputError(f"unknown encoder '{encoder}': choose auto, minilm, tfidf or a tuned encoder's folder")
        self.dtype, self.lm_rank, self.encoder, self.learn = dtype, lm_rank, encoder, learn
        self._memory = memory if (memory is not None and memory is not False and search) else None
        self.suite = suite
        self._session = None
        self._lm = None
        self._admitted = False
        self._pending: list[tuple[str, dict]] = []

    @property
    def memory_folder(self) -> Path | None:
        if self._memory is None:
            return None
        from prover.memory.session import memory_dir
        return memory_dir(None if self._memory is True else Path(self._memory))

    # Models and memory, built on first use (cheap parts now, weights in the background).
    @property
    def session(self):
        if self._session is None and self.memory_folder is not None:
            from prover.memory.session import MemorySession
            self._session = MemorySession(self.memory_folder, self.encoder, self.suite) if self.learn \
                else ReadOnlySession(self.memory_folder, self.encoder, self.suite)
        return self._session

    @property
    def lm(self):
        if self._lm is None and self.model is not None:
            from prover.policy.compose import LazyLM
            retriever = self.session.retriever if self.session is not None else None
            self._lm = LazyLM(self.model, self.device, self.dtype, retriever, self.lm_rank)
        return self._lm

    def _admit(self) -> None:
        self._flush()  # (in this thread, after the load: results learned meanwhile)
        if not self._admitted and self.session is not None:
            self._admitted = True
            self.session.admit_lemmas(budget_s=10.0)  # proofs replayed once, like loading a model

    def proposer(self, theorem):
        from prover.policy.compose import build_proposer
        return BackgroundReady(build_proposer(theorem, self.session, self.lm), self._admit)

    def prove(self, statement: str, timeout: float = 10.0, *, name: str | None = None, header: str | None = None,
              debug: bool = False) -> ProofResult:
        """Prove one statement (a theorem, lemma, example or bare proposition) within `timeout`
        seconds of proof time. Bad input raises `prover.errors.InputError` (a LeanSyntaxError
        with the position for text that does not parse)."""
        timeout = check_budget(timeout)
        decls = read_declarations(statement)
        if len(decls) != 1:
            raise InputError("expected one statement" if decls else "empty input")
        decl = decls[0]
        if name is not None or header is not None:
            decl = Declaration(name or decl.name, decl.statement, header or decl.header, decl.line, decl.shift)
        return self.prove_theorem(load_declaration(decl), timeout, debug=debug)

    def prove_theorem(self, theorem, timeout: float = 10.0, debug: bool = False) -> ProofResult:
        """Prove an already parsed `prover.state.Theorem`."""
        timeout = check_budget(timeout)
        if self.use_search:
            from prover.search.best_first import search
            calls = self._lm.calls if self._lm is not None else 0
            environment = self.session.environment if self.session is not None else None
            raw = search(theorem, timeout, proposer=self.proposer(theorem), debug=debug,
                         environment=environment).to_json()
            raw["lm_calls"] = (self._lm.calls - calls) if self._lm is not None else 0
        else:
            from prover.search.direct import prove_theorem
            raw = prove_theorem(theorem, timeout).to_json()
        if self.session is not None and self.learn:
            self._learn(theorem.statement, raw)
        return ProofResult._from(theorem, raw)

    def _learn(self, statement: str, raw: dict) -> None:
        """Add a result to the memory on disk now. While the models still load in the
        background (their indexing writes to the session's graph), it goes through a session
        of its own, and into this one once the load is over."""
        if loading():
            from prover.memory.session import MemorySession
            side = MemorySession(self.memory_folder, self.encoder, self.suite)
            side.learn(statement, raw)
            side.save()
            self._pending.append((statement, raw))
            return
        self._flush()
        self.session.learn(statement, raw)
        self.session.save()

    def _flush(self) -> None:
        while self._pending and self._session is not None:
            self._session.learn(*self._pending.pop(0))

    def prove_file(self, path: str | Path, timeout: float = 10.0, names: list[str] | None = None) -> list[ProofResult]:
        """Prove every declaration of a `.lean` file (`-`: stdin), or those named."""
        source = str(path)
        decls = select(read_declarations(read_text(path), "<stdin>" if source == "-" else source), names, source)
        theorems = [load_declaration(d, source) for d in decls]
        return [self.prove_theorem(t, timeout) for t in theorems]


    def batch(self, suite: str | Path, out: str | Path | None = None, timeout: float = 10.0, workers: int = 0,
              resume: bool = False) -> list[ProofResult]:
        """Prove every theorem of a suite (`.jsonl`, `.lean` or a folder) in worker processes, as
        `prover batch` does; with `out`, one JSON line per theorem is appended there (with
        `resume`, theorems already in it are skipped and their results read back)."""
        from prover.runner.batch import read_results, run_batch
        from prover.runner.suite import load_suite
        timeout = check_budget(timeout)
        entries = load_suite(suite)
        out = Path(out) if out is not None else None
        if out is not None and out.exists() and out.stat().st_size > 0 and not resume:
            raise InputError(f"{out} exists: pass resume=True to continue it (or remove it)")
        done = read_results(out) if out is not None and resume else {}
        todo = [e for e in entries if e.name not in done]
        workers = workers or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
        fresh = run_batch(todo, timeout, workers, out, use_search=self.use_search,
                          memory=self.session if todo else None, lm=self.lm if todo else None) if todo else []
        by_name = {**done, **{r["name"]: r for r in fresh}}
        if self.session is not None and fresh:
            self.session.save()
        results = []
        for e in entries:
            raw = by_name.get(e.name)
            if raw is not None:
                results.append(ProofResult(e.name, e.statement, raw["status"], raw.get("verdict"), raw.get("proof"),
                                           list(raw.get("methods") or []), raw.get("time_s", 0.0),
                                           list(raw.get("lemmas") or []), raw.get("error"),
                                           e.header or _default_header(), raw, list(raw.get("oracle") or []),
                                           raw.get("counterexample")))
        return results


def _default_header() -> str:
    from prover.state import DEFAULT_HEADER
    return DEFAULT_HEADER


class _ReadOnlyMixin:
    def learn(self, statement, result) -> None:  # the memory is only read
        pass

    def save(self) -> None:
        pass


def _read_only_session():
    from prover.memory.session import MemorySession

    class ReadOnly(_ReadOnlyMixin, MemorySession):
        """A memory session that never writes: no lock file, no learning, no saving."""

        def __init__(self, folder, encoder="auto", suite=""):
            from prover.memory.graph import load_memory
            from prover.memory.retrieval import Retriever, default_encoder
            from prover.memory.som import SelfOrganizingMap
            self.folder = Path(folder)
            self.graph = load_memory(self.folder)  # files are replaced atomically: no lock needed to read
            self.retriever = Retriever(self.graph, lambda: default_encoder(encoder))
            self.som = SelfOrganizingMap.load(self.folder)
            self.suite, self.run_id, self.learned = suite, "read-only", 0
            from prover.tactics.learned import LemmaEnvironment
            self.environment = LemmaEnvironment()
    return ReadOnly


def ReadOnlySession(folder, encoder: str = "auto", suite: str = ""):
    return _read_only_session()(folder, encoder, suite)


def prove(statement: str, timeout: float = 10.0, memory=None, model: str | None = "default", *,
          name: str | None = None, header: str | None = None, **options) -> ProofResult:
    """Prove one statement; see `Prover` for `memory`, `model` and the other options, and
    `Prover.prove` for `name` and `header` (the lines before the statement: `open …`)."""
    return Prover(memory, model=model, **options).prove(statement, timeout, name=name, header=header)
