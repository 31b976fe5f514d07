/* SPDX-License-Identifier: MIT */
/* strtab.c: the interning hash table behind vocabularies (open addressing, linear probing). */
#include "features/features.h"

/* A small word-at-a-time multiplicative hash; good spread on short keys, much faster than byte-wise FNV. */
uint32_t ht_features__hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)len;
	while (len >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
		h ^= h >> 31;
		p += 8;
		len -= 8;
	}
	uint64_t w = 0;
	for (size_t i = 0; i < len; i++)
		w |= (uint64_t)p[i] << (8 * i);
	h = (h ^ w) * 0x94D049BB133111EBULL;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	return (uint32_t)h;
}

#define ENTRY_HEADER 12

static inline uint32_t entry_u32(const ht_strtab *t, size_t off, size_t field)
{
	uint32_t v;
	memcpy(&v, t->arena.data + off + field, 4);
	return v;
}

static int rehash(ht_strtab *t, size_t nslots)
{
	uint64_t *slots = ht__calloc(nslots, sizeof *slots);
	if (!slots)
		return HT_ENOMEM;
	size_t mask = nslots - 1;
	for (size_t id = 0; id < t->off.len; id++) {
		uint32_t h = entry_u32(t, t->off.data[id], 0);
		size_t k = h & mask;
		while (slots[k])
			k = (k + 1) & mask;
		slots[k] = (uint64_t)h << 32 | (t->off.data[id] + 1);
	}
	ht__free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	return 0;
}

int ht_features__strtab_reserve(ht_strtab *t, size_t n, size_t bytes)
{
	size_t want = t->off.len + n;
	if (want >= UINT32_MAX - 1 || n > SIZE_MAX / (2 * ENTRY_HEADER))
		return HT_ENOMEM;
	size_t room = bytes + n * ENTRY_HEADER;
	if (room < bytes || t->arena.len + room + 1 > UINT32_MAX - 1) /* offsets are 32-bit */
		return HT_ENOMEM;
	if (ht__vec_reserve(&t->off, n) < 0 || ht__vec_reserve(&t->arena, room + 1) < 0)
		return HT_ENOMEM;
	size_t ns = t->nslots ? t->nslots : 64;
	while (ns / 2 < want + 1) {
		if (ns > SIZE_MAX / 4)
			return HT_ENOMEM;
		ns *= 2;
	}
	return ns != t->nslots ? rehash(t, ns) : 0;
}

static inline int64_t lookup(const ht_strtab *t, const char *s, size_t len, uint32_t h, size_t *slot)
{
	if (!t->nslots) {
		*slot = 0;
		return -1;
	}
	size_t mask = t->nslots - 1;
	size_t k = h & mask;
	for (;;) {
		uint64_t v = t->slots[k];
		if (!v) {
			*slot = k;
			return -1;
		}
		if ((uint32_t)(v >> 32) == h) {
			size_t off = (uint32_t)v - 1;
			if (entry_u32(t, off, 8) == len && memcmp(t->arena.data + off + ENTRY_HEADER, s, len) == 0)
				return entry_u32(t, off, 4);
		}
		k = (k + 1) & mask;
	}
}

int64_t ht_features__strtab_find(const ht_strtab *t, const char *s, size_t len)
{
	size_t slot;
	if (len > UINT32_MAX)
		return -1;
	return lookup(t, s, len, ht_features__hash_bytes(s, len), &slot);
}

int64_t ht_features__strtab_find_hashed(const ht_strtab *t, const char *s, size_t len, uint32_t h)
{
	size_t slot;
	if (len > UINT32_MAX)
		return -1;
	return lookup(t, s, len, h, &slot);
}

int ht_features__strtab_intern(ht_strtab *t, const char *s, size_t len, uint32_t *id)
{
	if (len > UINT32_MAX)
		return HT_ENOMEM;
	uint32_t h = ht_features__hash_bytes(s, len);
	size_t slot;
	int64_t found = lookup(t, s, len, h, &slot);
	if (found >= 0) {
		*id = (uint32_t)found;
		return 0;
	}
	if (ht_features__strtab_reserve(t, 1, len) < 0)
		return HT_ENOMEM;
	lookup(t, s, len, h, &slot); /* reserving may have rehashed: find the empty slot again */
	uint32_t nid = (uint32_t)t->off.len, l = (uint32_t)len;
	size_t off = t->arena.len;
	char *e = t->arena.data + off;
	memcpy(e, &h, 4);
	memcpy(e + 4, &nid, 4);
	memcpy(e + 8, &l, 4);
	if (len)
		memcpy(e + ENTRY_HEADER, s, len);
	t->arena.len += ENTRY_HEADER + len;
	t->off.data[t->off.len++] = (uint32_t)off;
	t->slots[slot] = (uint64_t)h << 32 | (off + 1);
	*id = nid;
	return 1;
}

void ht_features__strtab_free(ht_strtab *t)
{
	ht__vec_free(&t->arena);
	ht__vec_free(&t->off);
	ht__free(t->slots);
	t->slots = NULL;
	t->nslots = 0;
}
