#include "domain/economy/amounts.hpp"

#include <algorithm>
#include <cstdlib>

#include "domain/errors.hpp"

namespace styrkort::economy {

long long kronor_per_unit(const std::string& unit) {
    if (unit == "kr") return 1;
    if (unit == "tkr") return 1'000;
    if (unit == "mnkr") return 1'000'000;
    throw InputError("amount_unit", {"måste vara kr, tkr eller mnkr", "must be kr, tkr or mnkr"}, "choice");
}

long long last_digit_kronor(const std::string& unit, int decimals) {
    long long step = kronor_per_unit(unit);
    for (int i = 0; i < decimals && step > 1; ++i) step /= 10;
    return step;
}

std::string format_amount(long long kronor, const std::string& unit, int decimals) {
    long long per = kronor_per_unit(unit);
    unsigned long long magnitude = kronor < 0 ? 0ULL - static_cast<unsigned long long>(kronor)
                                              : static_cast<unsigned long long>(kronor);
    unsigned long long whole = magnitude / static_cast<unsigned long long>(per);
    unsigned long long rest = magnitude % static_cast<unsigned long long>(per);
    std::string digits = std::to_string(whole);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ' ';
        grouped += digits[i];
    }
    std::string fraction;
    for (long long step = per / 10; step >= 1; step /= 10) {
        fraction += static_cast<char>('0' + rest / static_cast<unsigned long long>(step));
        rest %= static_cast<unsigned long long>(step);
    }
    // Keep at least `decimals` digits, drop trailing zeros beyond them.
    std::size_t keep = fraction.size();
    while (keep > static_cast<std::size_t>(decimals) && fraction[keep - 1] == '0') --keep;
    fraction.resize(keep);
    std::string out = (kronor < 0 ? "-" : "") + grouped;
    if (!fraction.empty()) out += "," + fraction;
    return out;
}

long long rounding_tolerance(const std::string& unit, int decimals, std::size_t addends) {
    long long step = last_digit_kronor(unit, decimals);
    if (step <= 1) return 0;  // published to the krona: nothing is rounded
    long long half_steps = static_cast<long long>(addends) + 1;
    return std::min(half_steps * step / 2, 3 * step);
}

}  // namespace styrkort::economy
