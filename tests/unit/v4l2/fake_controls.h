/* SPDX-License-Identifier: MIT */
/*
 * A made-up control set behind FakeIoctlBackend: QUERY_EXT_CTRL with NEXT_CTRL/NEXT_COMPOUND
 * walks it in id order, QUERYMENU answers from each control's menu (an empty name is an
 * entry the driver skips). It is test data, not a model of any driver.
 */
#pragma once

#include <cstring>
#include <linux/videodev2.h>
#include <string>
#include <vector>

#include "fake_ioctl_backend.h"

namespace sluice::test {

struct FakeControl {
	uint32_t id;
	uint32_t type;
	std::string name;
	int64_t minimum = 0;
	int64_t maximum = 0;
	std::vector<std::string> menu; /* index = entry; "" = skipped */
};

inline void serveControls(FakeIoctlBackend &backend, std::vector<FakeControl> controls)
{
	auto shared = std::make_shared<std::vector<FakeControl>>(std::move(controls));
	backend.on(VIDIOC_QUERY_EXT_CTRL, [shared](int, void *arg) {
		auto *query = static_cast<struct v4l2_query_ext_ctrl *>(arg);
		const uint32_t nextFlags = V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND;
		bool next = query->id & nextFlags;
		uint32_t id = query->id & ~nextFlags;
		const FakeControl *found = nullptr;
		for (const FakeControl &c : *shared) {
			if (next ? c.id > id && (!found || c.id < found->id) : c.id == id)
				found = &c;
		}
		if (!found)
			return -EINVAL;
		*query = {};
		query->id = found->id;
		query->type = found->type;
		std::strncpy(query->name, found->name.c_str(), sizeof(query->name) - 1);
		query->minimum = found->minimum;
		query->maximum = found->maximum;
		query->step = 1;
		query->elem_size = 4;
		query->elems = 1;
		return 0;
	});
	backend.on(VIDIOC_QUERYMENU, [shared](int, void *arg) {
		auto *menu = static_cast<struct v4l2_querymenu *>(arg);
		for (const FakeControl &c : *shared) {
			if (c.id != menu->id)
				continue;
			if (menu->index >= c.menu.size() || c.menu[menu->index].empty())
				return -EINVAL;
			std::strncpy(reinterpret_cast<char *>(menu->name), c.menu[menu->index].c_str(),
				     sizeof(menu->name) - 1);
			return 0;
		}
		return -EINVAL;
	});
}

} /* namespace sluice::test */
