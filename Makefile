# The original system's make targets, each a thin call of scripts/ or
# build/fourex. `make help` lists them.
SHELL := /bin/bash
BUILD ?= build
FOUREX := $(BUILD)/fourex
# A local cluster when DATABASE_URL is unset, as scripts/run does.
DB_ENV = if [ -z "$$DATABASE_URL" ] && ! grep -qs '^DATABASE_URL=' .env; then ./scripts/pg start >/dev/null && export DATABASE_URL=$$(./scripts/pg url); fi;

.PHONY: help install sync build db-create db-drop db-reset db-check db-list \
        db-info db-migrate backend-dev run-dev backend-test test-cov lint format \
        bench

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

install: ## Install the Debian packages (dev tools included) and build
	./scripts/bootstrap --dev
	./scripts/build $(BUILD)

sync: ## Re-run the dependency installer
	./scripts/bootstrap --dev

build: ## Build (Release, incremental)
	./scripts/build $(BUILD)

db-create: build ## Create the tables (apply the migrations)
	@$(DB_ENV) $(FOUREX) db create

db-migrate: build ## Apply pending migrations
	@$(DB_ENV) $(FOUREX) db migrate

db-drop: build ## Drop all tables (WARNING: deletes data; asks first)
	@$(DB_ENV) $(FOUREX) db drop

db-reset: build ## Drop and recreate all tables (WARNING: deletes data)
	@$(DB_ENV) $(FOUREX) db reset

db-check: build ## Check the database connection and schema
	@$(DB_ENV) $(FOUREX) db check

db-list: build ## List all games
	@$(DB_ENV) $(FOUREX) db list

db-info: build ## Show one game: make db-info GAME=<game_id>
	@test -n "$(GAME)" || { echo "usage: make db-info GAME=<game_id>"; exit 2; }
	@$(DB_ENV) $(FOUREX) db info "$(GAME)"

backend-dev: ## Run the server (same as ./scripts/run)
	./scripts/run

run-dev: ## Rebuild and restart the server on every source change
	./scripts/run-dev

backend-test: ## Run every test against a throw-away PostgreSQL
	./scripts/test

test-cov: ## Run the tests with coverage; report in build-cov/coverage.html
	./scripts/coverage

lint: ## clang-tidy and cppcheck over the sources
	./scripts/lint

format: ## clang-format the sources in place
	./scripts/format

bench: build ## Engine benchmark (scripts/bench for all)
	./scripts/bench engine
