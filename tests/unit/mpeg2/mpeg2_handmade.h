/* SPDX-License-Identifier: MIT */
/*
 * Hand-built MPEG-2 units for what FFmpeg's encoder cannot make (field pictures, quant
 * matrix extensions) and for corrupt input. Every value is written from ISO/IEC 13818-2's
 * syntax tables (6.2.2, 6.2.3), field by field, so the tests compare against the standard.
 */
#pragma once

#include <cstdint>
#include <vector>

namespace sluice::test {

class Mpeg2UnitWriter
{
public:
	/* Starts a unit: 0x000001 and the start code value. */
	explicit Mpeg2UnitWriter(std::vector<uint8_t> *out, uint8_t startCode) : out_(out)
	{
		out_->insert(out_->end(), { 0, 0, 1, startCode });
	}
	~Mpeg2UnitWriter()
	{
		/* next_start_code(): zero bits up to the byte boundary. */
		while (bits_ % 8)
			put(1, 0);
	}
	void put(unsigned n, uint32_t value)
	{
		for (unsigned i = n; i-- > 0;) {
			if (bits_ % 8 == 0)
				out_->push_back(0);
			if ((value >> i) & 1)
				out_->back() |= static_cast<uint8_t>(0x80 >> (bits_ % 8));
			bits_++;
		}
	}

private:
	std::vector<uint8_t> *out_;
	size_t bits_ = 0;
};

/* 6.2.2.1 + 6.2.2.3: a 4:2:0 interlaced Main profile sequence of the given size. */
inline void writeSequence(std::vector<uint8_t> *out, unsigned width, unsigned height,
			  bool progressive = false)
{
	{
		Mpeg2UnitWriter w(out, 0xb3);
		w.put(12, width & 0xfff);
		w.put(12, height & 0xfff);
		w.put(4, 1);      /* aspect_ratio_information: square */
		w.put(4, 3);      /* frame_rate_code: 25 */
		w.put(18, 2500);  /* bit_rate_value */
		w.put(1, 1);      /* marker_bit */
		w.put(10, 112);   /* vbv_buffer_size_value */
		w.put(1, 0);      /* constrained_parameters_flag */
		w.put(1, 0);      /* load_intra_quantiser_matrix */
		w.put(1, 0);      /* load_non_intra_quantiser_matrix */
	}
	Mpeg2UnitWriter w(out, 0xb5);
	w.put(4, 1);              /* sequence extension */
	w.put(8, 0x48);           /* Main profile, Main level */
	w.put(1, progressive);
	w.put(2, 1);              /* 4:2:0 */
	w.put(2, width >> 12);
	w.put(2, height >> 12);
	w.put(12, 0);             /* bit_rate_extension */
	w.put(1, 1);              /* marker_bit */
	w.put(8, 1);              /* vbv_buffer_size_extension */
	w.put(1, 0);              /* low_delay */
	w.put(2, 0);
	w.put(5, 0);
}

inline void writeGop(std::vector<uint8_t> *out, bool closed)
{
	Mpeg2UnitWriter w(out, 0xb8);
	w.put(25, 1 << 12); /* time_code 00:00:00:00 with its marker bit */
	w.put(1, closed);
	w.put(1, 0);
}

/* A picture header, its coding extension and `slices` slices whose macroblock data is
 * filler (a decoder would reject it; visl and the parser do not read it). */
inline void writePicture(std::vector<uint8_t> *out, unsigned temporalReference, unsigned type,
			 unsigned structure, bool topFieldFirst, unsigned slices = 2)
{
	{
		Mpeg2UnitWriter w(out, 0x00);
		w.put(10, temporalReference);
		w.put(3, type);
		w.put(16, 0xffff); /* vbv_delay */
		if (type == 2 || type == 3) {
			w.put(1, 0);
			w.put(3, 7);
		}
		if (type == 3) {
			w.put(1, 0);
			w.put(3, 7);
		}
		w.put(1, 0); /* extra_bit_picture */
	}
	{
		Mpeg2UnitWriter w(out, 0xb5);
		w.put(4, 8); /* picture coding extension */
		unsigned f = type == 1 ? 15 : 2;
		w.put(4, f);
		w.put(4, f);
		w.put(4, type == 3 ? 2 : 15);
		w.put(4, type == 3 ? 2 : 15);
		w.put(2, 1); /* intra_dc_precision: 9 bits */
		w.put(2, structure);
		w.put(1, structure == 3 ? topFieldFirst : 0);
		w.put(1, 0); /* frame_pred_frame_dct */
		w.put(1, 0); /* concealment_motion_vectors */
		w.put(1, 1); /* q_scale_type */
		w.put(1, 0); /* intra_vlc_format */
		w.put(1, 0); /* alternate_scan */
		w.put(1, 0); /* repeat_first_field */
		w.put(1, 0); /* chroma_420_type */
		w.put(1, 0); /* progressive_frame */
		w.put(1, 0); /* composite_display_flag */
	}
	for (unsigned s = 1; s <= slices; s++) {
		Mpeg2UnitWriter w(out, static_cast<uint8_t>(s));
		w.put(5, 8);    /* quantiser_scale_code */
		w.put(1, 0);    /* extra_bit_slice */
		w.put(16, 0xa5c3); /* filler in place of macroblocks */
	}
}

} /* namespace sluice::test */
