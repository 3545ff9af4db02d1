# loader-sha256.mk - host unit test of the loader's SHA-256 (boot.cfg `sha256 =` pins).
UNIT_TESTS += sha256
UNIT_sha256_SRCS := loader/core/sha256.c
