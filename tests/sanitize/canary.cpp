// The sanitizer tree's own test of itself: each mode commits one fault that
// AddressSanitizer, UndefinedBehaviorSanitizer or LeakSanitizer must stop and report.
// The tests (CMakeLists.txt here) pass only when the report appears, so a sanitizer
// that is silently off (a flag lost, the runtime missing) fails CI instead of letting
// every other test pass unchecked.
#include <climits>
#include <cstdio>
#include <string>

namespace {

char* volatile leaked = nullptr;

[[gnu::noinline]] char* allocate() { return new char[64]; }

}  // namespace

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "heap-buffer-overflow") {
        int* p = new int[4];
        volatile int i = 4;
        p[i] = 1;  // one past the end
        int r = p[0];
        delete[] p;
        return r;
    }
    if (mode == "signed-integer-overflow") {
        volatile int x = INT_MAX;
        int y = x + 1;  // undefined
        std::printf("%d\n", y);
        return 0;
    }
    if (mode == "leak") {
        leaked = allocate();
        leaked = nullptr;  // the last pointer to it is gone
        return 0;
    }
    std::fprintf(stderr, "usage: sanitizer_canary heap-buffer-overflow|signed-integer-overflow|leak\n");
    return 2;
}
