# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Unit tests (test_progs shape): tests/unit/test_*.c define `void test_<name>(void)`;
# the registry $(OUTPUT)/gen/tests.h is generated from them. Linked against the
# compiler library objects (everything but main.o/cmd_*.o), with $(CXX) because the
# library holds a C++ file.

UNIT_SRCS	:= $(sort $(wildcard tests/unit/*.c))
UNIT_TEST_SRCS	:= $(sort $(wildcard tests/unit/test_*.c))
UNIT_OBJS	:= $(UNIT_SRCS:%.c=$(OUTPUT)/obj/%.o)

# The directory is a prerequisite too, so deleting a test file regenerates the list.
$(OUTPUT)/gen/tests.h: $(UNIT_TEST_SRCS) tests/unit
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)sed -n -E 's/^void test_([a-zA-Z0-9_]+)\(void\).*/DEFINE_TEST(\1)/p' $(UNIT_TEST_SRCS) | sort > $@.tmp \
		&& mv $@.tmp $@

$(OUTPUT)/obj/tests/unit/runner.o: $(OUTPUT)/gen/tests.h

# tpload's plain-C parts with no libbpf or logging (tests/unit/test_export.c), and its renderer
# of kernel-object args (runtime/ev_kobj.c, ev_path.c: lib/ and the JSON writer only), of
# IMA hashes (ev_ima.c: libc only) and of process.docker (ev_container.c)
UNIT_RT_OBJS	:= $(addprefix $(OUTPUT)/obj/runtime/,ev_out.o ev_filter.o ev_cursor.o ev_kobj.o ev_path.o \
		     ev_ima.o ev_container.o)

$(OUTPUT)/obj/tests/unit/test_types.o: COMMON_CFLAGS += -Iruntime
$(OUTPUT)/obj/tests/unit/test_ima.o: COMMON_CFLAGS += -Iruntime
$(OUTPUT)/unit-tests: $(UNIT_OBJS) $(TPC_LIB_OBJS) $(UNIT_RT_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) $^ $(YAML_LIBS) $(BPF_LIBS) $(PKG_LIBS) $(LLVM_LDLIBS) -o $@

# Run from the repo root: tests find tests/unit/data/ and ../shared/ from there.
test-unit: $(OUTPUT)/unit-tests
	$(Q)$(OUTPUT)/unit-tests $(UNIT_FILTER)
