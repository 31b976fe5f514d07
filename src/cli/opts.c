/* SPDX-License-Identifier: MIT */
/* opts.c: command-line options with getopt_long, stricter than getopt alone (see cli_parse). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* getopt_long reports long options as 256 + their index, so they never collide with a short option's char. */
enum { LONG_BASE = 256 };

static int index_of_short(const cli_option *options, int c)
{
	for (int k = 0; options[k].name; k++)
		if (options[k].short_name == c)
			return k;
	return -1;
}

static int index_of(const cli_option *options, const char *name)
{
	for (int k = 0; options[k].name; k++)
		if (strcmp(options[k].name, name) == 0)
			return k;
	return -1;
}

int cli_parse(cli_args *a, int argc, char **argv, int first, const cli_option *options, const char *cmd,
	      const char *help)
{
	struct option longs[CLI_MAX_OPTIONS + 1];
	char shorts[3 * CLI_MAX_OPTIONS + 2] = ":"; /* ':' first: a missing value returns ':' */
	size_t ns = 1;
	int n = 0;
	memset(a, 0, sizeof *a);
	a->options = options;
	for (; options[n].name; n++) {
		if (n >= CLI_MAX_OPTIONS)
			return cli_usage_error(cmd, "internal: too many options");
		longs[n] = (struct option){options[n].name, options[n].takes_value ? required_argument : no_argument,
					   NULL, LONG_BASE + n};
		if (options[n].short_name) {
			shorts[ns++] = (char)options[n].short_name;
			if (options[n].takes_value)
				shorts[ns++] = ':';
		}
	}
	longs[n] = (struct option){NULL, 0, NULL, 0};
	shorts[ns] = 0;
	/* getopt_long also accepts unambiguous abbreviations (--mod for --model); a script that relies on one breaks
	 * when an option is added, so long options must be spelt out. Values are skipped, "--" ends the check. */
	for (int i = first; i < argc; i++) {
		const char *t = argv[i];
		if (strcmp(t, "--") == 0)
			break;
		if (t[0] != '-' || t[1] == 0)
			continue;
		int k = -1;
		if (t[1] == '-') {
			const char *eq = strchr(t + 2, '=');
			size_t nl = eq ? (size_t)(eq - t - 2) : strlen(t + 2);
			for (int q = 0; options[q].name && k < 0; q++)
				if (strlen(options[q].name) == nl && strncmp(options[q].name, t + 2, nl) == 0)
					k = q;
			if (k < 0)
				return cli_usage_error(cmd, "unknown option '%.*s' (see healthtopics %s --help)", (int)(nl + 2), t,
						       cmd);
			if (options[k].takes_value && !eq)
				i++;
		} else if ((k = index_of_short(options, t[1])) >= 0 && options[k].takes_value && t[2] == 0) {
			i++;
		}
	}
	/* getopt_long sees argv[first - 1] as the program name; optind = 0 makes glibc start afresh. */
	int sub_argc = argc - first + 1;
	char **sub_argv = argv + first - 1;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(sub_argc, sub_argv, shorts, longs, NULL)) != -1) {
		int k;
		if (c == '?' || c == ':') {
			const char *tok = sub_argv[optind - 1];
			if (c == ':') {
				k = optopt >= LONG_BASE ? optopt - LONG_BASE : index_of_short(options, optopt);
				return cli_usage_error(cmd, "option --%s needs a value", k >= 0 ? options[k].name : tok);
			}
			if (optopt >= LONG_BASE)
				return cli_usage_error(cmd, "option --%s takes no value", options[optopt - LONG_BASE].name);
			if (optopt)
				return cli_usage_error(cmd, "unknown option '-%c' (see healthtopics %s --help)", optopt, cmd);
			return cli_usage_error(cmd, "unknown option '%s' (see healthtopics %s --help)", tok, cmd);
		}
		k = c >= LONG_BASE ? c - LONG_BASE : index_of_short(options, c);
		if (k < 0)
			return cli_usage_error(cmd, "unknown option '-%c' (see healthtopics %s --help)", c, cmd);
		if (a->present[k])
			return cli_usage_error(cmd, "option --%s is given more than once", options[k].name);
		/* --corpus= or --out "" is a mistake (an unset shell variable, most often), not a file named "";
		 * only a heading may be empty (no heading context) */
		if (options[k].takes_value && !*optarg && strcmp(options[k].name, "heading") != 0)
			return cli_usage_error(cmd, "option --%s needs a value, not an empty string", options[k].name);
		a->present[k] = 1;
		a->values[k] = options[k].takes_value ? optarg : NULL;
	}
	for (int i = optind; i < sub_argc; i++) {
		if (a->npos >= CLI_MAX_ARGS)
			return cli_usage_error(cmd, "too many arguments");
		a->pos[a->npos++] = sub_argv[i];
	}
	if (cli_has(a, "help")) {
		fputs(help, stdout);
		return CLI_HELP_SHOWN;
	}
	return 0;
}

const char *cli_opt(const cli_args *a, const char *name)
{
	int k = index_of(a->options, name);
	return k >= 0 ? a->values[k] : NULL;
}

int cli_has(const cli_args *a, const char *name)
{
	int k = index_of(a->options, name);
	return k >= 0 && a->present[k];
}

int cli_choose(const char *v, const char *const *names, int n)
{
	for (int k = 0; k < n; k++)
		if (strcmp(v, names[k]) == 0)
			return k;
	return -1;
}

int cli_parse_number(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi) /* NaN passes v < lo || v > hi */
		return -1;
	*out = v;
	return 0;
}
