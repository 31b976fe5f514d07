/* SPDX-License-Identifier: MIT */
/* sort.c: sorting 32-bit ids (feature ids of a text, label ids of an item). */
#include "util/util.h"

/* Sort ids ascending: quicksort with a median-of-three pivot, insertion sort for short runs. glibc's qsort
 * merge-sorts through a comparison callback, which was 13% of classification time. */
void ht__sort_u32(uint32_t *a, size_t n)
{
	while (n > 16) {
		uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
		uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
		size_t i = 0, j = n - 1;
		for (;;) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i >= j)
				break;
			uint32_t t = a[i];
			a[i++] = a[j];
			a[j--] = t;
		}
		/* recurse into the smaller side, loop on the larger: stack depth O(log n) */
		size_t left = j + 1;
		if (left < n - left) {
			ht__sort_u32(a, left);
			a += left;
			n -= left;
		} else {
			ht__sort_u32(a + left, n - left);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		uint32_t v = a[i];
		size_t k = i;
		while (k > 0 && a[k - 1] > v) {
			a[k] = a[k - 1];
			k--;
		}
		a[k] = v;
	}
}
