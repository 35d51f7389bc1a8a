/* SPDX-License-Identifier: MIT */
#include "device_node.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace sluice {

std::string charDeviceNode(uint32_t major, uint32_t minor, const std::string &sysRoot,
			   const std::string &devRoot)
{
	std::string uevent = sysRoot + "/dev/char/" + std::to_string(major) + ":" +
			     std::to_string(minor) + "/uevent";
	std::ifstream file(uevent);
	std::string line;
	while (std::getline(file, line)) {
		if (line.rfind("DEVNAME=", 0) == 0 && line.size() > 8)
			return devRoot + "/" + line.substr(8);
	}
	return {};
}

bool charDeviceNumber(const std::string &path, uint32_t *major, uint32_t *minor)
{
	struct stat st;
	if (::stat(path.c_str(), &st) < 0 || !S_ISCHR(st.st_mode))
		return false;
	*major = ::major(st.st_rdev);
	*minor = ::minor(st.st_rdev);
	return true;
}

std::vector<std::string> listDeviceNodes(const std::string &dir, const std::string &prefix)
{
	std::vector<std::pair<long, std::string>> found;
	DIR *d = ::opendir(dir.c_str());
	if (!d)
		return {};
	while (struct dirent *entry = ::readdir(d)) {
		std::string name = entry->d_name;
		if (name.rfind(prefix, 0) != 0)
			continue;
		std::string rest = name.substr(prefix.size());
		/* media0 … media12, in number order; other names after them. */
		char *end = nullptr;
		long number = rest.empty() ? -1 : std::strtol(rest.c_str(), &end, 10);
		if (rest.empty() || *end != '\0')
			number = -1;
		found.emplace_back(number < 0 ? LONG_MAX : number, dir + "/" + name);
	}
	::closedir(d);
	std::sort(found.begin(), found.end());
	std::vector<std::string> paths;
	for (auto &[number, path] : found)
		paths.push_back(path);
	return paths;
}

} /* namespace sluice */
