/* SPDX-License-Identifier: MIT */
/* A program outside the project, built against an installed healthtopics. */
#include <healthtopics.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	ht_model *m;
	ht_error err;
	if (ht_model_load(&m, argv[1], NULL, &err) < 0) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	const char *t = "You may feel sore for a day after a deep massage.";
	double p[16];
	unsigned char a[16];
	int n = ht_classify(p, a, NULL, m, t, strlen(t), &err);
	printf("healthtopics %s: %zu labels, %d assigned\n", ht_version(), ht_model_label_count(m), n);
	ht_model_free(m);
	return n >= 0 ? 0 : 1;
}
