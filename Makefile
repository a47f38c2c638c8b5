# The verbs a newcomer needs. `make run` and `make test` install and train first if needed.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
MODEL := models/send-guide.tar.gz
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

# Rasa 3.6 runs on Python 3.8 to 3.10 only: use python3.10, or the one pyenv installed.
PYTHON310 := $(shell scripts/find-python310.sh)
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml') guide/safeguarding_override.py guide/safety.py guide/tfidf_classifier.py guide/message_parts.py

.PHONY: install train run shell test lint format validate test-unit test-conversations test-corpus test-nlu test-realistic test-safety test-servers test-production eval bench bench-scale purge clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed (Rasa 3.6 supports 3.8 to 3.10). Install python3.10 and try again."; exit 1; }
	$(PYTHON310) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# kubernetes-validate checks the Kubernetes manifests (tests/test_deploy.py). It needs a newer
# jsonschema than Rasa 3.6 pins, so it has a virtual environment of its own.
TOOLS := .venv-tools
$(TOOLS)/.installed:
	$(PYTHON310) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet kubernetes-validate==1.37.0
	touch $@

train: $(MODEL)

# Make retrains only when the training data, domain, config or NLU component changed.
$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(BIN)/rasa train --fixed-model-name send-guide --out models
	@touch $@

run: train
	@bash scripts/run.sh

shell: train
	@bash scripts/run.sh --shell

validate: install
	$(BIN)/rasa data validate --fail-on-warnings

# One style: ruff format lays the code out, ruff check keeps the rules (pyproject.toml: no line over 120).
# `make format` fixes the layout.
LINTED := actions channels guide rasa_tuning scripts tests
lint: install
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/ruff check $(LINTED)

format: install
	$(BIN)/ruff format $(LINTED)

test-unit: install $(TOOLS)/.installed
	PATH="$$PATH:$(CURDIR)/$(TOOLS)/bin" $(BIN)/python -m pytest tests --ignore=tests/rest --ignore=tests/browser --ignore=tests/production

test-conversations: train
	$(BIN)/rasa test core --e2e --stories tests/test_conversations.yml --model $(MODEL) --fail-on-prediction-errors --out results/conversations

# Conversations typed as families type (tests/conversations/corpus.yml), end to end through the
# REST channel: at least 95 in 100 must reach the right rung, facts and contacts.
test-corpus: train
	$(BIN)/python scripts/evaluate_corpus.py --min-reached 0.95

test-nlu: train
	$(BIN)/python scripts/evaluate_nlu.py --model $(MODEL) --min-accuracy 0.95 --min-macro-f1 0.95

# Long first messages as parents really write them (tests/nlu/realistic_holdout.yml, never trained
# on), through the REST channel: the guide must act on the right type for at least 85 in 100, on a
# wrong one for at most 5 in 100, and offer the right type among the choices it offers 97 in 100.
test-realistic: train
	$(BIN)/python scripts/evaluate_realistic.py --min-acts-right 0.85 --max-acts-wrong 0.05 --min-right-in-choices 0.97

# Safety first: every message in the held-out safety sets must get the safety reply, and at most
# 5 in 100 ordinary messages may (tests/nlu/safety_holdout*.yml, never trained on).
test-safety: train
	$(BIN)/python scripts/evaluate_safety.py --model $(MODEL) --min-recall 1.0 --max-false-alarms 0.05

# Real servers, started once for both: the REST channel, then the widget in headless Chromium.
test-servers: train
	$(BIN)/python -m pytest tests/rest tests/browser

# The production shape, for real: two Rasa servers started with endpoints.production.yml, sharing
# PostgreSQL and Redis (throwaway ones on loopback, from Debian's postgresql and redis-server
# packages), through load, restarts and faults, behind the containers' nginx configuration.
test-production: train
	$(BIN)/python -m pytest tests/production

# Everything, in order of speed: lint, content and logic, data, the model, then real servers.
test: lint test-unit validate test-conversations test-corpus test-realistic test-nlu test-safety test-servers test-production

# Measurements, not tests: 5-fold cross-validation on the training data (the whole pipeline, then
# the classifier alone against fallback thresholds), the held-out set against a TF-IDF baseline,
# and the conversation tests. Writes reports/ and prints a summary.
eval: train
	@mkdir -p reports
	$(BIN)/rasa test nlu --nlu data/nlu --config config.yml --cross-validation --folds 5 --out reports/cross-validation
	$(BIN)/python scripts/tune_thresholds.py | tee reports/thresholds.txt
	$(BIN)/python scripts/evaluate_nlu.py --model $(MODEL) --baseline --report reports
	$(BIN)/python scripts/tune_safety.py | tee reports/safety-floors.txt
	$(BIN)/python scripts/evaluate_safety.py --model $(MODEL) --report reports --data tests/nlu/safety_holdout.yml tests/nlu/safety_holdout_2.yml tests/nlu/safety_blind_check.yml
	$(BIN)/rasa test core --e2e --stories tests/test_conversations.yml --model $(MODEL) --out reports/conversations
	$(BIN)/python scripts/evaluate_corpus.py --report reports
	$(BIN)/python scripts/evaluate_realistic.py --report reports
	$(BIN)/python scripts/compare_long_messages.py | tee reports/long-messages.txt
	$(BIN)/python scripts/eval_summary.py reports

# Load benchmark, this assistant against stock Rasa 3.6 trained on the same data, side by side.
# Trains both (the stock one takes about 10 minutes on 2 cores); BENCH_ARGS=--reuse keeps an earlier stock model.
bench: train
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# One Rasa server against two, in the production shape (PostgreSQL and Redis, throwaway ones on
# loopback): throughput and reply times for 20 and 50 families. Writes docs/scaling.md.
bench-scale: train
	$(BIN)/python scripts/bench_scale.py

# Delete conversations with no activity for RETENTION_DAYS (default 30) from the tracker store in
# endpoints.yml. Run it daily (README, "Privacy").
RETENTION_DAYS ?= 30
purge: install
	$(BIN)/python scripts/purge.py --days $(RETENTION_DAYS)

clean:
	rm -rf results reports var .pytest_cache
