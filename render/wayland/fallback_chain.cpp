/* SPDX-License-Identifier: MIT */
#include "fallback_chain.h"

#include <algorithm>
#include <array>
#include <optional>

#include <drm_fourcc.h>

#include "v4l2/drm_format.h"

namespace sluice {

namespace {

constexpr std::array<uint32_t, 2> kStrideAlignments = { 64, 256 };

std::string fourccName(uint32_t fourcc)
{
	std::string s;
	for (int i = 0; i < 4; i++) {
		char c = char((fourcc >> (8 * i)) & 0xff);
		if (c != ' ' && c != '\0')
			s += c;
	}
	return s;
}

struct Match {
	DmabufPair importAs;
	bool scanout = false;
	size_t tranche = 0;
};

/*
 * Where the compositor lists what the decoder makes. A LINEAR buffer may also be sent with
 * DRM_FORMAT_MOD_INVALID ("the driver's implicit layout") when only that is advertised:
 * implicit layouts of dmabufs from video decoders are linear in practice. An exact match
 * wins within a tranche; a scanout tranche wins over the compositor's order.
 */
std::optional<Match> findMatch(const FeedbackState &fb, const ProducibleFormat &fmt,
			       std::span<const ImportFailure> failures, bool anyStrideFails,
			       uint32_t stride)
{
	auto failed = [&](DmabufPair p) {
		return std::any_of(failures.begin(), failures.end(), [&](const ImportFailure &f) {
			return f.drmFourcc == p.fourcc && f.modifier == p.modifier &&
			       (anyStrideFails || f.stride == stride);
		});
	};

	std::optional<Match> best;
	for (size_t i = 0; i < fb.tranches.size(); i++) {
		const FeedbackTranche &t = fb.tranches[i];
		std::optional<DmabufPair> here;
		DmabufPair exact{ fmt.drmFourcc, fmt.modifier };
		DmabufPair implicit{ fmt.drmFourcc, DRM_FORMAT_MOD_INVALID };
		if (std::find(t.pairs.begin(), t.pairs.end(), exact) != t.pairs.end() && !failed(exact))
			here = exact;
		else if (fmt.modifier == DRM_FORMAT_MOD_LINEAR &&
			 std::find(t.pairs.begin(), t.pairs.end(), implicit) != t.pairs.end() &&
			 !failed(implicit))
			here = implicit;
		if (!here)
			continue;
		if (!best || (t.scanout && !best->scanout))
			best = Match{ *here, t.scanout, i };
		if (best->scanout)
			break;
	}
	return best;
}

bool refused(const ChainInput &in, const ProducibleFormat &fmt)
{
	return std::find(in.refusedFormats.begin(), in.refusedFormats.end(), fmt) !=
	       in.refusedFormats.end();
}

bool advertisedAnywhere(const FeedbackState &fb, const ProducibleFormat &fmt)
{
	return fb.advertises({ fmt.drmFourcc, fmt.modifier }) ||
	       (fmt.modifier == DRM_FORMAT_MOD_LINEAR &&
		fb.advertises({ fmt.drmFourcc, DRM_FORMAT_MOD_INVALID }));
}

std::string trancheWord(const Match &m)
{
	return m.scanout ? "scanout tranche" : "tranche " + std::to_string(m.tranche);
}

/* The interim path for frames the decoder already makes: EGL, then shm. */
void chooseComposited(const ChainInput &in, const std::string &whyHere, PathDecision *d)
{
	const ProducibleFormat &cur = in.current;
	std::string why = whyHere;
	if (in.startAt != PresentationPath::Shm) {
		if (in.eglAvailable && !in.eglFailed) {
			d->path = PresentationPath::Egl;
			d->fourcc = cur.drmFourcc;
			d->modifier = cur.modifier;
			d->reason = "egl " + pairName(cur.drmFourcc, cur.modifier) + " (" + why + ")";
			return;
		}
		/* Say why the GPU path was passed over, the answer someone comparing paths wants. */
		if (!in.eglWhyNot.empty())
			why += "; egl: " + std::string(in.eglWhyNot);
	}
	/* The CPU reads the slot's mapping, so only a linear layout can be copied. */
	if (cur.modifier != DRM_FORMAT_MOD_LINEAR) {
		d->path = PresentationPath::None;
		d->reason = "no path: " + pairName(cur.drmFourcc, cur.modifier) +
			    " is tiled and cannot be copied (" + why + ")";
		return;
	}
	auto shmHas = [&](uint32_t f) {
		return std::find(in.shmFormats.begin(), in.shmFormats.end(), f) != in.shmFormats.end();
	};
	if (cur.drmFourcc == DRM_FORMAT_NV12 && shmHas(DRM_FORMAT_NV12)) {
		d->path = PresentationPath::Shm;
		d->fourcc = DRM_FORMAT_NV12;
		d->reason = "shm NV12 copy (" + why + ")";
		return;
	}
	if (cur.drmFourcc == DRM_FORMAT_NV12 && shmHas(DRM_FORMAT_XRGB8888)) {
		d->path = PresentationPath::Shm;
		d->fourcc = DRM_FORMAT_XRGB8888;
		d->reason = "shm XRGB8888 conversion (" + why + ")";
		return;
	}
	d->path = PresentationPath::None;
	d->reason = "no path: cannot copy " + fourccName(cur.drmFourcc) + " to any shm format (" +
		    why + ")";
}

} /* namespace */

std::string_view presentationPathName(PresentationPath path)
{
	switch (path) {
	case PresentationPath::None:
		return "none";
	case PresentationPath::DmaBuf:
		return "dmabuf";
	case PresentationPath::Egl:
		return "egl";
	case PresentationPath::Shm:
		return "shm";
	}
	return "?";
}

std::span<const uint32_t> defaultStrideAlignments()
{
	return kStrideAlignments;
}

std::string pairName(uint32_t fourcc, uint64_t modifier)
{
	std::string mod = modifier == DRM_FORMAT_MOD_INVALID ? "INVALID" : drmModifierName(modifier);
	return fourccName(fourcc) + ":" + mod;
}

PathDecision choosePresentationPath(const ChainInput &in)
{
	PathDecision d;
	const ProducibleFormat &cur = in.current;

	if (in.startAt != PresentationPath::DmaBuf) {
		chooseComposited(in, in.startWhy.empty() ? "requested" : std::string(in.startWhy), &d);
		return d;
	}
	if (in.dmabufDisabled) {
		chooseComposited(in, "dmabuf disabled by the player", &d);
		return d;
	}
	if (!in.compositorHasDmabuf) {
		chooseComposited(in, "compositor has no linux-dmabuf", &d);
		return d;
	}

	/* 1. Zero copy with what the decoder makes now. */
	std::optional<Match> now = findMatch(in.feedback, cur, in.failures, false, in.currentStride);
	if (now) {
		d.path = PresentationPath::DmaBuf;
		d.fourcc = now->importAs.fourcc;
		d.modifier = now->importAs.modifier;
		d.scanout = now->scanout;
		d.reason = "dmabuf " + pairName(d.fourcc, d.modifier) + " (" + trancheWord(*now) + ")";
		if (!now->scanout) {
			/* Zero copy already; still ask for a pair the display can scan out. */
			for (const ProducibleFormat &p : in.producible) {
				if (p == cur || refused(in, p))
					continue;
				std::optional<Match> m = findMatch(in.feedback, p, in.failures, true, 0);
				if (m && m->scanout) {
					d.request = PlayerRequest::OtherCaptureFormat;
					d.wanted = p;
					d.reason += "; scanout tranche lists " +
						    pairName(p.drmFourcc, p.modifier);
					break;
				}
			}
		}
		return d;
	}

	/* 2a. Another pair the decoder can make; scanout first, then the decoder's order. */
	std::optional<std::pair<ProducibleFormat, Match>> other;
	for (const ProducibleFormat &p : in.producible) {
		if (p == cur || refused(in, p))
			continue;
		std::optional<Match> m = findMatch(in.feedback, p, in.failures, true, 0);
		if (m && (!other || (m->scanout && !other->second.scanout)))
			other = std::make_pair(p, *m);
	}

	std::string why;
	bool listed = advertisedAnywhere(in.feedback, cur);
	why = listed ? "compositor failed " + pairName(cur.drmFourcc, cur.modifier) + " at stride " +
			       std::to_string(in.currentStride)
		     : "compositor does not list " + pairName(cur.drmFourcc, cur.modifier);

	if (other) {
		d.request = PlayerRequest::OtherCaptureFormat;
		d.wanted = other->first;
		chooseComposited(in, why, &d);
		d.reason += "; need another CAPTURE format: " +
			    pairName(other->first.drmFourcc, other->first.modifier);
		return d;
	}

	/* 2b. The pair is listed but the import failed: the importer may want a padded stride.
	 * Ask for the next alignment the current stride misses, if the padding is possible. */
	if (listed && in.currentStride) {
		for (uint32_t align : in.strideAlignments) {
			if (in.currentStride % align == 0 ||
			    std::find(in.refusedStrideAlignments.begin(),
				      in.refusedStrideAlignments.end(),
				      align) != in.refusedStrideAlignments.end())
				continue;
			d.request = PlayerRequest::StrideAlignment;
			d.strideAlignment = align;
			chooseComposited(in, why, &d);
			d.reason += "; need stride aligned to " + std::to_string(align);
			return d;
		}
	}

	/* 3, 4. */
	chooseComposited(in, why, &d);
	return d;
}

std::vector<ProducibleFormat> rankForCompositor(const FeedbackState &feedback,
						std::span<const ProducibleFormat> producible)
{
	auto rank = [&](const ProducibleFormat &p) {
		std::optional<Match> m = findMatch(feedback, p, {}, false, 0);
		return !m ? 2 : m->scanout ? 0 : 1;
	};
	std::vector<ProducibleFormat> ranked(producible.begin(), producible.end());
	std::stable_sort(ranked.begin(), ranked.end(),
			 [&](const ProducibleFormat &a, const ProducibleFormat &b) {
				 return rank(a) < rank(b);
			 });
	return ranked;
}

} /* namespace sluice */
