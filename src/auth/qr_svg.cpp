#include "auth/qr_svg.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

namespace styrkort::auth {
namespace {

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

std::string qr_svg(const std::string& text, const std::string& title) {
    std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                    QRcode_free);
    if (!code) throw std::runtime_error("the QR code could not be made");
    const int quiet = 4;
    int width = code->width;
    int size = width + 2 * quiet;
    std::string path;
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            if (code->data[y * width + x] & 1) {
                path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
            }
        }
    }
    auto n = std::to_string(size);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
           "\" shape-rendering=\"crispEdges\" role=\"img\"><title>" + xml_escape(title) +
           "</title><rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path +
           "\"/></svg>";
}

}  // namespace styrkort::auth
