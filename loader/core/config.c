/* config.c - parses boot.cfg: "key = value" lines, '#' comment lines, LF, CRLF or CR;
 * the keys of one kernel (entries and menu keys: config_entries.c). */
#include <stddef.h>
#include "config_parser.h"
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

/* Sets "name:line:col: key: what (value "...")"; returns false. */
bool cfg_fail_at(struct parser *ps, uint32_t lineno, uint32_t col, const char *key,
                 const char *what, struct span value)
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
    diag_set(ps->d, "%s:%u:%u: %s%s%s (value \"%s\")", ps->name, lineno, col, key ? key : "",
             key ? ": " : "", what, shown);
    return false;
}

/* The same for the text at `at` in the current line. */
bool cfg_fail(struct parser *ps, const char *at, const char *what, struct span value)
{
    return cfg_fail_at(ps, ps->lineno, (uint32_t)(at - ps->line) + 1, ps->key, what, value);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

bool cfg_span_is(struct span s, const char *lit)
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
bool cfg_copy_value(struct parser *ps, char *dst, uint32_t cap, struct span s)
{
    if (s.len >= cap)
        return cfg_fail(ps, s.p, "value too long", s);
    diag_memcpy(dst, s.p, s.len);
    dst[s.len] = '\0';
    return true;
}

/* A path on the ESP: absolute, with '/' accepted for the firmware's '\', in UTF-8
 * that UCS-2 can hold (the firmware's file names). */
bool cfg_copy_path(struct parser *ps, char *dst, struct span s)
{
    uint32_t bad_at;
    if (s.len == 0 || (s.p[0] != '\\' && s.p[0] != '/'))
        return cfg_fail(ps, s.p, "path must start with '\\' or '/'", s);
    /* Paths are echoed in later messages (file not found): no escape sequences. */
    for (uint32_t i = 0; i < s.len; i++)
        if ((unsigned char)s.p[i] < ' ' || s.p[i] == 0x7f)
            return cfg_fail(ps, s.p + i, "control character in path", s);
    int32_t n = utf8_to_ucs2(s.p, s.len, NULL, 0, &bad_at);
    if (n == UTF8_BAD)
        return cfg_fail(ps, s.p + bad_at, "path is not valid UTF-8", s);
    if (n == UTF8_BEYOND_BMP)
        return cfg_fail(ps, s.p + bad_at, "path has a character above U+FFFF (UCS-2 file names)",
                        s);
    if (!cfg_copy_value(ps, dst, CFG_PATH_MAX, s))
        return false;
    for (uint32_t i = 0; i < s.len; i++)
        if (dst[i] == '/')
            dst[i] = '\\';
    return true;
}

bool cfg_singleton(struct parser *ps, bool *seen, struct span key, struct span value)
{
    if (*seen)
        return cfg_fail(ps, key.p, "duplicate key", value);
    *seen = true;
    return true;
}

/* Splits a path off the front of `value`: up to the first blank, or between double
 * quotes when it starts with one (a path with spaces). `rest` is what follows. */
bool cfg_take_path(struct parser *ps, struct span value, struct span *path, struct span *rest)
{
    uint32_t i = 0, skip = 0;
    if (value.p[0] == '"') {
        for (i = 1; i < value.len && value.p[i] != '"'; i++)
            ;
        if (i == value.len)
            return cfg_fail(ps, value.p, "no closing '\"' after the path", value);
        *path = (struct span){value.p + 1, i - 1};
        skip = i + 1;
        if (skip < value.len && !is_blank(value.p[skip]))
            return cfg_fail(ps, value.p + skip, "a blank must follow the closing '\"'", value);
    } else {
        while (i < value.len && !is_blank(value.p[i]))
            i++;
        *path = (struct span){value.p, i};
        skip = i;
    }
    *rest = (struct span){value.p + skip, value.len - skip};
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
    if (!cfg_singleton(ps, &ps->seen_kernel, key, value) || !cfg_take_path(ps, value, &path, &rest))
        return false;
    if (rest.len)
        return cfg_fail(ps, rest.p, "text after the path (quote a path with spaces)", value);
    if (!cfg_claim_kind(ps, key, value) || !cfg_copy_path(ps, ps->e->kernel, path))
        return false;
    ps->e->kind = CFG_KERNEL;
    pin_next(ps, &ps->e->has_kernel_sha256, ps->e->kernel_sha256, false);
    return true;
}

static bool do_cmdline(struct parser *ps, struct span key, struct span value)
{
    if (value.len == 0) /* value.p may sit past the line: nothing to copy */
        return cfg_singleton(ps, &ps->seen_cmdline, key, value) && (ps->e->cmdline[0] = '\0', true);
    return cfg_singleton(ps, &ps->seen_cmdline, key, value) &&
           cfg_copy_value(ps, ps->e->cmdline, CFG_CMDLINE_MAX, value);
}

/* "module = PATH [STRING]": STRING defaults to PATH (as converted to '\'). */
static bool do_module(struct parser *ps, struct span key, struct span value)
{
    struct cfg_entry *cfg = ps->e;
    if (cfg->nmodules >= CFG_MAX_MODULES)
        return cfg_fail(ps, key.p, "too many modules (at most " STR(CFG_MAX_MODULES) ")", value);
    struct cfg_module *m = &cfg->modules[cfg->nmodules];
    diag_memset(m, 0, sizeof *m);

    struct span path, str;
    if (!cfg_take_path(ps, value, &path, &str) || !cfg_copy_path(ps, m->path, path))
        return false;
    if (str.len == 0)
        diag_memcpy(m->string, m->path, path.len + 1);
    else if (!cfg_copy_value(ps, m->string, CFG_PATH_MAX, str))
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
        return cfg_fail(ps, value.p, "must be 64 hex digits", value);
    uint8_t digest[SHA256_BYTES];
    for (uint32_t i = 0; i < SHA256_HEX; i += 2) {
        int hi = hex_digit(value.p[i]), lo = hex_digit(value.p[i + 1]);
        if (hi < 0 || lo < 0)
            return cfg_fail(ps, value.p + i + (hi < 0 ? 0 : 1), "bad hex digit", value);
        digest[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    if (!ps->pin_has)
        return cfg_fail(ps, key.p, "no kernel or module line above it to pin", value);
    if (*ps->pin_has)
        return cfg_fail(
            ps, key.p, ps->pin_is_module ? "duplicate for this module" : "duplicate for the kernel",
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
    if (!cfg_singleton(ps, &ps->seen_resolution, key, value))
        return false;
    uint32_t i = 0, w, h;
    bool ok = parse_dim(value, &i, &w) && i < value.len && (value.p[i] == 'x' || value.p[i] == 'X');
    i++;
    ok = ok && parse_dim(value, &i, &h) && i == value.len;
    if (!ok)
        return cfg_fail(ps, value.p, "must be WIDTHxHEIGHT, each " STR(RES_MIN) ".." STR(RES_MAX),
                        value);
    ps->e->res_width = w;
    ps->e->res_height = h;
    return true;
}

bool cfg_on_off(struct parser *ps, bool *seen, struct span key, struct span value, bool *out)
{
    if (!cfg_singleton(ps, seen, key, value))
        return false;
    if (cfg_span_is(value, "on"))
        *out = true;
    else if (cfg_span_is(value, "off"))
        *out = false;
    else
        return cfg_fail(ps, value.p, "must be on or off", value);
    return true;
}

static bool do_serial(struct parser *ps, struct span key, struct span value)
{
    return cfg_on_off(ps, &ps->seen_serial, key, value, &ps->cfg->serial);
}

static bool do_verbose(struct parser *ps, struct span key, struct span value)
{
    return cfg_on_off(ps, &ps->seen_verbose, key, value, &ps->cfg->verbose);
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
    if (!cfg_singleton(ps, &ps->seen_protocol, key, value))
        return false;
    for (uint32_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (cfg_span_is(value, names[i].name)) {
            ps->e->protocol = names[i].protocol;
            return true;
        }
    return cfg_fail(ps, value.p, "must be multiboot1 or multiboot2", value);
}

/* Where a key may stand: in the globals above the first entry, in an entry, or
 * either (kernel lines above any entry make the one entry of an entry-less file). */
enum scope { ANYWHERE, GLOBAL, IN_ENTRY };

static const struct {
    const char *key;
    bool (*apply)(struct parser *, struct span key, struct span value);
    enum scope scope;
} keys[] = {
    {"kernel", do_kernel, ANYWHERE},         {"cmdline", do_cmdline, ANYWHERE},
    {"module", do_module, ANYWHERE},         {"sha256", do_sha256, ANYWHERE},
    {"resolution", do_resolution, ANYWHERE}, {"serial", do_serial, GLOBAL},
    {"timeout", cfg_do_timeout, GLOBAL},     {"default", cfg_do_default, GLOBAL},
    {"remember", cfg_do_remember, GLOBAL},   {"entry", cfg_do_entry, ANYWHERE},
    {"efi", cfg_do_efi, IN_ENTRY},           {"action", cfg_do_action, IN_ENTRY},
    {"protocol", do_protocol, ANYWHERE},     {"verbose", do_verbose, GLOBAL},
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

    struct span key = {p, 0};
    while (p < end && !is_blank(*p) && *p != '=')
        p++;
    key.len = (uint32_t)(p - key.p);
    if (key.len == 0)
        return cfg_fail(ps, key.p, "missing key before '='",
                        (struct span){key.p, (uint32_t)(end - key.p)});

    uint32_t k = 0;
    while (k < sizeof keys / sizeof keys[0] && !cfg_span_is(key, keys[k].key))
        k++;
    if (k == sizeof keys / sizeof keys[0])
        return cfg_fail(ps, key.p, "unknown key", key);
    ps->key = keys[k].key;

    while (p < end && is_blank(*p))
        p++;
    if (p == end || *p != '=')
        return cfg_fail(ps, p, "missing '=' after key",
                        (struct span){key.p, (uint32_t)(end - key.p)});
    p++;
    while (p < end && is_blank(*p))
        p++;
    struct span value = {p, (uint32_t)(end - p)};
    /* An empty command line is a command line (GRUB passes one); nothing else may be empty. */
    if (value.len == 0 && keys[k].apply != do_cmdline)
        return cfg_fail(ps, p, "empty value", value);
    if (keys[k].scope == GLOBAL && ps->nentries)
        return cfg_fail(ps, key.p, "only above the first entry line", value);
    if (keys[k].scope == IN_ENTRY && !ps->nentries)
        return cfg_fail(ps, key.p, "only inside an entry (below an entry line)", value);
    /* Lines of the one entry of an entry-less file; an entry line below refuses them. */
    if (keys[k].scope == ANYWHERE && !ps->nentries && !ps->first_entry_line &&
        keys[k].apply != do_resolution && keys[k].apply != cfg_do_entry)
        ps->first_entry_line = ps->lineno;
    return keys[k].apply(ps, key, value);
}

void config_defaults(struct boot_config *cfg)
{
    diag_memset(cfg, 0, sizeof *cfg);
    diag_memcpy(cfg->entries[0].kernel, DEFAULT_KERNEL, sizeof DEFAULT_KERNEL);
    cfg->entries[0].kind = CFG_KERNEL;
    cfg->nentries = 1;
    cfg->serial = true;
}

/* Line by line, stopping at the first error; on failure `cfg` may hold part of the
 * file and must not be booted from. */
bool config_parse(const char *text, uint32_t size, const char *name, struct boot_config *cfg,
                  struct diag *d)
{
    struct parser ps = {.name = name, .cfg = cfg, .e = &cfg->entries[0], .d = d};
    d->msg[0] = '\0';
    uint32_t pos = 0;
    /* Editors on Windows like to start UTF-8 files with a byte-order mark. */
    if (size >= UTF8_BOM_LEN && text[0] == UTF8_BOM[0] && text[1] == UTF8_BOM[1] &&
        text[2] == UTF8_BOM[2])
        pos = UTF8_BOM_LEN;

    while (pos < size) {
        struct span line = {text + pos, 0};
        ps.line = line.p;
        ps.lineno++;
        ps.key = NULL;
        /* A line ends at LF, CRLF or a lone CR (old Mac editors write only CRs). */
        while (pos + line.len < size && line.p[line.len] != '\n' && line.p[line.len] != '\r') {
            if (line.p[line.len] == '\0')
                return cfg_fail(&ps, line.p + line.len, "NUL byte in file", line);
            line.len++;
        }
        pos += line.len;
        if (pos < size && text[pos] == '\r' && pos + 1 < size && text[pos + 1] == '\n')
            pos += 2; /* CRLF */
        else if (pos < size)
            pos++; /* LF or a lone CR */
        if (line.len > CFG_LINE_MAX)
            return cfg_fail(&ps, line.p + CFG_LINE_MAX,
                            "line longer than " STR(CFG_LINE_MAX) " bytes", line);
        if (!parse_line(&ps, line))
            return false;
    }
    return cfg_finish(&ps);
}
