/* compare.c - checks a QEMU screendump against the kernel's log: renders the log with the
 * kernel's own console code and font, then compares every visible line's pixels.
 *
 * usage: compare [--verbose] FONT.psf SCREEN.ppm LOG.txt
 *   LOG.txt  the kernel's output as it went to COM1 ("\r" removed), from its first
 *            line to the last one printed before the screendump. The screen shows
 *            the lines kernel/dev/log_colour.c's log_line_shown picks (the report,
 *            errors, warnings; every line with --verbose, the cmdline's `verbose`).
 * Prints TAP: one line per log line still on screen, one for the rest of the screen
 * being background, one for the geometry; exit status 0 when all are ok. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/dev/fb_render.h"
#include "kernel/dev/log_colour.h"
#include "kernel/dev/psf.h"

#define RGB_BYTES 3u
#define PPM_MAXVAL 255

static unsigned tap_n, tap_failed;

static void tap(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tap(bool ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%s %u - ", ok ? "ok" : "not ok", ++tap_n);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    if (!ok)
        tap_failed++;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", path);
        exit(2);
    }
    *len = n;
    return buf;
}

/* One header token of a PPM: skips whitespace and '#' comments. */
static bool ppm_number(const uint8_t *d, size_t len, size_t *pos, unsigned *v)
{
    while (*pos < len && (d[*pos] == ' ' || d[*pos] == '\n' || d[*pos] == '\r' ||
                          d[*pos] == '\t' || d[*pos] == '#')) {
        if (d[*pos] == '#')
            while (*pos < len && d[*pos] != '\n')
                (*pos)++;
        else
            (*pos)++;
    }
    if (*pos >= len || d[*pos] < '0' || d[*pos] > '9')
        return false;
    *v = 0;
    while (*pos < len && d[*pos] >= '0' && d[*pos] <= '9' && *v < 100000)
        *v = *v * 10 + (unsigned)(d[(*pos)++] - '0');
    return true;
}

/* A binary 8-bit PPM (P6), as QEMU's screendump writes it: returns the file (to
 * free) and its pixels in *px. */
static uint8_t *read_ppm(const char *path, unsigned *w, unsigned *h, const uint8_t **px)
{
    size_t len, pos = 2;
    uint8_t *d = read_file(path, &len);
    unsigned maxval;
    if (len < 2 || d[0] != 'P' || d[1] != '6' || !ppm_number(d, len, &pos, w) ||
        !ppm_number(d, len, &pos, h) || !ppm_number(d, len, &pos, &maxval) ||
        maxval != PPM_MAXVAL || pos >= len) {
        fprintf(stderr, "%s: not a P6 PPM with maxval %d\n", path, PPM_MAXVAL);
        exit(2);
    }
    pos++; /* the single whitespace byte after maxval */
    if (len - pos < (size_t)*w * *h * RGB_BYTES) {
        fprintf(stderr, "%s: %zu pixel bytes, %ux%u needs %zu\n", path, len - pos, *w, *h,
                (size_t)*w * *h * RGB_BYTES);
        exit(2);
    }
    *px = d + pos;
    return d;
}

/* Log lines, '\n'-separated, with what the console will draw of each. */
struct line {
    const char *text;
    size_t len;
    uint32_t vrow;  /* first row if the screen never scrolled */
    uint32_t nrows; /* rows it takes: the console wraps at cols */
};

static bool printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < ' ' || (unsigned char)s[i] >= 0x7F)
            return false;
    return true;
}

/* First pixel where the two strips of `h` scan lines at y differ, as a message. */
static bool strip_equal(const uint8_t *want, const uint8_t *got, unsigned w, uint32_t y,
                        uint32_t h, char *why, size_t whylen)
{
    size_t pitch = (size_t)w * RGB_BYTES;
    for (uint32_t j = y; j < y + h; j++) {
        const uint8_t *a = want + j * pitch, *b = got + j * pitch;
        if (memcmp(a, b, pitch) == 0)
            continue;
        size_t i = 0;
        while (!memcmp(a + i, b + i, RGB_BYTES))
            i += RGB_BYTES;
        snprintf(why, whylen,
                 "first difference at x=%zu y=%u: want #%02x%02x%02x got #%02x%02x%02x",
                 i / RGB_BYTES, j, a[i], a[i + 1], a[i + 2], b[i], b[i + 1], b[i + 2]);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    bool verbose = argc == 5 && strcmp(argv[1], "--verbose") == 0;
    if (argc != 4 && !verbose) {
        fprintf(stderr, "usage: %s [--verbose] FONT.psf SCREEN.ppm LOG.txt\n", argv[0]);
        return 2;
    }
    argv += verbose;
    size_t font_len, full_len;
    uint8_t *font_data = read_file(argv[1], &font_len);
    struct psf_font font;
    char err[256];
    if (!psf_parse(font_data, font_len, argv[1], &font, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    unsigned w, h;
    const uint8_t *shot;
    uint8_t *ppm = read_ppm(argv[2], &w, &h, &shot);
    char *full = (char *)read_file(argv[3], &full_len);
    if (full_len == 0 || full[full_len - 1] != '\n') {
        fprintf(stderr, "%s: empty, or its last line has no newline\n", argv[3]);
        return 2;
    }
    /* What the screen shows of the log: the lines log_line_shown picks, without the
     * report's prefix (kernel/dev/fb.c draws the same). */
    char *log = malloc(full_len + 1);
    size_t log_len = 0;
    for (char *p = full; p < full + full_len;) {
        char *nl = memchr(p, '\n', (size_t)(full + full_len - p));
        size_t n = (size_t)(nl - p), skip; /* the log ends with '\n' */
        if (log_line_shown(p, n, verbose, &skip)) {
            memcpy(log + log_len, p + skip, n - skip);
            log_len += n - skip;
            log[log_len++] = '\n';
        }
        p += n + 1;
    }

    /* The screen as the kernel must have drawn it: same code, same font, a 24-bit
     * buffer laid out like the PPM (red in the lowest byte). */
    struct fb_format f = {.width = w, .height = h, .pitch = w * RGB_BYTES, .bpp = 24,
                          .red_pos = 0, .red_size = 8, .green_pos = 8, .green_size = 8,
                          .blue_pos = 16, .blue_size = 8};
    uint8_t *want = malloc((size_t)f.pitch * h);
    struct fb_text t;
    if (!want || !fb_text_init(&t, want, &f, &font)) {
        fprintf(stderr, "compare: no console fits %ux%u\n", w, h);
        return 2;
    }
    /* Line by line in the colour the kernel draws each line in (kernel/dev/fb.c). */
    for (char *p = log; p < log + log_len;) {
        char *nl = memchr(p, '\n', (size_t)(log + log_len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(log + log_len - p);
        t.fg = fb_pixel(&f, log_line_rgb(p, n));
        fb_text_write(&t, p, n + (nl != NULL));
        p += n + 1;
    }

    /* The kernel reports its console size; the screendump must be of that console. */
    char fbline[128];
    snprintf(fbline, sizeof fbline, "fb: console %ux%u chars, %ux%ux", t.cols, t.rows, w, h);
    full[full_len - 1] = '\0';
    tap(strstr(full, fbline) != NULL, "screendump %ux%u with a %ux%u font is the console the log "
        "announces (\"%s...\")", w, h, font.width, font.height, fbline);

    size_t nlines = 0, cap = 64;
    struct line *lines = malloc(cap * sizeof *lines);
    uint32_t vrows = 0;
    for (char *p = log; p < log + log_len;) {
        char *nl = memchr(p, '\n', (size_t)(log + log_len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(log + log_len - p);
        if (nlines == cap)
            lines = realloc(lines, (cap *= 2) * sizeof *lines);
        if (!printable(p, n)) {
            fprintf(stderr, "compare: log line %zu has control or non-ASCII bytes\n", nlines + 1);
            return 2;
        }
        uint32_t rows = n ? (uint32_t)((n + t.cols - 1) / t.cols) : 1;
        lines[nlines++] = (struct line){p, n, vrows, rows};
        vrows += rows;
        p += n + 1;
    }
    /* The cursor row t.row shows virtual row vrows (the log ends with '\n'), so the
     * screen's row 0 is virtual row vrows - t.row. */
    uint32_t top = vrows - t.row;
    unsigned scrolled = 0, checked = 0;
    for (size_t i = 0; i < nlines; i++) {
        const struct line *l = &lines[i];
        if (l->vrow + l->nrows <= top) {
            scrolled++;
            continue;
        }
        uint32_t first = l->vrow > top ? l->vrow - top : 0;
        uint32_t last = l->vrow + l->nrows - top; /* one past */
        char why[160] = "";
        bool ok = strip_equal(want, shot, w, first * font.height, (last - first) * font.height,
                              why, sizeof why);
        uint32_t rgb = log_line_rgb(l->text, l->len);
        const char *colour = rgb == LOG_RGB_ERROR ? "red" : rgb == LOG_RGB_WARNING ? "yellow"
                             : rgb == LOG_RGB_PASS ? "green" : "grey";
        tap(ok, "line %zu on screen rows %u-%u in %s: \"%.*s\"%s%s", i + 1, first, last - 1,
            colour, (int)l->len, l->text, ok ? "" : " -- ", why);
        checked++;
    }
    char why[160] = "";
    uint32_t below = (t.row + 1) * font.height;
    bool rest = strip_equal(want, shot, w, below - font.height, h - (below - font.height), why,
                            sizeof why);
    tap(rest, "rows %u.. and the margin below the last row are background%s%s", t.row,
        rest ? "" : " -- ", why);
    printf("1..%u\n# %u log lines: %u checked on screen, %u scrolled off; %u not ok\n", tap_n,
           (unsigned)nlines, checked, scrolled, tap_failed);
    free(lines);
    free(want);
    free(log);
    free(full);
    free(ppm);
    free(font_data);
    return tap_failed ? 1 : 0;
}
