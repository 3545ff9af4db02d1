#!/usr/bin/env python3
"""check_refusal_host_tests.py - every host test the refusal table cites exists.

    check_refusal_host_tests.py TABLE UNIT_DIR

tests/boot/refusals.tsv (from which docs/bootinfo.md's refusal matrix is made) names, per
row, the host unit tests that refuse that input ("host test_elf: refuses_bad_magic, ...").
A renamed or deleted test would leave the docs promising a test that no longer runs.
For each row this prints a TAP line:
"ok" when every cited UNIT_DIR/test_X.c defines the named function and registers it
(the name appears at least twice), "not ok" naming what is missing.
"""
import os
import re
import sys


def cited_tests(column):
    """(file stem, [function names]) for each 'test_x: a, b' in the row's host part."""
    host = column.split("host ", 1)
    if len(host) < 2:
        return []
    text = re.sub(r"\([^)]*\)", "", host[1])  # "(the digest: NIST vectors)" is prose
    out = []
    for word in re.findall(r"\w+", text):
        if word.startswith("test_"):
            out.append((word, []))  # a test file; the words after it are its tests
        elif out:
            out[-1][1].append(word)
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    rows = []
    with open(argv[1], encoding="utf-8") as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
    head = lines[0]  # the column names: "no", ..., "host tests"
    host = head.index("host tests") if "host tests" in head else None
    for cols in lines[1:]:
        if host is not None and len(cols) == len(head) and "host " in cols[host]:
            rows.append((cols[0], cols[host]))
    if not rows:
        print("not ok - %s: no refusal matrix rows with host tests found" % argv[1])
        return 1
    failures = 0
    for number, column in rows:
        missing = []
        for stem, names in cited_tests(column):
            path = os.path.join(argv[2], stem + ".c")
            if not os.path.exists(path):
                missing.append(path)
                continue
            src = open(path, encoding="utf-8").read()
            missing += ["%s:%s" % (stem, n) for n in names
                        if len(re.findall(r"\b%s\b" % re.escape(n), src)) < 2]
        if missing:
            failures += 1
            print("not ok - refusal row %s: cited host tests missing: %s" % (number, ", ".join(missing)))
        else:
            print("ok - refusal row %s: cited host tests exist" % number)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
