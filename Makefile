# The original system's make targets, each a thin call of scripts/ or
# build/fourex. `make help` lists them. BUILD=<dir> picks the build
# directory; the db-* targets use DATABASE_URL (environment or .env), else a
# project-local cluster (scripts/pg).
SHELL := /bin/bash
BUILD ?= build
FOUREX := $(BUILD)/fourex
# A local cluster when DATABASE_URL is unset, as scripts/run does.
DB_ENV = if [ -z "$$DATABASE_URL" ] && ! grep -qs '^[[:space:]]*\(export[[:space:]]\+\)\?DATABASE_URL=' .env; then ./scripts/pg start >/dev/null && export DATABASE_URL=$$(./scripts/pg url); fi;
# make db-reset YES=1: no question (scripts, CI).
YES_FLAG = $(if $(YES),--yes)

.PHONY: help install sync build bin db-create db-migrate db-drop db-reset \
        db-check db-list db-info db-size db-backup db-restore backend-dev \
        run-dev backend-test test-cov lint format bench fuzz \
        cluster db-ha-start db-ha-stop db-ha-status db-ha-failover \
        backup-setup backup-full backup-incr backup-list backup-restore

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

install: ## Install the Debian packages (dev tools included) and build
	./scripts/bootstrap --dev
	./scripts/build $(BUILD)

sync: ## Re-run the dependency installer
	./scripts/bootstrap --dev

build: ## Build everything configured (Release, incremental)
	./scripts/build $(BUILD)

bin: ## Build only the fourex binary
	@FOUREX_BUILD_TARGET=fourex ./scripts/build $(BUILD) >/dev/null

db-create: bin ## Create the tables (apply the migrations)
	@$(DB_ENV) $(FOUREX) db create

db-migrate: bin ## Apply pending migrations
	@$(DB_ENV) $(FOUREX) db migrate

db-drop: bin ## Drop all tables (WARNING: deletes data; asks, or YES=1)
	@$(DB_ENV) $(FOUREX) db drop $(YES_FLAG)

db-reset: bin ## Drop and recreate all tables (WARNING: deletes data; YES=1)
	@$(DB_ENV) $(FOUREX) db reset $(YES_FLAG)

db-check: bin ## Check the connection: server, schema version, size, pool
	@$(DB_ENV) $(FOUREX) db check

db-list: bin ## List all games (JSON=1 for JSON)
	@$(DB_ENV) $(FOUREX) db list $(if $(JSON),--json)

db-info: bin ## Show one game: make db-info GAME=<game_id> [JSON=1]
	@test -n "$(GAME)" || { echo "usage: make db-info GAME=<game_id>" >&2; exit 2; }
	@$(DB_ENV) $(FOUREX) db info "$(GAME)" $(if $(JSON),--json)

db-size: bin ## Rows and bytes per table
	@$(DB_ENV) $(FOUREX) db size

db-backup: bin ## pg_dump to a file: make db-backup FILE=fourex.dump
	@test -n "$(FILE)" || { echo "usage: make db-backup FILE=<file>" >&2; exit 2; }
	@$(DB_ENV) $(FOUREX) db backup "$(FILE)"

db-restore: bin ## pg_restore a backup: make db-restore FILE=fourex.dump
	@test -n "$(FILE)" || { echo "usage: make db-restore FILE=<file>" >&2; exit 2; }
	@$(DB_ENV) $(FOUREX) db restore "$(FILE)"

db-ha-start: ## Local failover pair: pg_auto_failover monitor + 2 nodes; prints the URL
	./scripts/pg-ha start

db-ha-stop: ## Stop the local failover pair (keeps its data in .local/pg-ha)
	./scripts/pg-ha stop

db-ha-status: ## The failover pair's nodes, their states and the primary
	./scripts/pg-ha status

db-ha-failover: ## Switch the failover pair's primary over to the secondary
	./scripts/pg-ha failover

backup-setup: ## pgBackRest for the local cluster: WAL archiving, the stanza
	./scripts/pg start && ./scripts/backup setup

backup-full: ## A full pgBackRest backup of the local cluster
	./scripts/backup full

backup-incr: ## An incremental pgBackRest backup (since the last backup)
	./scripts/backup incr

backup-list: ## The backups and the archived WAL range
	./scripts/backup list

backup-restore: ## Point-in-time restore into a fresh cluster: TIME="2026-01-02 03:04:05+00"
	@test -n "$(TIME)" || { echo 'usage: make backup-restore TIME="YYYY-MM-DD HH:MM:SS+00"' >&2; exit 2; }
	./scripts/backup restore --target-time "$(TIME)"

backend-dev: ## Run the server (same as ./scripts/run)
	./scripts/run

cluster: ## N nodes behind HAProxy on :8000: make cluster NODES=3 [PORT=8000]
	./scripts/cluster --nodes $(or $(NODES),3) $(if $(PORT),--port $(PORT))

run-dev: ## Rebuild and restart the server on every source change
	BUILD=$(BUILD) ./scripts/run-dev

backend-test: ## Run every test against a throw-away PostgreSQL
	./scripts/test

test-cov: ## Run the tests with coverage; report in build-cov/coverage.html
	./scripts/coverage

lint: ## clang-tidy and cppcheck (FILES="a.cpp b.cpp" for a few files)
	BUILD=$(BUILD) ./scripts/lint $(FILES)

format: ## clang-format in place (CHECK=1 only reports; FILES= to narrow)
	./scripts/format $(if $(CHECK),--check) $(FILES)

bench: bin ## Engine benchmark (TURNS=N, default 200; scripts/bench for all)
	FOUREX_BUILD_DIR=$(BUILD) ./scripts/bench engine $(if $(TURNS),--turns $(TURNS))

fuzz: ## libFuzzer on the order and state parsers, a minute each (FUZZ_SECONDS=N)
	./scripts/fuzz $(if $(FUZZ_SECONDS),--seconds $(FUZZ_SECONDS))

# Agent games against a running server (SERVER=, default the local one);
# PLAY_FLAGS= adds `fourex play` flags (e.g. --json, --token-dir DIR).
SERVER ?= http://127.0.0.1:8000
PLAY = $(FOUREX) play --server $(SERVER) $(PLAY_FLAGS)

.PHONY: agents-quick agents-showcase agents-llm
agents-quick: bin ## 2 bots, 20 turns, against SERVER (default :8000)
	$(PLAY) --agents bot:aggressive,bot:defensive --max-turns 20

agents-showcase: bin ## 4 personalities, 2 games, 50 turns
	$(PLAY) --agents bot:aggressive,bot:economic,bot:scientific,bot:diplomatic \
	  --games 2 --max-turns 50 --map 32x32

agents-llm: bin ## an LLM (MODEL=..., LLM_BASE_URL) against 2 bots
	@test -n "$(MODEL)" || { echo "usage: make agents-llm MODEL=<model>"; exit 2; }
	$(PLAY) --agents llm:$(MODEL),bot:balanced,bot:expansionist --max-turns 30
