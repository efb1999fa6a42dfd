// QR codes of otpauth:// URIs: libqrencode for the symbol, then SVG, PNG (libpng) or UTF-8 text.
#include <png.h>
#include <qrencode.h>

#include <memory>

#include "kakunin/otp.h"

namespace kakunin::otp {
namespace {

// ISO/IEC 18004 asks for a 4-module light margin around the symbol.
constexpr int kQuietZone = 4;
// Terminals are short of lines; 2 modules still scan with common phone readers.
constexpr int kTerminalQuietZone = 2;
// QR version 40 at level M holds 2,331 bytes; the URIs here are about 150.
constexpr size_t kMaxQrBytes = 2331;

}  // namespace

Result<QrCode> EncodeQr(std::string_view text) {
  if (text.size() > kMaxQrBytes) return Fail(ErrorCode::kInvalidArgument, "text too long for a QR code");
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                        QR_ECLEVEL_M),
      &QRcode_free);
  if (!qr) return Fail(ErrorCode::kInternal, "libqrencode failed");
  QrCode out;
  out.size = qr->width;
  out.modules.resize(static_cast<size_t>(qr->width) * qr->width);
  // libqrencode: bit 0 of each byte is "dark"; the other bits describe the module's role.
  for (size_t i = 0; i < out.modules.size(); ++i) out.modules[i] = (qr->data[i] & 1) != 0;
  return out;
}

std::string QrSvg(const QrCode& qr, int scale) {
  const int side = (qr.size + 2 * kQuietZone) * scale;
  std::string path;
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.Dark(x, y)) continue;
      path += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h1v1h-1z";
    }
  }
  const std::string view = std::to_string(qr.size + 2 * kQuietZone);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(side) + "\" height=\"" +
         std::to_string(side) + "\" viewBox=\"0 0 " + view + " " + view +
         "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
         "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

Result<std::string> QrPng(const QrCode& qr, int scale) {
  const int side = (qr.size + 2 * kQuietZone) * scale;
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(side);
  image.height = static_cast<png_uint_32>(side);
  image.format = PNG_FORMAT_GRAY;
  std::vector<unsigned char> pixels(static_cast<size_t>(side) * side, 0xff);
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.Dark(x, y)) continue;
      for (int dy = 0; dy < scale; ++dy) {
        const size_t row = static_cast<size_t>((y + kQuietZone) * scale + dy) * side;
        for (int dx = 0; dx < scale; ++dx) pixels[row + static_cast<size_t>((x + kQuietZone) * scale + dx)] = 0;
      }
    }
  }
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr)) {
    return Fail(ErrorCode::kInternal, std::string("libpng: ") + image.message);
  }
  std::string out(size, '\0');
  if (!png_image_write_to_memory(&image, out.data(), &size, 0, pixels.data(), 0, nullptr)) {
    return Fail(ErrorCode::kInternal, std::string("libpng: ") + image.message);
  }
  out.resize(size);
  return out;
}

std::string QrUtf8(const QrCode& qr) {
  // Light = printed block, dark = space; the quiet zone is light.
  const int lo = -kTerminalQuietZone, hi = qr.size + kTerminalQuietZone;
  auto light = [&](int x, int y) { return x < 0 || y < 0 || x >= qr.size || y >= qr.size || !qr.Dark(x, y); };
  std::string out;
  for (int y = lo; y < hi; y += 2) {
    for (int x = lo; x < hi; ++x) {
      const bool top = light(x, y), bottom = y + 1 >= hi || light(x, y + 1);
      out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
    }
    out += '\n';
  }
  return out;
}

}  // namespace kakunin::otp
