/* SPDX-License-Identifier: MIT */
#include "vp9_compressed_header.h"

#include <cerrno>

#include "base/bool_decoder.h"
#include "vp9_probability.h"

namespace sluice {

namespace {

/* Section 9.2: every probability update flag is coded at this probability. */
constexpr uint8_t kUpdateProbability = 252;

class CompressedHeaderReader
{
public:
	CompressedHeaderReader(const Vp9FrameHeader &header, Vp9CompressedHeader *out)
		: h_(header), c_(*out)
	{
	}

	int parse(std::span<const uint8_t> data, std::string *error);

private:
	/* diff_update_prob() (section 6.3.3), kept as the uAPI wants: inv_map_table[delta]. */
	void diffUpdate(uint8_t *update)
	{
		if (bd_.readBool(kUpdateProbability)) {
			*update = vp9InvMapTable(vp9DecodeTermSubexp(bd_));
			c_.updateCount++;
		}
	}
	/* update_mv_prob() (section 6.3.17): the new probability itself. */
	void mvUpdate(uint8_t *update)
	{
		if (bd_.readBool(kUpdateProbability)) {
			*update = static_cast<uint8_t>((bd_.readLiteral(7) << 1) | 1);
			c_.updateCount++;
		}
	}
	template<size_t N>
	void diffUpdateAll(uint8_t (&probs)[N])
	{
		for (uint8_t &p : probs)
			diffUpdate(&p);
	}

	void readTxMode();
	void txModeProbs();
	void readCoefProbs();
	void frameReferenceMode();
	void frameReferenceModeProbs();
	void mvProbs();

	const Vp9FrameHeader &h_;
	Vp9CompressedHeader &c_;
	BoolDecoder bd_;
};

/* Section 6.3.1. */
void CompressedHeaderReader::readTxMode()
{
	if (h_.quant.lossless) {
		c_.txMode = Vp9TxMode::Only4x4;
		return;
	}
	unsigned mode = bd_.readLiteral(2);
	if (mode == static_cast<unsigned>(Vp9TxMode::Allow32x32))
		mode += bd_.readLiteral(1); /* tx_mode_select */
	c_.txMode = static_cast<Vp9TxMode>(mode);
}

/* Section 6.3.2. */
void CompressedHeaderReader::txModeProbs()
{
	Vp9ProbUpdates &u = c_.updates;
	for (auto &ctx : u.tx8)
		diffUpdateAll(ctx);
	for (auto &ctx : u.tx16)
		diffUpdateAll(ctx);
	for (auto &ctx : u.tx32)
		diffUpdateAll(ctx);
}

/* Section 6.3.7: one update_probs flag per transform size the tx_mode allows. */
void CompressedHeaderReader::readCoefProbs()
{
	static constexpr unsigned kTxModeToBiggestTxSize[] = { 0, 1, 2, 3, 3 };
	unsigned maxTxSize = kTxModeToBiggestTxSize[static_cast<unsigned>(c_.txMode)];
	for (unsigned txSize = 0; txSize <= maxTxSize; txSize++) {
		if (!bd_.readLiteral(1)) /* update_probs */
			continue;
		for (auto &plane : c_.updates.coef[txSize])
			for (auto &ref : plane)
				for (unsigned band = 0; band < 6; band++) {
					/* Band 0 has 3 contexts; the others 6 (section 6.3.7). */
					unsigned contexts = band == 0 ? 3 : 6;
					for (unsigned ctx = 0; ctx < contexts; ctx++)
						diffUpdateAll(ref[band][ctx]);
				}
	}
}

/* Section 6.3.9 with setup_compound_reference_mode() of section 7.3.9. */
void CompressedHeaderReader::frameReferenceMode()
{
	const auto &bias = h_.refFrameSignBias;
	bool compoundAllowed = false;
	for (unsigned i = 1; i < kVp9RefsPerFrame; i++)
		if (bias[i + 1] != bias[kVp9LastFrame])
			compoundAllowed = true;
	c_.referenceMode = Vp9ReferenceMode::Single;
	if (!compoundAllowed)
		return;
	if (bd_.readLiteral(1)) /* non_single_reference */
		c_.referenceMode = bd_.readLiteral(1) ? Vp9ReferenceMode::Select
						      : Vp9ReferenceMode::Compound;
	/* The reference whose sign bias differs from the other two is the fixed one. */
	if (bias[kVp9LastFrame] == bias[kVp9GoldenFrame]) {
		c_.compFixedRef = kVp9AltrefFrame;
		c_.compVarRef[0] = kVp9LastFrame;
		c_.compVarRef[1] = kVp9GoldenFrame;
	} else if (bias[kVp9LastFrame] == bias[kVp9AltrefFrame]) {
		c_.compFixedRef = kVp9GoldenFrame;
		c_.compVarRef[0] = kVp9LastFrame;
		c_.compVarRef[1] = kVp9AltrefFrame;
	} else {
		c_.compFixedRef = kVp9LastFrame;
		c_.compVarRef[0] = kVp9GoldenFrame;
		c_.compVarRef[1] = kVp9AltrefFrame;
	}
}

/* Section 6.3.10. */
void CompressedHeaderReader::frameReferenceModeProbs()
{
	Vp9ProbUpdates &u = c_.updates;
	if (c_.referenceMode == Vp9ReferenceMode::Select)
		diffUpdateAll(u.compMode);
	if (c_.referenceMode != Vp9ReferenceMode::Compound)
		for (auto &ctx : u.singleRef)
			diffUpdateAll(ctx);
	if (c_.referenceMode != Vp9ReferenceMode::Single)
		diffUpdateAll(u.compRef);
}

/* Section 6.3.16. */
void CompressedHeaderReader::mvProbs()
{
	Vp9MvProbUpdates &mv = c_.updates.mv;
	for (uint8_t &p : mv.joint)
		mvUpdate(&p);
	for (unsigned i = 0; i < 2; i++) {
		mvUpdate(&mv.sign[i]);
		for (uint8_t &p : mv.classes[i])
			mvUpdate(&p);
		mvUpdate(&mv.class0Bit[i]);
		for (uint8_t &p : mv.bits[i])
			mvUpdate(&p);
	}
	for (unsigned i = 0; i < 2; i++) {
		for (auto &ctx : mv.class0Fr[i])
			for (uint8_t &p : ctx)
				mvUpdate(&p);
		for (uint8_t &p : mv.fr[i])
			mvUpdate(&p);
	}
	if (h_.allowHighPrecisionMv) {
		for (unsigned i = 0; i < 2; i++) {
			mvUpdate(&mv.class0Hp[i]);
			mvUpdate(&mv.hp[i]);
		}
	}
}

int CompressedHeaderReader::parse(std::span<const uint8_t> data, std::string *error)
{
	auto fail = [&](const char *message) {
		if (error)
			*error = message;
		return -EINVAL;
	};
	c_ = Vp9CompressedHeader{};
	if (bd_.init(data) < 0)
		return fail("empty compressed header");
	/* Section 9.2.1 init_bool(): the first decoded bit is a marker that must be 0. */
	if (bd_.readBool(128))
		return fail("compressed header marker bit set");

	Vp9ProbUpdates &u = c_.updates;
	readTxMode();
	if (c_.txMode == Vp9TxMode::Select)
		txModeProbs();
	readCoefProbs();
	diffUpdateAll(u.skip);
	if (!h_.isIntra()) {
		for (auto &ctx : u.interMode)
			diffUpdateAll(ctx);
		if (h_.interpFilter == Vp9InterpFilter::Switchable)
			for (auto &ctx : u.interpFilter)
				diffUpdateAll(ctx);
		diffUpdateAll(u.isInter);
		frameReferenceMode();
		frameReferenceModeProbs();
		for (auto &ctx : u.yMode)
			diffUpdateAll(ctx);
		for (auto &ctx : u.partition)
			diffUpdateAll(ctx);
		mvProbs();
	}
	/* Section 9.2.3 exit_bool(): the padding is within the header; reading beyond it means
	 * the header was cut or is corrupt. */
	if (bd_.overrun())
		return fail("compressed header reads past its end");
	return 0;
}

} /* namespace */

int parseVp9CompressedHeader(std::span<const uint8_t> data, const Vp9FrameHeader &header,
			     Vp9CompressedHeader *out, std::string *error)
{
	CompressedHeaderReader reader(header, out);
	return reader.parse(data, error);
}

} /* namespace sluice */
