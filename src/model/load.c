/* SPDX-License-Identifier: MIT */
/* load.c: loading model files (the classify side of model/ I/O). */
#include "model/model.h"

int ht_model_load_buffer(ht_model **out, const void *data, size_t len, const ht_limits *limits, ht_error *err)
{
	if (!out)
		return ht__err(err, HT_EINVAL, "ht_model_load_buffer: out is NULL");
	return ht_model__parse(out, data, len, limits, err);
}

int ht_model_load(ht_model **out, const char *path, const ht_limits *limits, ht_error *err)
{
	if (!out || !path)
		return ht__err(err, HT_EINVAL, "ht_model_load: NULL argument");
	*out = NULL;
	unsigned char *buf;
	size_t len;
	int rc = ht__read_file(&buf, &len, path, (size_t)1 << 40, err);
	if (rc < 0)
		return rc;
	rc = ht_model__parse(out, buf, len, limits, err);
	ht__free(buf);
	return rc;
}
