/* SPDX-License-Identifier: MIT */
#include "null_output.h"

namespace sluice {

int NullOutput::show(const ShownFrame &frame)
{
	counters_.presented++;
	if (released_)
		released_(frame.slot);
	return 0;
}

} /* namespace sluice */
