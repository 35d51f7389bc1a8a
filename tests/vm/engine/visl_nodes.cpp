/* SPDX-License-Identifier: MIT */
#include "visl_nodes.h"

#include <dirent.h>
#include <fstream>

namespace sluice::test {

namespace {

std::string firstLine(const std::string &path)
{
	std::ifstream file(path);
	std::string line;
	std::getline(file, line);
	return line;
}

/* The /dev name of the first entry of dir whose attribute file reads value. */
std::string findByAttribute(const std::string &dir, const std::string &prefix,
			    const std::string &attribute, const std::string &value)
{
	DIR *d = opendir(dir.c_str());
	if (!d)
		return {};
	std::string found;
	while (dirent *entry = readdir(d)) {
		std::string name = entry->d_name;
		if (name.rfind(prefix, 0) != 0)
			continue;
		if (firstLine(dir + "/" + name + "/" + attribute) == value) {
			found = "/dev/" + name;
			break;
		}
	}
	closedir(d);
	return found;
}

} /* namespace */

bool findVislNodes(VislNodes *nodes)
{
	nodes->video = findByAttribute("/sys/class/video4linux", "video", "name", "visl");
	nodes->media = findByAttribute("/sys/bus/media/devices", "media", "model", "visl");
	return !nodes->video.empty() && !nodes->media.empty();
}

} /* namespace sluice::test */
