# tttop: top for matrix multiply.  `make run` and `make check` are all a new machine needs.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(PREFIX)/bin

CC      ?= cc
# Overridable from the command line; the kernels need -O3 (gcc -O2 leaves ikj scalar).
CFLAGS  ?= -O3 -g
LDFLAGS ?=
WERROR  ?=

PKGS      := ncursesw openblas papi jansson inih
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_PKG_CFLAGS = $(shell pkg-config --cflags cmocka 2>/dev/null)
TEST_PKG_LIBS   = $(shell pkg-config --libs cmocka 2>/dev/null)

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
BASEFLAGS = -std=c11 -D_GNU_SOURCE -pthread -Ikernels -Isrc -Iui $(PKG_CFLAGS) $(WARNINGS) $(WERROR)
LIBS      = $(PKG_LIBS) -lm -pthread

BUILD ?= build
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

LIB_SRC  := $(sort $(wildcard kernels/*.c src/*.c ui/*.c))
LIB_SRC  := $(filter-out src/main.c,$(LIB_SRC))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_BINS = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all deps run check unit e2e sanitize valgrind bench screenshots install uninstall clean

all: tttop

tttop: $(BUILD)/tttop
	cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/tttop: $(BUILD)/src/main.o $(BUILD)/libtttop.a
	$(CC) $(CFLAGS) $(BASEFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS)

$(BUILD)/libtttop.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASEFLAGS) -DTTTOP_VERSION='"$(VERSION)"' -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(BUILD)/libtttop.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BASEFLAGS) $(TEST_PKG_CFLAGS) -Itests -o $@ $< $(BUILD)/libtttop.a \
	    $(LDFLAGS) $(TEST_PKG_LIBS) $(LIBS)

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/main.d

# Debian packages: installed when root, otherwise the exact command is printed.
DEB_PKGS := build-essential pkg-config libncurses-dev libopenblas-dev libpapi-dev \
            libjansson-dev libinih-dev libcmocka-dev tmux valgrind

deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	done | tr '\n' ' '); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -q && apt-get install -y -q --no-install-recommends $$missing; \
	else \
	    echo "missing packages; run: sudo apt-get install $$missing" >&2; exit 1; \
	fi

run: deps
	@$(MAKE) --no-print-directory tttop
	./tttop

# Every test: warnings as errors, unit tests, terminal tests, sanitizers, valgrind.
check: deps
	@$(MAKE) --no-print-directory WERROR=-Werror tttop unit-bins
	@$(MAKE) --no-print-directory unit e2e
	@$(MAKE) --no-print-directory sanitize valgrind

unit-bins: $(TEST_BINS)

unit: $(TEST_BINS)
	@sh tests/run_unit.sh $(TEST_BINS)

e2e: tttop
	@sh tests/run_e2e.sh ./tttop

# ASan+UBSan build of the unit tests and a short headless smoke run, in its own tree.
ASAN_BINS = build/asan/tttop $(TEST_SRC:tests/%.c=build/asan/tests/%)

sanitize:
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="$(SAN_FLAGS)" WERROR=-Werror \
	    LDFLAGS="-fsanitize=address,undefined" $(ASAN_BINS)
	@sh tests/run_unit.sh $(TEST_SRC:tests/%.c=build/asan/tests/%)
	@sh tests/smoke.sh build/asan/tttop
	@E2E_ONLY=exit sh tests/run_e2e.sh build/asan/tttop

valgrind: tttop
	@sh tests/valgrind.sh ./tttop

bench: tttop
	@sh tests/bench.sh ./tttop

screenshots: tttop
	@sh tests/screenshots.sh ./tttop screenshots

install: tttop
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 tttop $(DESTDIR)$(BINDIR)/tttop

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tttop

clean:
	rm -rf build tttop
