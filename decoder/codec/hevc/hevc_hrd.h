/* SPDX-License-Identifier: MIT */
/* hrd_parameters() (E.2.2), read to be skipped correctly: nothing here models the HRD. */
#pragma once

#include "codec/syntax_reader.h"

namespace sluice {

/* Reads hrd_parameters(commonInfPresentFlag, maxNumSubLayersMinus1); errors stick. */
void parseHrdParameters(SyntaxReader &reader, bool commonInfPresent, unsigned maxNumSubLayersMinus1);

} /* namespace sluice */
