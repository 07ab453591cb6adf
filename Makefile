# gpostgres build, test and install.
#
#   make run      build, create ./data if missing, start the server, open gpsql
#   make test     install what the tests need, then run every test
#   make install  install binaries, share/ and man pages under PREFIX

GO      ?= go
BIN     := bin
PREFIX  ?= /usr/local
DATA    ?= data
CMDS    := gpinitdb gpctl gpostgres gpsql gpbasebackup
export CGO_ENABLED := 1

.PHONY: all build test deps clients-deps run stop install man vet fmt clean bench

all: build

build:
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/ $(addprefix ./cmd/,$(CMDS))

# deps installs the Debian packages the tests drive (psql, pgbench, and
# PostgreSQL 15's pg_waldump, which checks that our WAL is PostgreSQL's) and
# the Go modules, so that `make test` works on a fresh machine. The server
# package's default cluster is not wanted: createcluster.conf says so first.
PG15BIN := /usr/lib/postgresql/15/bin
deps:
	@command -v psql >/dev/null && command -v pgbench >/dev/null && [ -x $(PG15BIN)/pg_waldump ] || { \
	  echo "installing postgresql-15 and postgresql-client-15 (psql, pgbench, pg_waldump) for the tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO mkdir -p /etc/postgresql-common/createcluster.d && \
	  echo "create_main_cluster = false" | $$SUDO tee /etc/postgresql-common/createcluster.d/gpostgres-tests.conf >/dev/null && \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql-15 postgresql-client-15 >/dev/null; }
	@command -v gcc >/dev/null || { echo "gcc is required (cgo)"; exit 1; }
	$(GO) mod download

# clients-deps installs the drivers tests/clients runs: Debian's Python
# drivers and ORMs, Java with the PostgreSQL JDBC driver, Node.js and npm,
# and the npm packages of tests/clients/node (into its node_modules, not
# committed). Only what is missing is installed: a Node.js that came with
# its own npm (and conflicts with Debian's npm package) is left alone.
clients-deps:
	@missing=""; \
	  for m in psycopg2:python3-psycopg2 asyncpg:python3-asyncpg sqlalchemy:python3-sqlalchemy django:python3-django; do \
	    /usr/bin/python3 -c "import $${m%%:*}" 2>/dev/null || missing="$$missing $${m#*:}"; done; \
	  [ -f /usr/share/java/postgresql.jar ] || missing="$$missing libpostgresql-jdbc-java"; \
	  command -v javac >/dev/null || missing="$$missing default-jdk-headless"; \
	  command -v node >/dev/null || missing="$$missing nodejs"; \
	  command -v npm >/dev/null || missing="$$missing npm"; \
	  if [ -n "$$missing" ]; then \
	    echo "installing the client drivers for tests/clients:$$missing"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	  fi
	@[ tests/clients/node/node_modules/.package-lock.json -nt tests/clients/node/package.json ] || \
	  (cd tests/clients/node && npm install --no-audit --no-fund --loglevel=error)

test: deps clients-deps build
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 15m ./...

run: build
	@[ -f $(DATA)/PG_VERSION ] || $(BIN)/gpinitdb -D $(DATA)
	@$(BIN)/gpctl -D $(DATA) status >/dev/null 2>&1 || $(BIN)/gpctl -D $(DATA) -l $(DATA)/server.log start
	$(BIN)/gpsql -h /tmp -d postgres

stop:
	$(BIN)/gpctl -D $(DATA) stop -m fast

install: build man
	PREFIX=$(PREFIX) ./install.sh

# man regenerates man/*.1 from each binary's own command-line definition.
# The binaries that can write them are built with the manpages tag.
man: build
	@mkdir -p man $(BIN)/man
	@$(GO) build -tags manpages -o $(BIN)/man/ $(addprefix ./cmd/,$(CMDS))
	@for c in $(CMDS); do $(BIN)/man/$$c --generate-man-page man || exit 1; done

vet:
	$(GO) vet ./...

fmt:
	gofmt -l -w cmd lib

# bench runs pgbench and the other workloads side by side against
# PostgreSQL 15 and gpostgres and prints the ratios (docs/benchmarks.md).
bench: deps
	bench/run.sh

clean:
	rm -rf $(BIN)
