# arbatch - one non-recursive GNU Makefile.  `make help` lists the targets.

CC      ?= cc
CFLAGS  ?= -std=c17 -O2 -g -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 \
           -Wmissing-prototypes
CPPFLAGS += -Iinclude -D_GNU_SOURCE -MMD -MP
BUILD   ?= build
PREFIX  ?= /usr/local
Q       := $(if $(V),,@)

# Debian packages the build, the tests and the run need (`make deps`).
PACKAGES := gcc make pkg-config libcsv-dev libxlsxwriter-dev libhpdf-dev \
            libcmocka-dev libinih-dev libqrencode-dev libcjson-dev nettle-dev \
            fonts-dejavu-core poppler-utils python3 python3-openpyxl
SUDO    := $(if $(filter 0,$(shell id -u)),,sudo)

# Recursively expanded on purpose: pkg-config runs only once `deps` is done.
PKG_LIBS = $(shell pkg-config --libs xlsxwriter inih libcjson libqrencode nettle)
PKG_CFLAGS = $(shell pkg-config --cflags xlsxwriter inih libcjson libqrencode nettle)
LDLIBS  = $(PKG_LIBS) -lhpdf -lcsv -lpthread -lm
TEST_LDLIBS = $(LDLIBS) $(shell pkg-config --libs cmocka)

LIB_SRCS  := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
MAIN_OBJ  := $(BUILD)/obj/main.o
LIB       := $(BUILD)/libarbatch.a
BIN       := $(BUILD)/arbatch
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)

# The bundled sample job (`make run`).
AS_OF   ?= 2026-10-31
RUN_ARGS = run --ledger samples/ledger.csv --clients samples/clients.csv \
           --costs samples/costs.csv --history samples/history.csv \
           --as-of $(AS_OF) --out out

.PHONY: all deps run test check fuzz bench install format clean help
all: $(BIN)

help:
	@echo 'make            build $(BIN)'
	@echo 'make deps       install missing Debian packages (apt-get)'
	@echo 'make run        build and run the sample job into out/'
	@echo 'make test       build and run every test'
	@echo 'make check      the tests under ASan + UBSan (build/check)'
	@echo 'make bench      time 100k- and 1M-row runs (RUNS=5 by default)'
	@echo 'make install    install to $$(DESTDIR)$$(PREFIX)/bin'
	@echo 'make format     clang-format the sources'
	@echo 'make clean      remove build/ and out/'
	@echo 'V=1             show the commands'

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "deps: installing" $$missing; \
	    $(SUDO) apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q \
	        --no-install-recommends $$missing; \
	fi

$(BUILD)/obj/%.o: src/%.c | deps
	@mkdir -p $(@D)
	@echo 'CC    $<'
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c | deps
	@mkdir -p $(@D)
	@echo 'CC    $<'
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -Wno-missing-prototypes \
	    -c $< -o $@

$(LIB): $(LIB_OBJS)
	@echo 'AR    $@'
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@echo 'LINK  $@'
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(LIB)
	@echo 'LINK  $@'
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(TEST_LDLIBS) -o $@

run: $(BIN)
	$(BIN) $(RUN_ARGS)

test: $(BIN) $(TEST_BINS)
	@BUILD=$(BUILD) tests/run.sh $(TEST_BINS)

$(BUILD)/csv_baseline: tests/bench/csv_baseline.c | deps
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $< -lcsv -o $@

bench: $(BIN) $(BUILD)/csv_baseline
	@BUILD=$(BUILD) tests/bench/bench.sh

check:
	$(MAKE) BUILD=build/check \
	    CFLAGS='-std=c17 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -Wall -Wextra' \
	    LDFLAGS='-fsanitize=address,undefined' test

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/arbatch
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/arbatch
	cp -r layouts $(DESTDIR)$(PREFIX)/share/arbatch/

format:
	clang-format -i src/*.c include/ar/*.h tests/*.c

clean:
	rm -rf build out/*

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d)
