"""The checker's soundness version.

`CHECKER_VERSION` is bumped whenever a soundness rule of the checker changes (a step that was
accepted may now be refused). The lemma memory records, per lemma, the version and the rules
(tactics and decision methods) its proof was checked with; a lemma recorded under an older
version is re-checked before any use, and `prover memory prune --recheck` re-verifies every
lemma and drops those that no longer check.

History: 1 = lemmas recorded without a version (before issue 12); 2 = issue 12 repairs
(binders, types, numerics; library lemmas at Mathlib's types; strict lemma admission);
3 = second review (only exact rationals are Z3 numerals, certified bounds for irrational
constants; bare `induction n` names nothing the script can use; ASCII type letters only in bare
propositions; the printer's negative literals).
4 = issue 13: lemmas admitted only when their closing steps are the certificate kernel's.
5 = round 7: bound function/Prop variables renamed as application heads; inaccessible names
cannot be written; translated (ZMod, ℝ≥0, Fin) statements never checked; Lean's default limits
for norm_num primality and decide; interval_cases bounds as Mathlib's parseBound; set
membership opaque to the arithmetic rules; the checker's cache keyed by ≡/membership marks;
use's discharger and rw's rfl close goals as in Lean.
6 = round 8: rw's instance chosen as Lean's kabstract (a possible earlier or defeq match
refused); ℕ reducible defeq for rw's rfl.
"""

CHECKER_VERSION = 6


def recorded_version(data: dict) -> int:
    """The version a memory node was checked under (1 when none was recorded)."""
    try:
        return int(data.get("checker_version") or 1)
    except (TypeError, ValueError):
        return 1


def is_stale(data: dict) -> bool:
    """Checked under an older checker: not to be used until re-checked."""
    return recorded_version(data) < CHECKER_VERSION
