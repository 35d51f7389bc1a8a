/* SPDX-License-Identifier: MIT */
#include "hevc_nal.h"

#include <cerrno>

#include "hevc_log.h"

namespace sluice {

int parseHevcNalHeader(SyntaxReader &reader, HevcNalHeader *header)
{
	uint32_t forbidden = reader.u(1, "forbidden_zero_bit");
	header->type = static_cast<HevcNalType>(reader.u(6, "nal_unit_type"));
	header->layerId = reader.u(6, "nuh_layer_id");
	header->temporalIdPlus1 = reader.u(3, "nuh_temporal_id_plus1");
	/* 7.4.2.2: nuh_temporal_id_plus1 shall not be 0. */
	if (reader.failed() || forbidden || header->temporalIdPlus1 == 0) {
		LOG(HEVC, Warn) << "invalid NAL unit header";
		return -EINVAL;
	}
	return 0;
}

} /* namespace sluice */
