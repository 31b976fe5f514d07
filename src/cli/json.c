/* json.c: JSON output, argument parsing and error reporting for the command-line tool. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void json_string(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	size_t plain = 0; /* the common case: nothing to escape, one fwrite */
	while (plain < len && (unsigned char)s[plain] >= 0x20 && s[plain] != '"' && s[plain] != '\\')
		plain++;
	fwrite(s, 1, plain, f);
	for (size_t i = plain; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

void json_scores(FILE *f, const ht_model *m, const double *prob, const unsigned char *assigned)
{
	size_t L = ht_model_label_count(m);
	fputs("\"labels\":[", f);
	int first = 1;
	for (size_t l = 0; l < L; l++)
		if (assigned[l]) {
			if (!first)
				fputc(',', f);
			const char *n = ht_model_label_name(m, l);
			json_string(f, n, strlen(n));
			first = 0;
		}
	fputs("],\"scores\":{", f);
	for (size_t l = 0; l < L; l++) {
		const char *n = ht_model_label_name(m, l);
		if (l)
			fputc(',', f);
		json_string(f, n, strlen(n));
		/* a probability in [0, 1] with four decimals, as %.4f would print it, without printf's cost */
		long q = lround(prob[l] * 10000.0);
		q = q < 0 ? 0 : q > 10000 ? 10000 : q;
		char num[8] = {':', (char)('0' + q / 10000), '.', (char)('0' + q / 1000 % 10), (char)('0' + q / 100 % 10),
			       (char)('0' + q / 10 % 10), (char)('0' + q % 10), 0};
		fputs(num, f);
	}
	fputc('}', f);
}

int parse_args(args *a, int argc, char **argv, int first, const opt_spec *specs, const char *cmd)
{
	memset(a, 0, sizeof *a);
	for (int i = first; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "-") == 0 || s[0] != '-' || s[1] != '-') {
			if (a->npos >= 16)
				return usage_error(cmd, "too many arguments");
			a->pos[a->npos++] = s;
			continue;
		}
		const char *name = s + 2, *eq = strchr(name, '=');
		size_t nl = eq ? (size_t)(eq - name) : strlen(name);
		int k = 0, found = -1;
		for (; specs[k].name; k++)
			if (strlen(specs[k].name) == nl && strncmp(specs[k].name, name, nl) == 0)
				found = k;
		if (found < 0)
			return usage_error(cmd, "unknown option '%s' (see healthtopics %s --help)", s, cmd);
		a->present[found] = 1;
		if (specs[found].takes_value) {
			if (eq)
				a->values[found] = eq + 1;
			else if (i + 1 < argc)
				a->values[found] = argv[++i];
			else
				return usage_error(cmd, "option --%s needs a value", specs[found].name);
		} else if (eq) {
			return usage_error(cmd, "option --%s takes no value", specs[found].name);
		}
	}
	return 0;
}

static int find(const opt_spec *specs, const char *name)
{
	for (int k = 0; specs[k].name; k++)
		if (strcmp(specs[k].name, name) == 0)
			return k;
	return -1;
}
const char *opt(const args *a, const opt_spec *specs, const char *name)
{
	int k = find(specs, name);
	return k >= 0 ? a->values[k] : NULL;
}
int has(const args *a, const opt_spec *specs, const char *name)
{
	int k = find(specs, name);
	return k >= 0 && a->present[k];
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "healthtopics %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return -1;
}

int fail(const char *context, int rc, const ht_error *err)
{
	fprintf(stderr, "healthtopics: %s: %s\n", context, err && err->message[0] ? err->message : ht_status_name(rc));
	return rc == HT_ENOMEM || rc == HT_EINTERNAL ? EXIT_INTERNAL : EXIT_DATA;
}

int read_input(const char *path, char **out, size_t *len)
{
	FILE *f = (!path || strcmp(path, "-") == 0) ? stdin : fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n == cap) {
			char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	int bad = !buf || ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = n;
	return 0;
}

void print_problem(void *ctx, const char *file, size_t line, const char *message)
{
	(void)ctx;
	fprintf(stderr, "%s:%zu: %s\n", file, line, message);
}

static struct timespec progress_start;
void progress(void *ctx, const char *phase, size_t done, size_t total)
{
	(void)ctx;
	if (!isatty(2))
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!progress_start.tv_sec)
		progress_start = now;
	double el = (double)(now.tv_sec - progress_start.tv_sec) + (double)(now.tv_nsec - progress_start.tv_nsec) / 1e9;
	if (total)
		fprintf(stderr, "\r%-24s %zu/%zu  %.1fs   ", phase, done, total, el);
	else
		fprintf(stderr, "\r%-24s %zu  %.1fs   ", phase, done, el);
	if (done == total)
		fputc('\n', stderr);
}
