/* SPDX-License-Identifier: MIT */
/* report.c: evaluation reports, as a table or one JSON object. */
#include "cli.h"

#include <string.h>

void cli_print_eval(FILE *f, const ht_eval *e, int json)
{
	size_t L = e->label_count;
	if (json) {
		fprintf(f, "{\"items\":%zu,\"multilabel\":%s,\"accuracy\":%.4f,", e->items, e->multilabel ? "true" : "false",
			e->accuracy);
		if (e->multilabel)
			fprintf(f, "\"hamming_loss\":%.4f,", e->hamming_loss);
		fprintf(f, "\"micro\":{\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f},", e->micro.precision,
			e->micro.recall, e->micro.f1);
		fprintf(f, "\"macro\":{\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f},\"labels\":{", e->macro.precision,
			e->macro.recall, e->macro.f1);
		for (size_t l = 0; l < L; l++) {
			const ht_label_scores *s = &e->per_label[l];
			fprintf(f, "%s", l ? "," : "");
			cli_json_string(f, e->label_names[l], strlen(e->label_names[l]));
			fprintf(f, ":{\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f,\"support\":%zu,\"predicted\":%zu%s}",
				s->precision, s->recall, s->f1, s->support, s->predicted,
				s->support ? "" : ",\"no_support\":true");
		}
		fputs("},\"confusion\":[", f);
		size_t rows = e->multilabel ? L : L, cols = e->multilabel ? 4 : L;
		for (size_t r = 0; r < rows; r++) {
			fprintf(f, "%s[", r ? "," : "");
			for (size_t c = 0; c < cols; c++)
				fprintf(f, "%s%zu", c ? "," : "", e->confusion[r * cols + c]);
			fputc(']', f);
		}
		fputs("]}\n", f);
		return;
	}
	fprintf(f, "%-20s %9s %9s %9s %9s\n", "label", "precision", "recall", "f1", "support");
	for (size_t l = 0; l < L; l++) {
		const ht_label_scores *s = &e->per_label[l];
		fprintf(f, "%-20s %9.4f %9.4f %9.4f %9zu%s\n", e->label_names[l], s->precision, s->recall, s->f1, s->support,
			s->support ? "" : "  no support: not in the macro average");
	}
	fprintf(f, "%-20s %9.4f %9.4f %9.4f %9zu\n", "micro avg", e->micro.precision, e->micro.recall, e->micro.f1,
		e->micro.support);
	fprintf(f, "%-20s %9.4f %9.4f %9.4f %9zu\n", "macro avg", e->macro.precision, e->macro.recall, e->macro.f1,
		e->macro.support);
	fprintf(f, "%s: %.4f  (%zu items)\n", e->multilabel ? "exact-match ratio" : "accuracy", e->accuracy, e->items);
	if (e->multilabel) {
		fprintf(f, "hamming loss: %.4f\nper-label confusion (TN FP FN TP):\n", e->hamming_loss);
		for (size_t l = 0; l < L; l++)
			fprintf(f, "  %-18s %6zu %6zu %6zu %6zu\n", e->label_names[l], e->confusion[l * 4], e->confusion[l * 4 + 1],
				e->confusion[l * 4 + 2], e->confusion[l * 4 + 3]);
	} else {
		fprintf(f, "confusion (rows gold, columns predicted, in label order):\n");
		for (size_t r = 0; r < L; r++) {
			fprintf(f, "  %-18.18s", e->label_names[r]);
			for (size_t c = 0; c < L; c++)
				fprintf(f, " %5zu", e->confusion[r * L + c]);
			fputc('\n', f);
		}
	}
}
