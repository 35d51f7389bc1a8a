/* SPDX-License-Identifier: MIT */
#include "hevc_hrd.h"

namespace sluice {

/* E.2.3: one CPB specification per cpb_cnt_minus1 + 1. */
static void parseSubLayerHrd(SyntaxReader &reader, unsigned cpbCount, bool subPicParams)
{
	for (unsigned k = 0; k < cpbCount && !reader.failed(); k++) {
		int index = static_cast<int>(k);
		reader.ue("bit_rate_value_minus1", index);
		reader.ue("cpb_size_value_minus1", index);
		if (subPicParams) {
			reader.ue("cpb_size_du_value_minus1", index);
			reader.ue("bit_rate_du_value_minus1", index);
		}
		reader.flag("cbr_flag", index);
	}
}

void parseHrdParameters(SyntaxReader &reader, bool commonInfPresent, unsigned maxNumSubLayersMinus1)
{
	bool nalHrd = false, vclHrd = false, subPicParams = false;
	if (commonInfPresent) {
		nalHrd = reader.flag("nal_hrd_parameters_present_flag");
		vclHrd = reader.flag("vcl_hrd_parameters_present_flag");
		if (nalHrd || vclHrd) {
			subPicParams = reader.flag("sub_pic_hrd_params_present_flag");
			if (subPicParams) {
				reader.u(8, "tick_divisor_minus2");
				reader.u(5, "du_cpb_removal_delay_increment_length_minus1");
				reader.flag("sub_pic_cpb_params_in_pic_timing_sei_flag");
				reader.u(5, "dpb_output_delay_du_length_minus1");
			}
			reader.u(4, "bit_rate_scale");
			reader.u(4, "cpb_size_scale");
			if (subPicParams)
				reader.u(4, "cpb_size_du_scale");
			reader.u(5, "initial_cpb_removal_delay_length_minus1");
			reader.u(5, "au_cpb_removal_delay_length_minus1");
			reader.u(5, "dpb_output_delay_length_minus1");
		}
	}
	for (unsigned i = 0; i <= maxNumSubLayersMinus1 && !reader.failed(); i++) {
		int index = static_cast<int>(i);
		/* E.2.2: fixed_pic_rate_within_cvs_flag is inferred 1 when the general flag is. */
		bool fixedWithinCvs = reader.flag("fixed_pic_rate_general_flag", index);
		if (!fixedWithinCvs)
			fixedWithinCvs = reader.flag("fixed_pic_rate_within_cvs_flag", index);
		bool lowDelay = false;
		if (fixedWithinCvs)
			reader.ueMax("elemental_duration_in_tc_minus1", 2047, index);
		else
			lowDelay = reader.flag("low_delay_hrd_flag", index);
		unsigned cpbCount = 1;
		if (!lowDelay)
			cpbCount = reader.ueMax("cpb_cnt_minus1", 31, index) + 1;
		if (nalHrd)
			parseSubLayerHrd(reader, cpbCount, subPicParams);
		if (vclHrd)
			parseSubLayerHrd(reader, cpbCount, subPicParams);
	}
}

} /* namespace sluice */
