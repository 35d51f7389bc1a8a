/* SPDX-License-Identifier: MIT */
/*
 * fake-compositor: FakeCompositor (fake_compositor.h) as a process, for tests on the virtual
 * board where a real decoder's dmabufs meet compositor rules that weston cannot be made to
 * follow (a pair it does not list, a stride alignment it insists on).
 *
 *   fake-compositor --runtime-dir DIR --socket NAME [--pair FOURCC:MOD[:scanout]]...
 *                   [--stride-align N] [--shm FOURCC]... [--usr1-pair FOURCC:MOD[:scanout]]...
 *                   [--stats FILE]
 *
 * FOURCC is a DRM fourcc name (NV12, YU12 for YUV420); MOD is LINEAR or INVALID. SIGUSR1
 * replaces the listed pairs with the --usr1-pair ones and re-sends every surface feedback
 * (as a compositor does when a window goes full-screen over a plane). It runs until SIGTERM
 * or SIGINT, then writes its counters to FILE as "name value" lines.
 */
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include <unistd.h>

#include <drm_fourcc.h>

#include "fake_compositor.h"

using sluice::test::FakeCompositor;
using sluice::test::FakePair;
using sluice::test::FakeRules;

namespace {

volatile sig_atomic_t stopRequested = 0;
volatile sig_atomic_t feedbackChangeRequested = 0;

void onSignal(int signal)
{
	if (signal == SIGUSR1)
		feedbackChangeRequested = 1;
	else
		stopRequested = 1;
}

uint32_t fourccFromName(const std::string &name)
{
	if (name.size() != 4)
		return 0;
	return fourcc_code(name[0], name[1], name[2], name[3]);
}

bool parsePair(const std::string &text, FakePair *pair)
{
	size_t colon = text.find(':');
	if (colon == std::string::npos)
		return false;
	std::string rest = text.substr(colon + 1);
	pair->fourcc = fourccFromName(text.substr(0, colon));
	pair->scanout = rest.size() > 8 && rest.substr(rest.size() - 8) == ":scanout";
	if (pair->scanout)
		rest.resize(rest.size() - 8);
	if (rest == "LINEAR")
		pair->modifier = DRM_FORMAT_MOD_LINEAR;
	else if (rest == "INVALID")
		pair->modifier = DRM_FORMAT_MOD_INVALID;
	else
		return false;
	return pair->fourcc != 0;
}

int usage()
{
	std::fprintf(stderr, "usage: fake-compositor --runtime-dir DIR --socket NAME "
			     "[--pair FOURCC:MOD[:scanout]]... [--stride-align N] [--shm FOURCC]... "
			     "[--usr1-pair FOURCC:MOD[:scanout]]... [--stats FILE]\n");
	return 2;
}

} /* namespace */

int main(int argc, char **argv)
{
	FakeRules rules;
	std::vector<FakePair> usr1Pairs;
	std::string runtimeDir, socket, statsPath;
	for (int i = 1; i < argc; i++) {
		std::string arg = argv[i];
		if (i + 1 >= argc)
			return usage();
		std::string value = argv[++i];
		if (arg == "--runtime-dir") {
			runtimeDir = value;
		} else if (arg == "--socket") {
			socket = value;
		} else if (arg == "--pair" || arg == "--usr1-pair") {
			FakePair pair{};
			if (!parsePair(value, &pair)) {
				std::fprintf(stderr, "fake-compositor: bad pair '%s'\n", value.c_str());
				return 2;
			}
			(arg == "--pair" ? rules.pairs : usr1Pairs).push_back(pair);
		} else if (arg == "--stride-align") {
			rules.strideAlign = static_cast<uint32_t>(std::strtoul(value.c_str(), nullptr, 10));
		} else if (arg == "--shm") {
			rules.shmFormats.push_back(fourccFromName(value));
		} else if (arg == "--stats") {
			statsPath = value;
		} else {
			return usage();
		}
	}
	if (runtimeDir.empty() || socket.empty() || rules.strideAlign == 0)
		return usage();

	std::signal(SIGTERM, onSignal);
	std::signal(SIGINT, onSignal);
	std::signal(SIGUSR1, onSignal);
	FakeCompositor compositor;
	if (compositor.start(runtimeDir, socket, rules) < 0) {
		std::fprintf(stderr, "fake-compositor: cannot listen on %s/%s\n", runtimeDir.c_str(),
			     socket.c_str());
		return 1;
	}
	std::fprintf(stderr, "fake-compositor: listening on %s\n", socket.c_str());
	while (!stopRequested) {
		/* Polled: the signal may land on the compositor's thread, where pause() here
		 * would not see it. */
		usleep(20000);
		if (feedbackChangeRequested) {
			feedbackChangeRequested = 0;
			rules.pairs = usr1Pairs;
			compositor.updateRules(rules);
			std::fprintf(stderr, "fake-compositor: feedback changed\n");
		}
	}
	compositor.stop();

	if (!statsPath.empty()) {
		FILE *f = std::fopen(statsPath.c_str(), "w");
		if (!f)
			return 1;
		const auto &s = compositor.stats();
		std::fprintf(f, "imported %llu\nimport_failed %llu\ncommits %llu\npresented %llu\n"
				"presented_zero_copy %llu\nreleased %llu\nmodified_while_held %llu\n"
				"protocol_errors %llu\n",
			     (unsigned long long)s.imported.load(),
			     (unsigned long long)s.importFailed.load(),
			     (unsigned long long)s.commits.load(), (unsigned long long)s.presented.load(),
			     (unsigned long long)s.presentedZeroCopy.load(),
			     (unsigned long long)s.released.load(),
			     (unsigned long long)s.modifiedWhileHeld.load(),
			     (unsigned long long)s.protocolErrors.load());
		std::fclose(f);
	}
	return 0;
}
