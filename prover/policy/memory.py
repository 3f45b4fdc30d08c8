"""Proposals from the lemma memory: tactics that worked on similar solved goals, rewrites by
retrieved library lemmas, and applications of retrieved proved theorems
(`have h := amgm x y hx hy`, see `prover.tactics.learned`).

A theorem's own node is never retrieved for it (its proof must not come from itself).
"""

from __future__ import annotations

import math
from itertools import islice, product

from prover.policy.base import Proposal
from prover.state import Goal, Theorem
from prover.syntax.ast import PROP, Expr, substitute
from prover.syntax.printer import show
from prover.tactics.learned import LearnedLemma, LemmaEnvironment
from prover.tactics.rewrite import match_pattern, subterms
from prover.tactics.rewrite import rules as rewrite_rules

MAX_APPLICATIONS = 3    # instances proposed per retrieved theorem
APPLY_POOL = 32         # nearest nodes searched for proved theorems that apply to the goal
MAX_LEMMAS_APPLIED = 4  # theorems whose instances are proposed, per goal
MAX_SCANNED = 200       # admitted lemmas outside the retrieved pool matched against a goal
UNRETRIEVED_PROB = 0.1  # prior of an application of a lemma the retriever did not return


def goal_text(goal: Goal) -> str:
    hyps = " ".join(f"({n} : {show(h)})" for n, h in goal.hypotheses)
    return f"{hyps} ⊢ {show(goal.target)}".strip()


class MemoryProposer:
    name = "memory"

    def __init__(self, retriever, exclude: set[str] | None = None, k: int = 8, apply_pool: int = APPLY_POOL,
                 environment: LemmaEnvironment | None = None):
        self.retriever, self.exclude, self.k, self.apply_pool = retriever, set(exclude or ()), k, apply_pool
        # The learned lemmas it admits and proposes: give the search the same environment.
        self.environment = environment if environment is not None else LemmaEnvironment()
        self.used: list[str] = []   # node ids whose suggestions were proposed

    def ready(self) -> None:
        self.retriever.ready()

    def propose(self, goal: Goal, k: int = 16, failed: dict[str, str] | None = None) -> list[Proposal]:
        failed = failed or {}
        g = self.retriever.graph.graph
        rewrites = rewrite_rules()
        out: dict[str, float] = {}
        origin: dict[str, str] = {}
        applied = 0
        env = self.environment
        hits = self.retriever.retrieve(goal_text(goal), max(self.k, self.apply_pool), exclude=self.exclude)
        for rank, (nid, score) in enumerate(hits):
            d = g.nodes[nid]
            p = max(min(score, 0.99), 0.01)
            candidates = []
            if d["kind"] == "theorem" and d.get("proof") and d.get("name") and applied < MAX_LEMMAS_APPLIED:
                name = env.add(LearnedLemma(d["name"], d["statement"], d["proof"], nid))
                prop = env.resolve(name)
                applications = lemma_applications(goal, name, prop) if prop is not None else []
                applied += bool(applications)
                candidates += [(t, 0.4 * p) for t in applications]
            if rank < self.k:  # past the k nearest, only proved theorems that apply
                candidates += _copied(d, rewrites, 0.3 * p)
            for tactic, prob in candidates:
                if tactic not in failed and prob > out.get(tactic, 0):
                    out[tactic], origin[tactic] = prob, nid
        # Admitted lemmas outside the retrieved pool that apply all the same (matching decides).
        seen = {self.retriever.graph.graph.nodes[nid].get("name") for nid, _ in hits}
        for name in list(env.verified)[:MAX_SCANNED]:
            if applied >= MAX_LEMMAS_APPLIED:
                break
            lemma = env.candidates.get(name)
            if name in seen or name in env.excluded or lemma is None or lemma.node in self.exclude:
                continue
            applications = lemma_applications(goal, name, env.verified[name])
            applied += bool(applications)
            for tactic in applications:
                if tactic not in failed and tactic not in out:
                    out[tactic], origin[tactic] = UNRETRIEVED_PROB, lemma.node or name
        ranked = sorted(out.items(), key=lambda kv: -kv[1])[:k]
        self.used += [origin[t] for t, _ in ranked]
        return [Proposal(t, math.log(p), f"memory:{origin[t]}") for t, p in ranked]


def _copied(node: dict, rewrites, prob: float) -> list[tuple[str, float]]:
    """The first step of a similar solved goal's proof; a rewrite by a library lemma."""
    if node["kind"] in ("theorem", "have") and node.get("proof"):
        first = node["proof"].splitlines()[0].strip()
        if not first.startswith(("induction", "·", "|")):
            return [(first, prob)]
    if node["kind"] == "library" and node.get("name") in rewrites:
        return [(f"rw [{node['name']}]", prob)]
    return []


def lemma_applications(goal: Goal, name: str, prop, limit: int = MAX_APPLICATIONS) -> list[str]:
    """Tactics applying instances of a proved lemma that fit the goal: `nlinarith [name args, …]`
    with all of them, then `have h := name args` for each. An instance comes from matching the
    conclusion or a subterm of it against a subterm of the target or of a hypothesis (a lemma is
    applied where its conclusion speaks of the goal, so one concluding `False` never is);
    variables a match leaves unbound take the goal's variables of their type. Premises that are
    hypotheses of the goal are passed by name."""
    params, body = [], prop
    while body.op == "forall":
        params.append(body.value)
        body = body.args[0]
    premises = []
    while body.op == "imp":
        premises.append(body.args[0])
        body = body.args[1]
    if not params or body.op == "forall":
        return []
    types = dict(params)
    # The conclusion and its subterms, largest first.
    patterns = [x for x in subterms(body) if x.ty != PROP or x is body]
    patterns = [x for x in patterns if not (x.op == "var" and x.value in types) and any(
        n.op == "var" and n.value in types for n in x.walk())]
    found: list[dict] = []
    for pattern in patterns:
        for fact in [goal.target] + [h for _, h in goal.hypotheses]:
            for sub in subterms(fact):
                subst: dict = {}
                if match_pattern(pattern, sub, types, subst) and subst not in found:
                    found.append(subst)
    terms: list[str] = []
    for subst in found:  # a lemma nothing of the goal matches is not proposed
        for full in _complete(subst, params, goal):
            args = [show(full[p], prec=1024) for p, _ in params]
            proofs = []
            for premise in premises:
                inst = premise
                for p, _ in params:
                    inst = substitute(inst, p, full[p])
                proofs.append(next((n for n, h in goal.hypotheses if h == inst), None))
            if all(proofs):
                args += proofs
            term = f"{name} {' '.join(args)}"
            if term not in terms:
                terms.append(term)
            if len(terms) >= limit:
                break
        if len(terms) >= limit:
            break
    if not terms:
        return []
    # All instances as hints of one closing step (one check instead of one branch each),
    # then each instance as a `have` for proofs that need more steps after it.
    return [f"nlinarith [{', '.join(terms)}]"] + [f"have {goal.fresh_name('hl')} := {t}" for t in terms]


def _complete(subst: dict, params, goal: Goal, limit: int = 4):
    """`subst` with each unbound parameter given a goal variable of its type (a few ways)."""
    choices = []
    for p, ty in params:
        if p in subst:
            choices.append([subst[p]])
        else:
            choices.append([Expr("var", value=n, ty=t) for n, t in goal.variables if t == ty])
    for combo in islice(product(*choices), limit):
        yield {p: v for (p, _), v in zip(params, combo)}


class CombinedProposer:
    """Merges proposers; a tactic proposed by several keeps its best score and that one's source.
    Safe rules of the first proposer (log-probability 0) short-circuit the rest. Every proposal
    of the first proposer (the automation) is kept; the others add at most `k // 2` new ones, so
    a learned proposer can add options but never push the automation's out."""

    name = "combined"

    def __init__(self, proposers):
        self.proposers = list(proposers)

    def ready(self) -> None:
        for p in self.proposers:
            getattr(p, "ready", lambda: None)()

    def propose(self, goal: Goal, k: int = 16, failed: dict[str, str] | None = None) -> list[Proposal]:
        merged: dict[str, Proposal] = {}
        base: set[str] = set()
        for i, p in enumerate(self.proposers):
            props = p.propose(goal, k, failed)
            if i == 0:
                if props and all(x.source == "portfolio-safe" for x in props):
                    return props
                base = {x.tactic for x in props}
            for x in props:
                if x.tactic not in merged or x.logprob > merged[x.tactic].logprob:
                    merged[x.tactic] = x
        extra = sorted((x for x in merged.values() if x.tactic not in base), key=lambda x: -x.logprob)[: k // 2]
        kept = [x for x in merged.values() if x.tactic in base] + extra
        return sorted(kept, key=lambda x: -x.logprob)


class SomPrior:
    """Shifts each proposal's log-probability by the self-organizing map's record of that
    kind of tactic on goals in the same region (the meta-learning prior)."""

    name = "som-prior"

    def __init__(self, proposer, som, encoder, weight: float = 0.5):
        self.proposer, self.som, self._encoder, self.weight = proposer, som, encoder, weight

    @property
    def encoder(self):
        return self._encoder() if callable(self._encoder) and not hasattr(self._encoder, "encode") else self._encoder

    def ready(self) -> None:
        getattr(self.proposer, "ready", lambda: None)()
        self.encoder  # noqa: B018 (loads it)

    def propose(self, goal: Goal, k: int = 16, failed: dict[str, str] | None = None) -> list[Proposal]:
        props = self.proposer.propose(goal, k, failed)
        if not props or all(p.source == "portfolio-safe" for p in props):
            return props
        v = self.encoder.encode([goal_text(goal)])[0]
        if v.shape[0] != self.som.dim:
            return props
        shifted = [Proposal(p.tactic, p.logprob + self.weight * self.som.prior(v, p.tactic), p.source) for p in props]
        return sorted(shifted, key=lambda p: -p.logprob)


def own_node_ids(theorem: Theorem) -> set[str]:
    from prover.memory.graph import canonical_form, node_id
    canonical = canonical_form(theorem.statement)
    return {node_id(canonical), node_id(canonical + "#failed")}
