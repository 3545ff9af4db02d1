/* config_parser.h - the boot.cfg parser's state and value helpers, shared by
 * config.c (lines, kernel and module keys) and config_entries.c (entries, menu keys).
 * Internal to those two files. */
#ifndef LOADER_CONFIG_PARSER_H
#define LOADER_CONFIG_PARSER_H

#include "config.h"

/* Part of one line; columns in messages are 1-based byte offsets into the line. */
struct span {
    const char *p;
    uint32_t len;
};

struct parser {
    const char *name;
    struct boot_config *cfg;
    struct cfg_entry *e; /* the entry that kernel, cmdline, module ... lines fill */
    struct diag *d;
    const char *line; /* start of the current line, for columns */
    uint32_t lineno;
    const char *key; /* the known key of the current line, named in messages; or NULL */
    /* Per entry (reset by each entry line): */
    bool seen_kernel, seen_cmdline, seen_resolution, seen_protocol;
    const char *kind_key; /* "kernel", "efi" or "action": what the entry does */
    /* The pin of the file named on the nearest kernel or module line above: what a
     * sha256 line pins. NULL before any such line. */
    bool *pin_has;
    uint8_t *pin;
    bool pin_is_module;
    /* Global: */
    bool seen_serial, seen_verbose, seen_timeout, seen_default, seen_remember;
    uint32_t first_entry_line;      /* kernel, cmdline or module line above any entry; or 0 */
    uint32_t nentries;              /* entry lines so far */
    uint32_t entry_line, entry_col; /* of the current entry's entry line */
    uint32_t res_width, res_height; /* global resolution, each entry's default */
    char default_value[CFG_TITLE_MAX];
    uint32_t default_line, default_col;
};

/* Sets "name:line:col: key: what (value "...")" for the text at `at` in the line;
 * returns false. */
bool cfg_fail(struct parser *ps, const char *at, const char *what, struct span value);
/* The same for a line and column remembered earlier, naming `key`. */
bool cfg_fail_at(struct parser *ps, uint32_t lineno, uint32_t col, const char *key,
                 const char *what, struct span value);
bool cfg_span_is(struct span s, const char *lit);
bool cfg_copy_value(struct parser *ps, char *dst, uint32_t cap, struct span s);
bool cfg_copy_path(struct parser *ps, char *dst, struct span s);
bool cfg_take_path(struct parser *ps, struct span value, struct span *path, struct span *rest);
bool cfg_singleton(struct parser *ps, bool *seen, struct span key, struct span value);
/* A once-only `on` / `off` key into `*out`. */
bool cfg_on_off(struct parser *ps, bool *seen, struct span key, struct span value, bool *out);

/* The keys of config_entries.c. */
bool cfg_do_entry(struct parser *ps, struct span key, struct span value);
bool cfg_do_efi(struct parser *ps, struct span key, struct span value);
bool cfg_do_action(struct parser *ps, struct span key, struct span value);
bool cfg_do_timeout(struct parser *ps, struct span key, struct span value);
bool cfg_do_default(struct parser *ps, struct span key, struct span value);
bool cfg_do_remember(struct parser *ps, struct span key, struct span value);
/* Claims what the current entry does for `key`; false when another line did. */
bool cfg_claim_kind(struct parser *ps, struct span key, struct span value);
/* After the last line: the last entry complete, the default resolved, the timeout. */
bool cfg_finish(struct parser *ps);

#endif
