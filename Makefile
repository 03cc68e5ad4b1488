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
            fonts-dejavu-core fonts-droid-fallback icc-profiles-free \
            iso-codes poppler-utils qpdf python3 python3-openpyxl \
            libharfbuzz-dev zlib1g-dev libunistring-dev libdmtx-dev \
            libdeflate-dev dmtx-utils python3-fonttools zbar-tools \
            libsqlite3-dev python3-yaml parallel
SUDO    := $(if $(filter 0,$(shell id -u)),,sudo)

# Recursively expanded on purpose: pkg-config runs only once `deps` is done.
PKG_LIBS = $(shell pkg-config --libs xlsxwriter inih libcjson libqrencode nettle sqlite3 \
                   harfbuzz-subset harfbuzz zlib)
PKG_CFLAGS = $(shell pkg-config --cflags xlsxwriter inih libcjson libqrencode nettle sqlite3 \
                   harfbuzz-subset harfbuzz zlib)
LDLIBS  = $(PKG_LIBS) -lhpdf -lcsv -ldmtx -ldeflate -lunistring -lpthread -lm
TEST_LDLIBS = $(LDLIBS) $(shell pkg-config --libs cmocka)

# src/<stage>/ (README "Development"); build/obj/ mirrors it
SRCS      := $(shell find src -name '*.c' | sort)
LIB_SRCS  := $(filter-out src/cli/main.c,$(SRCS))
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/gen/formats.o
# the --format presets: layouts/formats/*.ini compiled in (formats.h)
FORMATS   := $(sort $(wildcard layouts/formats/*.ini))
MAIN_OBJ  := $(BUILD)/obj/cli/main.o
LIB       := $(BUILD)/libarbatch.a
BIN       := $(BUILD)/arbatch
# tests/<stage>/test_<module>.c mirror src/
TEST_SRCS := $(wildcard tests/*/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
# libFuzzer harnesses (tests/fuzz/fuzz_*.c). `make test` replays their seed
# and regression inputs through a plain driver (no clang); `make fuzz`
# fuzzes each for FUZZ_SECONDS under ASan + UBSan with clang.
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAYS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang-14
FUZZ_PACKAGES := clang-14 libclang-rt-14-dev

SHIM      := $(BUILD)/soak/no_exchange.so

# The bundled sample job (`make run`).
AS_OF   ?= 2026-10-31
RUN_ARGS = run --ledger samples/ledger.csv --clients samples/clients.csv \
           --costs samples/costs.csv --history samples/history.csv \
           --as-of $(AS_OF) --out out

.PHONY: all deps run test check check-slurm soak fuzz bench install format clean help
# keep the test objects (make would delete them as intermediates)
.SECONDARY:
all: $(BIN)

help:
	@echo 'make            build $(BIN)'
	@echo 'make deps       install missing Debian packages (apt-get)'
	@echo 'make run        build and run the sample job into out/'
	@echo 'make test       build and run every test'
	@echo 'make check      the tests under ASan + UBSan (build/check)'
	@echo 'make check-slurm contrib/slurm-submit.sh on a one-node Slurm started here'
	@echo '                (installs slurm-wlm and munge; about a minute; not in test)'
	@echo 'make soak       kill, concurrency, disk-full and no-exchange loops (slow)'
	@echo 'make fuzz       libFuzzer, ASan + UBSan, FUZZ_SECONDS=60 per target'
	@echo 'make bench      time 100k- and 1M-row runs (RUNS=5 by default), and'
	@echo '                split + 4 shards + merge against one run (SHARD_ROWS)'
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

# each preset's text as a C string, every line of the file kept
$(BUILD)/gen/formats.c: $(FORMATS) Makefile
	@mkdir -p $(@D)
	@echo 'GEN   $@'
	$(Q){ echo '/* generated from layouts/formats/ by the Makefile */'; \
	  echo '#include "ar/ingest/formats.h"'; \
	  echo '/* a preset, comments and all, is longer than C99 asks a compiler to take */'; \
	  echo '#pragma GCC diagnostic ignored "-Woverlength-strings"'; \
	  echo 'const ar_format ar_formats[] = {'; \
	  for f in $(FORMATS); do \
	    printf '    {"%s",\n' "$$(basename $$f .ini)"; \
	    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/     "/' \
	        -e 's/$$/\\n"/' $$f; \
	    echo '    },'; \
	  done; \
	  echo '};'; \
	  echo 'const size_t ar_format_count = $(words $(FORMATS));'; \
	} > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c | deps
	@echo 'CC    $<'
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

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

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB)
	@echo 'LINK  $@'
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(TEST_LDLIBS) -o $@

run: $(BIN)
	$(BIN) $(RUN_ARGS)

test: $(BIN) $(TEST_BINS) $(FUZZ_REPLAYS) $(SHIM)
	@BUILD=$(BUILD) tests/run.sh $(TEST_BINS) $(FUZZ_REPLAYS)

# A file system without RENAME_EXCHANGE, for tests/e2e/publish.sh and the
# soak: an LD_PRELOAD shim, built without the sanitizers of `make check`.
$(SHIM): tests/soak/no_exchange.c
	@mkdir -p $(@D)
	@echo 'CC    $<'
	$(Q)$(CC) -O2 -Wall -Wextra -shared -fPIC $< -o $@ -ldl

# The reliability loops of README "Reliability" (minutes; not in `test`).
soak: $(BIN) $(SHIM)
	@BUILD=$(BUILD) tests/soak/soak.sh

.PRECIOUS: $(BUILD)/fuzz/%.o $(BUILD)/fuzz/replay_%.o
$(BUILD)/fuzz/%.o: tests/fuzz/%.c | deps
	@mkdir -p $(@D)
	@echo 'CC    $<'
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -Wno-missing-prototypes \
	    -c $< -o $@

$(BUILD)/fuzz/replay_%.o: tests/fuzz/replay.c | deps
	@mkdir -p $(@D)
	@echo 'CC    $< ($*)'
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -DFUZZ_TARGET='"$*"' -c $< -o $@

$(BUILD)/fuzz/replay_%: $(BUILD)/fuzz/replay_%.o $(BUILD)/fuzz/%.o \
                       $(BUILD)/fuzz/memfile.o $(LIB)
	@echo 'LINK  $@'
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/fuzz/bin_%: $(BUILD)/fuzz/%.o $(BUILD)/fuzz/memfile.o $(LIB)
	@echo 'LINK  $@'
	$(Q)$(CC) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) $^ $(LDLIBS) -o $@

# clang and its libFuzzer runtime are installed here, not by `make deps`.
fuzz:
	@missing=$$(for p in $(FUZZ_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "fuzz: installing" $$missing; \
	    $(SUDO) apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q \
	        --no-install-recommends $$missing; \
	fi
	$(MAKE) BUILD=build/fuzz CC=$(FUZZ_CC) \
	    CFLAGS='-std=c17 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined' \
	    LDFLAGS='-fsanitize=address,undefined' \
	    $(FUZZ_TARGETS:%=build/fuzz/fuzz/bin_%)
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh build/fuzz $(FUZZ_TARGETS)

$(BUILD)/csv_baseline: tests/bench/csv_baseline.c | deps
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $< -lcsv -o $@

bench: $(BIN) $(BUILD)/csv_baseline
	@BUILD=$(BUILD) tests/bench/bench.sh
	@BUILD=$(BUILD) tests/bench/shard_bench.sh

check:
	$(MAKE) BUILD=build/check \
	    CFLAGS='-std=c17 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -Wall -Wextra' \
	    LDFLAGS='-fsanitize=address,undefined' test

# contrib/slurm-submit.sh on a real, one-node Slurm (README "More than one
# machine"); installs slurm-wlm and munge; not in `test`.
check-slurm: $(BIN)
	@BUILD=$(BUILD) tests/cluster/check_slurm.sh

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/arbatch
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/arbatch
	cp -r layouts $(DESTDIR)$(PREFIX)/share/arbatch/

format:
	clang-format -i $(SRCS) $(shell find include -name '*.h') $(TEST_SRCS)

clean:
	rm -rf build out/*

-include $(shell find $(BUILD)/obj $(BUILD)/gen $(BUILD)/tests $(BUILD)/fuzz -name '*.d' 2>/dev/null)
