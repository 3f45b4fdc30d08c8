"""One real round of expert iteration on tiny suites: prove, learn, retrain policy and
retriever, evaluate (real search, checker, LM training and MiniLM fine-tuning)."""

from prover.learn import improve as improve_mod
from prover.memory.retrieval import MiniLMEncoder, default_encoder
from prover.runner.suite import SuiteEntry


def test_a_round_retrains_policy_and_retriever_and_reports(tmp_path, monkeypatch):
    monkeypatch.setattr(improve_mod, "RETRIEVER_SYNTHETIC", 1)
    train = [SuiteEntry("a", "theorem a (x : ℝ) (h : 2 * x = 4) : x = 2"),
             SuiteEntry("b", "theorem b (n : ℕ) : 2 ^ n ≥ n + 1")]
    evaluation = [SuiteEntry("c", "theorem c (y : ℝ) (h : 3 * y = 9) : y = 3"),
                  SuiteEntry("d", "theorem d (x : ℝ) (h : x = 2) : x ^ 2 = 5")]
    lines = []
    reports = improve_mod.improve(train, evaluation, rounds=1, budget_s=5, workers=1, work=tmp_path,
                                  synthetic=1, minutes=0.1, encoder="auto", log=lines.append)
    assert [r.round for r in reports] == [0, 1]
    assert all(r.eval_total == 2 and r.eval_proved == 1 for r in reports)   # d is false
    assert (tmp_path / "policy_round1" / "config.json").exists()
    tuned = tmp_path / "retriever_round1"
    assert isinstance(default_encoder(str(tuned)), MiniLMEncoder)
    assert any(line.startswith("retriever: trained on") for line in lines)
