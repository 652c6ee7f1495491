// Kolada's v3 pages (`styrkort import kolada`, `kolada fetch`): any bytes either parse
// into a page or throw InputError; a next_url that parses maps to a file name without
// a path separator, or throws InputError. Never anything else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/errors.hpp"
#include "formats/kolada_page.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace styrkort;
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        auto page = formats::kolada::parse_page(text, "fuzz.json");
        if (page.next_url) {
            auto name = formats::kolada::file_name_for_url(*page.next_url);
            if (name.find('/') != std::string::npos || name == ".." || name.empty()) __builtin_trap();
        }
    } catch (const InputError&) {
    }
    return 0;
}
