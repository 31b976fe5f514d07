/* SPDX-License-Identifier: MIT */
/* json.c: JSON output: strings and a classification's labels and scores. */
#include "cli.h"

#include <math.h>
#include <string.h>

void cli_json_string(FILE *f, const char *s, size_t len)
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

void cli_json_scores(FILE *f, const ht_model *m, const double *prob, const unsigned char *assigned)
{
	size_t L = ht_model_label_count(m);
	fputs("\"labels\":[", f);
	int first = 1;
	for (size_t l = 0; l < L; l++)
		if (assigned[l]) {
			if (!first)
				fputc(',', f);
			const char *n = ht_model_label_name(m, l);
			cli_json_string(f, n, strlen(n));
			first = 0;
		}
	fputs("],\"scores\":{", f);
	for (size_t l = 0; l < L; l++) {
		const char *n = ht_model_label_name(m, l);
		if (l)
			fputc(',', f);
		cli_json_string(f, n, strlen(n));
		/* a probability in [0, 1] with four decimals, as %.4f would print it, without printf's cost */
		long q = lround(prob[l] * 10000.0);
		q = q < 0 ? 0 : q > 10000 ? 10000 : q;
		char num[8] = {':', (char)('0' + q / 10000), '.', (char)('0' + q / 1000 % 10), (char)('0' + q / 100 % 10),
			       (char)('0' + q / 10 % 10), (char)('0' + q % 10), 0};
		fputs(num, f);
	}
	fputc('}', f);
}
