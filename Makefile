# The two commands a newcomer needs: `make rebuild` and `make test`.
GO      ?= go
THICK   := bin/thick
SOURCES := $(shell find tools -name '*.go' -not -path '*/testdata/*') go.mod go.sum

.PHONY: rebuild test test-go test-sql lint watch psql stop bench mutate pg_prove deps clean workers verify verify-migrations clock

$(THICK): $(SOURCES)
	@mkdir -p bin
	$(GO) build -o $(THICK) ./tools/cmd/thick

deps:
	@bash scripts/install-deps.sh

rebuild: deps $(THICK)
	@$(THICK) rebuild

test: deps $(THICK)
	$(GO) test ./...
	$(THICK) lint
	$(THICK) test

# plpgsql_check over every PL/pgSQL function of the build (run by make test)
lint: deps $(THICK)
	$(THICK) lint

test-go:
	$(GO) test ./...

test-sql: deps $(THICK)
	$(THICK) test

watch: deps $(THICK)
	@$(THICK) watch

psql: deps $(THICK)
	@$(THICK) psql

stop: $(THICK)
	@$(THICK) stop

bench: deps $(THICK)
	@$(THICK) bench

# Mutation testing: would the suites notice each guard, policy, grant,
# boundary and volatility removed? Not part of `make test`.
mutate: deps $(THICK)
	@$(THICK) mutate

# The same suites under the standard runner: pg_prove against the development
# database rebuilt by thick, with tests/setup applied.
pg_prove: deps $(THICK)
	@bash scripts/pg_prove.sh

# Every suite at the instants the seed and the rules turn on (midnights of
# the data's zones, month and year ends, daylight saving changes), the
# server's clock moved by faketime; about 15 s an instant.
clock: $(THICK)
	@THICK_WITH_FAKETIME=1 bash scripts/install-deps.sh
	@bash scripts/clock.sh

# Drift and deploy: the development database (or DATABASE_URL) against a
# fresh build of the files; the previous release (FROM, a git revision) with
# its seed, migrated by migrations/, against a fresh build of the working tree.
FROM ?= HEAD
verify: deps $(THICK)
	@$(THICK) verify

verify-migrations: deps $(THICK)
	@$(THICK) verify-migrations --from $(FROM)

# The mailer, pdfgen and sms workers against the development database
# (scripts/workers.sh; README, "Running the workers").
WORKERS := bin/mailer bin/pdfgen bin/sms

$(WORKERS): $(SOURCES)
	@mkdir -p bin
	$(GO) build -o $@ ./tools/cmd/$(notdir $@)

workers: deps $(THICK) $(WORKERS)
	@bash scripts/workers.sh

clean:
	rm -rf bin
