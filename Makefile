# Haven: GNU make and pkg-config, no autotools.
#   make            build build/haven
#   make run        install what is missing, build, init the demo, serve
#   make test       the whole suite: unit tests (plain and sanitized),
#                   a few seconds of each fuzzing target (make fuzz-smoke),
#                   API tests on SQLite and on PostgreSQL, browser tests
#   make SANITIZE=1 build with ASan and UBSan into build-san/
#   make check      unit tests of this build only
#   make fuzz       every libFuzzer target of tests/fuzz/ for FUZZ_SECONDS
#   make bench      Haven under wrk and a paced load against nginx's ceiling
#   make soak       SOAK_SECONDS of mixed load, then slow clients
#   make memcheck   the API suite (SQLite) with haven under valgrind
#   make install    build/haven into PREFIX/bin, its parts into PREFIX/lib/haven
#   make clean

# make fuzz: every object again with clang, sanitized and instrumented for
# libFuzzer, into build-fuzz/; the targets are tests/fuzz/fuzz_*.c.
FUZZ     ?= 0
ifeq ($(FUZZ),1)
CC        = clang
SANITIZE  = 1
BUILD    ?= build-fuzz
endif

SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD    ?= build-san
else
BUILD    ?= build
endif

# The server's own libraries, then those of its two parts loaded on first
# use (src/base/plugin.h): "pg" and "report".
CORE_PKGS = libmicrohttpd jansson libsodium sqlite3 liboath libqrencode
PG_PKGS   = libpq
REPORT_PKGS = pangocairo cairo xlsxwriter
PKGS      = $(CORE_PKGS) $(PG_PKGS) $(REPORT_PKGS)
# Expanded when a recipe runs, after the deps step has installed them.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CORE_LIBS  = $(shell pkg-config --libs $(CORE_PKGS))

CC       ?= cc
CPPFLAGS += -Isrc -I$(BUILD)/gen -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
            -include src/base/prelude.h
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c17 -pthread -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla \
            -Wno-format-nonliteral -fstack-protector-strong \
            -fstack-clash-protection -fPIE
LDFLAGS  += -pie -pthread -Wl,-z,relro,-z,now -Wl,-z,noexecstack
LDLIBS   += -lm
PREFIX   ?= /usr/local

ifeq ($(SANITIZE),1)
CFLAGS   += -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
else
CPPFLAGS += -D_FORTIFY_SOURCE=2
endif
ifeq ($(FUZZ),1)
# Two warnings only clang has, for idioms of ours (SQL split over lines,
# positional initializers of jv_field tables).
CFLAGS   += -fsanitize=fuzzer-no-link -Wno-string-concatenation \
            -Wno-missing-field-initializers
endif

SRCS      := $(shell find src -name '*.c' ! -name '*_test.c' | sort)
LIB_SRCS  := $(filter-out src/main.c,$(SRCS))
TEST_SRCS := $(shell find src -name '*_test.c' | sort)
MIGRATIONS := $(sort $(wildcard src/db/migrations/*.sql))
API_FILES := $(sort $(wildcard api/*))
WEB_FILES := $(sort $(shell find web -type f 2>/dev/null))
DATA_FILES := $(sort $(wildcard data/*.json))

PG_SRCS   := src/db/postgres.c
REPORT_SRCS := src/stats/report_pdf.c src/stats/report_xlsx.c
PART_OBJS  = $(PG_SRCS:%.c=$(BUILD)/%.o) $(REPORT_SRCS:%.c=$(BUILD)/%.o)
PARTS      = $(BUILD)/haven-pg.so $(BUILD)/haven-report.so
# A part is linked as a shared object, without -pie, its undefined symbols
# resolved against the executable's (exported with -rdynamic).
SO_LDFLAGS = $(filter-out -pie,$(LDFLAGS)) -shared

GEN_SRCS  = $(BUILD)/gen/embed_migrations.c $(BUILD)/gen/embed_api.c \
            $(BUILD)/gen/embed_web.c $(BUILD)/gen/embed_data.c
LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o) $(GEN_SRCS:%.c=%.o)
CORE_OBJS = $(filter-out $(PART_OBJS),$(LIB_OBJS))
TEST_BINS = $(TEST_SRCS:src/%.c=$(BUILD)/tests/%)
FUZZ_BINS = $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 5
DEPS_OK   = $(BUILD)/.deps-ok

.PHONY: all run test check api-test clean deps fuzz fuzz-smoke fuzz-build \
        soak memcheck bench install
.DEFAULT_GOAL := all

all: $(BUILD)/haven $(PARTS)

deps:
	@scripts/install-deps.sh build

$(DEPS_OK): scripts/install-deps.sh
	@mkdir -p $(BUILD)
	@scripts/install-deps.sh build
	@touch $@

$(BUILD)/tools/embed: tools/embed.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $<

$(BUILD)/gen/embed_migrations.c: $(MIGRATIONS) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed embed_migrations src/db/migrations/ $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/embed_api.c: $(API_FILES) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed embed_api api/ $(API_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/embed_web.c: $(WEB_FILES) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed embed_web web/ $(WEB_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/embed_data.c: $(DATA_FILES) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed embed_data data/ $(DATA_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(PART_OBJS): CFLAGS += -fPIC

# The parts are order-only: whoever runs the server (make run, the tests)
# needs them beside it, but a new part does not relink the server.
$(BUILD)/haven: $(BUILD)/src/main.o $(CORE_OBJS) | $(PARTS)
	$(CC) $(LDFLAGS) -rdynamic -o $@ $^ $(CORE_LIBS) $(LDLIBS)

$(BUILD)/haven-pg.so: $(PG_SRCS:%.c=$(BUILD)/%.o)
	$(CC) $(SO_LDFLAGS) -o $@ $^ $$(pkg-config --libs $(PG_PKGS))

$(BUILD)/haven-report.so: $(REPORT_SRCS:%.c=$(BUILD)/%.o)
	$(CC) $(SO_LDFLAGS) -o $@ $^ $$(pkg-config --libs $(REPORT_PKGS)) -lm

# Unit tests and fuzzers have every part linked in (plugin_symbol finds
# it there, so -rdynamic).
$(BUILD)/tests/%: $(BUILD)/src/%.o $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -rdynamic -o $@ $^ $(PKG_LIBS) $$(pkg-config --libs cmocka) $(LDLIBS)

# A libFuzzer target (FUZZ=1): its file linked with every object.
$(FUZZ_BINS): $(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP $(LDFLAGS) \
	    -fsanitize=fuzzer -rdynamic -o $@ $< $(LIB_OBJS) $(PKG_LIBS) $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

# Each target of tests/fuzz/ for FUZZ_SECONDS from its corpus, then a table
# of executions and coverage; fuzz-smoke is make test's short run.
fuzz fuzz-smoke:
	@scripts/install-deps.sh fuzz
	$(MAKE) FUZZ=1 BUILD=$(FUZZ_BUILD) fuzz-build
	tests/fuzz/run.sh $(FUZZ_BUILD) $(if $(filter fuzz,$@),$(FUZZ_SECONDS),$(FUZZ_SMOKE_SECONDS))

# Unit tests of this build: one cmocka binary per module.
check: $(TEST_BINS) $(BUILD)/haven
	@set -e; for t in $(TEST_BINS); do echo "== $$t"; $$t; done
	python3 data/check_indicators.py
	python3 data/check_advice_sheet.py

# The whole suite, as CI runs it.
test:
	@scripts/install-deps.sh test
	$(MAKE) check
	$(MAKE) SANITIZE=1 check
	$(MAKE) fuzz-smoke
	tests/api/run-both.sh build-san/haven
	tests/browser/run.sh build-san/haven

# Haven on a national centre's data set, driven by wrk and by a paced
# client, beside nginx answering the same bodies (bench/bench_http.py);
# BENCH_ARGS adds options, e.g. "--backend sqlite --keep DIR".
bench: $(BUILD)/haven
	@scripts/install-deps.sh test bench
	python3 bench/bench_http.py --bin $(BUILD)/haven $(BENCH_ARGS)

# Mixed load for SOAK_SECONDS with Haven's memory and descriptors sampled,
# then slow clients (bench/soak.py); SOAK_ARGS adds options, e.g.
# "--backend postgres" or "--contacts 500000 --cases 50000 --keep DIR".
SOAK_SECONDS ?= 600
soak: $(BUILD)/haven
	@scripts/install-deps.sh test
	python3 bench/soak.py --bin $(BUILD)/haven --seconds $(SOAK_SECONDS) \
	    $(SOAK_ARGS)

# The API suite on SQLite with every haven under valgrind's memcheck, on a
# build without sanitizers.  Slow: MEMCHECK_ARGS picks the tests (pytest
# options); by default all but the crash and slow-client tests, which kill
# the server or time it.
MEMCHECK_ARGS ?= tests/api --ignore=tests/api/test_crash.py \
                 --ignore=tests/api/test_hostile.py
memcheck: $(BUILD)/haven
	@scripts/install-deps.sh test memcheck
	tests/api/memcheck.sh $(BUILD) $(MEMCHECK_ARGS)

# The server in PREFIX/bin, its parts in PREFIX/lib/haven, where it looks
# for them (src/base/plugin.c).
install: $(BUILD)/haven $(PARTS)
	install -D -m 0755 $(BUILD)/haven $(DESTDIR)$(PREFIX)/bin/haven
	install -d -m 0755 $(DESTDIR)$(PREFIX)/lib/haven
	install -m 0644 $(PARTS) $(DESTDIR)$(PREFIX)/lib/haven/

run: $(BUILD)/haven
	@scripts/install-deps.sh build
	$(BUILD)/haven init --demo
	$(BUILD)/haven serve

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
