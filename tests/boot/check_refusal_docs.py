#!/usr/bin/env python3
"""check_refusal_docs.py - the refusal matrix in docs/bootinfo.md against what the loader printed.

    check_refusal_docs.py DOC REFUSALS_DIR CASE...

For every refusal CASE (not "accept-*"), the matrix row naming QEMU `CASE` must quote
the line in REFUSALS_DIR/CASE.expect (the line the boot test saw the loader print),
without its "loader: error: " prefix. A value that depends on the build (the kernel's
size, its digest) is written <like this> in the docs and matches any text. Prints one
line per problem and exits 1 if there is any.
"""
import re
import sys

PREFIX = "loader: error: "


def row_pattern(quoted):
    parts = re.split(r"<[^<>]+>", quoted)
    return re.compile("^" + ".+?".join(re.escape(p) for p in parts) + "$")


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    doc = open(argv[1], encoding="utf-8").read()
    rows = {m.group(2): m.group(1) for m in
            re.finditer(r"^\| \d+ \| [^|]*\| `(.*?)` \| QEMU `([^`]+)`", doc, re.M)}
    problems = 0
    for case in argv[3:]:
        if case.startswith("accept-"):
            continue
        try:
            want = open("%s/%s.expect" % (argv[2], case), encoding="utf-8").read().strip()
        except OSError:
            print("%s: no %s.expect" % (case, case))
            problems += 1
            continue
        if case not in rows:
            print("%s: no row in %s" % (case, argv[1]))
            problems += 1
        elif not row_pattern(rows[case]).match(want[len(PREFIX):] if want.startswith(PREFIX) else want):
            print("%s: docs say `%s`, the loader prints `%s`" % (case, rows[case], want))
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
