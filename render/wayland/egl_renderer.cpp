/* SPDX-License-Identifier: MIT */
#include "egl_renderer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <vector>

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLES2/gl2.h>
#include <GLES2/gl2ext.h>
#include <wayland-egl.h>

#include <drm_fourcc.h>

#include "egl_frame_image.h"
#include "fallback_chain.h"
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

/* One YUV image: the driver converts to RGB (with the colour hints given at import). */
constexpr const char *kExternalShader = R"(
#extension GL_OES_EGL_image_external : require
precision mediump float;
uniform samplerExternalOES tex;
varying vec2 uv;
void main() {
	gl_FragColor = texture2D(tex, uv);
}
)";

/*
 * One image per plane: luma in texY.r; chroma in texU.rg (NV12: Cb, Cr) or in texU.r and
 * texV.r (YUV420). The same matrices as the shm conversion (yuv_convert.cpp), so colours do
 * not shift when the path changes.
 */
constexpr const char *kPlanesShader = R"(
precision mediump float;
uniform sampler2D texY;
uniform sampler2D texU;
uniform sampler2D texV;
uniform float threePlanes;
uniform vec3 yuvOffset;
uniform mat3 yuvToRgb;
varying vec2 uv;
void main() {
	float y = texture2D(texY, uv).r;
	vec2 c = threePlanes > 0.5 ? vec2(texture2D(texU, uv).r, texture2D(texV, uv).r)
				   : texture2D(texU, uv).rg;
	gl_FragColor = vec4(clamp(yuvToRgb * (vec3(y, c) - yuvOffset), 0.0, 1.0), 1.0);
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

std::string glErrorName(GLenum error)
{
	switch (error) {
	case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
	case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
	case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
	case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
	case GL_INVALID_FRAMEBUFFER_OPERATION: return "GL_INVALID_FRAMEBUFFER_OPERATION";
	default: break;
	}
	char hex[32];
	std::snprintf(hex, sizeof(hex), "GL error 0x%x", unsigned(error));
	return hex;
}

GLuint compile(GLenum type, const char *source, std::string *error)
{
	GLuint s = glCreateShader(type);
	glShaderSource(s, 1, &source, nullptr);
	glCompileShader(s);
	GLint ok = 0;
	glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		char log[512] = {};
		glGetShaderInfoLog(s, sizeof(log), nullptr, log);
		*error = std::string("shader: ") + log;
		glDeleteShader(s);
		return 0;
	}
	return s;
}

GLuint link(const char *fragment, std::string *error)
{
	GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader, error);
	GLuint fs = vs ? compile(GL_FRAGMENT_SHADER, fragment, error) : 0;
	if (!vs || !fs) {
		if (vs)
			glDeleteShader(vs);
		return 0;
	}
	GLuint program = glCreateProgram();
	glAttachShader(program, vs);
	glAttachShader(program, fs);
	glBindAttribLocation(program, 0, "pos");
	glBindAttribLocation(program, 1, "texcoord");
	glLinkProgram(program);
	glDeleteShader(vs);
	glDeleteShader(fs);
	GLint ok = 0;
	glGetProgramiv(program, GL_LINK_STATUS, &ok);
	if (!ok) {
		*error = "shader program did not link";
		glDeleteProgram(program);
		return 0;
	}
	return program;
}

/* The shm conversion's coefficients (yuv_convert.cpp, * 2^16) as a column-major matrix. */
void yuvUniforms(GLuint program, YuvMatrix matrix, bool fullRange)
{
	struct Coeffs {
		float y, rv, gu, gv, bu;
	};
	constexpr float k = 1.0f / 65536.0f;
	const Coeffs c = matrix == YuvMatrix::Bt709
				 ? (fullRange ? Coeffs{ 65536, 103206, 12277, 30679, 121609 }
					      : Coeffs{ 76309, 117489, 13975, 34925, 138438 })
				 : (fullRange ? Coeffs{ 65536, 91881, 22554, 46802, 116130 }
					      : Coeffs{ 76309, 104597, 25675, 53279, 132201 });
	const GLfloat m[9] = { c.y * k, c.y * k, c.y * k,      /* column Y */
			       0.0f, -c.gu * k, c.bu * k,      /* column U */
			       c.rv * k, -c.gv * k, 0.0f };    /* column V */
	glUniformMatrix3fv(glGetUniformLocation(program, "yuvToRgb"), 1, GL_FALSE, m);
	glUniform3f(glGetUniformLocation(program, "yuvOffset"), fullRange ? 0.0f : 16.0f / 255.0f,
		    128.0f / 255.0f, 128.0f / 255.0f);
}

} /* namespace */

struct EglRenderer::Impl {
	EglImageFunctions fn;
	EGLConfig config = nullptr;
	EGLContext context = EGL_NO_CONTEXT;
	EGLSurface surface = EGL_NO_SURFACE;
	wl_egl_window *window = nullptr;
	wl_surface *windowSurface = nullptr;
	uint32_t windowW = 0, windowH = 0;
	GLuint externalProgram = 0;
	GLuint planesProgram = 0;
	GLuint textures[3] = {};
	std::map<uint32_t, EglFrameImage> images;
	/* Formats whose one-image import was refused: go straight to planes for them. */
	std::set<uint32_t> wholeRefused;
	std::string error; /* what the last failure was */

	PFNGLEGLIMAGETARGETTEXTURE2DOESPROC imageTargetTexture = nullptr;
	PFNEGLQUERYDMABUFMODIFIERSEXTPROC queryModifiers = nullptr;

	~Impl()
	{
		if (fn.display == EGL_NO_DISPLAY)
			return;
		images.clear();
		destroySurface();
		if (context != EGL_NO_CONTEXT)
			eglDestroyContext(fn.display, context);
		/*
		 * Not eglTerminate: the overlay may share this EGLDisplay (EGL hands out one
		 * display per wl_display) and is still drawing with it.
		 */
	}

	void destroySurface()
	{
		if (surface != EGL_NO_SURFACE) {
			if (eglGetCurrentContext() == context)
				eglMakeCurrent(fn.display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
			eglDestroySurface(fn.display, surface);
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
			if (w != windowW || h != windowH)
				wl_egl_window_resize(window, int(w), int(h), 0, 0);
		} else {
			destroySurface();
			window = wl_egl_window_create(s, int(w), int(h));
			if (!window) {
				error = "wl_egl_window_create failed";
				return -ENOMEM;
			}
			windowSurface = s;
			surface = eglCreateWindowSurface(fn.display, config,
							 EGLNativeWindowType(window), nullptr);
			if (surface == EGL_NO_SURFACE) {
				error = "eglCreateWindowSurface: " + eglErrorName(eglGetError());
				return -EIO;
			}
		}
		windowW = w;
		windowH = h;
		/* Every time: the overlay makes its own context current on the same thread. */
		if (!eglMakeCurrent(fn.display, surface, surface, context)) {
			error = "eglMakeCurrent: " + eglErrorName(eglGetError());
			return -EIO;
		}
		/* Never block in eglSwapBuffers waiting for a frame callback. */
		eglSwapInterval(fn.display, 0);
		if (!textures[0])
			glGenTextures(3, textures);
		return 0;
	}

	/* The image for f's slot: cached while the slot's buffer stays the same. */
	const EglFrameImage *import(const VideoFrame &f)
	{
		auto it = images.find(f.slot);
		if (it != images.end() && it->second.sameBuffer(f))
			return &it->second;
		if (it != images.end())
			images.erase(it);

		EglFrameImage image;
		std::string wholeError;
		if (!wholeRefused.count(f.drmFourcc)) {
			if (image.importWhole(fn, f, &wholeError))
				return &(images[f.slot] = std::move(image));
			/* llvmpipe, for one, refuses NV12 as one image but takes its planes. */
			wholeRefused.insert(f.drmFourcc);
			LOG(Wayland, Info) << "GPU path: " << wholeError << "; importing plane by plane";
		}
		std::string planesError;
		if (image.importPlanes(fn, f, &planesError))
			return &(images[f.slot] = std::move(image));
		error = wholeError.empty() ? planesError : wholeError + "; " + planesError;
		return nullptr;
	}

	GLuint program(EglSampling sampling)
	{
		GLuint &p = sampling == EglSampling::Whole ? externalProgram : planesProgram;
		if (!p)
			p = link(sampling == EglSampling::Whole ? kExternalShader : kPlanesShader, &error);
		return p;
	}

	/* Binds the image's textures and the program that samples them; 0 or -EIO. */
	int bind(const EglFrameImage &image, const VideoFrame &f)
	{
		GLuint prog = program(image.sampling());
		if (!prog)
			return -EIO;
		glUseProgram(prog);
		if (image.sampling() == EglSampling::Whole) {
			glActiveTexture(GL_TEXTURE0);
			glBindTexture(GL_TEXTURE_EXTERNAL_OES, textures[0]);
			glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
			glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
			glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
			glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
			imageTargetTexture(GL_TEXTURE_EXTERNAL_OES, image.image(0));
			glUniform1i(glGetUniformLocation(prog, "tex"), 0);
			return 0;
		}
		static const char *const kSamplers[] = { "texY", "texU", "texV" };
		for (unsigned i = 0; i < 3; i++) {
			glActiveTexture(GL_TEXTURE0 + i);
			glBindTexture(GL_TEXTURE_2D, textures[i]);
			glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
			glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
			glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
			glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
			/* Two-plane formats leave texV unused; it still needs a binding. */
			imageTargetTexture(GL_TEXTURE_2D, image.image(i < image.count() ? i : 0));
			glUniform1i(glGetUniformLocation(prog, kSamplers[i]), GLint(i));
		}
		glUniform1f(glGetUniformLocation(prog, "threePlanes"), image.count() == 3 ? 1.0f : 0.0f);
		yuvUniforms(prog, f.matrix, f.fullRange);
		glActiveTexture(GL_TEXTURE0);
		return 0;
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

/*
 * EGL sorts deeper configs first, so "at least 8 bits" yields 10-bit ones where they exist
 * (Mesa's software EGL): slow to draw into, and a 2101010 buffer for the compositor. The
 * video wants exactly 8 bits per colour, opaque (XRGB8888) before translucent.
 */
EGLConfig chooseConfig(EGLDisplay display, const EGLint *attribs)
{
	EGLint n = 0;
	if (!eglChooseConfig(display, attribs, nullptr, 0, &n) || n < 1)
		return nullptr;
	std::vector<EGLConfig> configs(static_cast<size_t>(n));
	if (!eglChooseConfig(display, attribs, configs.data(), n, &n))
		return nullptr;
	EGLConfig withAlpha = nullptr;
	for (EGLint i = 0; i < n; i++) {
		EGLint r = 0, g = 0, b = 0, a = 0;
		EGLConfig c = configs[size_t(i)];
		eglGetConfigAttrib(display, c, EGL_RED_SIZE, &r);
		eglGetConfigAttrib(display, c, EGL_GREEN_SIZE, &g);
		eglGetConfigAttrib(display, c, EGL_BLUE_SIZE, &b);
		eglGetConfigAttrib(display, c, EGL_ALPHA_SIZE, &a);
		if (r != 8 || g != 8 || b != 8)
			continue;
		if (a == 0)
			return c;
		if (a == 8 && !withAlpha)
			withAlpha = c;
	}
	return withAlpha;
}

} /* namespace */

std::unique_ptr<EglRenderer> EglRenderer::create(wl_display *wlDisplay, std::string *why)
{
	auto impl = std::make_unique<Impl>();
	EGLDisplay &display = impl->fn.display;
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
			display = getPlatformDisplay(EGL_PLATFORM_WAYLAND_KHR, wlDisplay, nullptr);
	}
	if (display == EGL_NO_DISPLAY)
		display = eglGetDisplay(EGLNativeDisplayType(wlDisplay));
	if (display == EGL_NO_DISPLAY || !eglInitialize(display, nullptr, nullptr)) {
		*why = "no EGL display for this Wayland connection";
		display = EGL_NO_DISPLAY;
		return nullptr;
	}

	const char *exts = eglQueryString(display, EGL_EXTENSIONS);
	LOG(Wayland, Debug) << "EGL for the GPU path: " << eglQueryString(display, EGL_VENDOR) << " "
			    << eglQueryString(display, EGL_VERSION) << "; client extensions: "
			    << (clientExts ? clientExts : "") << "; display extensions: "
			    << (exts ? exts : "");
	if (!hasExtension(exts, "EGL_EXT_image_dma_buf_import")) {
		*why = "EGL lacks EGL_EXT_image_dma_buf_import";
		return nullptr;
	}
	impl->fn.modifiers = hasExtension(exts, "EGL_EXT_image_dma_buf_import_modifiers");
	impl->fn.createImage = reinterpret_cast<PFNEGLCREATEIMAGEKHRPROC>(
		eglGetProcAddress("eglCreateImageKHR"));
	impl->fn.destroyImage = reinterpret_cast<PFNEGLDESTROYIMAGEKHRPROC>(
		eglGetProcAddress("eglDestroyImageKHR"));
	impl->imageTargetTexture = reinterpret_cast<PFNGLEGLIMAGETARGETTEXTURE2DOESPROC>(
		eglGetProcAddress("glEGLImageTargetTexture2DOES"));
	if (impl->fn.modifiers)
		impl->queryModifiers = reinterpret_cast<PFNEGLQUERYDMABUFMODIFIERSEXTPROC>(
			eglGetProcAddress("eglQueryDmaBufModifiersEXT"));
	if (!impl->fn.createImage || !impl->fn.destroyImage || !impl->imageTargetTexture) {
		*why = "EGL image entry points missing";
		return nullptr;
	}

	eglBindAPI(EGL_OPENGL_ES_API);
	const EGLint configAttribs[] = { EGL_SURFACE_TYPE, EGL_WINDOW_BIT, EGL_RED_SIZE, 8,
					 EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_RENDERABLE_TYPE,
					 EGL_OPENGL_ES2_BIT, EGL_NONE };
	impl->config = chooseConfig(display, configAttribs);
	if (!impl->config) {
		*why = "no EGL window config with 8-bit colour";
		return nullptr;
	}
	const EGLint ctxAttribs[] = { EGL_CONTEXT_CLIENT_VERSION, 2, EGL_NONE };
	impl->context = eglCreateContext(display, impl->config, EGL_NO_CONTEXT, ctxAttribs);
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
	auto listed = [&](uint32_t format) {
		if (!impl_->queryModifiers)
			return modifier == DRM_FORMAT_MOD_LINEAR || modifier == DRM_FORMAT_MOD_INVALID;
		EGLint count = 0;
		if (!impl_->queryModifiers(impl_->fn.display, EGLint(format), 0, nullptr, nullptr,
					   &count))
			return false;
		/* A format listed with no modifiers is importable with the implicit (linear) one. */
		if (count == 0)
			return modifier == DRM_FORMAT_MOD_LINEAR || modifier == DRM_FORMAT_MOD_INVALID;
		std::vector<EGLuint64KHR> mods(static_cast<size_t>(count));
		std::vector<EGLBoolean> externalOnly(static_cast<size_t>(count));
		impl_->queryModifiers(impl_->fn.display, EGLint(format), count, mods.data(),
				      externalOnly.data(), &count);
		for (EGLint i = 0; i < count; i++)
			if (mods[size_t(i)] == modifier)
				return true;
		return false;
	};
	if (listed(fourcc))
		return true;
	/* Failing the whole format, its planes as plain colour images. */
	if (modifier != DRM_FORMAT_MOD_LINEAR && modifier != DRM_FORMAT_MOD_INVALID)
		return false;
	std::vector<uint32_t> planes = EglFrameImage::planeFormats(fourcc);
	if (planes.empty())
		return false;
	for (uint32_t p : planes)
		if (!listed(p))
			return false;
	return true;
}

int EglRenderer::draw(wl_surface *surface, const VideoFrame &frame, uint32_t destW, uint32_t destH)
{
	Impl &d = *impl_;
	if (!destW || !destH || !frame.width || !frame.height) {
		d.error = "nothing to draw into (empty destination)";
		return -EINVAL;
	}
	int ret = d.ensureSurface(surface, destW, destH);
	if (ret < 0)
		return ret;
	const EglFrameImage *image = d.import(frame);
	if (!image)
		return -EINVAL;
	if (d.bind(*image, frame) < 0)
		return -EIO;

	/* Texture coordinates of the visible rect; the buffer's padding is never shown. */
	const float u0 = float(frame.visible.x) / float(frame.width);
	const float v0 = float(frame.visible.y) / float(frame.height);
	const float u1 = float(frame.visible.x + frame.visible.w) / float(frame.width);
	const float v1 = float(frame.visible.y + frame.visible.h) / float(frame.height);
	const GLfloat pos[] = { -1, -1, 1, -1, -1, 1, 1, 1 };
	const GLfloat tex[] = { u0, v1, u1, v1, u0, v0, u1, v0 };

	glViewport(0, 0, GLsizei(destW), GLsizei(destH));
	glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, pos);
	glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 0, tex);
	glEnableVertexAttribArray(0);
	glEnableVertexAttribArray(1);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
	/* The slot is released right after this returns: the GPU must be done reading it. */
	glFinish();
	if (GLenum err = glGetError(); err != GL_NO_ERROR) {
		d.error = "drawing the imported frame: " + glErrorName(err);
		return -EIO;
	}
	if (!eglSwapBuffers(d.fn.display, d.surface)) {
		d.error = "eglSwapBuffers: " + eglErrorName(eglGetError());
		return -EIO;
	}
	return 0;
}

void EglRenderer::forgetSlot(uint32_t slot)
{
	impl_->images.erase(slot);
}

const std::string &EglRenderer::lastError() const
{
	return impl_->error;
}

void EglRenderer::detach()
{
	impl_->destroySurface();
}

} /* namespace sluice */
