/* config.c - parses boot.cfg: "key = value" lines, '#' comment lines, LF, CRLF or CR. */
#include <stddef.h>
#include "config.h"
#include "utf8.h"

#define DEFAULT_KERNEL "\\kernel.elf"
#define SHA256_BYTES 32u
#define SHA256_HEX (2 * SHA256_BYTES)
#define RES_MIN 1
#define RES_MAX 16384
#define VALUE_SHOWN 40u /* bytes of a bad value quoted in a message */
#define UTF8_BOM "\xEF\xBB\xBF"
#define UTF8_BOM_LEN 3u
#define STR_(x) #x
#define STR(x) STR_(x) /* a numeric macro as a string literal, for messages */

/* One line being parsed; columns in messages are 1-based byte offsets into it. */
struct span {
    const char *p;
    uint32_t len;
};

struct parser {
    const char *name;
    struct boot_config *cfg;
    struct diag *d;
    const char *line; /* start of the current line, for columns */
    uint32_t lineno;
    const char *key; /* the known key of the current line, named in messages; or NULL */
    bool seen_kernel, seen_cmdline, seen_resolution, seen_serial, seen_protocol;
    /* The pin of the file named on the nearest kernel or module line above: what a
     * sha256 line pins. NULL before any such line. */
    bool *pin_has;
    uint8_t *pin;
    bool pin_is_module;
};

/* Sets "name:line:col: what (value "...")" for the text at `at` in the line. */
static bool fail(struct parser *ps, const char *at, const char *what, struct span value)
{
    char shown[VALUE_SHOWN + 4];
    uint32_t n = value.len < VALUE_SHOWN ? value.len : VALUE_SHOWN;
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)value.p[i];
        /* Keep the message one printable ASCII line whatever the file holds. */
        shown[i] = (c < ' ' || c >= 0x7f) ? '?' : (char)c;
    }
    if (n < value.len)
        shown[n++] = '.', shown[n++] = '.', shown[n++] = '.';
    shown[n] = '\0';
    diag_set(ps->d, "%s:%u:%u: %s%s%s (value \"%s\")", ps->name, ps->lineno,
             (uint32_t)(at - ps->line) + 1, ps->key ? ps->key : "", ps->key ? ": " : "", what,
             shown);
    return false;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static bool span_is(struct span s, const char *lit)
{
    uint32_t n = diag_strlen(lit);
    if (s.len != n)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (s.p[i] != lit[i])
            return false;
    return true;
}

/* Copies `s` into a `cap`-byte string; false (and a message) when it does not fit. */
static bool copy_value(struct parser *ps, char *dst, uint32_t cap, struct span s)
{
    if (s.len >= cap)
        return fail(ps, s.p, "value too long", s);
    diag_memcpy(dst, s.p, s.len);
    dst[s.len] = '\0';
    return true;
}

/* A path on the ESP: absolute, with '/' accepted for the firmware's '\', in UTF-8
 * that UCS-2 can hold (the firmware's file names). */
static bool copy_path(struct parser *ps, char *dst, struct span s)
{
    uint32_t bad_at;
    if (s.len == 0 || (s.p[0] != '\\' && s.p[0] != '/'))
        return fail(ps, s.p, "path must start with '\\' or '/'", s);
    /* Paths are echoed in later messages (file not found): no escape sequences. */
    for (uint32_t i = 0; i < s.len; i++)
        if ((unsigned char)s.p[i] < ' ' || s.p[i] == 0x7f)
            return fail(ps, s.p + i, "control character in path", s);
    int32_t n = utf8_to_ucs2(s.p, s.len, NULL, 0, &bad_at);
    if (n == UTF8_BAD)
        return fail(ps, s.p + bad_at, "path is not valid UTF-8", s);
    if (n == UTF8_BEYOND_BMP)
        return fail(ps, s.p + bad_at, "path has a character above U+FFFF (UCS-2 file names)",
                    s);
    if (!copy_value(ps, dst, CFG_PATH_MAX, s))
        return false;
    for (uint32_t i = 0; i < s.len; i++)
        if (dst[i] == '/')
            dst[i] = '\\';
    return true;
}

static bool singleton(struct parser *ps, bool *seen, struct span key, struct span value)
{
    if (*seen)
        return fail(ps, key.p, "duplicate key", value);
    *seen = true;
    return true;
}

/* Splits a path off the front of `value`: up to the first blank, or between double
 * quotes when it starts with one (a path with spaces). `rest` is what follows. */
static bool take_path(struct parser *ps, struct span value, struct span *path, struct span *rest)
{
    uint32_t i = 0, skip = 0;
    if (value.p[0] == '"') {
        for (i = 1; i < value.len && value.p[i] != '"'; i++)
            ;
        if (i == value.len)
            return fail(ps, value.p, "no closing '\"' after the path", value);
        *path = (struct span){ value.p + 1, i - 1 };
        skip = i + 1;
        if (skip < value.len && !is_blank(value.p[skip]))
            return fail(ps, value.p + skip, "a blank must follow the closing '\"'", value);
    } else {
        while (i < value.len && !is_blank(value.p[i]))
            i++;
        *path = (struct span){ value.p, i };
        skip = i;
    }
    *rest = (struct span){ value.p + skip, value.len - skip };
    while (rest->len > 0 && is_blank(rest->p[0]))
        rest->p++, rest->len--;
    return true;
}

static void pin_next(struct parser *ps, bool *has, uint8_t *digest, bool module)
{
    ps->pin_has = has;
    ps->pin = digest;
    ps->pin_is_module = module;
}

static bool do_kernel(struct parser *ps, struct span key, struct span value)
{
    struct span path, rest;
    if (!singleton(ps, &ps->seen_kernel, key, value) || !take_path(ps, value, &path, &rest))
        return false;
    if (rest.len)
        return fail(ps, rest.p, "text after the path (quote a path with spaces)", value);
    if (!copy_path(ps, ps->cfg->kernel, path))
        return false;
    pin_next(ps, &ps->cfg->has_kernel_sha256, ps->cfg->kernel_sha256, false);
    return true;
}

static bool do_cmdline(struct parser *ps, struct span key, struct span value)
{
    if (value.len == 0) /* value.p may sit past the line: nothing to copy */
        return singleton(ps, &ps->seen_cmdline, key, value) && (ps->cfg->cmdline[0] = '\0', true);
    return singleton(ps, &ps->seen_cmdline, key, value) &&
           copy_value(ps, ps->cfg->cmdline, CFG_CMDLINE_MAX, value);
}

/* "module = PATH [STRING]": STRING defaults to PATH (as converted to '\'). */
static bool do_module(struct parser *ps, struct span key, struct span value)
{
    struct boot_config *cfg = ps->cfg;
    if (cfg->nmodules >= CFG_MAX_MODULES)
        return fail(ps, key.p, "too many modules (at most " STR(CFG_MAX_MODULES) ")", value);
    struct cfg_module *m = &cfg->modules[cfg->nmodules];
    diag_memset(m, 0, sizeof *m);

    struct span path, str;
    if (!take_path(ps, value, &path, &str) || !copy_path(ps, m->path, path))
        return false;
    if (str.len == 0)
        diag_memcpy(m->string, m->path, path.len + 1);
    else if (!copy_value(ps, m->string, CFG_PATH_MAX, str))
        return false;
    pin_next(ps, &m->has_sha256, m->sha256, true);
    cfg->nmodules++;
    return true;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Pins the file named on the nearest kernel or module line above. */
static bool do_sha256(struct parser *ps, struct span key, struct span value)
{
    if (value.len != SHA256_HEX)
        return fail(ps, value.p, "must be 64 hex digits", value);
    uint8_t digest[SHA256_BYTES];
    for (uint32_t i = 0; i < SHA256_HEX; i += 2) {
        int hi = hex_digit(value.p[i]), lo = hex_digit(value.p[i + 1]);
        if (hi < 0 || lo < 0)
            return fail(ps, value.p + i + (hi < 0 ? 0 : 1), "bad hex digit", value);
        digest[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    if (!ps->pin_has)
        return fail(ps, key.p, "no kernel or module line above it to pin", value);
    if (*ps->pin_has)
        return fail(ps, key.p, ps->pin_is_module ? "duplicate for this module"
                                                 : "duplicate for the kernel",
                    value);
    diag_memcpy(ps->pin, digest, SHA256_BYTES);
    *ps->pin_has = true;
    return true;
}

/* Decimal RES_MIN..RES_MAX at *i; advances *i past the digits. */
static bool parse_dim(struct span s, uint32_t *i, uint32_t *out)
{
    uint32_t v = 0, start = *i;
    /* Stops at RES_MAX, so v never overflows however many digits follow. */
    for (; *i < s.len && s.p[*i] >= '0' && s.p[*i] <= '9'; (*i)++) {
        v = v * 10 + (uint32_t)(s.p[*i] - '0');
        if (v > RES_MAX)
            return false;
    }
    *out = v;
    return *i > start && v >= RES_MIN;
}

static bool do_resolution(struct parser *ps, struct span key, struct span value)
{
    if (!singleton(ps, &ps->seen_resolution, key, value))
        return false;
    uint32_t i = 0, w, h;
    bool ok = parse_dim(value, &i, &w) && i < value.len &&
              (value.p[i] == 'x' || value.p[i] == 'X');
    i++;
    ok = ok && parse_dim(value, &i, &h) && i == value.len;
    if (!ok)
        return fail(ps, value.p, "must be WIDTHxHEIGHT, each " STR(RES_MIN) ".." STR(RES_MAX),
                    value);
    ps->cfg->res_width = w;
    ps->cfg->res_height = h;
    return true;
}

static bool do_serial(struct parser *ps, struct span key, struct span value)
{
    if (!singleton(ps, &ps->seen_serial, key, value))
        return false;
    if (span_is(value, "on"))
        ps->cfg->serial = true;
    else if (span_is(value, "off"))
        ps->cfg->serial = false;
    else
        return fail(ps, value.p, "must be on or off", value);
    return true;
}

static bool do_protocol(struct parser *ps, struct span key, struct span value)
{
    static const struct {
        const char *name;
        enum cfg_protocol protocol;
    } names[] = {
        { "multiboot1", CFG_PROTOCOL_MULTIBOOT1 },
        { "multiboot2", CFG_PROTOCOL_MULTIBOOT2 },
    };
    if (!singleton(ps, &ps->seen_protocol, key, value))
        return false;
    for (uint32_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (span_is(value, names[i].name)) {
            ps->cfg->protocol = names[i].protocol;
            return true;
        }
    return fail(ps, value.p, "must be multiboot1 or multiboot2", value);
}

static const struct {
    const char *key;
    bool (*apply)(struct parser *, struct span key, struct span value);
} keys[] = {
    { "kernel", do_kernel },         { "cmdline", do_cmdline }, { "module", do_module },
    { "sha256", do_sha256 },         { "resolution", do_resolution },
    { "serial", do_serial },         { "protocol", do_protocol },
};

/* One line without its terminator: blank, a comment, or "key = value". */
static bool parse_line(struct parser *ps, struct span line)
{
    const char *end = line.p + line.len;
    const char *p = line.p;
    while (p < end && is_blank(*p))
        p++;
    while (end > p && is_blank(end[-1]))
        end--;
    if (p == end || *p == '#')
        return true;

    struct span key = { p, 0 };
    while (p < end && !is_blank(*p) && *p != '=')
        p++;
    key.len = (uint32_t)(p - key.p);
    if (key.len == 0)
        return fail(ps, key.p, "missing key before '='",
                    (struct span){ key.p, (uint32_t)(end - key.p) });

    uint32_t k = 0;
    while (k < sizeof keys / sizeof keys[0] && !span_is(key, keys[k].key))
        k++;
    if (k == sizeof keys / sizeof keys[0])
        return fail(ps, key.p, "unknown key", key);
    ps->key = keys[k].key;

    while (p < end && is_blank(*p))
        p++;
    if (p == end || *p != '=')
        return fail(ps, p, "missing '=' after key",
                    (struct span){ key.p, (uint32_t)(end - key.p) });
    p++;
    while (p < end && is_blank(*p))
        p++;
    struct span value = { p, (uint32_t)(end - p) };
    /* An empty command line is a command line (GRUB passes one); nothing else may be empty. */
    if (value.len == 0 && keys[k].apply != do_cmdline)
        return fail(ps, p, "empty value", value);
    return keys[k].apply(ps, key, value);
}

void config_defaults(struct boot_config *cfg)
{
    diag_memset(cfg, 0, sizeof *cfg);
    diag_memcpy(cfg->kernel, DEFAULT_KERNEL, sizeof DEFAULT_KERNEL);
    cfg->serial = true;
}

/* Line by line, stopping at the first error; on failure `cfg` may hold part of the
 * file and must not be booted from. */
bool config_parse(const char *text, uint32_t size, const char *name, struct boot_config *cfg,
                  struct diag *d)
{
    struct parser ps = { .name = name, .cfg = cfg, .d = d };
    d->msg[0] = '\0';
    uint32_t pos = 0;
    /* Editors on Windows like to start UTF-8 files with a byte-order mark. */
    if (size >= UTF8_BOM_LEN && text[0] == UTF8_BOM[0] && text[1] == UTF8_BOM[1] &&
        text[2] == UTF8_BOM[2])
        pos = UTF8_BOM_LEN;

    while (pos < size) {
        struct span line = { text + pos, 0 };
        ps.line = line.p;
        ps.lineno++;
        ps.key = NULL;
        /* A line ends at LF, CRLF or a lone CR (old Mac editors write only CRs). */
        while (pos + line.len < size && line.p[line.len] != '\n' && line.p[line.len] != '\r') {
            if (line.p[line.len] == '\0')
                return fail(&ps, line.p + line.len, "NUL byte in file", line);
            line.len++;
        }
        pos += line.len;
        if (pos < size && text[pos] == '\r' && pos + 1 < size && text[pos + 1] == '\n')
            pos += 2; /* CRLF */
        else if (pos < size)
            pos++; /* LF or a lone CR */
        if (line.len > CFG_LINE_MAX)
            return fail(&ps, line.p + CFG_LINE_MAX, "line longer than " STR(CFG_LINE_MAX) " bytes",
                        line);
        if (!parse_line(&ps, line))
            return false;
    }
    return true;
}
