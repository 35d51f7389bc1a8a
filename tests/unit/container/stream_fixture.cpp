/* SPDX-License-Identifier: MIT */
#include "stream_fixture.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>

#include "test_streams.h"

namespace sluice::test {

std::string streamPath(const std::string &name)
{
	std::string path = std::string(SLUICE_TEST_STREAMS_DIR) + "/" + name;
	struct stat st;
	return stat(path.c_str(), &st) == 0 && st.st_size > 0 ? path : "";
}

int runCommand(const std::string &command, std::string *output)
{
	output->clear();
	FILE *pipe = popen(command.c_str(), "r");
	if (!pipe)
		return -1;
	char buffer[4096];
	size_t n;
	while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
		output->append(buffer, n);
	int status = pclose(pipe);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool haveFfprobe()
{
	std::string out;
	return runCommand("ffprobe -version 2>/dev/null", &out) == 0;
}

namespace {

/* One line of `-of compact=p=0` output: key=value|key=value. */
std::map<std::string, std::string> parseCompactLine(const std::string &line)
{
	std::map<std::string, std::string> fields;
	std::stringstream stream(line);
	std::string item;
	while (std::getline(stream, item, '|')) {
		size_t eq = item.find('=');
		if (eq != std::string::npos)
			fields[item.substr(0, eq)] = item.substr(eq + 1);
	}
	return fields;
}

std::string quote(const std::string &path)
{
	return "'" + path + "'";
}

} /* namespace */

std::vector<ProbePacket> ffprobePackets(const std::string &path)
{
	std::string out;
	runCommand("ffprobe -v error -select_streams v:0 -show_entries "
		   "packet=pts,size,pos,flags:stream=time_base -of compact=p=0 " + quote(path),
		   &out);
	std::vector<std::map<std::string, std::string>> packets;
	int64_t tbNum = 0, tbDen = 0;
	std::stringstream lines(out);
	std::string line;
	while (std::getline(lines, line)) {
		auto fields = parseCompactLine(line);
		if (fields.count("time_base")) {
			std::sscanf(fields["time_base"].c_str(), "%ld/%ld", &tbNum, &tbDen);
		} else if (fields.count("size")) {
			packets.push_back(fields);
		}
	}
	std::vector<ProbePacket> result;
	for (auto &fields : packets) {
		ProbePacket packet;
		packet.size = std::stoull(fields["size"]);
		packet.pos = fields["pos"] == "N/A" ? 0 : std::stoull(fields["pos"]);
		packet.keyframe = fields["flags"].find('K') != std::string::npos;
		if (fields["pts"] != "N/A" && tbDen > 0)
			packet.ptsNs = static_cast<int64_t>(static_cast<__int128>(std::stoll(fields["pts"])) *
							    tbNum * 1000000000 / tbDen);
		result.push_back(packet);
	}
	return result;
}

ProbeStream ffprobeStream(const std::string &path)
{
	std::string out;
	runCommand("ffprobe -v error -select_streams v:0 -show_entries "
		   "stream=width,height,r_frame_rate,color_space,color_range,color_primaries,"
		   "color_transfer,profile:format=duration -of compact=p=0 " + quote(path),
		   &out);
	ProbeStream stream;
	std::stringstream lines(out);
	std::string line;
	while (std::getline(lines, line)) {
		auto fields = parseCompactLine(line);
		if (fields.count("width")) {
			stream.width = std::stoul(fields["width"]);
			stream.height = std::stoul(fields["height"]);
			stream.frameRate = fields["r_frame_rate"];
			stream.colourSpace = fields["color_space"];
			stream.colourRange = fields["color_range"];
			stream.colourPrimaries = fields["color_primaries"];
			stream.colourTransfer = fields["color_transfer"];
			stream.profile = fields["profile"];
		} else if (fields.count("duration") && fields["duration"] != "N/A") {
			stream.durationSeconds = std::stod(fields["duration"]);
		}
	}
	return stream;
}

std::vector<uint8_t> readFile(const std::string &path)
{
	std::ifstream file(path, std::ios::binary);
	return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {});
}

std::vector<uint8_t> normaliseStartCodes(const uint8_t *data, size_t size, unsigned startCodeSize)
{
	/* Positions just past each 00 00 01. */
	std::vector<size_t> starts;
	for (size_t i = 2; i < size; i++)
		if (data[i] == 1 && data[i - 1] == 0 && data[i - 2] == 0)
			starts.push_back(i + 1);
	std::vector<uint8_t> out;
	for (size_t k = 0; k < starts.size(); k++) {
		size_t begin = starts[k];
		size_t end = k + 1 < starts.size() ? starts[k + 1] - 3 : size;
		while (end > begin && data[end - 1] == 0)
			end--;
		for (unsigned z = 0; z + 1 < startCodeSize; z++)
			out.push_back(0);
		out.push_back(1);
		out.insert(out.end(), data + begin, data + end);
	}
	return out;
}

std::vector<Packet> demuxAll(Demuxer &demuxer, DemuxStatus *last, size_t limit)
{
	std::vector<Packet> packets;
	Packet packet;
	DemuxStatus status = DemuxStatus::Ok;
	while (packets.size() < limit && (status = demuxer.readPacket(&packet)) == DemuxStatus::Ok)
		packets.push_back(packet);
	if (last)
		*last = status;
	return packets;
}

} /* namespace sluice::test */
