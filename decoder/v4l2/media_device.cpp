/* SPDX-License-Identifier: MIT */
#include "media_device.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/media.h>

#include "v4l2/ioctl_backend.h"
#include "v4l2/v4l2_log.h"

namespace sluice {

static_assert(sizeof(struct media_device_info) == 256);
static_assert(sizeof(struct media_v2_topology) == 72);
static_assert(sizeof(struct media_v2_entity) == 96);
static_assert(sizeof(struct media_v2_interface) == 112);
static_assert(sizeof(struct media_v2_pad) == 32);
static_assert(sizeof(struct media_v2_link) == 40);

bool MediaLink::isInterfaceLink() const
{
	return (flags & MEDIA_LNK_FL_LINK_TYPE) == MEDIA_LNK_FL_INTERFACE_LINK;
}

bool MediaLink::isDataLink() const
{
	return (flags & MEDIA_LNK_FL_LINK_TYPE) == MEDIA_LNK_FL_DATA_LINK;
}

const MediaEntity *MediaGraph::entity(uint32_t id) const
{
	auto it = std::find_if(entities.begin(), entities.end(), [id](auto &e) { return e.id == id; });
	return it == entities.end() ? nullptr : &*it;
}

const MediaInterface *MediaGraph::interface(uint32_t id) const
{
	auto it = std::find_if(interfaces.begin(), interfaces.end(), [id](auto &i) { return i.id == id; });
	return it == interfaces.end() ? nullptr : &*it;
}

const MediaPad *MediaGraph::pad(uint32_t id) const
{
	auto it = std::find_if(pads.begin(), pads.end(), [id](auto &p) { return p.id == id; });
	return it == pads.end() ? nullptr : &*it;
}

namespace {

/* The video interface linked to entityId, if any. */
const MediaInterface *videoInterfaceOf(const MediaGraph &graph, uint32_t entityId)
{
	for (const MediaLink &link : graph.links) {
		if (!link.isInterfaceLink() || link.sinkId != entityId)
			continue;
		const MediaInterface *intf = graph.interface(link.sourceId);
		if (intf && intf->type == MEDIA_INTF_T_V4L_VIDEO)
			return intf;
	}
	return nullptr;
}

/* Entities one data link away from entityId, in link order. */
std::vector<uint32_t> dataNeighbours(const MediaGraph &graph, uint32_t entityId)
{
	std::vector<uint32_t> out;
	for (const MediaLink &link : graph.links) {
		if (!link.isDataLink())
			continue;
		const MediaPad *source = graph.pad(link.sourceId);
		const MediaPad *sink = graph.pad(link.sinkId);
		if (!source || !sink)
			continue;
		if (source->entityId == entityId)
			out.push_back(sink->entityId);
		else if (sink->entityId == entityId)
			out.push_back(source->entityId);
	}
	return out;
}

std::string fixedString(const char *text, size_t size)
{
	return std::string(text, strnlen(text, size));
}

} /* namespace */

std::vector<DecoderNode> findDecoderNodes(const MediaGraph &graph)
{
	std::vector<DecoderNode> nodes;
	for (const MediaEntity &entity : graph.entities) {
		if (entity.function != MEDIA_ENT_F_PROC_VIDEO_DECODER)
			continue;

		const MediaInterface *intf = videoInterfaceOf(graph, entity.id);
		if (!intf) {
			for (uint32_t neighbour : dataNeighbours(graph, entity.id)) {
				intf = videoInterfaceOf(graph, neighbour);
				if (intf)
					break;
			}
		}
		if (!intf) {
			LOG(V4L2, Debug) << "decoder entity '" << entity.name
					 << "' has no video interface";
			continue;
		}
		nodes.push_back({ entity, *intf });
	}
	return nodes;
}

MediaDevice::MediaDevice()
	: backend_(ioctlBackend())
{
}

int MediaDevice::open(const std::string &path)
{
	UniqueFD fd(backend_.open(path.c_str(), O_RDWR));
	if (!fd.isValid()) {
		int ret = fd.release();
		LOG(V4L2, Debug) << "cannot open " << path << ": " << strerror(-ret);
		return ret;
	}
	return open(std::move(fd), path);
}

int MediaDevice::open(UniqueFD fd, const std::string &path)
{
	fd_ = std::move(fd);
	path_ = path;

	struct media_device_info info = {};
	int ret = backend_.ioctl(fd_.get(), MEDIA_IOC_DEVICE_INFO, &info);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": MEDIA_IOC_DEVICE_INFO failed: " << strerror(-ret);
		fd_.reset();
		return ret;
	}
	info_.driver = fixedString(info.driver, sizeof(info.driver));
	info_.model = fixedString(info.model, sizeof(info.model));
	info_.serial = fixedString(info.serial, sizeof(info.serial));
	info_.busInfo = fixedString(info.bus_info, sizeof(info.bus_info));
	info_.mediaVersion = info.media_version;
	info_.driverVersion = info.driver_version;
	return 0;
}

int MediaDevice::readGraph(MediaGraph *graph)
{
	/*
	 * The graph can change between the two calls (hotplug); the version tells. Retry a few
	 * times rather than parse arrays that do not match.
	 */
	for (int attempt = 0; attempt < 3; attempt++) {
		struct media_v2_topology topology = {};
		int ret = backend_.ioctl(fd_.get(), MEDIA_IOC_G_TOPOLOGY, &topology);
		if (ret < 0) {
			LOG(V4L2, Error) << path_ << ": MEDIA_IOC_G_TOPOLOGY failed: " << strerror(-ret);
			return ret;
		}

		std::vector<struct media_v2_entity> entities(topology.num_entities);
		std::vector<struct media_v2_interface> interfaces(topology.num_interfaces);
		std::vector<struct media_v2_pad> pads(topology.num_pads);
		std::vector<struct media_v2_link> links(topology.num_links);
		uint64_t version = topology.topology_version;
		topology.ptr_entities = reinterpret_cast<uintptr_t>(entities.data());
		topology.ptr_interfaces = reinterpret_cast<uintptr_t>(interfaces.data());
		topology.ptr_pads = reinterpret_cast<uintptr_t>(pads.data());
		topology.ptr_links = reinterpret_cast<uintptr_t>(links.data());

		ret = backend_.ioctl(fd_.get(), MEDIA_IOC_G_TOPOLOGY, &topology);
		if (ret < 0) {
			LOG(V4L2, Error) << path_ << ": MEDIA_IOC_G_TOPOLOGY failed: " << strerror(-ret);
			return ret;
		}
		if (topology.topology_version != version ||
		    topology.num_entities > entities.size() ||
		    topology.num_interfaces > interfaces.size() || topology.num_pads > pads.size() ||
		    topology.num_links > links.size())
			continue;

		*graph = {};
		for (uint32_t i = 0; i < topology.num_entities; i++)
			graph->entities.push_back({ entities[i].id,
						    fixedString(entities[i].name, sizeof(entities[i].name)),
						    entities[i].function });
		for (uint32_t i = 0; i < topology.num_interfaces; i++)
			graph->interfaces.push_back({ interfaces[i].id, interfaces[i].intf_type,
						      interfaces[i].devnode.major,
						      interfaces[i].devnode.minor });
		for (uint32_t i = 0; i < topology.num_pads; i++)
			graph->pads.push_back({ pads[i].id, pads[i].entity_id, pads[i].flags });
		for (uint32_t i = 0; i < topology.num_links; i++)
			graph->links.push_back({ links[i].id, links[i].source_id, links[i].sink_id,
						 links[i].flags });
		return 0;
	}
	LOG(V4L2, Error) << path_ << ": the media graph kept changing while being read";
	return -EAGAIN;
}

int MediaDevice::allocateRequest(UniqueFD *request)
{
	int requestFd = -1;
	int ret = backend_.ioctl(fd_.get(), MEDIA_IOC_REQUEST_ALLOC, &requestFd);
	if (ret < 0) {
		LOG(V4L2, Error) << path_ << ": MEDIA_IOC_REQUEST_ALLOC failed: " << strerror(-ret);
		return ret;
	}
	*request = UniqueFD(requestFd);
	return 0;
}

} /* namespace sluice */
