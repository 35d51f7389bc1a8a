/* SPDX-License-Identifier: MIT */
/*
 * Device nodes by number. The media graph names interfaces by major:minor, not by path, and
 * udev may name nodes anything; the kernel's own name is DEVNAME in
 * /sys/dev/char/MAJ:MIN/uevent, relative to /dev.
 */
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sluice {

/*
 * The path of character device major:minor ("/dev/video3"), or empty when sysfs does not
 * know it. sysRoot and devRoot are for tests.
 */
std::string charDeviceNode(uint32_t major, uint32_t minor, const std::string &sysRoot = "/sys",
			   const std::string &devRoot = "/dev");

/* The major:minor of the character device at path; false when it is not one. */
bool charDeviceNumber(const std::string &path, uint32_t *major, uint32_t *minor);

/* Paths of the entries in dir whose names start with prefix ("media"), sorted naturally. */
std::vector<std::string> listDeviceNodes(const std::string &dir, const std::string &prefix);

} /* namespace sluice */
