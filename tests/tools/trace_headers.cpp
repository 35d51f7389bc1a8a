/* SPDX-License-Identifier: MIT */
#include "trace_headers.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <sys/wait.h>

namespace sluice::test {

int runCommand(const std::string &command, std::string *output)
{
	FILE *pipe = popen(command.c_str(), "r");
	if (!pipe)
		return -errno;
	char buffer[65536];
	size_t n;
	while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
		if (output)
			output->append(buffer, n);
	int status = pclose(pipe);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool ffmpegAvailable()
{
	return runCommand("ffmpeg -hide_banner -version >/dev/null 2>&1") == 0 &&
	       runCommand("ffprobe -hide_banner -version >/dev/null 2>&1") == 0;
}

/* "[trace_headers @ 0x...] rest" -> "rest"; other lines are not ours. */
static bool stripPrefix(std::string_view line, std::string_view *rest)
{
	size_t at = line.find("[trace_headers @ ");
	if (at == std::string_view::npos)
		return false;
	size_t close = line.find("] ", at);
	if (close == std::string_view::npos)
		return false;
	*rest = line.substr(close + 2);
	return true;
}

/* "<position> <name> <bits> = <value>" */
static bool parseElement(std::string_view text, TraceElement *element)
{
	std::istringstream in{ std::string(text) };
	std::string position, name, bits, equals, value;
	if (!(in >> position >> name >> bits >> equals >> value) || equals != "=")
		return false;
	for (char c : position)
		if (c < '0' || c > '9')
			return false;
	char *end = nullptr;
	element->value = std::strtoll(value.c_str(), &end, 10);
	if (*end)
		return false;
	element->name = name;
	element->bitPosition = std::strtoull(position.c_str(), nullptr, 10);
	element->bitLength = static_cast<unsigned>(bits.size());
	return true;
}

std::vector<TraceUnit> parseTraceHeaders(std::string_view log)
{
	std::vector<TraceUnit> units;
	bool inExtradata = false;
	size_t pos = 0;
	while (pos < log.size()) {
		size_t eol = log.find('\n', pos);
		if (eol == std::string_view::npos)
			eol = log.size();
		std::string_view line = log.substr(pos, eol - pos);
		pos = eol + 1;
		if (!line.empty() && line.back() == '\r')
			line.remove_suffix(1);

		std::string_view rest;
		if (!stripPrefix(line, &rest))
			continue;
		TraceElement element;
		if (parseElement(rest, &element)) {
			if (!inExtradata && !units.empty())
				units.back().elements.push_back(std::move(element));
			continue;
		}
		if (rest == "Extradata") {
			inExtradata = true;
			continue;
		}
		if (rest.starts_with("Packet:")) {
			inExtradata = false;
			continue;
		}
		if (!inExtradata)
			units.push_back({ std::string(rest), {} });
	}
	return units;
}

int traceHeaders(const std::string &path, std::vector<TraceUnit> *units)
{
	std::string log;
	int ret = runCommand("ffmpeg -hide_banner -nostats -loglevel info -i '" + path +
			     "' -c copy -bsf:v trace_headers -f null - 2>&1", &log);
	if (ret)
		return ret;
	*units = parseTraceHeaders(log);
	return 0;
}

} /* namespace sluice::test */
