VENV ?= .venv
PY = $(VENV)/bin/python

.PHONY: setup demo test bench lint
setup:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e ".[dev]"
demo: setup
	$(VENV)/bin/prover prove "theorem demo (x : ℝ) (h₀ : 3 * x - 7 = 11) : x = 6"
test: setup
	$(PY) -m pytest
bench: setup
	$(PY) bench/foundation.py --timeout 10
lint: setup
	$(VENV)/bin/ruff check prover cli.py bench tests --select F,E9
