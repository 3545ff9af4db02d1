# kernel-fb-tests.mk - host tests of the screen console: the PSF parser, the renderer, the
# psf fuzzer, and the screen test's comparison tool (tests/boot/test_screen.sh builds it).
#
# The Debian font file itself is built by mk/kernel.mk ($(BUILD)/font/console.psf); the
# unit tests link a host copy of it to check that the font the kernel embeds parses.
FB_FONT_PSF := $(BUILD)/font/console.psf
FB_FONT_HOST_OBJ := $(BUILD)/font/console-host.o $(BUILD)/font/console32-host.o

UNIT_TESTS += psf fb_render fb log_colour
UNIT_psf_SRCS := kernel/dev/psf.c tests/unit/host_kprintf.c $(FB_FONT_HOST_OBJ)
UNIT_fb_render_SRCS := kernel/dev/fb_render.c kernel/dev/psf.c tests/unit/host_kprintf.c
UNIT_log_colour_SRCS := kernel/dev/log_colour.c
UNIT_fb_SRCS := kernel/dev/fb.c kernel/dev/log_colour.c kernel/dev/font_pick.c kernel/boot/fb_decide.c kernel/dev/fb_render.c \
	kernel/dev/psf.c tests/unit/host_kprintf.c \
	$(FB_FONT_HOST_OBJ)

FUZZ_TARGETS += psf
FUZZ_psf_SRCS := kernel/dev/psf.c kernel/dev/fb_render.c tests/unit/host_kprintf.c

# The same bytes as the kernel's copies, as objects for the host (x86-64) linker.
$(BUILD)/font/%-host.o: $(BUILD)/font/%.psf
	cd $(@D) && objcopy -I binary -O elf64-x86-64 -B i386:x86-64 \
		--rename-section .data=.rodata.font,alloc,load,readonly,data,contents \
		--add-section .note.GNU-stack=/dev/null $*.psf $(@F)

SCREEN_COMPARE := $(BUILD)/host/screen_compare
.PHONY: screen-compare
screen-compare: $(SCREEN_COMPARE) $(FB_FONT_PSF) $(KERNEL_FONT32)

$(SCREEN_COMPARE): tests/screen/compare.c kernel/dev/fb_render.c kernel/dev/psf.c \
	kernel/dev/fb_render.h kernel/dev/psf.h kernel/dev/log_colour.c kernel/dev/log_colour.h \
	tests/unit/host_kprintf.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ tests/screen/compare.c kernel/dev/fb_render.c \
		kernel/dev/psf.c kernel/dev/log_colour.c tests/unit/host_kprintf.c

UNIT_TESTS += report
UNIT_report_SRCS := kernel/report/report.c tests/unit/host_kprintf.c
UNIT_TESTS += font_pick
UNIT_font_pick_SRCS := kernel/dev/font_pick.c

# docs/hardware.md's screenshots, from the screen test's own screendumps (run
# tests/boot/test_screen.sh first): a good boot at 640x480 and a red CPU error.
.PHONY: screenshots
screenshots:
	cp $(BUILD)/test-logs/screen-ia32-640x480/screen.png docs/screen-good-boot.png
	cp $(BUILD)/test-logs/screen-ia32-no-tsc/screen.png docs/screen-cpu-error.png
