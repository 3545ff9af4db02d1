# loader-gop.mk - host unit test of the GOP mode choice (closest offered mode).
UNIT_TESTS += gop_mode
UNIT_gop_mode_SRCS := loader/core/gop_mode.c
