/* SPDX-License-Identifier: MIT */
/*
 * MediaDevice: one open /dev/mediaN, its identity and its graph.
 *
 * A stateless decoder shows up in the media graph as an entity whose function is
 * "video decoder"; the video node the application talks to is a V4L video interface linked to
 * it, either directly or (the mem2mem helpers' layout) through the DMA entities on either side
 * of it. The graph is read once with MEDIA_IOC_G_TOPOLOGY and parsed into our own types.
 */
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/unique_fd.h"

namespace sluice {

class IoctlBackend;

struct MediaDeviceInfo {
	std::string driver;
	std::string model;
	std::string serial;
	std::string busInfo;
	uint32_t mediaVersion = 0;
	uint32_t driverVersion = 0;
};

struct MediaEntity {
	uint32_t id = 0;
	std::string name;
	uint32_t function = 0; /* MEDIA_ENT_F_* */
};

struct MediaInterface {
	uint32_t id = 0;
	uint32_t type = 0; /* MEDIA_INTF_T_* */
	uint32_t major = 0;
	uint32_t minor = 0;
};

struct MediaPad {
	uint32_t id = 0;
	uint32_t entityId = 0;
	uint32_t flags = 0;
};

struct MediaLink {
	uint32_t id = 0;
	uint32_t sourceId = 0; /* a pad, or the interface of an interface link */
	uint32_t sinkId = 0;   /* a pad, or the entity of an interface link */
	uint32_t flags = 0;

	bool isInterfaceLink() const;
	bool isDataLink() const;
};

struct MediaGraph {
	std::vector<MediaEntity> entities;
	std::vector<MediaInterface> interfaces;
	std::vector<MediaPad> pads;
	std::vector<MediaLink> links;

	const MediaEntity *entity(uint32_t id) const;
	const MediaInterface *interface(uint32_t id) const;
	const MediaPad *pad(uint32_t id) const;
};

/* A decoder entity and the V4L video interface that drives it. */
struct DecoderNode {
	MediaEntity entity;
	MediaInterface videoInterface;
};

/*
 * The decoder entities of graph, each with its video interface: linked to the decoder itself,
 * or to an entity one data link away from it. Decoders without a video interface are left out.
 */
std::vector<DecoderNode> findDecoderNodes(const MediaGraph &graph);

class MediaDevice
{
public:
	MediaDevice();

	/* Opens path and reads MEDIA_IOC_DEVICE_INFO. */
	int open(const std::string &path);
	int open(UniqueFD fd, const std::string &path);

	int fd() const { return fd_.get(); }
	const std::string &path() const { return path_; }
	const MediaDeviceInfo &info() const { return info_; }

	/* MEDIA_IOC_G_TOPOLOGY, twice: once for the counts, once for the arrays. */
	int readGraph(MediaGraph *graph);

	/* MEDIA_IOC_REQUEST_ALLOC: a new request fd, or -errno. */
	int allocateRequest(UniqueFD *request);

private:
	IoctlBackend &backend_;
	UniqueFD fd_;
	std::string path_;
	MediaDeviceInfo info_;
};

} /* namespace sluice */
