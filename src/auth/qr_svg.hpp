#pragma once
// A QR code of a text as SVG (libqrencode, Debian libqrencode-dev): the otpauth:// URI
// an authenticator app scans at enrolment. Drawn on the server so that the browser
// needs no QR library and the secret never leaves the page's own answer.
#include <string>

namespace styrkort::auth {

// Black modules on white with a 4-module quiet zone; `title` is the SVG's accessible name.
std::string qr_svg(const std::string& text, const std::string& title);

}  // namespace styrkort::auth
