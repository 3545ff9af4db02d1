#!/usr/bin/env python3
"""refusals.py - reads tests/boot/refusals.tsv, the one expected copy of every loader refusal.

    refusals.py cases SCRIPT       the QEMU cases SCRIPT boots (its "boot test" column), one a line
    refusals.py markdown           the refusal matrix as docs/bootinfo.md shows it
    refusals.py check-docs DOC     one TAP line: DOC's matrix is the table, word for word
    refusals.py write-docs DOC     rewrites DOC's matrix from the table

A message is written after "loader: error: "; a <placeholder> in it stands for a value
the case computes from the build (make_bad_kernels.py and make_compat_kernels.py fill it
in), so the docs show no figure of an older build. Changing a message: one edit in the
loader's C source, one in refusals.tsv, then `make refusal-docs`.
"""
import os
import re
import sys

TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "refusals.tsv")
PREFIX = "loader: error: "
HEAD = "| # | bad input | message | tests |\n|---|---|---|---|\n"
# The boot test of most QEMU cases; the docs name any other after the case names.
DEFAULT_TEST = "test_refusals.sh"
PLACEHOLDER = re.compile(r"<([^<>]+)>")


def rows():
    """The table's rows as dicts: no, cases (a list, empty for host-only), test (the boot
    test script, "-" for host-only), input, message, host."""
    out = []
    with open(TABLE, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    keys = ["no", "case", "test", "input", "message", "host"]
    if lines[0].split("\t") != ["no", "case", "boot test", "input", "message", "host tests"]:
        raise SystemExit("refusals.tsv: unexpected header %r" % lines[0])
    for n, l in enumerate(lines[1:], 2):
        cols = l.split("\t")
        if len(cols) != len(keys):
            raise SystemExit("refusals.tsv: row %d has %d columns, not %d" % (n, len(cols), len(keys)))
        r = dict(zip(keys, cols))
        r["cases"] = [] if r["case"] == "-" else r["case"].split(",")
        if bool(r["cases"]) != (r["test"] != "-"):
            raise SystemExit("refusals.tsv: row %d: a case needs a boot test, a boot test a case" % n)
        out.append(r)
    return out


def by_case():
    return {c: r for r in rows() for c in r["cases"]}


def cases(test):
    """The QEMU cases the boot test script TEST boots, in table order."""
    return [c for r in rows() if r["test"] == test for c in r["cases"]]


def message(case, values):
    """CASE's message; every placeholder in it must have a value in VALUES, every value
    a placeholder."""
    msg = by_case()[case]["message"]
    used = set(PLACEHOLDER.findall(msg))
    if used != set(values):
        raise SystemExit("refusals.tsv: case %s: placeholders %s, values given for %s"
                         % (case, sorted(used), sorted(values)))
    return msg


def expected(case, values):
    """The full line the loader prints for CASE, its placeholders filled from VALUES
    (a dict keyed by placeholder text)."""
    return PREFIX + PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), message(case, values))


def pattern(case, values):
    """A regular expression for the whole line of CASE, where VALUES are regular
    expressions (for values only the firmware knows); the rest is matched literally."""
    msg = message(case, values)
    parts = PLACEHOLDER.split(msg)  # literal, name, literal, name, ..., literal
    return "^" + literal(PREFIX) + "".join(
        values[p] if i % 2 else literal(p) for i, p in enumerate(parts)) + "$"


def literal(text):
    """TEXT as a regular expression: only the metacharacters escaped, so it stays readable."""
    return re.sub(r"([.^$*+?{}()\[\]\\|])", r"\\\1", text)


def markdown():
    body = ""
    for r in rows():
        qemu = ", ".join("`%s`" % c for c in r["cases"])
        if r["test"] not in ("-", DEFAULT_TEST):
            qemu += " (%s)" % r["test"]
        tests = ("QEMU %s; " % qemu if qemu else "") + r["host"]
        body += "| %s | %s | `%s` | %s |\n" % (r["no"], r["input"], r["message"], tests)
    return HEAD + body


def docs_span(doc):
    """Start and end offsets of the matrix in DOC's text (header to the first blank line)."""
    start = doc.find(HEAD)
    if start < 0:
        return None
    end = doc.find("\n\n", start)
    return start, (len(doc) if end < 0 else end + 1)


def main(argv):
    if len(argv) == 3 and argv[1] == "cases":
        print("\n".join(cases(argv[2])))
    elif argv[1:] == ["markdown"]:
        sys.stdout.write(markdown())
    elif len(argv) == 3 and argv[1] in ("check-docs", "write-docs"):
        doc = open(argv[2], encoding="utf-8").read()
        span = docs_span(doc)
        want = markdown()
        if argv[1] == "write-docs":
            if span is None:
                raise SystemExit("%s: no refusal matrix header to replace" % argv[2])
            with open(argv[2], "w", encoding="utf-8") as f:
                f.write(doc[:span[0]] + want + doc[span[1]:])
            return 0
        have = doc[span[0]:span[1]] if span else ""
        if have == want:
            print("ok - %s: the refusal matrix is tests/boot/refusals.tsv, word for word" % argv[2])
            return 0
        diff = [w for w in want.splitlines() if w not in have.splitlines()][:1]
        print("not ok - %s: the refusal matrix differs from tests/boot/refusals.tsv "
              "(make refusal-docs rewrites it)%s" % (argv[2], ": wants " + diff[0] if diff else ""))
        return 1
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
