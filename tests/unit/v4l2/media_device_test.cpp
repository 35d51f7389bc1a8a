/* SPDX-License-Identifier: MIT */
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <linux/media.h>
#include <unistd.h>

#include "fake_ioctl_backend.h"
#include "v4l2/device_node.h"
#include "v4l2/media_device.h"

using namespace sluice;
using namespace sluice::test;

namespace {

/*
 * A media graph in the shape the mem2mem helpers build for a decoder: source (DMA) ->
 * decoder (proc) -> sink (DMA), with the video interface linked to the two DMA entities only.
 * Plus a second, unrelated entity with its own interface, to check nothing leaks across.
 */
struct FakeGraph {
	std::vector<media_v2_entity> entities;
	std::vector<media_v2_interface> interfaces;
	std::vector<media_v2_pad> pads;
	std::vector<media_v2_link> links;

	void entity(uint32_t id, const char *name, uint32_t function)
	{
		media_v2_entity e = {};
		e.id = id;
		std::strncpy(e.name, name, sizeof(e.name) - 1);
		e.function = function;
		entities.push_back(e);
	}
	void interface(uint32_t id, uint32_t type, uint32_t major, uint32_t minor)
	{
		media_v2_interface i = {};
		i.id = id;
		i.intf_type = type;
		i.devnode.major = major;
		i.devnode.minor = minor;
		interfaces.push_back(i);
	}
	void pad(uint32_t id, uint32_t entity, uint32_t flags)
	{
		media_v2_pad p = {};
		p.id = id;
		p.entity_id = entity;
		p.flags = flags;
		pads.push_back(p);
	}
	void link(uint32_t id, uint32_t source, uint32_t sink, uint32_t type)
	{
		media_v2_link l = {};
		l.id = id;
		l.source_id = source;
		l.sink_id = sink;
		l.flags = type | MEDIA_LNK_FL_ENABLED;
		links.push_back(l);
	}

	/* Answers MEDIA_IOC_G_TOPOLOGY in two passes like the kernel: counts, then arrays. */
	void serve(FakeIoctlBackend &backend)
	{
		backend.on(MEDIA_IOC_G_TOPOLOGY, [this](int, void *arg) {
			auto *t = static_cast<struct media_v2_topology *>(arg);
			t->topology_version = 7;
			/* The arrays must be large enough; the counts are always updated. */
			auto fits = [](auto &src, uint32_t num, uint64_t ptr) {
				return !ptr || num >= src.size();
			};
			auto copy = [](auto &src, uint64_t ptr) {
				if (ptr)
					std::memcpy(reinterpret_cast<void *>(ptr), src.data(),
						    src.size() * sizeof(src[0]));
				return static_cast<uint32_t>(src.size());
			};
			if (!fits(entities, t->num_entities, t->ptr_entities) ||
			    !fits(interfaces, t->num_interfaces, t->ptr_interfaces) ||
			    !fits(pads, t->num_pads, t->ptr_pads) || !fits(links, t->num_links, t->ptr_links))
				return -ENOSPC;
			t->num_entities = copy(entities, t->ptr_entities);
			t->num_interfaces = copy(interfaces, t->ptr_interfaces);
			t->num_pads = copy(pads, t->ptr_pads);
			t->num_links = copy(links, t->ptr_links);
			return 0;
		});
	}
};

FakeGraph memToMemDecoderGraph()
{
	FakeGraph g;
	g.entity(1, "fake-source", MEDIA_ENT_F_IO_V4L);
	g.entity(3, "fake-proc", MEDIA_ENT_F_PROC_VIDEO_DECODER);
	g.entity(6, "fake-sink", MEDIA_ENT_F_IO_V4L);
	g.pad(2, 1, MEDIA_PAD_FL_SOURCE);
	g.pad(4, 3, MEDIA_PAD_FL_SINK);
	g.pad(5, 3, MEDIA_PAD_FL_SOURCE);
	g.pad(7, 6, MEDIA_PAD_FL_SINK);
	g.link(8, 2, 4, MEDIA_LNK_FL_DATA_LINK);
	g.link(9, 5, 7, MEDIA_LNK_FL_DATA_LINK);
	g.interface(10, MEDIA_INTF_T_V4L_VIDEO, 81, 3);
	g.link(11, 10, 1, MEDIA_LNK_FL_INTERFACE_LINK);
	g.link(12, 10, 6, MEDIA_LNK_FL_INTERFACE_LINK);
	return g;
}

class MediaDeviceTest : public ::testing::Test
{
protected:
	void SetUp() override
	{
		backend.on(MEDIA_IOC_DEVICE_INFO, [](int, void *arg) {
			auto *info = static_cast<struct media_device_info *>(arg);
			std::strcpy(info->driver, "fake");
			std::strcpy(info->model, "fake-model");
			std::strcpy(info->bus_info, "platform:fake");
			return 0;
		});
	}

	int openMedia()
	{
		return media.open(UniqueFD(::open("/dev/null", O_RDWR | O_CLOEXEC)), "/dev/fake-media");
	}

	FakeIoctlBackend backend;
	ScopedIoctlBackend scope{ backend };
	MediaDevice media;
};

} /* namespace */

TEST_F(MediaDeviceTest, ReadsDeviceInfo)
{
	ASSERT_EQ(openMedia(), 0);
	EXPECT_EQ(media.info().driver, "fake");
	EXPECT_EQ(media.info().model, "fake-model");
	EXPECT_EQ(media.info().busInfo, "platform:fake");
}

TEST_F(MediaDeviceTest, DeviceInfoFailureFailsOpen)
{
	backend.fail(MEDIA_IOC_DEVICE_INFO, -ENODEV);
	EXPECT_EQ(openMedia(), -ENODEV);
}

TEST_F(MediaDeviceTest, FindsDecoderThroughItsDmaEntities)
{
	FakeGraph graph = memToMemDecoderGraph();
	graph.serve(backend);
	ASSERT_EQ(openMedia(), 0);

	MediaGraph parsed;
	ASSERT_EQ(media.readGraph(&parsed), 0);
	EXPECT_EQ(backend.calls(MEDIA_IOC_G_TOPOLOGY), 2u);
	EXPECT_EQ(parsed.entities.size(), 3u);
	EXPECT_EQ(parsed.links.size(), 4u);

	std::vector<DecoderNode> decoders = findDecoderNodes(parsed);
	ASSERT_EQ(decoders.size(), 1u);
	EXPECT_EQ(decoders[0].entity.name, "fake-proc");
	EXPECT_EQ(decoders[0].videoInterface.major, 81u);
	EXPECT_EQ(decoders[0].videoInterface.minor, 3u);
}

TEST_F(MediaDeviceTest, FindsDecoderWithDirectInterfaceLink)
{
	FakeGraph g;
	g.entity(1, "direct-decoder", MEDIA_ENT_F_PROC_VIDEO_DECODER);
	g.interface(2, MEDIA_INTF_T_V4L_VIDEO, 81, 9);
	g.link(3, 2, 1, MEDIA_LNK_FL_INTERFACE_LINK);
	g.serve(backend);
	ASSERT_EQ(openMedia(), 0);
	MediaGraph parsed;
	ASSERT_EQ(media.readGraph(&parsed), 0);
	std::vector<DecoderNode> decoders = findDecoderNodes(parsed);
	ASSERT_EQ(decoders.size(), 1u);
	EXPECT_EQ(decoders[0].videoInterface.minor, 9u);
}

TEST_F(MediaDeviceTest, NonDecoderGraphsHaveNoDecoder)
{
	/* A capture pipeline (vivid-like) and an m2m scaler: no video decoder function. */
	FakeGraph g;
	g.entity(1, "camera", MEDIA_ENT_F_CAM_SENSOR);
	g.entity(2, "scaler", MEDIA_ENT_F_PROC_VIDEO_SCALER);
	g.entity(3, "dma", MEDIA_ENT_F_IO_V4L);
	g.interface(4, MEDIA_INTF_T_V4L_VIDEO, 81, 0);
	g.link(5, 4, 3, MEDIA_LNK_FL_INTERFACE_LINK);
	g.serve(backend);
	ASSERT_EQ(openMedia(), 0);
	MediaGraph parsed;
	ASSERT_EQ(media.readGraph(&parsed), 0);
	EXPECT_TRUE(findDecoderNodes(parsed).empty());
}

TEST_F(MediaDeviceTest, DecoderWithoutVideoInterfaceIsSkipped)
{
	FakeGraph g;
	g.entity(1, "lonely-decoder", MEDIA_ENT_F_PROC_VIDEO_DECODER);
	/* A sub-device interface is not the node we stream on. */
	g.interface(2, MEDIA_INTF_T_V4L_SUBDEV, 81, 4);
	g.link(3, 2, 1, MEDIA_LNK_FL_INTERFACE_LINK);
	g.serve(backend);
	ASSERT_EQ(openMedia(), 0);
	MediaGraph parsed;
	ASSERT_EQ(media.readGraph(&parsed), 0);
	EXPECT_TRUE(findDecoderNodes(parsed).empty());
}

TEST_F(MediaDeviceTest, TopologyErrorIsReturned)
{
	backend.fail(MEDIA_IOC_G_TOPOLOGY, -ENOTTY);
	ASSERT_EQ(openMedia(), 0);
	MediaGraph parsed;
	EXPECT_EQ(media.readGraph(&parsed), -ENOTTY);
}

TEST(DeviceNode, ResolvesDevnameFromSysfsUevent)
{
	std::filesystem::path root = std::filesystem::temp_directory_path() /
				     ("sluice-sysfs-" + std::to_string(::getpid()));
	std::filesystem::create_directories(root / "dev/char/81:7");
	std::ofstream(root / "dev/char/81:7/uevent") << "MAJOR=81\nMINOR=7\nDEVNAME=v4l/decoder7\n";

	EXPECT_EQ(charDeviceNode(81, 7, root.string(), "/dev"), "/dev/v4l/decoder7");
	EXPECT_EQ(charDeviceNode(81, 8, root.string(), "/dev"), "");
	std::filesystem::remove_all(root);
}

TEST(DeviceNode, ListsNodesInNumberOrder)
{
	std::filesystem::path dir = std::filesystem::temp_directory_path() /
				    ("sluice-dev-" + std::to_string(::getpid()));
	std::filesystem::create_directories(dir);
	for (const char *name : { "media10", "media2", "media0", "video0", "mediafoo" })
		std::ofstream(dir / name) << "";

	std::vector<std::string> nodes = listDeviceNodes(dir.string(), "media");
	ASSERT_EQ(nodes.size(), 4u);
	EXPECT_EQ(nodes[0], (dir / "media0").string());
	EXPECT_EQ(nodes[1], (dir / "media2").string());
	EXPECT_EQ(nodes[2], (dir / "media10").string());
	EXPECT_EQ(nodes[3], (dir / "mediafoo").string());
	std::filesystem::remove_all(dir);
}
