/* SPDX-License-Identifier: MIT */
/*
 * Invariant checks for the codec fuzz targets. A broken invariant is a bug in sluice, not in
 * the input, so it aborts (libFuzzer then keeps the input as a crash) after naming the
 * condition and where it was checked.
 */
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                             \
	do {                                                                              \
		if (!(condition)) {                                                       \
			std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__,   \
				     __LINE__, #condition);                               \
			std::abort();                                                     \
		}                                                                         \
	} while (0)
