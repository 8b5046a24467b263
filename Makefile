# SPDX-License-Identifier: GPL-2.0
#
# cr3stat: the module is built by Kbuild (see Kbuild); this file drives it
# and the project's own targets.
#
#   make [KDIR=...]    build cr3stat.ko against KDIR (default: running kernel)
#   make demo          boot Debian 6.12 under QEMU, run a workload, show counters
#   make bench         what the probes cost, in guest instructions (not a test)
#   make accuracy      the full accuracy suite against the QEMU plugin oracle
#   make stress        load/unload cycles, toggles and malformed writes under
#                      load, with leak checks (about 14 min a kernel)
#   make check         the whole test suite (unit, style, DKMS, VM tests)
#   make matrix        every kernel x boot configuration make check leaves out
#   make unit          only the userspace unit tests
#   make doc           regenerate the README's counter reference table
#   make dkms-install  install through DKMS for the running kernel, and the
#                      cr3stat command (as root)
#   make cli           build the cr3stat command (cli/cr3stat)
#   make install-cli   install it, its man page, its systemd units for
#                      node_exporter (not enabled) and a modules-load.d
#                      snippet (PREFIX, DESTDIR)

KDIR ?= /lib/modules/$(shell uname -r)/build
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DKMS_SRC := /usr/src/cr3stat-$(VERSION)
BUILD := .cache/build
CFLAGS_USER := -Wall -Wextra -Werror -O2
UNIT_TESTS := test_groups_parse test_items test_cr3 test_insn test_msr_parse \
	test_restore test_calls test_scan test_flushmask
PURE := module/items.c module/groups_parse.c module/cr3.c module/insn.c \
	module/msr_parse.c module/restore.c module/calls.c module/scan.c \
	module/flushmask.c
# The CLI minus main(): its unit tests link it whole.
CLI_LIB := cli/table.c cli/format.c cli/json.c cli/args.c cli/run.c \
	cli/csv.c cli/prom.c
CLI_TESTS := test_cli_parse test_cli_format test_cli_run
PREFIX ?= /usr/local
# systemd reads units from /usr/local/lib/systemd/system and /usr/lib/...
UNITDIR ?= $(PREFIX)/lib/systemd/system

all: module cli

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	rm -rf $(BUILD) .tmp_versions
	rm -f cr3stat.ko cr3stat.o cr3stat.mod cr3stat.mod.c cr3stat.mod.o \
		Module.symvers modules.order .module-common.o .*.cmd
	rm -f module/*.o module/.*.cmd
	rm -f cli/cr3stat

$(BUILD)/%: tests/unit/%.c $(PURE) module/*.h tests/unit/tap.h
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_USER) -o $@ $< $(PURE)

$(BUILD)/counter-doc: tools/counter-doc.c $(PURE) module/*.h
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_USER) -o $@ $< $(PURE)

# Static pattern: these take precedence over the $(BUILD)/% rule above.
# Their fixtures are real module output, kept in cli/testdata/.
$(addprefix $(BUILD)/,$(CLI_TESTS)): $(BUILD)/%: tests/unit/%.c $(CLI_LIB) \
		cli/cr3stat.h tests/unit/tap.h tests/unit/cli_fixture.h
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_USER) -DCLI_TESTDATA='"$(CURDIR)/cli/testdata"' \
		-o $@ $< $(CLI_LIB)

cli: cli/cr3stat

cli/cr3stat: cli/main.c $(CLI_LIB) cli/cr3stat.h
	$(CC) $(CFLAGS_USER) -o $@ cli/main.c $(CLI_LIB)

# The units are installed, not enabled; the modules-load.d snippet is
# only put where an administrator can copy it from (README).
install-cli: cli/cr3stat
	install -D -m 0755 cli/cr3stat $(DESTDIR)$(PREFIX)/bin/cr3stat
	install -D -m 0644 cli/cr3stat.8 \
		$(DESTDIR)$(PREFIX)/share/man/man8/cr3stat.8
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|@BINDIR@|$(PREFIX)/bin|' packaging/cr3stat-prometheus.service \
		>$(DESTDIR)$(UNITDIR)/cr3stat-prometheus.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/cr3stat-prometheus.service
	install -m 0644 packaging/cr3stat-prometheus.timer $(DESTDIR)$(UNITDIR)/
	install -D -m 0644 packaging/modules-load.conf \
		$(DESTDIR)$(PREFIX)/share/cr3stat/modules-load.d/cr3stat.conf

.PHONY: cli install-cli

unit-bins: $(addprefix $(BUILD)/,$(UNIT_TESTS) $(CLI_TESTS)) \
	$(BUILD)/counter-doc

unit: unit-bins
	@set -e; for t in $(UNIT_TESTS) $(CLI_TESTS); do $(BUILD)/$$t; done
	@tests/unit/check-log.sh
	@tests/unit/bochs-denoise.sh

doc: $(BUILD)/counter-doc
	scripts/readme-table --write $(BUILD)/counter-doc README.md

check:
	scripts/setup
	tests/run

demo:
	scripts/setup
	scripts/demo

bench:
	scripts/setup
	scripts/bench

accuracy:
	scripts/setup
	CR3STAT_ACCURACY=full tests/oracle/accuracy

stress:
	scripts/setup
	scripts/stress

matrix:
	scripts/setup
	tests/run --matrix

# DKMS takes its own copy of the sources, without the tests or the cache.
dkms-add:
	-dkms remove cr3stat/$(VERSION) --all >/dev/null 2>&1
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp -r Kbuild dkms.conf module $(DKMS_SRC)/
	dkms add cr3stat/$(VERSION)

# The command comes with the module: one install gives both.
dkms-install: dkms-add install-cli
	dkms install cr3stat/$(VERSION)

.PHONY: all module clean unit-bins unit doc check demo bench accuracy stress \
	matrix \
	dkms-add dkms-install
