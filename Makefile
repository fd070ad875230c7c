# orggate: build, test, run. `make check` and `make demo` install missing Debian packages first.

PREFIX ?= /usr/local
BUILD ?= build
VERSION ?= 0.1.0
CXX ?= g++
PKG_CONFIG ?= pkg-config

# Lazily expanded, so `make deps` can install the packages before pkg-config is asked.
PKGS = fcgi libcurl RapidJSON libctemplate openssl
ALL_CPPFLAGS = -Isrc $(shell $(PKG_CONFIG) --cflags $(PKGS)) \
	-DORGGATE_VERSION='"$(VERSION)"' $(CPPFLAGS)
CXXFLAGS ?= -O2 -g
ALL_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror -pthread -MMD -MP $(CXXFLAGS)
ALL_LDLIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -pthread $(LDLIBS)
# Boost.Test ships no pkg-config file in Debian; the library name is stable.
TEST_CPPFLAGS = -Itest/unit -DBOOST_TEST_DYN_LINK
TEST_LDLIBS = -lboost_unit_test_framework

LIB_SRCS := $(shell find src -name '*.cpp' ! -name main.cpp | sort)
LIB_OBJS := $(LIB_SRCS:%.cpp=$(BUILD)/obj/%.o)
TEST_SRCS := $(shell find test/unit -name '*.cpp' | sort)
TEST_OBJS := $(TEST_SRCS:%.cpp=$(BUILD)/obj/%.o)
FORMAT_FILES := $(shell find src test -name '*.cpp' -o -name '*.hpp' | sort)

.PHONY: all deps test-deps check unit sanitize integration bench run demo format format-check clean

all: $(BUILD)/orggate

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

# The README's test command: unit tests, then the real nginx + orggate over loopback.
check: test-deps
	@$(MAKE) --no-print-directory format-check all $(BUILD)/unit-tests
	@test/run-tests $(BUILD)

unit: $(BUILD)/unit-tests
	$(BUILD)/unit-tests

# Everything again, built with AddressSanitizer and UndefinedBehaviorSanitizer: the unit tests,
# then the integration tests against the sanitized orggate. A dangling reference, an overflow
# or a leak fails the run instead of passing by luck.
SANITIZE_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
sanitize:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)-sanitize CXXFLAGS='$(SANITIZE_FLAGS)' \
		LDFLAGS='$(SANITIZE_FLAGS)' $(BUILD)-sanitize/unit-tests $(BUILD)-sanitize/orggate
	$(BUILD)-sanitize/unit-tests --report_level=short
	python3 test/integration/run.py --build $(BUILD)-sanitize

integration: all
	python3 test/integration/run.py --build $(BUILD)

# Throughput and CPU per request under wrk, against the real stack (not part of make check).
bench: test-deps
	@$(MAKE) --no-print-directory all
	python3 test/bench/bench.py --build $(BUILD)

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-local --build $(BUILD) $(ARGS)

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo --build $(BUILD) $(ARGS)

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD) $(BUILD)-sanitize

# `make install`: the binary, pages and stylesheet under PREFIX; the nginx site, the systemd
# units and /etc/orggate/orggate.env (kept if present) under /etc. Stage with DESTDIR=DIR.
# SERVER_NAME is your site's host name in the nginx site: change it. GitHub Enterprise Server:
# IMG_SRC (where avatars load from) and FORM_ACTION name your server for the CSP.
SERVER_NAME ?= example.org
DESTDIR ?=
IMG_SRC ?=
FORM_ACTION ?=

.PHONY: install uninstall

install: all
	@scripts/install --build '$(BUILD)' --prefix '$(PREFIX)' --destdir '$(DESTDIR)' \
		--server-name '$(SERVER_NAME)' $(if $(IMG_SRC),--img-src '$(IMG_SRC)') \
		$(if $(FORM_ACTION),--form-action '$(FORM_ACTION)')

# Removes what install listed in PREFIX/share/orggate/install-manifest, and nothing else.
uninstall:
	@scripts/install --uninstall --prefix '$(PREFIX)' --destdir '$(DESTDIR)'

$(BUILD)/orggate: $(BUILD)/obj/src/main.o $(BUILD)/liborggate.a
	$(CXX) $(ALL_CXXFLAGS) $(LDFLAGS) -o $@ $^ $(ALL_LDLIBS)

$(BUILD)/liborggate.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/unit-tests: $(TEST_OBJS) $(BUILD)/liborggate.a
	$(CXX) $(ALL_CXXFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LDLIBS) $(ALL_LDLIBS)

# The compiled-in version: rebuild what uses it when it changes.
BUILD_SETTINGS = VERSION=$(VERSION)
$(BUILD)/settings.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(BUILD_SETTINGS)' | cmp -s - $@ || echo '$(BUILD_SETTINGS)' > $@
$(BUILD)/obj/src/main.o: $(BUILD)/settings.stamp

.PHONY: FORCE
FORCE:

$(BUILD)/obj/src/%.o: src/%.cpp
	@mkdir -p $(@D)
	$(CXX) $(ALL_CPPFLAGS) $(ALL_CXXFLAGS) -c -o $@ $<

$(BUILD)/obj/test/%.o: test/%.cpp
	@mkdir -p $(@D)
	$(CXX) $(ALL_CPPFLAGS) $(TEST_CPPFLAGS) $(ALL_CXXFLAGS) -c -o $@ $<

-include $(LIB_OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(BUILD)/obj/src/main.d
