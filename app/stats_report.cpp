/* SPDX-License-Identifier: MIT */
#include "stats_report.h"

#include <sys/resource.h>

#include "json_writer.h"

namespace sluice {

namespace {

void durations(JsonWriter &json, std::string_view name, const DurationStats &stats)
{
	json.key(name);
	json.beginObject();
	json.key("count");
	json.value(stats.count());
	json.key("min");
	json.value(stats.minNs() / 1e6);
	json.key("median");
	json.value(stats.medianNs() / 1e6);
	json.key("p95");
	json.value(stats.percentileNs(95) / 1e6);
	json.key("max");
	json.value(stats.maxNs() / 1e6);
	json.endObject();
}

/* Per path: frames, CPU and wall time inside present(), CPU bytes copied (presentation_costs.h). */
void presentationCosts(JsonWriter &json, const PresentationCosts &costs)
{
	json.key("present_requested");
	json.value(costs.requested());
	json.key("present_cost");
	json.beginObject();
	for (const auto &[path, cost] : costs.paths()) {
		json.key(path);
		json.beginObject();
		json.key("frames");
		json.value(cost.frames);
		durations(json, "cpu_ms", cost.cpu);
		durations(json, "wall_ms", cost.wall);
		json.key("bytes_copied_per_frame");
		json.value(cost.frames ? static_cast<double>(cost.bytesCopied) / cost.frames : 0.0);
		json.endObject();
	}
	json.endObject();
	durations(json, "decode_to_present_ms", costs.decodeToPresent());
	json.key("playing_cpu_ms_per_frame");
	json.value(costs.playingCpuMsPerFrame());
}

/* The whole process's CPU time (decoding, parsing, presenting; the compositor's is not in it). */
void processCpu(JsonWriter &json, uint64_t frames)
{
	struct rusage usage = {};
	getrusage(RUSAGE_SELF, &usage);
	double seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
			 (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
	json.key("process_cpu_seconds");
	json.value(seconds);
	json.key("process_cpu_ms_per_frame");
	json.value(frames ? seconds * 1e3 / static_cast<double>(frames) : 0.0);
}

} /* namespace */

std::string statsJson(const RunFacts &facts, const StatelessEngine &engine,
		      const VideoOutput &output)
{
	const EngineStats &e = engine.stats();
	const SlotPoolStats &slots = engine.slots().stats();
	OutputCounters o = output.counters();

	JsonWriter json;
	json.beginObject();
	json.key("schema");
	json.value("sluice-stats/1");
	json.key("file");
	json.value(facts.file);
	json.key("codec");
	json.value(facts.codec);
	json.key("decoder");
	json.value(facts.decoder);
	json.key("capture_format");
	json.value(facts.captureFormat);
	json.key("capture_layout_switches");
	json.value(facts.captureLayoutSwitches);
	json.key("width");
	json.value(facts.width);
	json.key("height");
	json.value(facts.height);
	json.key("exit_reason");
	json.value(facts.exitReason);
	json.key("wall_seconds");
	json.value(facts.wallSeconds);

	json.key("frames_decoded");
	json.value(e.framesDecoded);
	json.key("frames_presented");
	json.value(o.presented);
	json.key("frames_presented_zero_copy");
	json.value(o.presentedZeroCopy);
	json.key("frames_dropped_late");
	json.value(o.droppedLate);
	json.key("frames_discarded_by_compositor");
	json.value(o.discardedByCompositor);
	json.key("decoder_errors");
	json.value(e.decoderErrors);
	json.key("corrupt_packets_dropped");
	json.value(facts.corruptPacketsDropped);
	json.key("watchdog_resets");
	json.value(e.watchdogResets);
	json.key("unsafe_requeues");
	json.value(slots.unsafeRequeues);
	json.key("slot_invariant_violations");
	json.value(slots.invariantViolations);
	json.key("slot_starvations");
	json.value(slots.starvations);

	durations(json, "requeue_interval_ms", slots.requeueInterval);
	durations(json, "compositor_hold_ms",
		  slots.holdTime[static_cast<size_t>(Holder::Compositor)]);
	durations(json, "display_queue_hold_ms",
		  slots.holdTime[static_cast<size_t>(Holder::DisplayQueue)]);
	durations(json, "decode_latency_ms", e.decodeLatency);

	json.key("presentation_path");
	json.value(output.path());
	if (const PresentationCosts *costs = output.presentationCosts())
		presentationCosts(json, *costs);
	processCpu(json, o.presented ? o.presented : e.framesDecoded);
	json.key("slots_allocated");
	json.value(engine.slots().liveCount());
	json.key("pool_growths");
	json.value(e.poolGrowths);
	json.key("bytes_copied_per_frame");
	json.value(o.presented ? static_cast<double>(o.bytesCopied) / o.presented : 0.0);
	json.key("bitstream_bytes_copied_per_frame");
	json.value(e.picturesSubmitted
			   ? static_cast<double>(e.bytesCopiedToOutput) / e.picturesSubmitted
			   : 0.0);
	json.endObject();
	return json.text() + "\n";
}

} /* namespace sluice */
