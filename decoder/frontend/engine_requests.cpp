/* SPDX-License-Identifier: MIT */
#include "engine_requests.h"

#include <cerrno>
#include <cstring>

namespace sluice {

namespace {

/* How long a picture may wait for a request to come back before the decode is stuck. */
constexpr int kRequestWaitMs = 2000;

} /* namespace */

EngineConfig engineConfigFor(const FrontendConfig &frontend, uint32_t codedFourcc, unsigned width,
			     unsigned height, unsigned referenceSlots)
{
	EngineConfig config;
	config.codedFourcc = codedFourcc;
	config.width = width;
	config.height = height;
	config.referenceSlots = referenceSlots;
	config.displayDepth = frontend.displayDepth;
	config.expectedCompositorHold = frontend.expectedCompositorHold;
	config.capturePreference = frontend.capturePreference;
	config.watchdogMs = frontend.watchdogMs;
	config.mapCapture = frontend.mapCapture;
	return config;
}

ControlValue controlValue(const Control &control)
{
	return { control.id, 0, control.payload };
}

std::vector<ControlValue> controlValues(const ControlSet &controls)
{
	std::vector<ControlValue> values;
	for (const Control &control : controls)
		values.push_back(controlValue(control));
	return values;
}

std::vector<ControlValue> scalarControlValues(const ControlSet &controls)
{
	std::vector<ControlValue> values;
	for (const Control &control : controls) {
		int32_t value;
		std::memcpy(&value, control.payload.data(), sizeof(value));
		values.push_back(ControlValue::scalar(control.id, value));
	}
	return values;
}

void waitUntilIdle(StatelessEngine &engine)
{
	for (int waited = 0; !engine.idle() && waited < kRequestWaitMs; waited += 100)
		engine.waitForRequest(100);
}

int submitWhenAccepted(StatelessEngine &engine, const PictureSubmission &submission)
{
	int ret;
	for (int waited = 0; (ret = engine.submit(submission)) == -EAGAIN && waited < kRequestWaitMs;
	     waited += 50)
		engine.waitForRequest(50);
	return ret;
}

} /* namespace sluice */
