/* SPDX-License-Identifier: MIT */
#include "compositor_probe.h"

#include <algorithm>
#include <sstream>

#include <drm_fourcc.h>

#include "dmabuf_alloc.h"
#include "dmabuf_feedback.h"
#include "wayland_log.h"

namespace sluice {

namespace {

uint32_t alignUp(uint32_t v, uint32_t a)
{
	return (v + a - 1) / a * a;
}

/* The answer to one test import. */
struct ImportWait {
	bool answered = false;
	bool created = false;
	WlPtr<wl_buffer> buffer;
};

void probe_params_created(void *data, zwp_linux_buffer_params_v1 *, wl_buffer *buffer)
{
	auto *w = static_cast<ImportWait *>(data);
	w->answered = w->created = true;
	w->buffer.reset(buffer);
}

void probe_params_failed(void *data, zwp_linux_buffer_params_v1 *)
{
	static_cast<ImportWait *>(data)->answered = true;
}

constexpr zwp_linux_buffer_params_v1_listener kProbeParamsListener = {
	.created = probe_params_created,
	.failed = probe_params_failed,
};

} /* namespace */

std::string_view probeOutcomeName(ProbeOutcome outcome)
{
	switch (outcome) {
	case ProbeOutcome::NotAdvertised:
		return "not advertised";
	case ProbeOutcome::Accepted:
		return "accepted";
	case ProbeOutcome::Failed:
		return "failed";
	case ProbeOutcome::Skipped:
		return "skipped";
	}
	return "?";
}

bool testLayoutFor(uint32_t drmFourcc, uint64_t modifier, uint32_t width, uint32_t height,
		   uint32_t strideAlign, TestLayout *out)
{
	/* Tiled layouts cover whole tiles: 32x32 for Allwinner, 4x4 for Vivante. */
	uint32_t tile = modifier == DRM_FORMAT_MOD_ALLWINNER_TILED ? 32
		      : modifier == DRM_FORMAT_MOD_VIVANTE_TILED  ? 4
								  : 2;
	uint32_t w = alignUp(width, tile);
	uint32_t h = alignUp(height, tile);
	uint32_t lumaBytes;
	switch (drmFourcc) {
	case DRM_FORMAT_NV12:
		lumaBytes = w;
		break;
	case DRM_FORMAT_NV15:
		/* 10 bits per sample, packed: 4 samples in 5 bytes. */
		lumaBytes = (w * 10 + 7) / 8;
		break;
	case DRM_FORMAT_P010:
		lumaBytes = w * 2;
		break;
	default:
		return false;
	}
	out->width = width;
	out->height = height;
	out->planes = 2;
	out->strides[0] = out->strides[1] = alignUp(lumaBytes, strideAlign ? strideAlign : 1);
	out->offsets[0] = 0;
	out->offsets[1] = out->strides[0] * h;
	out->size = size_t(out->offsets[1]) + size_t(out->strides[1]) * (h / 2);
	return true;
}

int probeCompositor(Display &display, std::span<const ProducibleFormat> producible,
		    ProbeReport *report, bool allowMemfd)
{
	const Globals &g = display.globals();
	report->hasDmabuf = g.dmabuf != nullptr;
	report->dmabufVersion = g.dmabufVersion;
	report->shmFormats = g.shmFormats;
	report->results.clear();

	FeedbackState state;
	if (g.dmabuf) {
		/* Default feedback: without a surface there is no per-surface view. */
		SurfaceFeedback fb(display, nullptr, nullptr);
		for (int i = 0; i < 3 && !fb.received(); i++)
			display.roundtrip();
		report->perSurfaceFeedback = fb.perSurface();
		state = fb.state();
	}

	std::string why;
	bool allocatorChecked = false;
	for (const ProducibleFormat &p : producible) {
		ProbeResult r;
		r.format = p;
		DmabufPair exact{ p.drmFourcc, p.modifier };
		DmabufPair implicit{ p.drmFourcc, DRM_FORMAT_MOD_INVALID };
		for (const FeedbackTranche &t : state.tranches) {
			bool hasExact = std::find(t.pairs.begin(), t.pairs.end(), exact) != t.pairs.end();
			bool hasImplicit = p.modifier == DRM_FORMAT_MOD_LINEAR &&
					   std::find(t.pairs.begin(), t.pairs.end(), implicit) != t.pairs.end();
			if (!hasExact && !hasImplicit)
				continue;
			if (!r.advertised || (hasExact && r.sentAs.modifier == DRM_FORMAT_MOD_INVALID))
				r.sentAs = hasExact ? exact : implicit;
			r.advertised = true;
			r.scanout = r.scanout || t.scanout;
		}
		if (!r.advertised) {
			r.outcome = ProbeOutcome::NotAdvertised;
			r.detail = g.dmabuf ? "compositor does not list it" : "compositor has no linux-dmabuf";
			report->results.push_back(std::move(r));
			continue;
		}

		TestLayout layout;
		if (!testLayoutFor(p.drmFourcc, p.modifier, 64, 64, 64, &layout)) {
			r.outcome = ProbeOutcome::Skipped;
			r.detail = "no test layout for this format";
			report->results.push_back(std::move(r));
			continue;
		}
		TestDmabuf buf;
		int ret = allocateDmabuf(layout.size, &buf, &why, allowMemfd);
		if (ret < 0) {
			r.outcome = ProbeOutcome::Skipped;
			r.detail = why;
			report->results.push_back(std::move(r));
			continue;
		}
		if (!allocatorChecked) {
			report->allocator = buf.source;
			allocatorChecked = true;
		}
		fillDmabuf(buf, 0x80);

		ImportWait wait;
		WlPtr<zwp_linux_buffer_params_v1> params(zwp_linux_dmabuf_v1_create_params(g.dmabuf.get()));
		zwp_linux_buffer_params_v1_add_listener(params.get(), &kProbeParamsListener, &wait);
		for (unsigned i = 0; i < layout.planes; i++)
			zwp_linux_buffer_params_v1_add(params.get(), buf.fd.get(), i, layout.offsets[i],
						       layout.strides[i], uint32_t(r.sentAs.modifier >> 32),
						       uint32_t(r.sentAs.modifier));
		zwp_linux_buffer_params_v1_create(params.get(), int32_t(layout.width),
						  int32_t(layout.height), p.drmFourcc, 0);
		for (int i = 0; i < 3 && !wait.answered; i++) {
			if (display.roundtrip() < 0)
				break;
		}
		r.stride = layout.strides[0];
		if (!wait.answered) {
			r.outcome = ProbeOutcome::Failed;
			r.detail = "no answer from the compositor";
		} else {
			r.outcome = wait.created ? ProbeOutcome::Accepted : ProbeOutcome::Failed;
			r.detail = std::string(buf.source) + ", 64x64, stride " + std::to_string(r.stride);
		}
		report->results.push_back(std::move(r));
	}
	return display.error();
}

std::string formatProbeReport(const ProbeReport &report)
{
	std::ostringstream out;
	out << "linux-dmabuf: ";
	if (report.hasDmabuf)
		out << "version " << report.dmabufVersion
		    << (report.dmabufVersion >= 4 ? " (feedback)" : " (modifier events)") << "\n";
	else
		out << "absent\n";
	out << "test allocator: " << (report.allocator.empty() ? "none" : report.allocator) << "\n";
	for (const ProbeResult &r : report.results) {
		out << "  " << pairName(r.format.drmFourcc, r.format.modifier) << ": "
		    << probeOutcomeName(r.outcome);
		if (r.advertised && r.sentAs.modifier != r.format.modifier)
			out << " (sent as " << pairName(r.sentAs.fourcc, r.sentAs.modifier) << ")";
		if (r.scanout)
			out << " [scanout tranche]";
		if (!r.detail.empty())
			out << " - " << r.detail;
		out << "\n";
	}
	return out.str();
}

} /* namespace sluice */
