"""Best-first search over an AND-OR tree of goals.

OR nodes are goals (`GoalNode`): proved when the decision procedures close them or when any
tactic edge below is proved. AND nodes are tactic applications (`Edge`): proved when all
their subgoals are proved. Identical goals share one node (transposition table keyed on the
goal, whose equality ignores names and timing). Priority is the cumulative log-probability
of the best path to a goal, with a tie-breaking counter so nodes are never compared.

Expansion is lazy: opening a goal runs the decision procedures and asks the proposer once;
each proposal then waits in the same queue at its parent's score plus its log-probability,
so the next check is the best-ranked (goal, tactic) pair on the whole frontier (as in
GPT-f-style search). A better ranking therefore costs fewer tactic checks.

Statuses are `Status` (OPEN, PROVED, FAILED). A closed goal records its typed certificate
(`GoalNode.certificate`): the kernel's `CheckedStep`s (`KernelCertificate`) or, for a goal
left true by oracle, the oracle's method (`OracleCertificate`). The checker that applies the
proposed tactics is a parameter of `search` (as in ReProver's `proof_search.py`).

Invariants (checked by `SearchTree.check_invariants`, on in debug mode):
  1. a PROVED goal has a closing certificate or a PROVED edge;
  2. a PROVED edge has only PROVED children; a FAILED edge has a FAILED child or was refused;
  3. a FAILED goal is expanded and all its edges are FAILED;
  4. no goal is its own descendant through edges (edges that would close a cycle are dropped).

>>> from prover.state import load_theorem
>>> r = search(load_theorem("theorem t (n : ℕ) : 3 ∣ n ^ 3 + 2 * n"), timeout_s=30)
>>> r.status
'proved'
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
import time
from dataclasses import dataclass, field
from enum import Enum

from prover.checkers.base import Checker, Closed, Subgoals, Timeout
from prover.checkers.kernel_checker import KernelChecker
from prover.checkers.sympy_checker import SympyChecker
from prover.decide.auto import Certificate, decide
from prover.decide.limits import ran_out
from prover.policy.base import Proposal, Proposer
from prover.policy.portfolio import AutomationPortfolio
from prover.search.certificates import KernelCertificate, NodeCertificate, OracleCertificate
from prover.search.direct import ProofResult
from prover.state import Goal, Theorem
from prover.tactics.environment import Environment, active
from prover.tactics.registry import METHOD_TACTIC, REGISTRY, closing_tactic


class Status(str, Enum):
    """A goal's or an edge's status (a `str` enum: `Status.PROVED == "proved"`)."""
    OPEN = "open"
    PROVED = "proved"
    FAILED = "failed"

    def __str__(self) -> str:
        return self.value


OPEN, PROVED, FAILED = Status.OPEN, Status.PROVED, Status.FAILED


LATER = "<ask the later proposer>"   # a queue item that asks `proposer.later` for more proposals
DECIDE_MORE = "<decide again, longer>"  # a queue item that reruns the decision procedures with more time
LEAF_S = 1.0   # seconds to find a kernel certificate for a goal the oracle closed, during search


@dataclass(eq=False)
class GoalNode:
    goal: Goal
    depth: int
    score: float
    status: Status = OPEN
    expanded: bool = False
    closed_by: tuple[str, Certificate, str] | None = None   # (tactic, certificate, proposal source)
    edges: list["Edge"] = field(default_factory=list)
    parents: list["Edge"] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)   # tactic -> reason (feeds the LM prompt later)
    pending: list[str] | None = None   # proposals not yet checked; None until the goal is opened
    decide_cut: bool = False   # the first decision pass ran out of time (so a longer one may close it)
    slow: set[str] = field(default_factory=set)   # tactics whose short check ran out of time
    # The oracle says this goal is true, but no kernel certificate was found for it yet:
    # (tactic, certificate, source). Search goes on for a kernel proof; used only at the end.
    oracle: tuple[str, Certificate, str] | None = None
    # What closed it: the kernel's steps, or the oracle's method (set with `closed_by`).
    certificate: NodeCertificate | None = None


@dataclass(eq=False)
class Edge:
    tactic: str
    logprob: float
    source: str
    parent: GoalNode
    children: list[GoalNode]
    status: Status = OPEN


@dataclass
class SearchBudget:
    timeout_s: float = 30.0
    max_expansions: int = 400
    max_depth: int = 12
    root_decide_share: float = 0.35   # of the time spent first on the decision procedures alone
    # A goal reached in search gets a short decision pass when opened, and a longer one later,
    # queued like a tactic at `decide_more_prior`, if the short one ran out of time. On miniF2F
    # and the search suite, every decision that closed a non-root goal took under 1 s, most under
    # 0.3 s, while a failing one took its whole 2 s: 2 s per goal left 4 goals per 10 s budget.
    node_decide_s: float = 0.5
    node_decide_more_s: float = 2.0
    decide_more_prior: float = 0.3
    # Likewise a tactic is checked first for `tactic_first_s`, and again for `tactic_s`, queued
    # at `recheck_prior` below its first turn, if that ran out of time. No check that closed a
    # goal or made subgoals took over 0.3 s on miniF2F and the search suite (1,400 checks).
    tactic_first_s: float = 0.75
    tactic_s: float = 2.0
    recheck_prior: float = 0.3
    proposals: int = 12


@dataclass
class SearchStats:
    expansions: int = 0
    proposer_calls: int = 0
    tactic_calls: int = 0
    nodes: int = 0


class SearchTree:
    def __init__(self, root_goal: Goal, kernel=None):
        self.table: dict[Goal, GoalNode] = {}
        self.root = self.node(root_goal, 0, 0.0)
        # closing steps are kept only with a kernel certificate
        self.kernel = kernel if kernel is not None else KernelChecker()

    def close(self, node: GoalNode, tactic: str, cert: Certificate, source: str, deadline: float) -> None:
        """The oracle closed `node` with `tactic`: it is closed when the kernel checks that
        tactic or a reconstructed one (`prover.search.reconstruct`) within `LEAF_S`; otherwise
        the oracle's answer is kept aside (`node.oracle`) and the search goes on."""
        from prover.search.reconstruct import reconstruct_leaf
        share = LEAF_S * (3 if node is self.root else 1)
        before = len(self.kernel.steps)
        leaf = reconstruct_leaf(node.goal, tactic, cert.method, min(deadline, time.monotonic() + share), self.kernel)
        if leaf.missing:
            node.oracle = node.oracle or (tactic, cert, source)
        else:
            node.closed_by = ("\n".join(leaf.lines), cert, source)
            node.certificate = KernelCertificate(tuple(
                s for s in self.kernel.steps[before:] if any(s.tactic in line for line in leaf.lines)))

    def fall_back_to_oracle(self) -> None:
        """At the end of a search without a kernel proof: goals the oracle closed count as closed
        (marked `sorry -- true by oracle`), and statuses are recomputed."""
        from prover.search.reconstruct import oracle_line
        for n in self.table.values():
            if n.oracle and not n.closed_by:
                n.closed_by = (oracle_line(n.oracle[1].method), n.oracle[1], n.oracle[2])
                n.certificate = OracleCertificate(n.oracle[1].method)
        for n in self.table.values():
            n.status = OPEN
            for e in n.edges:
                e.status = OPEN
        changed = True
        while changed:
            changed = False
            for n in self.table.values():
                if n.status == OPEN and (n.closed_by or any(e.status == PROVED for e in n.edges)):
                    n.status, changed = PROVED, True
                for e in n.edges:
                    if e.status == OPEN and all(c.status == PROVED for c in e.children):
                        e.status, changed = PROVED, True

    def record_certificates(self, kernel) -> None:
        """After reconstruction (`reconstruct_tree` rewrites leaves): each closed goal's
        certificate is the kernel checker's steps on it, or its oracle method for a leaf left
        `sorry -- true by oracle`."""
        from prover.search.reconstruct import ORACLE_MARK
        for n in self.table.values():
            if not n.closed_by:
                continue
            if n.closed_by[0].startswith(ORACLE_MARK):
                n.certificate = OracleCertificate(n.closed_by[1].method)
            elif not isinstance(n.certificate, KernelCertificate):
                n.certificate = KernelCertificate(tuple(s for s in kernel.steps if s.goal == n.goal))

    def node(self, goal: Goal, depth: int, score: float) -> GoalNode:
        n = self.table.get(goal)
        if n is None:
            n = GoalNode(goal, depth, score)
            self.table[goal] = n
        else:
            n.depth, n.score = min(n.depth, depth), max(n.score, score)
        return n

    def is_ancestor(self, candidate: GoalNode, of: GoalNode) -> bool:
        seen, stack = set(), [of]
        while stack:
            cur = stack.pop()
            if cur is candidate:
                return True
            if id(cur) in seen:
                continue
            seen.add(id(cur))
            stack += [e.parent for e in cur.parents]
        return False

    def propagate(self, node: GoalNode) -> None:
        """Recompute statuses from `node` upward."""
        stack = [node]
        while stack:
            cur = stack.pop()
            before = cur.status
            if cur.status == OPEN:
                if cur.closed_by or any(e.status == PROVED for e in cur.edges):
                    cur.status = PROVED
                elif cur.expanded and all(e.status == FAILED for e in cur.edges) and not cur.oracle:
                    cur.status = FAILED   # a goal the oracle says is true stays open (the fallback)
            if cur.status != before:
                for e in cur.parents:
                    old = e.status
                    if e.status == OPEN:
                        if all(c.status == PROVED for c in e.children):
                            e.status = PROVED
                        elif any(c.status == FAILED for c in e.children):
                            e.status = FAILED
                    if e.status != old:
                        stack.append(e.parent)

    def check_invariants(self) -> None:
        for n in self.table.values():
            assert isinstance(n.status, Status) and all(isinstance(e.status, Status) for e in n.edges)
            if n.status == PROVED:
                assert n.closed_by or any(e.status == PROVED for e in n.edges), "proved goal without proof"
            if n.closed_by:
                assert isinstance(n.certificate, (KernelCertificate, OracleCertificate)), "closed goal without certificate"
            if n.status == FAILED:
                assert n.expanded and all(e.status == FAILED for e in n.edges), "failed goal with live edges"
            for e in n.edges:
                if e.status == PROVED:
                    assert all(c.status == PROVED for c in e.children), "proved edge with unproved child"
                assert not any(c is n for c in e.children), "self loop"

    def extract(self, node: GoalNode | None = None) -> list[str]:
        """The Lean tactic script proving `node` (the root by default)."""
        node = node or self.root
        if node.closed_by:
            return node.closed_by[0].split("\n")   # a reconstructed leaf may be several lines
        edge = next(e for e in node.edges if e.status == PROVED)
        kids = [self.extract(c) for c in edge.children]
        m = _NAMED_INDUCTION.fullmatch(edge.tactic)
        if m and len(kids) == 2:
            # The names the children were checked with, written where Lean takes them.
            var, k, ih = m.groups()
            lines = [f"induction {var} with", "| zero =>"] + ["    " + x for x in kids[0]]
            lines += [f"| succ {k} {ih} =>"] + ["    " + x for x in kids[1]]
            return lines
        if len(kids) == 1:
            return [edge.tactic] + kids[0]
        lines = [edge.tactic]
        for k in kids:
            lines.append("· " + k[0])
            lines += ["  " + x for x in k[1:]]
        return lines

    def methods(self, node: GoalNode | None = None, acc=None) -> list[dict]:
        node = node or self.root
        acc = [] if acc is None else acc
        if node.closed_by:
            c = node.closed_by[1]
            acc.append({"method": c.method, "detail": c.detail, "time_s": c.time_s})
            return acc
        edge = next(e for e in node.edges if e.status == PROVED)
        for ch in edge.children:
            self.methods(ch, acc)
        return acc

    def proof_depth(self, node: GoalNode | None = None) -> int:
        node = node or self.root
        if node.closed_by:
            return 0
        edge = next(e for e in node.edges if e.status == PROVED)
        return 1 + max((self.proof_depth(c) for c in edge.children), default=0)

    def steps(self, node: GoalNode | None = None, acc=None) -> list[dict]:
        node = node or self.root
        acc = [] if acc is None else acc
        if node.closed_by:
            acc.append({"tactic": node.closed_by[0], "source": node.closed_by[2], "state": str(node.goal)})
            return acc
        edge = next(e for e in node.edges if e.status == PROVED)
        acc.append({"tactic": edge.tactic, "source": edge.source, "state": str(node.goal)})
        for ch in edge.children:
            self.steps(ch, acc)
        return acc


def _bare_closing(tactic: str) -> bool:
    """A closing tactic without hints: it runs only procedures `decide` already tried."""
    words = tactic.split()
    spec = REGISTRY.get(words[0]) if words else None
    return spec is not None and spec.forms is not None and spec.decided_first and "[" not in tactic


def _open(node: GoalNode, tree: SearchTree, budget: SearchBudget, deadline: float, whole: bool = False,
          again: bool = False) -> bool:
    """Run the decision procedures on a goal first reached (with all the time left when
    `whole`; with the longer per-goal share when `again`); True when they were tried."""
    if node.goal.target.op in ("forall", "imp", "and", "iff", "not") and node is not tree.root:
        return False
    left = deadline - time.monotonic()
    if whole:   # the root's comparison keeps time for `kernel_direct` (below) when Z3 gives up
        share = left
        if node is tree.root and node.goal.target.op in ("le", "lt", "ge", "gt"):
            from prover.search.fractions import ROOT_DIRECT_S
            share = max(left - ROOT_DIRECT_S, left / 2)
    elif node is tree.root:
        share = budget.root_decide_share * budget.timeout_s
    else:
        share = budget.node_decide_more_s if again else budget.node_decide_s
    share = max(min(share, left), 0.05)
    started = time.monotonic()
    cert = decide(node.goal, budget_s=share)
    node.decide_cut = (cert is None and node is not tree.root and not again
                       and ran_out(time.monotonic() - started, share) and share < budget.node_decide_more_s)
    if cert is not None:
        tree.close(node, closing_tactic(node.goal, cert.method, cert.detail), cert, "decision-procedure", deadline)
    elif not again and (node is tree.root or node.depth == 1 and any(
            e.tactic.split()[0] in ("intro", "intros", "constructor") for e in node.parents)):
        # undecided: the kernel's positivity / nlinarith may still close it (the root and the
        # parts a structural step makes of it: a bounded cost, not one per proposed tactic)
        from prover.search.fractions import DIRECT_S, ROOT_DIRECT_S, kernel_direct
        before = len(tree.kernel.steps)
        tactic = kernel_direct(node.goal, tree.kernel, deadline, ROOT_DIRECT_S if node is tree.root else DIRECT_S)
        if tactic is not None:
            node.closed_by = (tactic, Certificate("kernel", tactic, 0.0), "kernel-direct")
            node.certificate = KernelCertificate(tuple(tree.kernel.steps[before:]))
    if node.closed_by:
        node.pending, node.expanded = [], True
        tree.propagate(node)
    return True


_NAMED_INDUCTION = re.compile(r"induction' (\S+) with (\S+) (\S+)")


def named_induction(goal, tactic: str) -> str:
    """A proposed bare `induction n` as `induction' n with n ih`: a bare one leaves the step's
    variable and hypothesis inaccessible (`n✝`, `a✝`), so tactics below could not name them;
    with names, the proof is extracted as `induction n with | zero => … | succ n ih => …`."""
    m = re.fullmatch(r"induction (\S+)", tactic.strip())
    if not m:
        return tactic
    var = m.group(1)
    return f"induction' {var} with {var} {goal.fresh_name('ih')}"


def _try(node: GoalNode, prop, tree: SearchTree, checker, budget: SearchBudget, deadline: float, heap, counter) -> bool:
    """Check one proposed tactic on `node`: it closes the goal, adds an edge, or is recorded as
    failed; True when its short check ran out of time and a longer one is queued."""
    first = prop.tactic not in node.slow
    share = min(budget.tactic_first_s, budget.tactic_s) if first else budget.tactic_s
    tactic = named_induction(node.goal, prop.tactic)
    result = checker.apply(node.goal, tactic, budget_s=min(share, max(deadline - time.monotonic(), 0.05)))
    if isinstance(result, Timeout) and first and share < budget.tactic_s:
        node.slow.add(prop.tactic)
        heapq.heappush(heap, (-(node.score + prop.logprob + math.log(budget.recheck_prior)), next(counter), node, prop))
        return True
    if isinstance(result, Closed):
        tree.close(node, prop.tactic, result.certificate, prop.source, deadline)
        if not node.closed_by:
            node.failed[prop.tactic] = "true by oracle, no kernel certificate"
        return False
    if not isinstance(result, Subgoals):
        node.failed[prop.tactic] = getattr(result, "reason", "timeout")
        return False
    if any(g == node.goal for g in result.goals):
        node.failed[prop.tactic] = "no progress"
        return False
    children = [tree.node(g, node.depth + 1, node.score + prop.logprob) for g in result.goals]
    if any(tree.is_ancestor(c, node) for c in children):
        node.failed[prop.tactic] = "cycle"
        return False
    edge = Edge(tactic, prop.logprob, prop.source, node, children)
    node.edges.append(edge)
    for c in children:
        c.parents.append(edge)
        if c.status == OPEN and c.pending is None:
            heapq.heappush(heap, (-c.score, next(counter), c, None))
    if all(c.status == PROVED for c in children):
        edge.status = PROVED
    elif any(c.status == FAILED for c in children):
        edge.status = FAILED
    return False


def search(theorem: Theorem, timeout_s: float = 30.0, proposer: Proposer | None = None,
           budget: SearchBudget | None = None, debug: bool = False, checker: Checker | None = None,
           environment: Environment | None = None) -> ProofResult:
    """Prove `theorem` by the decision procedures, then best-first search over tactics.
    `checker` applies the proposed tactics (default: `SympyChecker`, the oracle-backed model);
    closing steps are kept only with a kernel certificate either way. `environment`: the
    learned lemmas in scope (default: none); it is active during the search, so every checker
    made for it (the kernel's included) sees the same lemmas."""
    environment = environment if environment is not None else Environment()
    with active(environment):
        return _search(theorem, timeout_s, proposer, budget, debug, checker, environment)


def _search(theorem: Theorem, timeout_s: float, proposer: Proposer | None, budget: SearchBudget | None,
            debug: bool, checker: Checker | None, environment: Environment) -> ProofResult:
    budget = budget or SearchBudget(timeout_s=timeout_s)
    proposer = proposer or AutomationPortfolio()
    checker = checker if checker is not None else SympyChecker(environment=environment)
    start = time.monotonic()
    deadline = start + budget.timeout_s
    tree = SearchTree(theorem.goal, KernelChecker(environment=environment))
    stats = SearchStats()
    counter = itertools.count()
    heap = [(0.0, next(counter), tree.root, None)]
    load_s = 0.0
    loaded = not hasattr(proposer, "ready")
    if hasattr(proposer, "start_loading"):
        proposer.start_loading()  # models load in the background while the procedures try the root

    def await_models() -> None:
        """Models are awaited before the first proposal, not before the decision procedures:
        a goal they close never waits. Waiting is not proof time: the deadline moves by it."""
        nonlocal loaded, load_s, deadline
        if not loaded:
            loaded = True
            t_load = time.monotonic()
            proposer.ready()
            waited = time.monotonic() - t_load
            load_s += waited
            deadline += waited

    while heap and tree.root.status == OPEN and time.monotonic() < deadline and stats.expansions < budget.max_expansions:
        _, _, node, prop = heapq.heappop(heap)
        if node.status != OPEN:
            continue
        if prop is None:
            if node.pending is not None:
                continue  # already opened (reached again by another path)
            stats.expansions += 1
            ahead = None
            if node is tree.root and getattr(proposer, "later", None) is None:
                # Asked first at the root: with nothing to search, the procedures get the whole budget.
                await_models()
                stats.proposer_calls += 1
                ahead = proposer.propose(node.goal, budget.proposals, node.failed)
            decided = _open(node, tree, budget, deadline, whole=ahead == [])
            if node.status != OPEN:
                continue
            if node.depth >= budget.max_depth:
                node.pending, node.expanded = [], True
                tree.propagate(node)
                continue
            if ahead is None:
                await_models()
                stats.proposer_calls += 1
            props = [p for p in (ahead if ahead is not None else proposer.propose(node.goal, budget.proposals, node.failed))
                     if not (decided and _bare_closing(p.tactic))]  # the same procedures just failed here
            node.pending = [p.tactic for p in props]
            # Each proposal waits in the queue at the score of the goals it would make, so the
            # best-ranked tactic anywhere on the frontier is checked next: a good ranking saves checks.
            for p in props:
                heapq.heappush(heap, (-(node.score + p.logprob), next(counter), node, p))
            safe = bool(props) and all(p.source == "portfolio-safe" for p in props)
            if getattr(proposer, "later", None) is not None and not safe:
                # The slower proposer (the LM) is asked only when search reaches its prior here,
                # and then knows which tactics already failed.
                node.pending.append(LATER)
                heapq.heappush(heap, (-(node.score + proposer.later_logprob), next(counter), node, Proposal(LATER, 0.0, "")))
            if node.decide_cut:
                node.pending.append(DECIDE_MORE)
                heapq.heappush(heap, (-(node.score + math.log(budget.decide_more_prior)), next(counter), node,
                                      Proposal(DECIDE_MORE, 0.0, "")))
            if not node.pending:
                node.expanded = True
                tree.propagate(node)
            continue
        if prop.tactic == DECIDE_MORE:
            _open(node, tree, budget, deadline, again=True)
            if node.status != OPEN:
                continue
        elif prop.tactic == LATER:
            await_models()
            stats.proposer_calls += 1
            known = set(node.pending) | set(node.failed) | {e.tactic for e in node.edges}
            for p in proposer.later.propose(node.goal, budget.proposals // 2, node.failed):
                if p.tactic not in known and not _bare_closing(p.tactic):
                    known.add(p.tactic)
                    node.pending.append(p.tactic)
                    heapq.heappush(heap, (-(node.score + p.logprob), next(counter), node, p))
        else:
            stats.tactic_calls += 1
            if _try(node, prop, tree, checker, budget, deadline, heap, counter):
                node.pending.append(prop.tactic)  # it waits for its longer check
        node.pending.remove(prop.tactic)
        if not node.pending:
            node.expanded = True
        tree.propagate(node)
        if debug:
            tree.check_invariants()

    if tree.root.status != PROVED and any(n.oracle for n in tree.table.values()):
        tree.fall_back_to_oracle()
    stats.nodes = len(tree.table)
    elapsed = round(time.monotonic() - start - load_s, 3)  # proof time, without model loading
    extra = {"expansions": stats.expansions, "proposer_calls": stats.proposer_calls, "tactic_calls": stats.tactic_calls,
             "nodes": stats.nodes}
    if tree.root.status == PROVED:
        if debug:
            tree.check_invariants()
        from dataclasses import asdict

        from prover.search.reconstruct import reconstruct_tree
        from prover.search.verdict import certified
        methods = tree.methods()
        missing, kernel = reconstruct_tree(tree, deadline)
        tree.record_certificates(kernel)
        lines = tree.extract()
        fields_ = certified(theorem, lines, missing, kernel)
        elapsed = round(time.monotonic() - start - load_s, 3)
        return ProofResult(theorem.name, "proved", methods=methods, time_s=elapsed,
                           depth=tree.proof_depth(), tactics=tree.steps(),
                           lemmas=[asdict(lemma) for lemma in environment.used_in(fields_["proof"])], **fields_, **extra)
    from prover.search.direct import failed_result
    return failed_result(theorem, start + load_s, **extra)


__all__ = ["search", "SearchBudget", "SearchTree", "Status", "KernelCertificate", "OracleCertificate", "METHOD_TACTIC"]
