/* SPDX-License-Identifier: MIT */
/* cmd_explain.c: healthtopics explain: the n-grams behind a label's score. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const cli_option explain_options[] = {{"model", 'm', 1}, {"label", 'l', 1}, {"top", 'n', 1},
					      {"heading", 0, 1}, {"help", 'h', 0}, {NULL, 0, 0}};
static const char *const explain_help =
	"usage: healthtopics explain [--model MODEL] --label L [--top N] [--heading TEXT] [FILE|-]\n\n"
	"Why a text gets (or misses) a label: the N n-grams (default 10) that moved the label's margin most,\n"
	"with their TF-IDF value, weight and contribution, as one JSON object. For a model with a none gate it\n"
	"also has \"none_gate\":{\"probability\":P,\"cleared\":B}: the gate's probability that the text has no\n"
	"topic, and whether the gate took away the labels the margins gave (\"assigned\" is then false).\n\n"
	CLI_MODEL_HELP "\nexample:\n"
	"  echo 'Massage eased my back pain within a week.' |\n"
	"    healthtopics explain --model models/healthtopics-default.htm --label benefits\n";

int cli_cmd_explain(int argc, char **argv)
{
	cli_args a;
	int rc;
	if ((rc = cli_parse(&a, argc, argv, 2, explain_options, "explain", explain_help)) != 0)
		return rc < 0 ? CLI_EXIT_OK : rc;
	const char *mp = cli_opt(&a, "model"), *lab = cli_opt(&a, "label"),
		   *top = cli_opt(&a, "top"), *head = cli_opt(&a, "heading");
	if (!lab || a.npos > 1)
		return cli_usage_error("explain", "--label is required");
	double topn = 10;
	if (top && cli_parse_number(top, 1, 1e6, &topn) < 0)
		return cli_usage_error("explain", "--top must be a positive whole number");
	ht_model *m;
	rc = cli_load_model(&m, mp);
	if (rc)
		return rc;
	int li = ht_model_label_index(m, lab);
	if (li < 0) {
		fprintf(stderr, "healthtopics explain: the model has no label '%s'\n", lab);
		ht_model_free(m);
		return CLI_EXIT_USAGE;
	}
	char *in;
	size_t len;
	const char *src = a.npos ? a.pos[0] : "-";
	if (cli_read_input(src, &in, &len) < 0) {
		ht_model_free(m);
		fprintf(stderr, "healthtopics: cannot read %s\n", src);
		return CLI_EXIT_DATA;
	}
	ht_explanation *x;
	ht_error err;
	if ((rc = ht_explain(&x, m, (size_t)li, in, len, head, head ? strlen(head) : 0, (size_t)topn, &err)) < 0) {
		rc = cli_fail("explain", rc, &err);
	} else {
		printf("{\"label\":");
		cli_json_string(stdout, lab, strlen(lab));
		printf(",\"assigned\":%s,\"probability\":%.4f,\"margin\":%.4f,\"bias\":%.4f,",
		       x->assigned ? "true" : "false", x->prob, x->margin, x->bias);
		if (x->none_prob >= 0)
			printf("\"none_gate\":{\"probability\":%.4f,\"cleared\":%s},", x->none_prob,
			       x->gated ? "true" : "false");
		printf("\"terms\":[");
		for (size_t i = 0; i < x->count; i++) {
			printf("%s{\"term\":", i ? "," : "");
			cli_json_string(stdout, x->terms[i].text, strlen(x->terms[i].text));
			printf(",\"value\":%.4f,\"weight\":%.4f,\"contribution\":%.4f}", x->terms[i].value, x->terms[i].weight,
			       x->terms[i].contribution);
		}
		printf("]}\n");
		ht_explanation_free(x);
		rc = CLI_EXIT_OK;
	}
	free(in);
	ht_model_free(m);
	return rc;
}
