# The two commands of the README are `make run` and `make test`; everything they
# need (virtualenv, Python and npm packages, WeasyPrint's libraries, Chromium) is
# installed from here.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CLEA := $(BIN)/clea
PYTEST := $(BIN)/pytest
INSTALLED := $(VENV)/.installed
FRONTEND_DEPS := frontend/node_modules/.installed
FRONTEND_BUILD := frontend/dist/index.html
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.* frontend/tsconfig*.json frontend/codegen.* -type f 2>/dev/null)

.PHONY: help install frontend run serve test test-results-reset test-python test-random test-postgres test-frontend test-e2e lint bench bench-compare bench-request-cost fuzz mutation schema clean test-pgbouncer loadtest backup-restore-check

help:
	@echo "make run    installe tout, construit l'interface, migre, charge la démo et sert sur http://127.0.0.1:8000 (PORT=8123 pour un autre port)"
	@echo "make test   lint, tests Python (SQLite et PostgreSQL), tests du frontend, tests de bout en bout (Chromium)"
	@echo "make bench  mesures de performance (JSON dans var/bench/)"
	@echo "make lint   ruff et mypy"

$(INSTALLED): pyproject.toml constraints.txt scripts/ensure-system-libraries.sh
	scripts/ensure-system-libraries.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

install: $(INSTALLED)

$(FRONTEND_DEPS): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

$(FRONTEND_BUILD): $(FRONTEND_DEPS) $(FRONTEND_SOURCES) schema.graphql
	cd frontend && npm run build

frontend: $(FRONTEND_BUILD)

# `make run PORT=8123` serves on another port (HOST likewise; links and QR codes follow
# unless CLEA_BASE_URL says otherwise).
PORT ?= 8000
HOST ?= 127.0.0.1
SERVE := CLEA_BASE_URL="$${CLEA_BASE_URL:-http://$(HOST):$(PORT)}" $(CLEA) serve --host $(HOST) --port $(PORT)

run: $(INSTALLED) $(FRONTEND_BUILD)
	$(CLEA) db upgrade
	$(CLEA) demo
	$(SERVE)

serve: $(INSTALLED)
	$(SERVE)

lint: $(INSTALLED)
	$(BIN)/ruff check platform plugins tests
	$(BIN)/ruff format --check platform plugins tests
	scripts/typecheck.sh

RESULTS := var/test-results

test: test-results-reset lint test-python test-postgres test-frontend test-e2e
	@$(BIN)/python scripts/test_summary.py $(RESULTS)
	@echo "make test : tout est passé."

test-results-reset:
	@rm -rf $(RESULTS) && mkdir -p $(RESULTS)

# The SQLite suite runs in random order (pytest-randomly), so no test can come to depend
# on another: the order changes every day (TEST_SEED, the UTC date, printed) and stays the
# same within a day, so a red run replays with `make test-python TEST_SEED=<seed>`.
# PostgreSQL keeps the files' order: one shuffled run per `make test` is enough.
TEST_SEED ?= $(shell date -u +%Y%m%d)
test-python: $(INSTALLED)
	CLEA_TEST_DATABASE=sqlite $(PYTEST) -m "not e2e" -q -p randomly --randomly-seed=$(TEST_SEED) \
		--junitxml=$(RESULTS)/sqlite.xml

# The SQLite suite in a new random order each run (the seed is printed: replay with
# --randomly-seed=<seed>).
test-random: $(INSTALLED)
	CLEA_TEST_DATABASE=sqlite $(PYTEST) -m "not e2e" -q -p randomly

# scripts/ensure-postgres.sh: 0 the server answers, 1 it does not (skipped outside CI),
# 2 it does not under CI=true (the run fails: a green CI always ran PostgreSQL).
test-postgres: $(INSTALLED)
	@status=0; scripts/ensure-postgres.sh || status=$$?; \
	case $$status in \
		0) CLEA_TEST_DATABASE=postgresql $(PYTEST) -m "not e2e" -q \
			--junitxml=$(RESULTS)/postgresql.xml ;; \
		1) echo "make test-postgres : PostgreSQL absent, suite PostgreSQL sautée (hors CI)." ;; \
		*) echo "make test-postgres : échec, PostgreSQL est obligatoire sous CI=true." >&2; exit $$status ;; \
	esac

# A subset of the suite through a private PgBouncer in transaction pooling (installed from
# the distribution's packages by scripts/pgbouncer.sh): every connection of the tests —
# the app's, the migrations', the raw-SQL attacks' — goes through it. Opt-in (apt install,
# a second server process; see docs/deployment.md).
PGBOUNCER_TESTS ?= tests/pathway tests/isolation tests/scaleout tests/accreditations/test_access.py
test-pgbouncer: $(INSTALLED)
	scripts/ensure-postgres.sh
	@port=$$(scripts/pgbouncer.sh start); trap 'scripts/pgbouncer.sh stop' EXIT; \
	echo "PgBouncer (transaction pooling) sur 127.0.0.1:$$port"; \
	CLEA_TEST_DATABASE=postgresql CLEA_DATABASE_POOLING=transaction \
	CLEA_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$$port/postgres" \
	$(PYTEST) $(PGBOUNCER_TESTS) -q -p no:randomly

# A bounded mixed load (advisers, evaluators, the public) on 2 app processes and 2 workers
# through PgBouncer, the checks that nothing was lost, then the same with a node killed
# (tests/loadtest/run.py; LOADTEST_SECONDS=40 per run). Not part of `make test`.
loadtest: $(INSTALLED)
	scripts/ensure-postgres.sh
	PGBOUNCER_DIR=var/pgbouncer-loadtest $(BIN)/python -m tests.loadtest.run

# The backup and restore procedure of docs/deployment.md, on a throw-away database.
backup-restore-check: $(INSTALLED)
	scripts/ensure-postgres.sh
	scripts/backup-restore-check.sh

test-frontend: $(FRONTEND_DEPS)
	cd frontend && npm test

test-e2e: $(INSTALLED) $(FRONTEND_BUILD)
	scripts/ensure-chromium.sh
	CLEA_TEST_DATABASE=sqlite $(PYTEST) -m e2e -q --junitxml=$(RESULTS)/e2e.xml

bench: $(INSTALLED)
	mkdir -p var/bench
	CLEA_TEST_DATABASE=sqlite $(PYTEST) tests/bench --benchmark-only --benchmark-enable \
		--benchmark-json=var/bench/sqlite.json -q
	@status=0; scripts/ensure-postgres.sh || status=$$?; \
	case $$status in \
		0) CLEA_TEST_DATABASE=postgresql $(PYTEST) tests/bench --benchmark-only --benchmark-enable \
			--benchmark-json=var/bench/postgresql.json -q ;; \
		1) echo "make bench : PostgreSQL absent, mesures PostgreSQL sautées." ;; \
		*) exit $$status ;; \
	esac
	$(BIN)/python scripts/bench_summary.py var/bench/*.json

# The comparison bench (opt-in; scripts/bench/compare.py): clea serve (1 and 2 processes),
# PostGraphile v4 (from npm, into var/bench/postgraphile) and a plain Strawberry + Core
# floor on a PostgreSQL database of SCALE dossiers, interleaved runs; JSON in var/bench/compare/.
SCALE ?= 20000
bench-compare: $(INSTALLED)
	scripts/ensure-postgres.sh
	$(BIN)/python scripts/bench/compare.py --scale $(SCALE)

# The app's CPU per request, in process (opt-in; scripts/bench/request_cost.py): the
# frontend's Dossiers, CandidateDetails and Referentiel documents on clea_bench_<COST_SCALE>
# (built by clea demo --scale when missing); --profile list|read|tree for a cProfile.
COST_SCALE ?= 2000
bench-request-cost: $(INSTALLED)
	scripts/ensure-postgres.sh
	$(BIN)/python scripts/bench/request_cost.py --scale $(COST_SCALE)

# A long fuzz run of the GraphQL API (tests/fuzz): FUZZ_EXAMPLES documents per identity
# (anonymous, API key, Certif'Pro session), on SQLite, then on PostgreSQL when reachable.
FUZZ_EXAMPLES ?= 7000
fuzz: $(INSTALLED)
	CLEA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) CLEA_TEST_DATABASE=sqlite $(PYTEST) tests/fuzz -q -x
	@if scripts/ensure-postgres.sh; then \
		CLEA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) CLEA_TEST_DATABASE=postgresql $(PYTEST) tests/fuzz -q -x; \
	fi
	@cat var/fuzz/*.json

# Mutation testing of the rule modules (opt-in; see the README). MUTATE=word narrows it.
MUTATE ?=
mutation: $(INSTALLED)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt cosmic-ray==8.7.0
	$(BIN)/python scripts/mutation.py $(MUTATE)

schema: $(INSTALLED)
	$(CLEA) permissions > docs/permissions.md
	$(CLEA) schema > schema.graphql

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist build var/bench
