/* SPDX-License-Identifier: MIT */
/* libFuzzer target: vp9_driver.h says what it drives and checks. */
#include <cstddef>
#include <cstdint>

#include "base/log.h"
#include "vp9_driver.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
	sluice::setLogSpec("off");
	return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sluice::fuzz::driveVp9(std::span(data, size));
	return 0;
}
