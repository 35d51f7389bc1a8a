/* SPDX-License-Identifier: MIT */
#include "gles_version.h"

#include <cstdio>
#include <cstring>

namespace sluice {

GlVersion parseGlVersion(const char *text)
{
	GlVersion version;
	if (!text)
		return version;
	/* GLES 1.x says "OpenGL ES-CM 1.1"; the space after "ES" is what 2.0 and later have. */
	static constexpr char kEsPrefix[] = "OpenGL ES ";
	const char *numbers = text;
	if (strncmp(text, kEsPrefix, sizeof(kEsPrefix) - 1) == 0) {
		version.es = true;
		numbers = text + sizeof(kEsPrefix) - 1;
	}
	int major = 0, minor = 0;
	if (sscanf(numbers, "%d.%d", &major, &minor) == 2 && major > 0) {
		version.major = major;
		version.minor = minor;
	}
	return version;
}

const char *glslVersionFor(const GlVersion &version)
{
	if (!version.es || version.major < 2)
		return nullptr;
	return version.major == 2 ? "#version 100" : "#version 300 es";
}

} /* namespace sluice */
