/* SPDX-License-Identifier: MIT */
#include "egl_renderer.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLES2/gl2.h>
#include <GLES2/gl2ext.h>
#include <wayland-egl.h>

#include <drm_fourcc.h>

#include "wayland_log.h"

namespace sluice {

namespace {

constexpr const char *kVertexShader = R"(
attribute vec2 pos;
attribute vec2 texcoord;
varying vec2 uv;
void main() {
	uv = texcoord;
	gl_Position = vec4(pos, 0.0, 1.0);
}
)";

/* The driver converts YUV to RGB (using the colour hints given at import) and detiles. */
constexpr const char *kFragmentShader = R"(
#extension GL_OES_EGL_image_external : require
precision mediump float;
uniform samplerExternalOES tex;
varying vec2 uv;
void main() {
	gl_FragColor = texture2D(tex, uv);
}
)";

bool hasExtension(const char *list, const char *name)
{
	if (!list)
		return false;
	size_t n = std::strlen(name);
	for (const char *p = list; (p = std::strstr(p, name)); p += n) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	}
	return false;
}

GLuint compile(GLenum type, const char *source)
{
	GLuint s = glCreateShader(type);
	glShaderSource(s, 1, &source, nullptr);
	glCompileShader(s);
	GLint ok = 0;
	glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		char log[512] = {};
		glGetShaderInfoLog(s, sizeof(log), nullptr, log);
		LOG(Wayland, Warn) << "EGL fallback shader: " << log;
		glDeleteShader(s);
		return 0;
	}
	return s;
}

} /* namespace */

struct EglRenderer::Impl {
	struct Image {
		EGLImageKHR image = EGL_NO_IMAGE_KHR;
		std::vector<FramePlane> planes;
		uint32_t fourcc = 0;
		uint64_t modifier = 0;
	};

	EGLDisplay display = EGL_NO_DISPLAY;
	EGLConfig config = nullptr;
	EGLContext context = EGL_NO_CONTEXT;
	EGLSurface surface = EGL_NO_SURFACE;
	wl_egl_window *window = nullptr;
	wl_surface *windowSurface = nullptr;
	bool modifiers = false;
	GLuint program = 0;
	GLuint texture = 0;
	std::map<uint32_t, Image> images;

	PFNEGLCREATEIMAGEKHRPROC createImage = nullptr;
	PFNEGLDESTROYIMAGEKHRPROC destroyImage = nullptr;
	PFNGLEGLIMAGETARGETTEXTURE2DOESPROC imageTargetTexture = nullptr;
	PFNEGLQUERYDMABUFMODIFIERSEXTPROC queryModifiers = nullptr;

	~Impl()
	{
		if (display == EGL_NO_DISPLAY)
			return;
		for (auto &[slot, img] : images)
			destroyImage(display, img.image);
		destroySurface();
		if (context != EGL_NO_CONTEXT)
			eglDestroyContext(display, context);
		eglTerminate(display);
	}

	void destroySurface()
	{
		if (surface != EGL_NO_SURFACE) {
			eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
			eglDestroySurface(display, surface);
			surface = EGL_NO_SURFACE;
		}
		if (window)
			wl_egl_window_destroy(window);
		window = nullptr;
		windowSurface = nullptr;
	}

	int ensureSurface(wl_surface *s, uint32_t w, uint32_t h)
	{
		if (window && windowSurface == s) {
			wl_egl_window_resize(window, int(w), int(h), 0, 0);
			return 0;
		}
		destroySurface();
		window = wl_egl_window_create(s, int(w), int(h));
		if (!window)
			return -ENOMEM;
		windowSurface = s;
		surface = eglCreateWindowSurface(display, config, EGLNativeWindowType(window), nullptr);
		if (surface == EGL_NO_SURFACE)
			return -EIO;
		if (!eglMakeCurrent(display, surface, surface, context))
			return -EIO;
		/* Never block in eglSwapBuffers waiting for a frame callback. */
		eglSwapInterval(display, 0);
		if (!program && buildProgram() < 0)
			return -EIO;
		return 0;
	}

	int buildProgram()
	{
		GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader);
		GLuint fs = compile(GL_FRAGMENT_SHADER, kFragmentShader);
		if (!vs || !fs)
			return -EIO;
		program = glCreateProgram();
		glAttachShader(program, vs);
		glAttachShader(program, fs);
		glBindAttribLocation(program, 0, "pos");
		glBindAttribLocation(program, 1, "texcoord");
		glLinkProgram(program);
		glDeleteShader(vs);
		glDeleteShader(fs);
		GLint ok = 0;
		glGetProgramiv(program, GL_LINK_STATUS, &ok);
		if (!ok)
			return -EIO;
		glGenTextures(1, &texture);
		return 0;
	}

	EGLImageKHR import(const VideoFrame &f)
	{
		auto it = images.find(f.slot);
		if (it != images.end()) {
			const Image &img = it->second;
			bool same = img.fourcc == f.drmFourcc && img.modifier == f.modifier &&
				    img.planes.size() == f.planes.size();
			for (size_t i = 0; same && i < f.planes.size(); i++)
				same = img.planes[i].fd == f.planes[i].fd &&
				       img.planes[i].offset == f.planes[i].offset &&
				       img.planes[i].stride == f.planes[i].stride;
			if (same)
				return img.image;
			destroyImage(display, img.image);
			images.erase(it);
		}

		static constexpr EGLint kFd[] = { EGL_DMA_BUF_PLANE0_FD_EXT, EGL_DMA_BUF_PLANE1_FD_EXT,
						  EGL_DMA_BUF_PLANE2_FD_EXT };
		static constexpr EGLint kOffset[] = { EGL_DMA_BUF_PLANE0_OFFSET_EXT,
						      EGL_DMA_BUF_PLANE1_OFFSET_EXT,
						      EGL_DMA_BUF_PLANE2_OFFSET_EXT };
		static constexpr EGLint kPitch[] = { EGL_DMA_BUF_PLANE0_PITCH_EXT,
						     EGL_DMA_BUF_PLANE1_PITCH_EXT,
						     EGL_DMA_BUF_PLANE2_PITCH_EXT };
		static constexpr EGLint kModLo[] = { EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT,
						     EGL_DMA_BUF_PLANE1_MODIFIER_LO_EXT,
						     EGL_DMA_BUF_PLANE2_MODIFIER_LO_EXT };
		static constexpr EGLint kModHi[] = { EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT,
						     EGL_DMA_BUF_PLANE1_MODIFIER_HI_EXT,
						     EGL_DMA_BUF_PLANE2_MODIFIER_HI_EXT };

		std::vector<EGLint> a = {
			EGL_WIDTH, EGLint(f.width), EGL_HEIGHT, EGLint(f.height),
			EGL_LINUX_DRM_FOURCC_EXT, EGLint(f.drmFourcc),
			EGL_YUV_COLOR_SPACE_HINT_EXT,
			f.matrix == YuvMatrix::Bt709 ? EGL_ITU_REC709_EXT : EGL_ITU_REC601_EXT,
			EGL_SAMPLE_RANGE_HINT_EXT,
			f.fullRange ? EGL_YUV_FULL_RANGE_EXT : EGL_YUV_NARROW_RANGE_EXT,
		};
		for (size_t i = 0; i < f.planes.size() && i < 3; i++) {
			a.insert(a.end(), { kFd[i], f.planes[i].fd, kOffset[i], EGLint(f.planes[i].offset),
					    kPitch[i], EGLint(f.planes[i].stride) });
			if (modifiers && f.modifier != DRM_FORMAT_MOD_INVALID)
				a.insert(a.end(), { kModLo[i], EGLint(f.modifier & 0xffffffff),
						    kModHi[i], EGLint(f.modifier >> 32) });
		}
		a.push_back(EGL_NONE);
		EGLImageKHR image = createImage(display, EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT,
						nullptr, a.data());
		if (image == EGL_NO_IMAGE_KHR) {
			LOG(Wayland, Warn) << "EGL refused to import slot " << f.slot << ": EGL error 0x"
					   << std::hex << eglGetError() << std::dec;
			return image;
		}
		images[f.slot] = Image{ image, f.planes, f.drmFourcc, f.modifier };
		return image;
	}
};

namespace {

/*
 * Whether this EGL can import dmabufs at all, asked of a surfaceless display so that the
 * common answer ("no") costs no EGL state on the presentation connection. -1: cannot tell,
 * ask the Wayland display itself.
 */
int surfacelessCanImport(const char *clientExts)
{
	if (!hasExtension(clientExts, "EGL_MESA_platform_surfaceless"))
		return -1;
	auto getPlatformDisplay = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
		eglGetProcAddress("eglGetPlatformDisplayEXT"));
	if (!getPlatformDisplay)
		return -1;
	EGLDisplay dpy = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
	if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, nullptr, nullptr))
		return -1;
	bool can = hasExtension(eglQueryString(dpy, EGL_EXTENSIONS), "EGL_EXT_image_dma_buf_import");
	eglTerminate(dpy);
	return can ? 1 : 0;
}

} /* namespace */

std::unique_ptr<EglRenderer> EglRenderer::create(wl_display *wlDisplay, std::string *why)
{
	auto impl = std::make_unique<Impl>();
	const char *clientExts = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
	if (surfacelessCanImport(clientExts) == 0) {
		*why = "EGL lacks EGL_EXT_image_dma_buf_import";
		return nullptr;
	}
	if (hasExtension(clientExts, "EGL_EXT_platform_wayland") ||
	    hasExtension(clientExts, "EGL_KHR_platform_wayland")) {
		auto getPlatformDisplay = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
			eglGetProcAddress("eglGetPlatformDisplayEXT"));
		if (getPlatformDisplay)
			impl->display = getPlatformDisplay(EGL_PLATFORM_WAYLAND_KHR, wlDisplay, nullptr);
	}
	if (impl->display == EGL_NO_DISPLAY)
		impl->display = eglGetDisplay(EGLNativeDisplayType(wlDisplay));
	if (impl->display == EGL_NO_DISPLAY || !eglInitialize(impl->display, nullptr, nullptr)) {
		*why = "no EGL display for this Wayland connection";
		impl->display = EGL_NO_DISPLAY;
		return nullptr;
	}

	const char *exts = eglQueryString(impl->display, EGL_EXTENSIONS);
	if (!hasExtension(exts, "EGL_EXT_image_dma_buf_import")) {
		*why = "EGL lacks EGL_EXT_image_dma_buf_import";
		return nullptr;
	}
	impl->modifiers = hasExtension(exts, "EGL_EXT_image_dma_buf_import_modifiers");
	impl->createImage = reinterpret_cast<PFNEGLCREATEIMAGEKHRPROC>(eglGetProcAddress("eglCreateImageKHR"));
	impl->destroyImage = reinterpret_cast<PFNEGLDESTROYIMAGEKHRPROC>(eglGetProcAddress("eglDestroyImageKHR"));
	impl->imageTargetTexture = reinterpret_cast<PFNGLEGLIMAGETARGETTEXTURE2DOESPROC>(
		eglGetProcAddress("glEGLImageTargetTexture2DOES"));
	if (impl->modifiers)
		impl->queryModifiers = reinterpret_cast<PFNEGLQUERYDMABUFMODIFIERSEXTPROC>(
			eglGetProcAddress("eglQueryDmaBufModifiersEXT"));
	if (!impl->createImage || !impl->destroyImage || !impl->imageTargetTexture) {
		*why = "EGL image entry points missing";
		return nullptr;
	}

	eglBindAPI(EGL_OPENGL_ES_API);
	const EGLint configAttribs[] = { EGL_SURFACE_TYPE, EGL_WINDOW_BIT, EGL_RED_SIZE, 8,
					 EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_RENDERABLE_TYPE,
					 EGL_OPENGL_ES2_BIT, EGL_NONE };
	EGLint n = 0;
	if (!eglChooseConfig(impl->display, configAttribs, &impl->config, 1, &n) || n < 1) {
		*why = "no EGL window config";
		return nullptr;
	}
	const EGLint ctxAttribs[] = { EGL_CONTEXT_CLIENT_VERSION, 2, EGL_NONE };
	impl->context = eglCreateContext(impl->display, impl->config, EGL_NO_CONTEXT, ctxAttribs);
	if (impl->context == EGL_NO_CONTEXT) {
		*why = "cannot create a GLES2 context";
		return nullptr;
	}

	std::unique_ptr<EglRenderer> self(new EglRenderer());
	self->impl_ = std::move(impl);
	return self;
}

EglRenderer::~EglRenderer() = default;

bool EglRenderer::canImport(uint32_t fourcc, uint64_t modifier) const
{
	if (!impl_->queryModifiers)
		return modifier == DRM_FORMAT_MOD_LINEAR || modifier == DRM_FORMAT_MOD_INVALID;
	EGLint count = 0;
	if (!impl_->queryModifiers(impl_->display, EGLint(fourcc), 0, nullptr, nullptr, &count))
		return false;
	/* A format listed with no modifiers is importable with the implicit (linear) one. */
	if (count == 0)
		return modifier == DRM_FORMAT_MOD_LINEAR || modifier == DRM_FORMAT_MOD_INVALID;
	std::vector<EGLuint64KHR> mods(static_cast<size_t>(count));
	std::vector<EGLBoolean> externalOnly(static_cast<size_t>(count));
	impl_->queryModifiers(impl_->display, EGLint(fourcc), count, mods.data(),
			      externalOnly.data(), &count);
	for (EGLint i = 0; i < count; i++) {
		if (mods[size_t(i)] == modifier)
			return true;
	}
	return false;
}

int EglRenderer::draw(wl_surface *surface, const VideoFrame &frame, uint32_t destW, uint32_t destH)
{
	Impl &d = *impl_;
	if (!destW || !destH)
		return -EINVAL;
	int ret = d.ensureSurface(surface, destW, destH);
	if (ret < 0)
		return ret;
	EGLImageKHR image = d.import(frame);
	if (image == EGL_NO_IMAGE_KHR)
		return -EINVAL;

	glBindTexture(GL_TEXTURE_EXTERNAL_OES, d.texture);
	glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
	glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
	glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	d.imageTargetTexture(GL_TEXTURE_EXTERNAL_OES, image);

	/* Texture coordinates of the visible rect; the buffer's padding is never shown. */
	const float u0 = float(frame.visible.x) / float(frame.width);
	const float v0 = float(frame.visible.y) / float(frame.height);
	const float u1 = float(frame.visible.x + frame.visible.w) / float(frame.width);
	const float v1 = float(frame.visible.y + frame.visible.h) / float(frame.height);
	const GLfloat pos[] = { -1, -1, 1, -1, -1, 1, 1, 1 };
	const GLfloat tex[] = { u0, v1, u1, v1, u0, v0, u1, v0 };

	glViewport(0, 0, GLsizei(destW), GLsizei(destH));
	glUseProgram(d.program);
	glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, pos);
	glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 0, tex);
	glEnableVertexAttribArray(0);
	glEnableVertexAttribArray(1);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
	/* The slot is released right after this returns: the GPU must be done reading it. */
	glFinish();
	if (glGetError() != GL_NO_ERROR)
		return -EIO;
	if (!eglSwapBuffers(d.display, d.surface))
		return -EIO;
	return 0;
}

void EglRenderer::forgetSlot(uint32_t slot)
{
	auto it = impl_->images.find(slot);
	if (it == impl_->images.end())
		return;
	impl_->destroyImage(impl_->display, it->second.image);
	impl_->images.erase(it);
}

void EglRenderer::detach()
{
	impl_->destroySurface();
}

} /* namespace sluice */
